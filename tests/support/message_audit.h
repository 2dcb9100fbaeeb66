#ifndef CONCIERGE_TESTS_SUPPORT_MESSAGE_AUDIT_H_
#define CONCIERGE_TESTS_SUPPORT_MESSAGE_AUDIT_H_

// Error messages say what a caller needs and nothing more: no host, port,
// SQLSTATE, file path, SQL or driver text (issue 24). Every channel the
// integration and fault tests call through carries MessageAudit(), so every
// failed call of every scenario and bad-input case is checked.

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace concierge::testing {

// What in `message` reveals infrastructure (the first finding), or nullopt.
std::optional<std::string> InfrastructureLeak(absl::string_view message);

// A client interceptor that fails the running test (ADD_FAILURE) when a
// call's status message leaks infrastructure.
std::vector<
    std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
MessageAudit();

// A channel to `target` carrying MessageAudit().
std::shared_ptr<grpc::Channel> AuditedChannel(
    const std::string& target, const grpc::ChannelArguments& args);

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_MESSAGE_AUDIT_H_
