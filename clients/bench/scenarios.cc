#include "clients/bench/scenarios.h"

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/common/cli.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concierge::bench {
namespace {

// Everything one call needs, alive until its callback ran.
template <typename Request, typename Response>
struct CallState {
  grpc::ClientContext context;
  Request request;
  Response response;
};

void Authorize(grpc::ClientContext* context, const std::string& token) {
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
}

// Starts `method` on `stub` with a heap-allocated call state.
template <typename Request, typename Response, typename Method>
void Start(const std::string& token, std::function<void(Request*)> fill,
           Method method, std::function<void(grpc::Status)> done) {
  auto* state = new CallState<Request, Response>();
  Authorize(&state->context, token);
  fill(&state->request);
  method(&state->context, &state->request, &state->response,
         [state, done = std::move(done)](grpc::Status status) {
           delete state;
           done(status);
         });
}

std::string UniqueRequestId() {
  static std::atomic<int64_t> counter{0};
  static const std::string run = absl::StrCat(
      absl::ToUnixMicros(absl::Now()), "-", std::random_device()() % 100000);
  return absl::StrCat("bench-", run, "-", counter.fetch_add(1));
}

struct Stubs {
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health;
  std::vector<std::unique_ptr<v1::ServiceRequestService::Stub>> requests;
  std::vector<std::unique_ptr<v1::GuestProfileService::Stub>> guests;

  explicit Stubs(const std::vector<std::shared_ptr<grpc::Channel>>& channels) {
    for (const auto& c : channels) {
      health.push_back(grpc::health::v1::Health::NewStub(c));
      requests.push_back(v1::ServiceRequestService::NewStub(c));
      guests.push_back(v1::GuestProfileService::NewStub(c));
    }
  }
};

// The one-call actions the closed-loop scenarios are made of.
class Actions {
 public:
  Actions(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
          const BenchData& data)
      : stubs_(channels), data_(data) {}

  void Health(int slot, std::function<void(grpc::Status)> done) {
    auto* stub = stubs_.health[slot % stubs_.health.size()].get();
    Start<grpc::health::v1::HealthCheckRequest,
          grpc::health::v1::HealthCheckResponse>(
        "", [](auto*) {},
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->Check(c, q, r, cb);
        },
        std::move(done));
  }

  void Create(int slot, std::function<void(grpc::Status)> done) {
    auto* stub = stubs_.requests[slot % stubs_.requests.size()].get();
    const std::string& token =
        data_.resident_tokens[counter_.fetch_add(1) %
                              data_.resident_tokens.size()];
    const std::string site = data_.residential_site, item = data_.item;
    Start<v1::CreateServiceRequestRequest, v1::ServiceRequest>(
        token,
        [&](v1::CreateServiceRequestRequest* r) {
          r->set_parent(site);
          r->set_request_id(UniqueRequestId());
          r->mutable_request()->set_item(item);
          r->mutable_request()->set_content(
              "Take the radio to the repair shop");
        },
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->CreateServiceRequest(c, q, r, cb);
        },
        std::move(done));
  }

  void Brief(int slot, std::function<void(grpc::Status)> done) {
    auto* stub = stubs_.guests[slot % stubs_.guests.size()].get();
    const std::string& room =
        data_.rooms[counter_.fetch_add(1) % data_.rooms.size()];
    const std::string site = data_.hotel_site;
    Start<v1::GetRoomGuestBriefRequest, v1::RoomGuestBrief>(
        data_.attendant_token,
        [&](v1::GetRoomGuestBriefRequest* r) {
          r->set_site(site);
          r->set_room_number(room);
        },
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->GetRoomGuestBrief(c, q, r, cb);
        },
        std::move(done));
  }

  void List(int slot, std::function<void(grpc::Status)> done) {
    auto* stub = stubs_.requests[slot % stubs_.requests.size()].get();
    const std::string site = data_.residential_site;
    Start<v1::ListServiceRequestsRequest, v1::ListServiceRequestsResponse>(
        data_.supervisor_token,
        [&](v1::ListServiceRequestsRequest* r) {
          r->set_parent(site);
          r->set_page_size(50);
        },
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->ListServiceRequests(c, q, r, cb);
        },
        std::move(done));
  }

  // A day at a hotel and a community at once: mostly handhelds reading
  // room briefs and terminals reading queues, some bookings.
  void Mixed(int slot, std::function<void(grpc::Status)> done) {
    const int dice = static_cast<int>(counter_.fetch_add(7) % 100);
    if (dice < 45) return Brief(slot, std::move(done));
    if (dice < 65) return List(slot, std::move(done));
    if (dice < 85) return Create(slot, std::move(done));
    return Health(slot, std::move(done));
  }

 private:
  Stubs stubs_;
  const BenchData& data_;
  std::atomic<uint64_t> counter_{0};
};

// A handheld holding WatchTasks open, timing each delivery.
class Watcher : public grpc::ClientReadReactor<v1::TaskEvent> {
 public:
  Watcher(v1::ServiceRequestService::Stub* stub, const std::string& token,
          const std::string& site) {
    context_.AddMetadata("authorization", "Bearer " + token);
    request_.set_parent(site);
    stub->async()->WatchTasks(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    const absl::Time event_time =
        absl::FromUnixSeconds(event_.event().event_time().seconds()) +
        absl::Nanoseconds(event_.event().event_time().nanos());
    {
      absl::MutexLock lock(&mu_);
      latencies_.push_back(absl::ToInt64Microseconds(absl::Now() - event_time));
    }
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }
  void Cancel() { context_.TryCancel(); }
  void AwaitDone() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
  }
  std::vector<int64_t> latencies() {
    absl::MutexLock lock(&mu_);
    return latencies_;
  }
  grpc::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  grpc::ClientContext context_;
  v1::WatchTasksRequest request_;
  v1::TaskEvent event_;
  absl::Mutex mu_;
  std::vector<int64_t> latencies_;
  grpc::Status status_;
  bool done_ = false;
};

}  // namespace

absl::StatusOr<LoadResult> RunScenario(
    const std::string& name,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BenchData& data, const ScenarioOptions& options) {
  Actions actions(channels, data);
  Issue issue;
  if (name == "health") {
    issue = [&](int slot, auto done) { actions.Health(slot, std::move(done)); };
  } else if (name == "create") {
    issue = [&](int slot, auto done) { actions.Create(slot, std::move(done)); };
  } else if (name == "brief") {
    issue = [&](int slot, auto done) { actions.Brief(slot, std::move(done)); };
  } else if (name == "list") {
    issue = [&](int slot, auto done) { actions.List(slot, std::move(done)); };
  } else if (name == "mixed") {
    issue = [&](int slot, auto done) { actions.Mixed(slot, std::move(done)); };
  } else {
    return absl::InvalidArgumentError(
        "scenario: health, create, brief, list, mixed or watch");
  }
  if (options.rate > 0)
    return RunOpenLoop(name, options.rate, options.duration, issue);
  return RunClosedLoop(name, options.concurrency, options.duration, issue);
}

absl::StatusOr<WatchResult> RunWatch(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BenchData& data, const ScenarioOptions& options) {
  if (data.watcher_tokens.empty())
    return absl::FailedPreconditionError("no watchers");
  WatchResult result;
  std::vector<std::unique_ptr<v1::ServiceRequestService::Stub>> stubs;
  for (const auto& c : channels)
    stubs.push_back(v1::ServiceRequestService::NewStub(c));
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < options.streams; ++i) {
    const std::string& token =
        data.watcher_tokens[(i / 8) % data.watcher_tokens.size()];
    watchers.push_back(std::make_unique<Watcher>(stubs[i % stubs.size()].get(),
                                                 token, data.residential_site));
  }
  // Let every stream reach the server before the first event.
  std::this_thread::sleep_for(std::chrono::seconds(3));

  // The driver: creates and assigns at a steady rate.
  auto* stub = stubs[0].get();
  LoadResult& driver = result.driver;
  driver.scenario = "watch-driver";
  const absl::Time started = absl::Now();
  const absl::Duration interval =
      absl::Seconds(1) / std::max(1, options.watch_rate);
  int64_t events = 0;
  for (int64_t i = 0; absl::Now() - started < options.duration; ++i) {
    const absl::Time due = started + interval * i;
    if (due > absl::Now()) absl::SleepFor(due - absl::Now());
    grpc::ClientContext create_context;
    Authorize(&create_context,
              data.resident_tokens[i % data.resident_tokens.size()]);
    v1::CreateServiceRequestRequest create;
    create.set_parent(data.residential_site);
    create.set_request_id(UniqueRequestId());
    create.mutable_request()->set_item(data.item);
    v1::ServiceRequest created;
    absl::Time t = absl::Now();
    grpc::Status status =
        stub->CreateServiceRequest(&create_context, create, &created);
    driver.latencies_us.push_back(absl::ToInt64Microseconds(absl::Now() - t));
    ++driver.calls;
    if (!status.ok()) {
      ++driver.errors;
      ++driver.errors_by_code[cli::StatusCodeName(status.error_code())];
      continue;
    }
    ++events;
    grpc::ClientContext assign_context;
    Authorize(&assign_context, data.supervisor_token);
    v1::AssignServiceRequestRequest assign;
    assign.set_name(created.name());
    assign.set_assignee(data.assignee_names[i % data.assignee_names.size()]);
    t = absl::Now();
    status = stub->AssignServiceRequest(&assign_context, assign, &created);
    driver.latencies_us.push_back(absl::ToInt64Microseconds(absl::Now() - t));
    ++driver.calls;
    if (!status.ok()) {
      ++driver.errors;
      ++driver.errors_by_code[cli::StatusCodeName(status.error_code())];
      continue;
    }
    ++events;
  }
  driver.elapsed = absl::Now() - started;
  std::sort(driver.latencies_us.begin(), driver.latencies_us.end());
  // Let the last events arrive.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (auto& w : watchers) w->Cancel();
  for (auto& w : watchers) {
    w->AwaitDone();
    const grpc::Status status = w->status();
    if (status.error_code() != grpc::StatusCode::CANCELLED)
      ++result.stream_errors;
    else
      ++result.streams_open;
    for (int64_t us : w->latencies()) result.delivery_us.push_back(us);
  }
  result.deliveries = static_cast<int64_t>(result.delivery_us.size());
  result.expected_deliveries = events * options.streams;
  std::sort(result.delivery_us.begin(), result.delivery_us.end());
  return result;
}

}  // namespace concierge::bench
