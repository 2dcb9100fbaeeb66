#include "tests/support/message_audit.h"

#include <gtest/gtest.h>

#include <regex>

#include "absl/strings/str_cat.h"

namespace concierge::testing {
namespace {

struct Pattern {
  const char* what;
  std::regex regex;
};

const std::vector<Pattern>& Patterns() {
  static const auto* patterns = new std::vector<Pattern>{
      {"an IP address", std::regex(R"(\b\d{1,3}(\.\d{1,3}){3}\b)")},
      {"a host", std::regex(R"(\blocalhost\b|\bhost=|\[::1\])")},
      {"a port", std::regex(R"(\bport \d+|:\d{4,5}\b)")},
      {"a SQLSTATE",
       std::regex(R"(SQLSTATE|\b(08[0-9A-Z]{3}|22[0-9A-Z]{3}|23[0-9]{3}|)"
                  R"(40[0-9P][0-9]{2}|42[0-9A-Z]{3}|53[0-9]{3}|55P03|)"
                  R"(57[0-9P][0-9]{2}|XX[0-9]{3})\b)")},
      {"a file path",
       std::regex(R"((^|[\s"'(=])/(tmp|var|usr|etc|home|root|work|run|proc|)"
                  R"(opt|dev)/|\.(cc|h|cpp|sql|so):?\d*\b)")},
      {"SQL",
       std::regex(R"(\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b|)"
                  R"(\bFROM \w+ WHERE\b|\bviolates\b|\bconstraint ")"
                  R"(|\brelation "|\bcolumn "|duplicate key)")},
      {"driver text",
       std::regex(R"(connection to server|server closed the connection|)"
                  R"(could not connect|Connection refused|timeout expired|)"
                  R"(\blibpq\b|\bsoci\b|\bPQ[a-z]|FATAL:|ERROR:)")},
  };
  return *patterns;
}

class AuditInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit AuditInterceptor(grpc::experimental::ClientRpcInfo* info)
      : method_(info->method()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    // Only what the server said: a status gRPC made up on the client (no
    // connection) carries none of the server's metadata.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* initial = methods->GetRecvInitialMetadata();
      if (initial != nullptr && initial->count("x-request-id") > 0) {
        from_server_ = true;
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_STATUS)) {
      auto* trailing = methods->GetRecvTrailingMetadata();
      if (trailing != nullptr && trailing->count("x-request-id") > 0) {
        from_server_ = true;
      }
      const grpc::Status* status = methods->GetRecvStatus();
      if (from_server_ && status != nullptr && !status->ok()) {
        if (auto leak = InfrastructureLeak(status->error_message())) {
          ADD_FAILURE() << method_ << " answered " << status->error_code()
                        << " with " << *leak << " in its message: \""
                        << status->error_message() << "\"";
        }
      }
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  bool from_server_ = false;
};

class AuditFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new AuditInterceptor(info);
  }
};

}  // namespace

std::optional<std::string> InfrastructureLeak(absl::string_view message) {
  // A message may quote back the caller's own value ('got "..."'): what the
  // caller sent is not the server's to hide.
  static const auto* echo = new std::regex(R"(got ".*")");
  const std::string text =
      std::regex_replace(std::string(message), *echo, "got <the value sent>");
  for (const Pattern& p : Patterns()) {
    std::smatch match;
    if (std::regex_search(text, match, p.regex)) {
      return absl::StrCat(p.what, " (\"", match.str(), "\")");
    }
  }
  return std::nullopt;
}

std::vector<
    std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
MessageAudit() {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      factories;
  factories.push_back(std::make_unique<AuditFactory>());
  return factories;
}

std::shared_ptr<grpc::Channel> AuditedChannel(
    const std::string& target, const grpc::ChannelArguments& args) {
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), args, MessageAudit());
}

}  // namespace concierge::testing
