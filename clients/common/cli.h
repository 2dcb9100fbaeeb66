#ifndef CONCIERGE_CLIENTS_COMMON_CLI_H_
#define CONCIERGE_CLIENTS_COMMON_CLI_H_

// The frame of every concierge command-line client: global options (server,
// token, TLS, deadline, output, language, each with a CONCIERGE_* twin in
// the environment), sub-commands with their own options, help, and the exit
// codes 0 (done), 1 (the call failed), 2 (usage).
//
// Clients are thin: they turn words into one RPC request, print the answer,
// and leave every decision to the server. Sub-command options are declared
// per command (Abseil flags are process-global and cannot express them).

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace concierge::cli {

enum class Lang { kZh, kEn };
enum class OutputFormat { kTable, kJson };

struct GlobalOptions {
  std::string server = "localhost:50051";
  std::string token;
  OutputFormat output = OutputFormat::kTable;
  Lang lang = Lang::kEn;
  absl::Duration deadline = absl::Seconds(10);
  bool tls = false;
  std::string tls_ca_file;
  std::string tls_cert_file;  // client certificate (mutual TLS)
  std::string tls_key_file;
  std::string tls_server_name;  // override for the certificate's name
};

struct OptionSpec {
  std::string name;  // without the leading "--"
  std::string help;
  bool flag = false;  // takes no value
  bool required = false;
};

class Invocation;

struct Command {
  // Words that select the command, e.g. "site create".
  std::string path;
  // Positional arguments as shown in help, e.g. "<room> <CODE[(n)]>...".
  std::string positional_usage;
  std::string summary;
  std::vector<OptionSpec> options;
  // Returns the process exit code.
  std::function<int(Invocation&)> run;
  // Bounds on the number of positional arguments.
  int min_positional = 0;
  int max_positional = 0;  // -1: unbounded
  // Makes no call (e.g. prints a sign-in link), so needs no token.
  bool offline = false;
};

// One parsed command line, with the connection to the server.
class Invocation {
 public:
  Invocation(GlobalOptions globals, std::map<std::string, std::string> options,
             std::vector<std::string> positional);

  const GlobalOptions& globals() const { return globals_; }
  Lang lang() const { return globals_.lang; }
  bool json() const { return globals_.output == OutputFormat::kJson; }

  // The value of --name, if given.
  std::optional<std::string> Option(const std::string& name) const;
  std::string OptionOr(const std::string& name, std::string fallback) const;
  bool Flag(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // A context carrying the bearer token and the deadline.
  std::unique_ptr<grpc::ClientContext> NewContext() const;
  std::shared_ptr<grpc::Channel> channel();

  // Picks the text for the user's language.
  const std::string& Tr(const std::string& zh, const std::string& en) const {
    return globals_.lang == Lang::kZh ? zh : en;
  }

 private:
  GlobalOptions globals_;
  std::map<std::string, std::string> options_;
  std::vector<std::string> positional_;
  std::shared_ptr<grpc::Channel> channel_;
};

// The channel to concierge-server that every client opens: plaintext, or
// TLS with the system's roots or `tls_ca_file`, a client certificate for
// mutual TLS, and the certificate name override (the web client uses it
// too, with its own flags). Files are read here; check them beforehand.
std::shared_ptr<grpc::Channel> MakeChannel(
    const GlobalOptions& options,
    grpc::ChannelArguments args = grpc::ChannelArguments());

// Parses argv, runs the matching command and returns the exit code.
int RunCli(absl::string_view program, absl::string_view description,
           const std::vector<Command>& commands, int argc, char** argv);

// The code's name as gRPC spells it ("NOT_FOUND").
const char* StatusCodeName(grpc::StatusCode code);
// Prints "error: CODE: message" on stderr and returns 1.
int Fail(const grpc::Status& status);
// Prints "usage error: message" on stderr and returns 2.
int UsageError(absl::string_view message);

// THE retry policy of every client, as google-cloud-cpp's: `call` (which
// must be idempotent: a read, or a write carrying its request_id) is tried
// again only on UNAVAILABLE, after an exponential backoff with full jitter
// (a random wait up to 100 ms, 200 ms, ... at most 2 s), until `budget`
// has passed since the first try; any other outcome is returned at once.
inline constexpr absl::Duration kRetryBudget = absl::Seconds(15);
grpc::Status RetryIdempotent(const std::function<grpc::Status()>& call,
                             absl::Duration budget = kRetryBudget);

// A fresh random request_id: one per intent (a command), the same on every
// retry of it, so the server carries it out once.
std::string NewRequestId();

// Sends a write: gives `request` a fresh request_id if it has none, and
// retries it with RetryIdempotent, each try on a new context with the
// caller's deadline.
template <typename Request>
grpc::Status SendWrite(
    const Invocation& inv, Request& request,
    const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return RetryIdempotent([&] {
    auto context = inv.NewContext();
    return call(context.get());
  });
}

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_CLI_H_
