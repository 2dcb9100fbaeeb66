#ifndef CONCIERGE_TESTS_SUPPORT_MATCHERS_H_
#define CONCIERGE_TESTS_SUPPORT_MATCHERS_H_

// EXPECT_THAT(status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
//                              HasSubstr("site.time_zone")));
// Works for grpc::Status and absl::Status alike.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace concierge::testing {

inline int CodeOf(const grpc::Status& s) {
  return static_cast<int>(s.error_code());
}
inline int CodeOf(const absl::Status& s) { return static_cast<int>(s.code()); }
inline std::string MessageOf(const grpc::Status& s) { return s.error_message(); }
inline std::string MessageOf(const absl::Status& s) {
  return std::string(s.message());
}
template <typename T>
int CodeOf(const absl::StatusOr<T>& s) {
  return CodeOf(s.status());
}
template <typename T>
std::string MessageOf(const absl::StatusOr<T>& s) {
  return MessageOf(s.status());
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + ::testing::PrintToString(static_cast<int>(code))) {
  if (CodeOf(arg) != static_cast<int>(code)) {
    *result_listener << "code is " << CodeOf(arg) << " (" << MessageOf(arg)
                     << ")";
    return false;
  }
  return ::testing::ExplainMatchResult(message_matcher, MessageOf(arg),
                                       result_listener);
}

MATCHER(IsOk, "is OK") {
  if (CodeOf(arg) == 0) return true;
  *result_listener << "code " << CodeOf(arg) << ": " << MessageOf(arg);
  return false;
}

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_MATCHERS_H_
