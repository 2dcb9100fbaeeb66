#include "server/app/callback_queue_keepalive.h"

#include <utility>

#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concierge {

CallbackQueueKeepAlive::CallbackQueueKeepAlive(
    std::shared_ptr<grpc::Channel> in_process, absl::Duration period)
    : channel_(std::move(in_process)), period_(period) {
  thread_ = std::thread([this] { Run(); });
}

CallbackQueueKeepAlive::~CallbackQueueKeepAlive() {
  stop_.Notify();
  thread_.join();
}

void CallbackQueueKeepAlive::Run() {
  auto stub = grpc::health::v1::Health::NewStub(channel_);
  while (!stop_.WaitForNotificationWithTimeout(period_)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    // The answer does not matter; the callback work it causes does.
    stub->Check(&context, request, &response);
  }
}

}  // namespace concierge
