// The request flow as the source document has it (issue 18): appointments
// set when work is due, one overdue rule for listing, escalating and
// counting, the case-by-case fee and negotiated fixed prices, and work that
// fails the resident's inspection.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "server/store/database.h"
#include "server/store/stats_repository.h"
#include "tests/support/matchers.h"
#include "tests/support/request_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

google::protobuf::Timestamp At(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class RequestFidelityTest : public testing::RequestFixture {
 protected:
  // A booking by `resident` with an agreed window (none when `from` is
  // InfinitePast).
  v1::ServiceRequest BookAt(const testing::Actor& resident,
                            const std::string& item, absl::Time from,
                            absl::Time to, grpc::Status* status = nullptr) {
    v1::CreateServiceRequestRequest request;
    request.set_parent(site_);
    request.mutable_request()->set_item(item);
    request.mutable_request()->set_content("Flowers for the wedding");
    request.mutable_request()->mutable_entry_permission()->set_granted(true);
    request.mutable_request()->mutable_entry_permission()->set_granted_by(
        resident.name);
    if (from != absl::InfinitePast()) {
      *request.mutable_request()->mutable_window_start() = At(from);
      *request.mutable_request()->mutable_window_end() = At(to);
    }
    v1::ServiceRequest out;
    grpc::Status s = requests_->CreateServiceRequest(Ctx(resident.token).get(),
                                                     request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  v1::ServiceRequest Get(const std::string& name) {
    v1::GetServiceRequestRequest request;
    request.set_name(name);
    v1::ServiceRequest out;
    EXPECT_THAT(
        requests_->GetServiceRequest(Ctx(manager_.token).get(), request, &out),
        IsOk());
    return out;
  }

  // Every page of `request` as the manager, checking that only the last
  // page is short.
  std::vector<v1::ServiceRequest> ListAll(
      v1::ListServiceRequestsRequest request, int page_size) {
    request.set_page_size(page_size);
    std::vector<v1::ServiceRequest> all;
    for (;;) {
      v1::ListServiceRequestsResponse page;
      EXPECT_THAT(requests_->ListServiceRequests(Ctx(manager_.token).get(),
                                                 request, &page),
                  IsOk());
      all.insert(all.end(), page.requests().begin(), page.requests().end());
      if (page.next_page_token().empty()) break;
      EXPECT_EQ(page.requests_size(), page_size)
          << "a short page while more rows exist";
      request.set_page_token(page.next_page_token());
    }
    return all;
  }

  std::set<std::string> OverdueListed() {
    v1::ListServiceRequestsRequest request;
    request.set_parent(site_);
    request.set_overdue_only(true);
    std::set<std::string> names;
    for (const auto& r : ListAll(request, 2)) names.insert(r.name());
    return names;
  }

  // The site's overdue count as the metrics compute it.
  int64_t OverdueCounted() {
    auto db = store::Database::Open({.url = db_->url(), .pool_size = 1});
    EXPECT_TRUE(db.ok());
    int64_t count = -1;
    EXPECT_THAT(
        (*db)->Read("test", absl::Now() + absl::Seconds(10),
                    [&](soci::session& sql) {
                      for (const auto& b :
                           store::CountSiteBacklogs(sql, clock_.Now())) {
                        if (absl::StrCat("sites/", b.site_id) == site_) {
                          count = b.overdue_requests;
                        }
                      }
                      return absl::OkStatus();
                    }),
        IsOk());
    return count;
  }

  template <typename Request, typename Call>
  grpc::Status Move(const testing::Actor& who, Request request, Call call,
                    v1::ServiceRequest* out = nullptr) {
    v1::ServiceRequest ignored;
    return call(requests_.get(), Ctx(who.token).get(), request,
                out ? out : &ignored);
  }

  v1::QuoteServiceRequestRequest QuoteOf(const std::string& name,
                                         int64_t minor) {
    v1::QuoteServiceRequestRequest q;
    q.set_name(name);
    q.mutable_estimate()->set_minor_units(minor);
    return q;
  }
};

// Seed §5(4) "按照約定的時間": a wedding-flowers booking two weeks ahead is
// not overdue, escalated or counted late before its appointment.
TEST_F(RequestFidelityTest, AnAppointmentTwoWeeksAheadIsDueByItsWindow) {
  const std::string item = Item("CARRY_SMALL_ITEMS");  // 12 h, 72 h
  const absl::Time booked = clock_.Now();
  const absl::Time window = booked + absl::Hours(24 * 14);
  v1::ServiceRequest r = BookAt(liu_, item, window, window + absl::Hours(3));
  EXPECT_EQ(r.response_due_time().seconds(), absl::ToUnixSeconds(window));
  EXPECT_EQ(r.completion_due_time().seconds(),
            absl::ToUnixSeconds(window + absl::Hours(72)));

  clock_.Advance(absl::Hours(13));  // past the item's 12 h from booking
  ASSERT_TRUE(server_->SweepOnce().ok());
  r = Get(r.name());
  EXPECT_FALSE(r.overdue());
  EXPECT_EQ(r.escalation_level(), 0);
  EXPECT_TRUE(OverdueListed().empty());
  EXPECT_EQ(OverdueCounted(), 0);

  clock_.Advance(window - clock_.Now() + absl::Minutes(5));
  ASSERT_TRUE(server_->SweepOnce().ok());
  r = Get(r.name());
  EXPECT_TRUE(r.overdue()) << "nobody assigned by the appointment";
  EXPECT_EQ(r.escalation_level(), 1);
  EXPECT_EQ(OverdueListed(), std::set<std::string>{r.name()});
  EXPECT_EQ(OverdueCounted(), 1);

  // Done within the window: on time by the appointment, though two weeks
  // after the item's targets counted from booking.
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  Start(cleaner_, r.name());
  clock_.Advance(absl::Hours(1));
  Complete(cleaner_, r.name());
  auto quality = v1::QualityService::NewStub(channel());
  v1::GetQualityReportRequest report_request;
  report_request.set_subject(DepartmentNamed(site_, "CLEANING"));
  *report_request.mutable_start_time() = At(booked);
  *report_request.mutable_end_time() = At(clock_.Now() + absl::Hours(1));
  v1::QualityReport report;
  ASSERT_THAT(quality->GetQualityReport(Ctx(manager_.token).get(),
                                        report_request, &report),
              IsOk());
  EXPECT_EQ(report.with_target(), 1);
  EXPECT_EQ(report.on_time(), 1);
}

// A supervisor's "tomorrow's jobs": appointments of a day in the site's
// time zone, per department.
TEST_F(RequestFidelityTest, ASupervisorListsTomorrowsJobsPerDepartment) {
  const absl::TimeZone shanghai = [] {
    absl::TimeZone z;
    absl::LoadTimeZone("Asia/Shanghai", &z);
    return z;
  }();
  const absl::CivilDay today = absl::ToCivilDay(clock_.Now(), shanghai);
  auto at = [&](absl::CivilDay day, int hour) {
    return absl::FromCivil(
        absl::CivilHour(day.year(), day.month(), day.day(), hour), shanghai);
  };
  const std::string cleaning = Item("CARRY_SMALL_ITEMS");
  const std::string repair = Item("OUTSIDE_SMALL_REPAIRS");
  const v1::ServiceRequest tomorrow_early =
      BookAt(liu_, cleaning, at(today + 1, 0), at(today + 1, 2));
  const v1::ServiceRequest tomorrow_late =
      BookAt(zhou_, cleaning, at(today + 1, 22), at(today + 2, 1));
  const v1::ServiceRequest spans_midnight =
      BookAt(liu_, cleaning, at(today, 23), at(today + 1, 1));
  BookAt(liu_, cleaning, at(today + 2, 9), at(today + 2, 10));  // after
  BookAt(zhou_, repair, at(today + 1, 10), at(today + 1, 11));  // other dept
  BookAt(zhou_, cleaning, absl::InfinitePast(), absl::InfinitePast());

  v1::ListServiceRequestsRequest request;
  request.set_parent(site_);
  request.set_appointment_date(absl::FormatCivilTime(today + 1));
  request.set_department(DepartmentNamed(site_, "CLEANING"));
  std::set<std::string> names;
  for (const auto& r : ListAll(request, 2)) names.insert(r.name());
  EXPECT_EQ(names,
            (std::set<std::string>{tomorrow_early.name(), tomorrow_late.name(),
                                   spans_midnight.name()}));

  // The same day as explicit bounds.
  request.clear_appointment_date();
  *request.mutable_appointment_start_time() = At(at(today + 1, 0));
  *request.mutable_appointment_end_time() = At(at(today + 2, 0));
  names.clear();
  for (const auto& r : ListAll(request, 2)) names.insert(r.name());
  EXPECT_EQ(names.size(), 3u);

  v1::ListServiceRequestsResponse page;
  request.set_appointment_date("2026-02-30");
  EXPECT_THAT(requests_->ListServiceRequests(Ctx(clean_supervisor_.token).get(),
                                             request, &page),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("appointment_date")));
  request.clear_appointment_start_time();
  request.clear_appointment_end_time();
  EXPECT_THAT(requests_->ListServiceRequests(Ctx(clean_supervisor_.token).get(),
                                             request, &page),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("appointment_date")));
  request.clear_appointment_date();
  *request.mutable_appointment_start_time() = At(at(today + 2, 0));
  *request.mutable_appointment_end_time() = At(at(today + 1, 0));
  EXPECT_THAT(requests_->ListServiceRequests(Ctx(clean_supervisor_.token).get(),
                                             request, &page),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("appointment_end_time")));
}

// "Overdue" is one rule: for a request in every state, at every time, the
// request itself, the overdue list, the metrics' count and the sweeper
// agree.
TEST_F(RequestFidelityTest, OverdueIsOneRuleOverEveryStateAndTime) {
  const std::string fixed = FixedItem(5000);           // 2 h later
  const std::string free = Item("CARRY_SMALL_ITEMS");  // 12 h, 72 h
  const std::string other = Item("OTHER_REASONABLE");
  std::map<std::string, std::string> by_state;

  v1::ServiceRequest r = Book(liu_, other);  // the desk has not decided yet
  by_state["AWAITING_QUOTE"] = r.name();
  r = Book(liu_, other);
  ASSERT_THAT(Move(reception_, QuoteOf(r.name(), 9000),
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->QuoteServiceRequest(c, q, o);
                   }),
              IsOk());
  by_state["QUOTED"] = r.name();
  r = Book(liu_, other);
  Move(reception_, QuoteOf(r.name(), 9000),
       [](auto* s, auto* c, const auto& q, auto* o) {
         return s->QuoteServiceRequest(c, q, o);
       });
  v1::DisputeQuoteRequest dispute;
  dispute.set_name(r.name());
  dispute.set_reason("too dear");
  ASSERT_THAT(Move(liu_, dispute,
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->DisputeQuote(c, q, o);
                   }),
              IsOk());
  by_state["DISPUTED"] = r.name();
  r = Book(liu_, fixed);
  dispute.set_name(r.name());
  ASSERT_THAT(Move(liu_, dispute,
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->DisputeQuote(c, q, o);
                   }),
              IsOk());
  v1::ProposePriceRequest propose;
  propose.set_name(r.name());
  propose.mutable_price()->set_minor_units(4000);
  ASSERT_THAT(Move(maint_supervisor_, propose,
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->ProposePrice(c, q, o);
                   }),
              IsOk());
  by_state["PRICE_PROPOSED"] = r.name();
  by_state["DISPATCHED"] = Book(liu_, free).name();
  r = Book(liu_, free);
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  by_state["ASSIGNED"] = r.name();
  r = Book(liu_, free);
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  Start(cleaner_, r.name());
  by_state["IN_PROGRESS"] = r.name();
  r = Book(liu_, free);
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  Start(cleaner_, r.name());
  Complete(cleaner_, r.name());
  by_state["COMPLETED"] = r.name();
  v1::ServiceRequest out;
  r = Book(liu_, fixed);
  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  Complete(plumber_, r.name());
  ASSERT_THAT(SignOff(liu_, r.name(), "", &out), IsOk());
  by_state["SIGNED_OFF"] = r.name();
  r = Book(liu_, fixed);
  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  Complete(plumber_, r.name());
  ASSERT_THAT(SignOff(liu_, r.name(), "", &out), IsOk());
  ASSERT_THAT(Settle(r.name(), 5000, &out), IsOk());
  by_state["SETTLED"] = r.name();
  r = Book(liu_, free);
  v1::CancelServiceRequestRequest cancel;
  cancel.set_name(r.name());
  ASSERT_THAT(Move(liu_, cancel,
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->CancelServiceRequest(c, q, o);
                   }),
              IsOk());
  by_state["CANCELLED"] = r.name();
  ASSERT_EQ(by_state.size(), 11u);

  // Response due passed (13 h), completion not yet; then both (4 days).
  for (absl::Duration step :
       {absl::Minutes(1), absl::Hours(13), absl::Hours(24 * 4)}) {
    clock_.Advance(step);
    ASSERT_TRUE(server_->SweepOnce().ok());
    const std::set<std::string> listed = OverdueListed();
    int64_t overdue = 0;
    for (const auto& [state, name] : by_state) {
      const v1::ServiceRequest now = Get(name);
      ASSERT_EQ(v1::RequestState_Name(now.state()), "REQUEST_STATE_" + state);
      EXPECT_EQ(listed.count(name) == 1, now.overdue())
          << state << " after " << step;
      EXPECT_EQ(now.escalation_level() > 0, now.overdue())
          << state << " after " << step;
      overdue += now.overdue();
    }
    EXPECT_EQ(OverdueCounted(), overdue) << "after " << step;
  }
  // The states the center must act in are overdue by now; IN_PROGRESS only
  // once its completion is late, QUOTED never (the resident's turn).
  EXPECT_TRUE(Get(by_state["IN_PROGRESS"]).overdue());
  EXPECT_FALSE(Get(by_state["QUOTED"]).overdue());
  EXPECT_FALSE(Get(by_state["COMPLETED"]).overdue());
}

// An IN_PROGRESS request past its response time but not its completion time
// is not overdue: work started, which was the response.
TEST_F(RequestFidelityTest, WorkStartedLateIsNotOverdueUntilItsCompletionIs) {
  v1::ServiceRequest r = Book(liu_, Item("CARRY_SMALL_ITEMS"));
  clock_.Advance(absl::Hours(13));
  Assign(clean_supervisor_, r.name(), cleaner_.name);
  Start(cleaner_, r.name());
  EXPECT_FALSE(Get(r.name()).overdue());
  EXPECT_TRUE(OverdueListed().empty());
  EXPECT_EQ(OverdueCounted(), 0);
}

// Row 46 (視情況開展): reception decides free or quoted when registering.
TEST_F(RequestFidelityTest, TheDeskDecidesWhetherACaseByCaseRequestIsFree) {
  const std::string other = Item("OTHER_REASONABLE");
  v1::CreateServiceRequestRequest create;
  create.set_parent(site_);
  create.mutable_request()->set_item(other);
  create.mutable_request()->set_household(liu_.household);
  create.mutable_request()->set_resident(liu_.name);
  create.mutable_request()->set_channel(v1::REQUEST_CHANNEL_PHONE);
  create.mutable_request()->set_content("Help carry a wardrobe upstairs");
  create.mutable_request()->set_fee_kind(v1::FEE_KIND_FREE);
  v1::ServiceRequest free;
  ASSERT_THAT(requests_->CreateServiceRequest(Ctx(reception_.token).get(),
                                              create, &free),
              IsOk());
  EXPECT_EQ(free.fee_kind(), v1::FEE_KIND_FREE);
  EXPECT_EQ(free.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_FALSE(free.has_agreed_price());

  create.mutable_request()->set_fee_kind(v1::FEE_KIND_QUOTED);
  v1::ServiceRequest quoted;
  ASSERT_THAT(requests_->CreateServiceRequest(Ctx(reception_.token).get(),
                                              create, &quoted),
              IsOk());
  EXPECT_EQ(quoted.fee_kind(), v1::FEE_KIND_QUOTED);
  EXPECT_EQ(quoted.state(), v1::REQUEST_STATE_AWAITING_QUOTE);

  // Bad decisions store nothing.
  const std::string before =
      QueryValue(db_->url(), "SELECT count(*) FROM service_requests");
  create.mutable_request()->set_fee_kind(v1::FEE_KIND_FIXED);
  v1::ServiceRequest out;
  EXPECT_THAT(requests_->CreateServiceRequest(Ctx(reception_.token).get(),
                                              create, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("request.fee_kind")));
  create.mutable_request()->set_item(Item("CARRY_SMALL_ITEMS"));
  create.mutable_request()->set_fee_kind(v1::FEE_KIND_QUOTED);
  EXPECT_THAT(
      requests_->CreateServiceRequest(Ctx(reception_.token).get(), create,
                                      &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("request.fee_kind: CARRY_SMALL_ITEMS is FREE")));
  v1::CreateServiceRequestRequest own;
  own.set_parent(site_);
  own.mutable_request()->set_item(other);
  own.mutable_request()->set_fee_kind(v1::FEE_KIND_FREE);
  EXPECT_THAT(requests_->CreateServiceRequest(Ctx(liu_.token).get(), own, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("request.fee_kind")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            before);

  // A resident's own booking waits for the desk, which may declare it free.
  own.mutable_request()->clear_fee_kind();
  v1::ServiceRequest waiting;
  ASSERT_THAT(
      requests_->CreateServiceRequest(Ctx(liu_.token).get(), own, &waiting),
      IsOk());
  EXPECT_EQ(waiting.fee_kind(), v1::FEE_KIND_CASE_BY_CASE);
  EXPECT_EQ(waiting.state(), v1::REQUEST_STATE_AWAITING_QUOTE);
  v1::QuoteServiceRequestRequest declare;
  declare.set_name(waiting.name());
  declare.set_free(true);
  auto quote = [](auto* s, auto* c, const auto& q, auto* o) {
    return s->QuoteServiceRequest(c, q, o);
  };
  EXPECT_THAT(
      Move(desk_supervisor_, declare, quote),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("DECLARE_FREE")));
  ASSERT_THAT(Move(reception_, declare, quote, &out), IsOk());
  EXPECT_EQ(out.fee_kind(), v1::FEE_KIND_FREE);
  EXPECT_EQ(out.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_THAT(Actions(waiting.name()), ElementsAre("REGISTER", "DECLARE_FREE"));
  // Only a case-by-case request is declared free.
  declare.set_name(quoted.name());
  EXPECT_THAT(
      Move(reception_, declare, quote),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("QUOTED")));
}

// §1(6), §6(3): a posted price negotiated in a special case, recorded as for
// quotes; the manager decides.
TEST_F(RequestFidelityTest, APostedFixedPriceIsNegotiatedAndDecided) {
  v1::ServiceRequest r = Book(liu_, FixedItem(5000));
  Assign(maint_supervisor_, r.name(), plumber_.name);
  v1::DisputeQuoteRequest dispute;
  dispute.set_name(r.name());
  dispute.set_reason("Only the washer needs changing");
  auto disputed = [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DisputeQuote(c, q, o);
  };
  ASSERT_THAT(Move(liu_, dispute, disputed, &r), IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPUTED);
  v1::ProposePriceRequest propose;
  propose.set_name(r.name());
  propose.mutable_price()->set_minor_units(3000);
  ASSERT_THAT(Move(maint_supervisor_, propose,
                   [](auto* s, auto* c, const auto& q, auto* o) {
                     return s->ProposePrice(c, q, o);
                   }),
              IsOk());
  v1::DecidePriceRequest decide;
  decide.set_name(r.name());
  decide.mutable_price()->set_minor_units(3500);
  ASSERT_THAT(Move(
                  manager_, decide,
                  [](auto* s, auto* c, const auto& q, auto* o) {
                    return s->DecidePrice(c, q, o);
                  },
                  &r),
              IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_DISPATCHED);
  EXPECT_EQ(r.agreed_price().minor_units(), 3500);
  EXPECT_EQ(r.proposed_price().minor_units(), 3000);
  EXPECT_EQ(r.price_decided_by(), manager_.name);
  EXPECT_EQ(r.assignee(), "") << "back to the supervisor to assign again";
  // Once decided, not again; and a free service has no price to dispute.
  EXPECT_THAT(Move(liu_, dispute, disputed),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("already decided")));
  const v1::ServiceRequest free = Book(liu_, Item("CARRY_SMALL_ITEMS"));
  dispute.set_name(free.name());
  EXPECT_THAT(
      Move(liu_, dispute, disputed),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("FREE")));
  EXPECT_THAT(Actions(r.name()),
              ElementsAre("REGISTER", "ASSIGN", "DISPUTE_QUOTE",
                          "PROPOSE_PRICE", "DECIDE_PRICE"));
  // The decided price is what finance collects.
  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  Complete(plumber_, r.name());
  v1::ServiceRequest out;
  ASSERT_THAT(SignOff(liu_, r.name(), "", &out), IsOk());
  EXPECT_THAT(
      Settle(r.name(), 5000, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("CNY 35.00")));
  ASSERT_THAT(Settle(r.name(), 3500, &out), IsOk());
}

// §5(4): work the resident does not accept goes back for rework; both moves
// are in the log and the department's figures count the rework.
TEST_F(RequestFidelityTest, ADeclinedSignOffSendsTheWorkBackAndIsCounted) {
  const absl::Time start = clock_.Now();
  v1::ServiceRequest r = Book(liu_, FixedItem(5000));
  Assign(maint_supervisor_, r.name(), plumber_.name);
  Start(plumber_, r.name());
  Complete(plumber_, r.name());

  v1::DeclineSignOffRequest decline;
  decline.set_name(r.name());
  auto declined = [](auto* s, auto* c, const auto& q, auto* o) {
    return s->DeclineSignOff(c, q, o);
  };
  const std::string version = QueryValue(
      db_->url(), "SELECT version FROM service_requests WHERE reworks = 0");
  EXPECT_THAT(
      Move(liu_, decline, declined),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  decline.set_reason("Still drips");
  EXPECT_THAT(
      Move(zhou_, decline, declined),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("household")));
  EXPECT_THAT(
      Move(plumber_, decline, declined),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("STAFF")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT version FROM service_requests"),
            version);

  ASSERT_THAT(Move(liu_, decline, declined, &r), IsOk());
  EXPECT_EQ(r.state(), v1::REQUEST_STATE_ASSIGNED);
  EXPECT_EQ(r.assignee(), plumber_.name);
  EXPECT_EQ(r.reworks(), 1);
  v1::ServiceRequest out;
  EXPECT_THAT(
      SignOff(liu_, r.name(), "", &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("ASSIGNED")));
  Start(plumber_, r.name());
  clock_.Advance(absl::Hours(1));
  r = Complete(plumber_, r.name());
  ASSERT_THAT(SignOff(liu_, r.name(), "", &out), IsOk());
  EXPECT_THAT(Actions(r.name()),
              ElementsAre("REGISTER", "ASSIGN", "START", "COMPLETE",
                          "DECLINE_SIGN_OFF", "START", "COMPLETE", "SIGN_OFF"));
  // One follow-up, due from the last completion.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM follow_ups WHERE completed_at = "
                       "(SELECT completed_at FROM service_requests)"),
            "1");

  auto quality = v1::QualityService::NewStub(channel());
  v1::GetQualityReportRequest report_request;
  *report_request.mutable_start_time() = At(start);
  *report_request.mutable_end_time() = At(clock_.Now() + absl::Hours(1));
  v1::QualityReport report;
  for (const std::string& subject :
       {DepartmentNamed(site_, "MAINTENANCE"), plumber_.name}) {
    report_request.set_subject(subject);
    ASSERT_THAT(quality->GetQualityReport(Ctx(manager_.token).get(),
                                          report_request, &report),
                IsOk());
    EXPECT_EQ(report.reworks(), 1) << subject;
  }
  report_request.set_subject(DepartmentNamed(site_, "CLEANING"));
  ASSERT_THAT(quality->GetQualityReport(Ctx(manager_.token).get(),
                                        report_request, &report),
              IsOk());
  EXPECT_EQ(report.reworks(), 0);
}

}  // namespace
}  // namespace concierge
