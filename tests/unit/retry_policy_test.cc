#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "clients/common/cli.h"

namespace concierge::cli {
namespace {

const grpc::Status kUnavailable(grpc::StatusCode::UNAVAILABLE, "down");

TEST(RetryPolicy, RetriesOnlyUnavailable) {
  int calls = 0;
  grpc::Status status = RetryIdempotent([&] {
    ++calls;
    return grpc::Status(grpc::StatusCode::ABORTED, "lost a race");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(calls, 1);
}

TEST(RetryPolicy, TriesAgainUntilTheServerAnswers) {
  int calls = 0;
  grpc::Status status = RetryIdempotent(
      [&] { return ++calls < 4 ? kUnavailable : grpc::Status::OK; });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 4);
}

// Within its budget, with backoff: neither a tight loop nor past the bound.
TEST(RetryPolicy, GivesUpWhenItsBudgetIsSpent) {
  int calls = 0;
  const absl::Time start = absl::Now();
  grpc::Status status = RetryIdempotent(
      [&] {
        ++calls;
        return kUnavailable;
      },
      absl::Milliseconds(800));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_LE(took, absl::Milliseconds(800));
  EXPECT_GE(calls, 2);
  // Waits up to 100, 200, 400 ms...: far fewer tries than a tight loop.
  EXPECT_LE(calls, 30);
}

TEST(RetryPolicy, AWriteKeepsOneRequestIdAcrossItsRetries) {
  struct Request {
    std::string id;
    const std::string& request_id() const { return id; }
    void set_request_id(std::string v) { id = std::move(v); }
  } request;
  Invocation inv(GlobalOptions{}, {}, {});
  std::vector<std::string> sent;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext*) {
    sent.push_back(request.request_id());
    return sent.size() < 3 ? kUnavailable : grpc::Status::OK;
  });
  EXPECT_TRUE(status.ok());
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_FALSE(sent[0].empty());
  EXPECT_EQ(sent[1], sent[0]);
  EXPECT_EQ(sent[2], sent[0]);
}

}  // namespace
}  // namespace concierge::cli
