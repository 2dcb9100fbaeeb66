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
        "scenario: health, create, brief, list, mixed or a watch scenario");
  }
  if (options.rate > 0)
    return RunOpenLoop(name, options.rate, options.duration, issue);
  return RunClosedLoop(name, options.concurrency, options.duration, issue);
}

}  // namespace concierge::bench
