#include "clients/common/cli.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace concierge::cli {
namespace {

struct GlobalSpec {
  const char* name;
  const char* env;
  const char* help;
  bool flag;
};

constexpr GlobalSpec kGlobals[] = {
    {"server", "CONCIERGE_SERVER", "host:port of concierge-server", false},
    {"token", "CONCIERGE_TOKEN", "bearer token", false},
    {"token-file", "CONCIERGE_TOKEN_FILE", "file holding the bearer token",
     false},
    {"output", "CONCIERGE_OUTPUT", "table (default) or json", false},
    {"lang", "CONCIERGE_LANG", "zh or en (default: from the locale)", false},
    {"deadline", "CONCIERGE_DEADLINE", "per-call deadline, e.g. 10s", false},
    {"tls", "CONCIERGE_TLS", "use TLS with the system's roots", true},
    {"tls-ca", "CONCIERGE_TLS_CA", "PEM file of the CA to trust (TLS)", false},
    {"tls-cert", "CONCIERGE_TLS_CERT", "client certificate PEM (mutual TLS)",
     false},
    {"tls-key", "CONCIERGE_TLS_KEY", "client key PEM (mutual TLS)", false},
    {"tls-server-name", "CONCIERGE_TLS_SERVER_NAME",
     "expected name in the server certificate", false},
    {"help", nullptr, "show help", true},
};

const GlobalSpec* FindGlobal(absl::string_view name) {
  for (const GlobalSpec& g : kGlobals) {
    if (name == g.name) return &g;
  }
  return nullptr;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

Lang LangFromLocale() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value != nullptr && *value != '\0') {
      return absl::StartsWith(value, "zh") ? Lang::kZh : Lang::kEn;
    }
  }
  return Lang::kEn;
}

// Applies one global option; returns an error message or "".
std::string SetGlobal(GlobalOptions* g, absl::string_view name,
                      const std::string& value) {
  if (name == "server") {
    g->server = value;
  } else if (name == "token") {
    g->token = value;
  } else if (name == "token-file") {
    std::string text;
    if (!ReadFile(value, &text)) return absl::StrCat("cannot read ", value);
    g->token = std::string(absl::StripAsciiWhitespace(text));
  } else if (name == "output") {
    if (value == "table") {
      g->output = OutputFormat::kTable;
    } else if (value == "json") {
      g->output = OutputFormat::kJson;
    } else {
      return "--output must be table or json";
    }
  } else if (name == "lang") {
    if (value == "zh") {
      g->lang = Lang::kZh;
    } else if (value == "en") {
      g->lang = Lang::kEn;
    } else {
      return "--lang must be zh or en";
    }
  } else if (name == "deadline") {
    absl::Duration d;
    if (!absl::ParseDuration(value, &d) || d <= absl::ZeroDuration()) {
      return "--deadline must be a positive duration such as 10s";
    }
    g->deadline = d;
  } else if (name == "tls") {
    g->tls = value != "false" && value != "0";
  } else if (name == "tls-ca" || name == "tls-cert" || name == "tls-key") {
    // A file that cannot be read would otherwise quietly fall back to the
    // system's roots or to no client certificate.
    std::string pem;
    if (!ReadFile(value, &pem)) {
      return absl::StrCat("--", name, ": cannot read ", value);
    }
    std::string& file = name == "tls-ca"     ? g->tls_ca_file
                        : name == "tls-cert" ? g->tls_cert_file
                                             : g->tls_key_file;
    file = value;
    g->tls = true;
  } else if (name == "tls-server-name") {
    g->tls_server_name = value;
  }
  return "";
}

void PrintHelp(absl::string_view program, absl::string_view description,
               const std::vector<Command>& commands) {
  std::cout << program << ": " << description << "\n\nUsage: " << program
            << " [global options] <command> [options]\n\nCommands:\n";
  for (const Command& c : commands) {
    std::string head = absl::StrCat("  ", c.path, " ", c.positional_usage);
    if (head.size() < 40) head.resize(40, ' ');
    std::cout << head << " " << c.summary << "\n";
  }
  std::cout << "\nGlobal options (environment twin in brackets):\n";
  for (const GlobalSpec& g : kGlobals) {
    std::string head = absl::StrCat("  --", g.name, g.flag ? "" : "=VALUE");
    if (head.size() < 28) head.resize(28, ' ');
    std::cout << head << " " << g.help
              << (g.env ? absl::StrCat(" [", g.env, "]") : "") << "\n";
  }
  std::cout << "\n'" << program << " <command> --help' shows a command's "
            << "options. Exit codes: 0 done, 1 the call failed, 2 usage.\n";
}

void PrintCommandHelp(absl::string_view program, const Command& c) {
  std::cout << "Usage: " << program << " " << c.path << " "
            << c.positional_usage << (c.options.empty() ? "" : " [options]")
            << "\n  " << c.summary << "\n";
  if (!c.options.empty()) std::cout << "\nOptions:\n";
  for (const OptionSpec& o : c.options) {
    std::string head = absl::StrCat("  --", o.name, o.flag ? "" : "=VALUE");
    if (head.size() < 28) head.resize(28, ' ');
    std::cout << head << " " << o.help << (o.required ? " (required)" : "")
              << "\n";
  }
}

}  // namespace

Invocation::Invocation(GlobalOptions globals,
                       std::map<std::string, std::string> options,
                       std::vector<std::string> positional)
    : globals_(std::move(globals)),
      options_(std::move(options)),
      positional_(std::move(positional)) {}

std::optional<std::string> Invocation::Option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Invocation::OptionOr(const std::string& name,
                                 std::string fallback) const {
  return Option(name).value_or(std::move(fallback));
}

bool Invocation::Flag(const std::string& name) const {
  auto it = options_.find(name);
  return it != options_.end() && it->second != "false";
}

std::unique_ptr<grpc::ClientContext> Invocation::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!globals_.token.empty()) {
    context->AddMetadata("authorization",
                         absl::StrCat("Bearer ", globals_.token));
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + globals_.deadline));
  return context;
}

std::shared_ptr<grpc::Channel> Invocation::channel() {
  if (!channel_) channel_ = MakeChannel(globals_);
  return channel_;
}

std::shared_ptr<grpc::Channel> MakeChannel(const GlobalOptions& options,
                                           grpc::ChannelArguments args) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options.tls_ca_file.empty()) {
      ReadFile(options.tls_ca_file, &ssl.pem_root_certs);
    }
    if (!options.tls_cert_file.empty()) {
      ReadFile(options.tls_cert_file, &ssl.pem_cert_chain);
      ReadFile(options.tls_key_file, &ssl.pem_private_key);
    }
    credentials = grpc::SslCredentials(ssl);
    if (!options.tls_server_name.empty()) {
      args.SetSslTargetNameOverride(options.tls_server_name);
    }
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateCustomChannel(options.server, credentials, args);
}

const char* StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kCodes[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int c = static_cast<int>(code);
  return c >= 0 && c <= 16 ? kCodes[c] : "UNKNOWN";
}

int Fail(const grpc::Status& status) {
  const char* name = StatusCodeName(status.error_code());
  std::string message = status.error_message();
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  std::cerr << "error: " << name << ": " << message << "\n";
  return 1;
}

int UsageError(absl::string_view message) {
  std::cerr << "usage error: " << message << "\n";
  return 2;
}

grpc::Status RetryIdempotent(const std::function<grpc::Status()>& call,
                             absl::Duration budget) {
  const absl::Time give_up = absl::Now() + budget;
  absl::Duration ceiling = absl::Milliseconds(100);
  std::mt19937_64 random(std::random_device{}());
  for (;;) {
    grpc::Status status = call();
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return status;
    // Full jitter: many clients cut off together do not return together.
    const absl::Duration wait =
        ceiling * std::uniform_real_distribution<double>(0.0, 1.0)(random);
    if (absl::Now() + wait >= give_up) return status;
    std::this_thread::sleep_for(absl::ToChronoNanoseconds(wait));
    ceiling = std::min(ceiling * 2, absl::Seconds(2));
  }
}

std::string NewRequestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string id = "cli-";
  for (int i = 0; i < 24; ++i) id.push_back(kHex[device() % 16]);
  return id;
}

int RunCli(absl::string_view program, absl::string_view description,
           const std::vector<Command>& commands, int argc, char** argv) {
  GlobalOptions globals;
  globals.lang = LangFromLocale();
  for (const GlobalSpec& g : kGlobals) {
    if (g.env == nullptr) continue;
    if (const char* value = std::getenv(g.env); value && *value) {
      if (std::string error = SetGlobal(&globals, g.name, value);
          !error.empty()) {
        return UsageError(absl::StrCat(g.env, ": ", error));
      }
    }
  }

  // Pass 1: global options, wherever they are; the rest in order.
  bool help = false;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--")) {
      rest.push_back(arg);
      continue;
    }
    const std::string body = arg.substr(2);
    const size_t eq = body.find('=');
    const std::string name = body.substr(0, eq);
    const GlobalSpec* global = FindGlobal(name);
    if (global == nullptr) {
      rest.push_back(arg);
      continue;
    }
    if (name == "help") {
      help = true;
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = body.substr(eq + 1);
    } else if (global->flag) {
      value = "true";
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return UsageError(absl::StrCat("--", name, " needs a value"));
    }
    if (std::string error = SetGlobal(&globals, name, value); !error.empty()) {
      return UsageError(error);
    }
  }

  // The command: the longest path matching the leading words.
  std::vector<std::string> words;
  for (const std::string& arg : rest) {
    if (absl::StartsWith(arg, "--")) break;
    words.push_back(arg);
  }
  const Command* command = nullptr;
  size_t matched = 0;
  for (const Command& c : commands) {
    const std::vector<std::string> path = absl::StrSplit(c.path, ' ');
    if (path.size() <= words.size() && path.size() > matched &&
        std::equal(path.begin(), path.end(), words.begin())) {
      command = &c;
      matched = path.size();
    }
  }
  if (command == nullptr) {
    if (help || rest.empty()) {
      PrintHelp(program, description, commands);
      return help ? 0 : 2;
    }
    return UsageError(absl::StrCat("unknown command \"",
                                   absl::StrJoin(words, " "), "\"; see ",
                                   program, " --help"));
  }
  if (help) {
    PrintCommandHelp(program, *command);
    return 0;
  }

  // Pass 2: the command's own options and positional arguments.
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
  for (size_t i = matched; i < rest.size(); ++i) {
    const std::string& arg = rest[i];
    if (!absl::StartsWith(arg, "--") || arg == "--") {
      positional.push_back(arg);
      continue;
    }
    const std::string body = arg.substr(2);
    const size_t eq = body.find('=');
    const std::string name = body.substr(0, eq);
    const auto spec =
        std::find_if(command->options.begin(), command->options.end(),
                     [&](const OptionSpec& o) { return o.name == name; });
    if (spec == command->options.end()) {
      return UsageError(absl::StrCat("unknown option --", name, " for \"",
                                     command->path, "\"; see ", program, " ",
                                     command->path, " --help"));
    }
    if (eq != std::string::npos) {
      options[name] = body.substr(eq + 1);
    } else if (spec->flag) {
      options[name] = "true";
    } else if (i + 1 < rest.size()) {
      options[name] = rest[++i];
    } else {
      return UsageError(absl::StrCat("--", name, " needs a value"));
    }
  }
  for (const OptionSpec& o : command->options) {
    if (o.required && !options.contains(o.name)) {
      return UsageError(absl::StrCat("--", o.name, " is required for \"",
                                     command->path, "\""));
    }
  }
  const int count = static_cast<int>(positional.size());
  if (count < command->min_positional ||
      (command->max_positional >= 0 && count > command->max_positional)) {
    return UsageError(absl::StrCat("usage: ", program, " ", command->path, " ",
                                   command->positional_usage));
  }
  if (globals.tls_cert_file.empty() != globals.tls_key_file.empty()) {
    return UsageError("--tls-cert and --tls-key go together (mutual TLS)");
  }
  if (globals.token.empty() && !command->offline) {
    return UsageError(
        "no token: pass --token, --token-file or set CONCIERGE_TOKEN");
  }
  Invocation invocation(std::move(globals), std::move(options),
                        std::move(positional));
  return command->run(invocation);
}

}  // namespace concierge::cli
