#ifndef CONCIERGE_TESTS_SUPPORT_PROCESS_H_
#define CONCIERGE_TESTS_SUPPORT_PROCESS_H_

// Child processes for end-to-end tests: the real server binary, the real
// client binaries and the cluster script.

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace concierge::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` to completion with `env` added to this process's environment.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         absl::Duration timeout = absl::Seconds(60));

// A long-running child (the server); its stderr goes to `log_path`.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env,
               const std::string& log_path);
  ~ChildProcess();  // SIGKILL if still running

  pid_t pid() const { return pid_; }
  void Signal(int signal);
  // Exit code, or -1 on timeout, or 128+signal when killed.
  int Wait(absl::Duration timeout);
  bool Running();

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// How a server child's start ended. Its port came from FreePort(), which
// only says the port was free a moment ago: another test's server may
// have taken it since, and then whatever answers there is not this child.
// The child's own log line ("serving", logged once it listens; the server
// refuses a port another process holds) is the proof.
enum class StartOutcome { kServing, kExited, kTimedOut };
StartOutcome WaitUntilServing(ChildProcess& child, const std::string& log_path,
                              absl::Duration timeout);

// A TCP port nothing listens on right now (within CONCIERGE_TEST_PORTS,
// "LOW-HIGH", when that is set).
int FreePort();

// Listens on `ip`:`port` ("127.0.0.1", "::1") while it lives, as another
// program on the machine would: the demo (scripts/run.sh) holds
// localhost:50051 and localhost:9464 while a developer runs the tests. When
// something already listens there, it holds nothing: the port is taken
// either way.
class PortOccupier {
 public:
  PortOccupier(const std::string& ip, int port);
  ~PortOccupier();
  PortOccupier(const PortOccupier&) = delete;
  PortOccupier& operator=(const PortOccupier&) = delete;

  // True when the port cannot be bound now (this object or another program
  // holds it); false when `ip` does not exist here (no IPv6).
  bool taken() const;

 private:
  std::string ip_;
  int port_;
  int fd_ = -1;
};

// grpc.health.v1 Check of `service` ("" = the whole server); true if SERVING.
bool IsServing(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& service = "",
               absl::Duration deadline = absl::Seconds(1));
// Polls IsServing until it is `serving` or `timeout` passes.
bool WaitForServing(const std::shared_ptr<grpc::Channel>& channel, bool serving,
                    absl::Duration timeout);

std::string ReadFileOrEmpty(const std::string& path);

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_PROCESS_H_
