// ServiceRequestService end to end against a real database: the free, fixed
// and quoted flows, illegal moves, departments, races, privacy, idempotency,
// escalation and live task streams across replicas.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <future>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/request_fixture.h"
#include "tests/support/server_fixture.h"
#include "tests/support/test_database.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

class RequestTest : public testing::RequestFixture {};

TEST_F(RequestTest, AFreeServiceFromBookingToSignOff) {
  v1::ServiceRequest r = Book(liu_, Item("CARRY_SMALL_ITEMS"));
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_EQ(r.channel(), v1::REQUEST_CHANNEL_APP);
  EXPECT_EQ(r.contact_name(), "Liu");
  EXPECT_FALSE(r.has_agreed_price()) << "free value-added service";
  EXPECT_EQ(r.department(), DepartmentNamed(site_, "CLEANING"));
  EXPECT_TRUE(r.has_response_due_time());

  r = Assign(clean_supervisor_, r.name(), cleaner_.name);
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_ASSIGNED);
  r = Start(cleaner_, r.name());
  r = Complete(cleaner_, r.name());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_COMPLETED);
  v1::ServiceRequest signed_off;
  ASSERT_THAT(SignOff(liu_, r.name(), "", &signed_off), IsOk());
  EXPECT_EQ(signed_off.signature_name(), "Liu");
  EXPECT_THAT(
      Settle(r.name(), 0, &signed_off),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("free")));
  EXPECT_THAT(Actions(r.name()),
              ::testing::ElementsAre("REGISTER", "ASSIGN", "START", "COMPLETE",
                                     "SIGN_OFF"));
  // Cleaning is not maintenance: no repair-history entry.
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM repair_history"), "0");
}

TEST_F(RequestTest, AFixedPriceServiceIsSignedThenSettledOnceAtThePrice) {
  const std::string item = FixedItem(5000);
  v1::ServiceRequest r = Book(liu_, item);
  EXPECT_EQ(r.agreed_price().minor_units(), 5000);
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPATCHED);

  // A later price change does not touch a booked request.
  v1::SetServicePriceRequest set;
  set.set_parent(item);
  set.mutable_price()->mutable_amount()->set_minor_units(9000);
  set.mutable_price()->mutable_effective_time()->set_seconds(
      absl::ToUnixSeconds(clock_.Now() + absl::Hours(1)));
  v1::ServicePrice price;
  ASSERT_THAT(catalog_->SetServicePrice(Ctx(manager_.token).get(), set, &price),
              IsOk());

  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  r = Complete(plumber_, r.name());
  ASSERT_EQ(r.materials_size(), 1);
  v1::ServiceRequest out;
  EXPECT_THAT(
      Settle(r.name(), 5000, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("COMPLETED")));
  EXPECT_THAT(SignOff(reception_, r.name(), "", &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("signature_name")));
  ASSERT_THAT(SignOff(reception_, r.name(), "劉女士", &out), IsOk());
  EXPECT_THAT(Settle(r.name(), 5500, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("must equal the agreed price")));
  ASSERT_THAT(Settle(r.name(), 5000, &out), IsOk());
  EXPECT_EQ(out.state(), v1::REQUEST_STATE_SETTLED);
  EXPECT_EQ(out.settled_amount().minor_units(), 5000);
  EXPECT_EQ(out.settled_by(), finance_.name);
  EXPECT_THAT(
      Settle(r.name(), 5000, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("SETTLED")));

  v1::GetTaskSheetRequest sheet_request;
  sheet_request.set_name(r.name());
  v1::TaskSheet sheet;
  ASSERT_THAT(
      requests_->GetTaskSheet(Ctx(liu_.token).get(), sheet_request, &sheet),
      IsOk());
  EXPECT_THAT(sheet.text().zh(), HasSubstr("住戶驗收簽字：劉女士"));
  EXPECT_THAT(sheet.text().en(), HasSubstr("Agreed price: CNY 50.00"));

  v1::ListPaidServiceRecordsRequest ledger;
  ledger.set_parent(site_);
  v1::ListPaidServiceRecordsResponse records;
  ASSERT_THAT(requests_->ListPaidServiceRecords(Ctx(finance_.token).get(),
                                                ledger, &records),
              IsOk());
  ASSERT_EQ(records.records_size(), 1);
  EXPECT_EQ(records.total_count(), 1);
  EXPECT_EQ(records.total_agreed().minor_units(), 5000);
  EXPECT_EQ(records.total_settled().minor_units(), 5000);
  EXPECT_EQ(records.records(0).settled_by(), finance_.name);

  v1::GetRepairHistoryRequest history_request;
  history_request.set_household(liu_.household);
  v1::RepairHistory history;
  ASSERT_THAT(requests_->GetRepairHistory(Ctx(liu_.token).get(),
                                          history_request, &history),
              IsOk());
  ASSERT_EQ(history.records_size(), 1);
  EXPECT_EQ(history.records(0).notes(), "Replaced the washer");
  EXPECT_EQ(history.records(0).materials(0).cost().minor_units(), 300);
  history_request.set_household(zhou_.household);
  EXPECT_THAT(requests_->GetRepairHistory(Ctx(liu_.token).get(),
                                          history_request, &history),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
}

TEST_F(RequestTest, AQuoteDisputedAndDecidedByTheManager) {
  v1::CreateServiceRequestRequest create;
  create.set_parent(site_);
  create.mutable_request()->set_item(Item("OTHER_REASONABLE"));
  create.mutable_request()->set_household(liu_.household);
  create.mutable_request()->set_resident(liu_.name);
  create.mutable_request()->set_channel(v1::REQUEST_CHANNEL_PHONE);
  create.mutable_request()->set_content("Hang six curtains");
  v1::ServiceRequest r;
  ASSERT_THAT(
      requests_->CreateServiceRequest(Ctx(reception_.token).get(), create, &r),
      IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_AWAITING_QUOTE);
  EXPECT_EQ(r.registered_by(), reception_.name);
  EXPECT_EQ(r.phone(), "138-0000-0000");

  v1::QuoteServiceRequestRequest quote;
  quote.set_name(r.name());
  quote.mutable_estimate()->set_minor_units(-1);
  EXPECT_THAT(
      requests_->QuoteServiceRequest(Ctx(reception_.token).get(), quote, &r),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("estimate")));
  quote.mutable_estimate()->set_minor_units(20000);
  ASSERT_THAT(
      requests_->QuoteServiceRequest(Ctx(reception_.token).get(), quote, &r),
      IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_QUOTED);

  v1::DisputeQuoteRequest dispute;
  dispute.set_name(r.name());
  dispute.set_reason("Too dear");
  ASSERT_THAT(requests_->DisputeQuote(Ctx(liu_.token).get(), dispute, &r),
              IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPUTED);

  v1::ProposePriceRequest propose;
  propose.set_name(r.name());
  propose.mutable_price()->set_minor_units(15000);
  // Only the supervisor of the request's department negotiates.
  EXPECT_THAT(
      requests_->ProposePrice(Ctx(maint_supervisor_.token).get(), propose, &r),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED,
               HasSubstr("PROPOSE_PRICE")));
  ASSERT_THAT(
      requests_->ProposePrice(Ctx(desk_supervisor_.token).get(), propose, &r),
      IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_PRICE_PROPOSED);

  v1::DecidePriceRequest decide;
  decide.set_name(r.name());
  decide.mutable_price()->set_minor_units(16000);
  ASSERT_THAT(requests_->DecidePrice(Ctx(manager_.token).get(), decide, &r),
              IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_EQ(r.agreed_price().minor_units(), 16000);
  EXPECT_EQ(r.quote().minor_units(), 20000);
  EXPECT_EQ(r.proposed_price().minor_units(), 15000);
  EXPECT_EQ(r.price_decided_by(), manager_.name);
  EXPECT_THAT(Actions(r.name()),
              ::testing::ElementsAre("REGISTER", "QUOTE", "DISPUTE_QUOTE",
                                     "PROPOSE_PRICE", "DECIDE_PRICE"));
}

TEST_F(RequestTest, IllegalMovesAndWrongDepartmentsChangeNothing) {
  v1::ServiceRequest r = Book(liu_, FixedItem(5000));
  const std::string version =
      QueryValue(db_->url(), "SELECT version FROM service_requests");
  v1::StartServiceRequestRequest start;
  start.set_name(r.name());
  v1::ServiceRequest out;
  EXPECT_THAT(
      requests_->StartServiceRequest(Ctx(maint_supervisor_.token).get(), start,
                                     &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("DISPATCHED")));
  grpc::Status status;
  Assign(clean_supervisor_, r.name(), cleaner_.name, &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                               HasSubstr("ASSIGN")));
  Assign(maint_supervisor_, r.name(), cleaner_.name, &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                               HasSubstr("assignee")));
  v1::AcceptQuoteRequest accept;
  accept.set_name(r.name());
  EXPECT_THAT(
      requests_->AcceptQuote(Ctx(liu_.token).get(), accept, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("DISPATCHED")));
  v1::CancelServiceRequestRequest cancel;
  cancel.set_name(r.name());
  EXPECT_THAT(
      requests_->CancelServiceRequest(Ctx(reception_.token).get(), cancel,
                                      &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT version FROM service_requests"),
            version);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM task_events"), "1");

  // The resident may cancel before work starts, not after.
  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  EXPECT_THAT(
      requests_->CancelServiceRequest(Ctx(liu_.token).get(), cancel, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("IN_PROGRESS")));
  // The event log cannot be rewritten, even by hand.
  EXPECT_DEATH(QueryValue(db_->url(), "UPDATE task_events SET note = 'x'"),
               "append-only");
}

TEST_F(RequestTest, EntryIntoTheHomeNeedsPermission) {
  v1::CreateServiceRequestRequest create;
  create.set_parent(site_);
  create.mutable_request()->set_item(Item("CARRY_SMALL_ITEMS"));
  v1::ServiceRequest r;
  ASSERT_THAT(
      requests_->CreateServiceRequest(Ctx(zhou_.token).get(), create, &r),
      IsOk());
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  v1::StartServiceRequestRequest start;
  start.set_name(r.name());
  start.set_enters_home(true);
  EXPECT_THAT(
      requests_->StartServiceRequest(Ctx(cleaner_.token).get(), start, &r),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("enter the home")));
  start.set_enters_home(false);
  EXPECT_THAT(
      requests_->StartServiceRequest(Ctx(cleaner_.token).get(), start, &r),
      IsOk());
}

TEST_F(RequestTest, OfTwoRacingSupervisorsExactlyOneAssigns) {
  testing::Actor second =
      CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE");
  testing::Actor plumber2 = CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE");
  for (int round = 0; round < 5; ++round) {
    v1::ServiceRequest r = Book(liu_, Item("OUTSIDE_SMALL_REPAIRS"));
    grpc::Status a, b;
    std::thread first([&] {
      Assign(maint_supervisor_, r.name(), plumber_.name, &a, r.etag());
    });
    std::thread other(
        [&] { Assign(second, r.name(), plumber2.name, &b, r.etag()); });
    first.join();
    other.join();
    EXPECT_EQ(a.ok() + b.ok(), 1)
        << a.error_message() << " / " << b.error_message();
    const grpc::Status& lost = a.ok() ? b : a;
    EXPECT_EQ(lost.error_code(), grpc::StatusCode::ABORTED)
        << lost.error_message();
    // Without an etag the second assign is also refused, not a silent
    // overwrite.
    grpc::Status blind;
    Assign(second, r.name(), plumber2.name, &blind);
    EXPECT_THAT(blind, StatusIs(grpc::StatusCode::ABORTED,
                                HasSubstr("already assigned")));
  }
}

TEST_F(RequestTest, ResidentsSeeOnlyTheirHouseholdAndOthersSeeNoPhone) {
  v1::ServiceRequest liu_request = Book(liu_, Item("CARRY_SMALL_ITEMS"));
  Book(zhou_, Item("CARRY_SMALL_ITEMS"));
  v1::GetServiceRequestRequest get;
  get.set_name(liu_request.name());
  v1::ServiceRequest out;
  EXPECT_THAT(requests_->GetServiceRequest(Ctx(zhou_.token).get(), get, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  get.set_name(absl::StrCat(site_, "/requests/99999"));
  EXPECT_THAT(requests_->GetServiceRequest(Ctx(zhou_.token).get(), get, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  v1::ListServiceRequestsRequest list;
  list.set_parent(site_);
  v1::ListServiceRequestsResponse listed;
  ASSERT_THAT(
      requests_->ListServiceRequests(Ctx(zhou_.token).get(), list, &listed),
      IsOk());
  ASSERT_EQ(listed.requests_size(), 1);
  EXPECT_EQ(listed.requests(0).household(), zhou_.household);

  // Cleaning's request: the plumber (maintenance) sees no phone or unit,
  // the cleaner does.
  get.set_name(liu_request.name());
  ASSERT_THAT(
      requests_->GetServiceRequest(Ctx(plumber_.token).get(), get, &out),
      IsOk());
  EXPECT_EQ(out.phone(), "***");
  EXPECT_EQ(out.unit(), "***");
  ASSERT_THAT(
      requests_->GetServiceRequest(Ctx(cleaner_.token).get(), get, &out),
      IsOk());
  EXPECT_EQ(out.phone(), "138-0000-0000");
  EXPECT_NE(out.unit(), "***");
}

TEST_F(RequestTest, RetriedCreatesWithOneRequestIdMakeOneRequest) {
  const std::string item = Item("CARRY_SMALL_ITEMS");
  std::vector<std::string> names(6);
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      grpc::Status status;
      names[i] = Book(liu_, item, &status, "booking-1").name();
      EXPECT_THAT(status, IsOk());
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& name : names) EXPECT_EQ(name, names[0]);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            "1");
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM task_events"), "1");
}

// Creates that arrive together share one transaction (CreateJob): each must
// still get its own outcome, its own request, and its own error.
TEST_F(RequestTest, CreatesArrivingTogetherEachGetTheirOwnOutcome) {
  const std::string item = Item("CARRY_SMALL_ITEMS");
  const std::string missing_item =
      item.substr(0, item.rfind('/') + 1) + "999999";
  constexpr int kEach = 8;
  struct Outcome {
    grpc::Status status;
    v1::ServiceRequest request;
  };
  std::vector<Outcome> fresh(kEach), bad(kEach), retried(kEach);
  auto create = [&](const testing::Actor& who, const std::string& what,
                    const std::string& content, const std::string& request_id,
                    Outcome* out) {
    v1::CreateServiceRequestRequest request;
    request.set_parent(site_);
    request.set_request_id(request_id);
    request.mutable_request()->set_item(what);
    request.mutable_request()->set_content(content);
    auto context = Ctx(who.token);
    // Request ids allow no spaces.
    context->AddMetadata("x-request-id",
                         "call-" + absl::StrReplaceAll(content, {{" ", "-"}}));
    out->status =
        requests_->CreateServiceRequest(context.get(), request, &out->request);
  };
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  std::vector<std::thread> threads;
  for (int i = 0; i < kEach; ++i) {
    threads.emplace_back([&, i] {
      start.wait();
      create(liu_, item, absl::StrCat("parcel ", i), absl::StrCat("fresh-", i),
             &fresh[i]);
    });
    threads.emplace_back([&, i] {
      start.wait();
      create(zhou_, missing_item, "nothing", "", &bad[i]);
    });
    threads.emplace_back([&, i] {
      start.wait();
      create(zhou_, item, "one parcel", "retried", &retried[i]);
    });
  }
  go.set_value();
  for (auto& t : threads) t.join();

  std::set<std::string> names;
  for (int i = 0; i < kEach; ++i) {
    ASSERT_THAT(fresh[i].status, IsOk());
    EXPECT_EQ(fresh[i].request.content(), absl::StrCat("parcel ", i));
    names.insert(fresh[i].request.name());
    EXPECT_THAT(bad[i].status,
                StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("999999")));
    ASSERT_THAT(retried[i].status, IsOk());
    EXPECT_EQ(retried[i].request.name(), retried[0].request.name());
    EXPECT_EQ(retried[i].request.content(), "one parcel");
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kEach)) << "a request was shared";
  EXPECT_EQ(names.count(retried[0].request.name()), 0u);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            absl::StrCat(kEach + 1));
  // One register event each, on its own request.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM task_events e JOIN "
                       "service_requests r ON r.id = e.request_id AND "
                       "r.site_id = e.site_id AND e.action = 'REGISTER'"),
            absl::StrCat(kEach + 1));
  // Each event carries its own caller's request id, whoever ran the batch.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM task_events e JOIN "
                       "service_requests r ON r.id = e.request_id WHERE "
                       "e.correlation_id = 'call-' || "
                       "replace(r.content, ' ', '-')"),
            absl::StrCat(kEach + 1));
  // Each key names the request it made.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM idempotency_keys k JOIN "
                       "service_requests r ON k.resource_name = 'sites/' || "
                       "r.site_id || '/requests/' || r.id"),
            absl::StrCat(kEach + 1));
  // A key reused for something else is refused, and nothing more is made.
  Outcome reused;
  create(zhou_, item, "another parcel", "retried", &reused);
  EXPECT_THAT(reused.status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                                      HasSubstr("request_id")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            absl::StrCat(kEach + 1));
}

TEST_F(RequestTest, TheSweeperEscalatesEachLevelExactlyOnceWithTwoSweepers) {
  const std::string item =
      Item("CARRY_SMALL_ITEMS");  // 12 h response, 72 h completion
  for (int i = 0; i < 30; ++i) Book(i % 2 ? liu_ : zhou_, item);
  clock_.Advance(absl::Hours(13));

  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.database.url = db_->url();
  options.database.pool_size = 2;
  options.admin_token_file = scratch_dir_ + "/second-admin-token";
  options.sweep_interval = absl::ZeroDuration();
  auto second = ConciergeServer::Start(options, &clock_);
  ASSERT_TRUE(second.ok()) << second.status();

  auto sweep_twice = [&] {
    std::future<absl::StatusOr<int>> a =
        std::async(std::launch::async, [&] { return server_->SweepOnce(); });
    std::future<absl::StatusOr<int>> b =
        std::async(std::launch::async, [&] { return (*second)->SweepOnce(); });
    absl::StatusOr<int> ra = a.get(), rb = b.get();
    EXPECT_TRUE(ra.ok() && rb.ok());
    return *ra + *rb;
  };
  EXPECT_EQ(sweep_twice(), 30);
  EXPECT_EQ(sweep_twice(), 0);
  clock_.Advance(absl::Hours(40));  // past the grace: the manager
  EXPECT_EQ(sweep_twice(), 30);
  EXPECT_EQ(sweep_twice(), 0);
  EXPECT_EQ(
      QueryValue(db_->url(),
                 "SELECT count(*) FROM task_events WHERE action = 'ESCALATE'"),
      "60");
  v1::ListServiceRequestsRequest overdue;
  overdue.set_parent(site_);
  overdue.set_overdue_only(true);
  overdue.set_page_size(100);
  v1::ListServiceRequestsResponse listed;
  ASSERT_THAT(requests_->ListServiceRequests(Ctx(manager_.token).get(), overdue,
                                             &listed),
              IsOk());
  EXPECT_EQ(listed.requests_size(), 30);
  EXPECT_EQ(listed.requests(0).escalation_level(), 2);
  (*second)->Shutdown(absl::Seconds(1));
}

// Reads TaskEvents from a WatchTasks stream on its own thread.
class Watcher {
 public:
  Watcher(v1::ServiceRequestService::Stub* stub, const std::string& token,
          const std::string& site, const std::string& cursor) {
    context_.AddMetadata("authorization", "Bearer " + token);
    v1::WatchTasksRequest request;
    request.set_parent(site);
    request.set_resume_cursor(cursor);
    reader_ = stub->WatchTasks(&context_, request);
    thread_ = std::thread([this] {
      v1::TaskEvent event;
      while (reader_->Read(&event)) {
        absl::MutexLock lock(&mu_);
        events_.push_back(event);
      }
    });
  }
  ~Watcher() { Stop(); }
  void Stop() {
    if (!thread_.joinable()) return;
    context_.TryCancel();
    thread_.join();
    reader_->Finish();
  }
  // Waits until `n` events arrived (or 10 s), returns what arrived.
  std::vector<v1::TaskEvent> WaitFor(size_t n) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        if (events_.size() >= n || absl::Now() > give_up) return events_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::TaskEvent>> reader_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<v1::TaskEvent> events_;
};

// Past transaction id 999 (the feed's position must compare as a number).
TEST_F(RequestTest, ANewStreamStartsAtTheEndOfABusyFeed) {
  const std::string item = Item("OUTSIDE_SMALL_REPAIRS");
  for (int i = 0; i < 700; ++i) Book(i % 2 ? liu_ : zhou_, item);
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < 3; ++i) {
    watchers.push_back(std::make_unique<Watcher>(
        requests_.get(), maint_supervisor_.token, site_, ""));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  v1::ServiceRequest fresh = Book(liu_, item);
  for (auto& w : watchers) {
    std::vector<v1::TaskEvent> seen = w->WaitFor(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    seen = w->WaitFor(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].event().request(), fresh.name());
  }
}

// The feed's horizon is cluster-wide: a transaction left open in another
// database holds back delivery of everything written meanwhile. A stream
// opened "from now" must still not receive what was committed before it
// opened once that transaction ends.
TEST_F(RequestTest,
       ANewStreamSkipsWhatWasCommittedBeforeItOpenedBehindAnOldTransaction) {
  PGconn* other = PQconnectdb(testing::AdminUrl().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "BEGIN"));
  PQclear(PQexec(other, "SELECT pg_current_xact_id()"));

  const std::string item = Item("OUTSIDE_SMALL_REPAIRS");
  for (int i = 0; i < 20; ++i) Book(i % 2 ? liu_ : zhou_, item);
  Watcher watcher(requests_.get(), maint_supervisor_.token, site_, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  v1::ServiceRequest fresh = Book(liu_, item);
  PQclear(PQexec(other, "COMMIT"));
  PQfinish(other);

  std::vector<v1::TaskEvent> seen = watcher.WaitFor(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  seen = watcher.WaitFor(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event().request(), fresh.name());
}

TEST_F(RequestTest, TaskStreamsCrossReplicasAndResumeWithoutLossOrRepeat) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.database.url = db_->url();
  options.database.pool_size = 2;
  options.admin_token_file = scratch_dir_ + "/replica-admin-token";
  options.sweep_interval = absl::ZeroDuration();
  auto replica = ConciergeServer::Start(options, &clock_);
  ASSERT_TRUE(replica.ok()) << replica.status();
  auto replica_stub =
      v1::ServiceRequestService::NewStub((*replica)->InProcessChannel());

  const std::string item = Item("OUTSIDE_SMALL_REPAIRS");  // maintenance
  auto watcher = std::make_unique<Watcher>(replica_stub.get(),
                                           maint_supervisor_.token, site_, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Written through replica A (the fixture's server), watched on B.
  v1::ServiceRequest first = Book(liu_, item);
  Assign(maint_supervisor_, first.name(), plumber_.name);
  Book(liu_, Item("CARRY_SMALL_ITEMS"));  // cleaning: not for this watcher
  std::vector<v1::TaskEvent> seen = watcher->WaitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].event().action(), "REGISTER");
  EXPECT_EQ(seen[1].event().action(), "ASSIGN");
  EXPECT_EQ(seen[1].request().assignee(), plumber_.name);
  EXPECT_EQ(seen[1].assignee(), plumber_.name);
  const std::string cursor = seen.back().cursor();
  watcher->Stop();

  // While disconnected, more happens; resuming shows each change once.
  Start(plumber_, first.name());
  v1::ServiceRequest second = Book(zhou_, item);
  Complete(plumber_, first.name());
  watcher = std::make_unique<Watcher>(replica_stub.get(),
                                      maint_supervisor_.token, site_, cursor);
  seen = watcher->WaitFor(3);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  seen = watcher->WaitFor(3);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].event().action(), "START");
  EXPECT_EQ(seen[1].event().request(), second.name());
  EXPECT_EQ(seen[2].event().action(), "COMPLETE");
  std::set<std::string> cursors;
  for (const auto& e : seen) EXPECT_TRUE(cursors.insert(e.cursor()).second);

  // The assignee's own handheld sees what is assigned to them.
  v1::WatchTasksRequest bad;
  bad.set_parent(site_);
  bad.set_resume_cursor("not-a-cursor");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + plumber_.token);
  auto reader = requests_->WatchTasks(&context, bad);
  v1::TaskEvent ignored;
  EXPECT_FALSE(reader->Read(&ignored));
  EXPECT_THAT(reader->Finish(), StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                                         HasSubstr("resume_cursor")));
  watcher->Stop();
  (*replica)->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace concierge
