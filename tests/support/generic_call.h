#ifndef CONCIERGE_TESTS_SUPPORT_GENERIC_CALL_H_
#define CONCIERGE_TESTS_SUPPORT_GENERIC_CALL_H_

// Calls any RPC by its method path with any request message: the
// authorization matrix and the bad-input corpus walk every RPC of every
// service this way, so a new RPC is covered without editing the tests.

#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"

namespace concierge::testing {

// Every service declared in protos/concierge/v1/*.proto.
std::vector<const google::protobuf::ServiceDescriptor*> AllConciergeServices();

// "/concierge.v1.Service/Method"
std::string MethodPath(const google::protobuf::MethodDescriptor* method);

// A new empty request message of `method`'s input type.
std::unique_ptr<google::protobuf::Message> NewRequest(
    const google::protobuf::MethodDescriptor* method);

// Calls `method` with `request` and `token` ("" = no authorization). A
// server-streaming method is read until its first message or its end; a
// stream still open after `timeout` counts as OK (it was admitted).
grpc::Status CallAny(const std::shared_ptr<grpc::Channel>& channel,
                     const google::protobuf::MethodDescriptor* method,
                     const google::protobuf::Message& request,
                     const std::string& token,
                     absl::Duration timeout = absl::Seconds(5));

// A unary call as CallAny; on OK, `response` receives the serialized
// response (to look for data the caller should not see).
grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel,
                       const google::protobuf::MethodDescriptor* method,
                       const google::protobuf::Message& request,
                       const std::string& token, std::string* response);

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_GENERIC_CALL_H_
