#ifndef CONCIERGE_CLIENTS_WEB_TASK_WATCH_H_
#define CONCIERGE_CLIENTS_WEB_TASK_WATCH_H_

// One WatchTasks stream read on gRPC's callback threads, handed to the
// thread that owns a browser's Server-Sent Events connection through a
// queue. The owner waits with a timeout, so it can send a heartbeat (and so
// notice a browser that has gone) while no task moves.

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "absl/time/time.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {

class TaskWatch : public grpc::ClientReadReactor<v1::TaskEvent> {
 public:
  enum class Next { kOpened, kEvent, kTimeout, kDone };

  // Starts the call; `context` carries the person's token.
  TaskWatch(v1::ServiceRequestService::Stub* stub,
            std::unique_ptr<grpc::ClientContext> context,
            v1::WatchTasksRequest request);
  // Cancels the call and waits until gRPC has let go of it.
  ~TaskWatch() override;

  // kOpened once, when the server has admitted the stream (its initial
  // metadata: events from then on will come); then kEvent per event; kDone
  // with the call's status at the end (after every event was handed out).
  Next Wait(absl::Duration timeout, v1::TaskEvent* event, grpc::Status* status);

  void OnReadInitialMetadataDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  v1::WatchTasksRequest request_;
  v1::TaskEvent incoming_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<v1::TaskEvent> queue_;
  bool opened_ = false;
  bool opened_reported_ = false;
  bool done_ = false;
  grpc::Status status_;
};

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_TASK_WATCH_H_
