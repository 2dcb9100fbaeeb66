#include "clients/web/task_watch.h"

namespace concierge::web {

TaskWatch::TaskWatch(v1::ServiceRequestService::Stub* stub,
                     std::unique_ptr<grpc::ClientContext> context,
                     v1::WatchTasksRequest request)
    : context_(std::move(context)), request_(std::move(request)) {
  stub->async()->WatchTasks(context_.get(), &request_, this);
  StartRead(&incoming_);
  StartCall();
}

TaskWatch::~TaskWatch() {
  context_->TryCancel();
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait(lock, [this] { return done_; });
}

TaskWatch::Next TaskWatch::Wait(absl::Duration timeout, v1::TaskEvent* event,
                                grpc::Status* status) {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool ready =
      cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout), [this] {
        return (opened_ && !opened_reported_) || !queue_.empty() || done_;
      });
  if (!ready) return Next::kTimeout;
  if (opened_ && !opened_reported_) {
    opened_reported_ = true;
    return Next::kOpened;
  }
  if (!queue_.empty()) {
    *event = std::move(queue_.front());
    queue_.pop_front();
    return Next::kEvent;
  }
  *status = status_;
  return Next::kDone;
}

void TaskWatch::OnReadInitialMetadataDone(bool ok) {
  if (!ok) return;  // OnDone follows with the status
  std::lock_guard<std::mutex> lock(mutex_);
  opened_ = true;
  cv_.notify_all();
}

void TaskWatch::OnReadDone(bool ok) {
  if (!ok) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // An event is proof of admission too.
    opened_ = true;
    queue_.push_back(std::move(incoming_));
    cv_.notify_all();
  }
  incoming_.Clear();
  StartRead(&incoming_);
}

void TaskWatch::OnDone(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  status_ = status;
  done_ = true;
  cv_.notify_all();
}

}  // namespace concierge::web
