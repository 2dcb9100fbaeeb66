#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/domain/requests.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

using S = domain::RequestState;
using A = domain::RequestAction;
using R = domain::Relation;

constexpr S kAllStates[] = {S::kAwaitingQuote, S::kQuoted,     S::kDisputed,
                            S::kPriceProposed, S::kDispatched, S::kAssigned,
                            S::kInProgress,    S::kCompleted,  S::kSignedOff,
                            S::kSettled,       S::kCancelled};
constexpr A kAllMoves[] = {
    A::kQuote,       A::kAcceptQuote, A::kDisputeQuote,  A::kProposePrice,
    A::kDecidePrice, A::kDispatch,    A::kAssign,        A::kStart,
    A::kComplete,    A::kSignOff,     A::kSettle,        A::kCancel,
    A::kEscalate,    A::kDeclareFree, A::kDeclineSignOff};

const domain::Relations kEveryRelation{
    R::kResident, R::kReception, R::kDeptSupervisor,
    R::kAssignee, R::kDeptStaff, R::kManager,
    R::kFinance,  R::kPartner,   R::kSystem};

// The legal moves, written out independently of the table in requests.cc.
struct Legal {
  S from;
  A action;
  S to;
};
constexpr Legal kLegal[] = {
    {S::kAwaitingQuote, A::kQuote, S::kQuoted},
    {S::kAwaitingQuote, A::kDeclareFree, S::kDispatched},
    {S::kQuoted, A::kQuote, S::kQuoted},
    {S::kQuoted, A::kAcceptQuote, S::kDispatched},
    {S::kQuoted, A::kDisputeQuote, S::kDisputed},
    {S::kDispatched, A::kDisputeQuote, S::kDisputed},
    {S::kAssigned, A::kDisputeQuote, S::kDisputed},
    {S::kDisputed, A::kProposePrice, S::kPriceProposed},
    {S::kPriceProposed, A::kProposePrice, S::kPriceProposed},
    {S::kDisputed, A::kDecidePrice, S::kDispatched},
    {S::kPriceProposed, A::kDecidePrice, S::kDispatched},
    {S::kDispatched, A::kDispatch, S::kDispatched},
    {S::kAssigned, A::kDispatch, S::kDispatched},
    {S::kDispatched, A::kAssign, S::kAssigned},
    {S::kAssigned, A::kAssign, S::kAssigned},
    {S::kAssigned, A::kStart, S::kInProgress},
    {S::kInProgress, A::kComplete, S::kCompleted},
    {S::kCompleted, A::kSignOff, S::kSignedOff},
    {S::kCompleted, A::kDeclineSignOff, S::kAssigned},
    {S::kSignedOff, A::kSettle, S::kSettled},
};

TEST(RequestStateMachine, EveryLegalMoveLeadsWhereItShould) {
  for (const Legal& l : kLegal) {
    auto next = domain::Decide(l.from, l.action, kEveryRelation);
    ASSERT_TRUE(next.ok()) << domain::Name(l.from) << " "
                           << domain::Name(l.action);
    EXPECT_EQ(*next, l.to) << domain::Name(l.from) << " "
                           << domain::Name(l.action);
  }
}

TEST(RequestStateMachine, EveryOtherMoveIsAFailedPreconditionNamingTheState) {
  for (S from : kAllStates) {
    for (A action : kAllMoves) {
      bool legal = false;
      for (const Legal& l : kLegal)
        legal |= l.from == from && l.action == action;
      const bool cancel_ok = action == A::kCancel && from != S::kCompleted &&
                             from != S::kSignedOff && from != S::kSettled &&
                             from != S::kCancelled;
      const bool escalate_ok = action == A::kEscalate && from != S::kQuoted &&
                               from != S::kCompleted && from != S::kSignedOff &&
                               from != S::kSettled && from != S::kCancelled;
      auto next = domain::Decide(from, action, kEveryRelation);
      if (legal || cancel_ok || escalate_ok) {
        EXPECT_TRUE(next.ok())
            << domain::Name(from) << " " << domain::Name(action);
      } else {
        EXPECT_THAT(next, StatusIs(absl::StatusCode::kFailedPrecondition,
                                   HasSubstr(std::string(domain::Name(from)))))
            << domain::Name(from) << " " << domain::Name(action);
      }
    }
  }
}

TEST(RequestRegistration, TheSiteKindDecidesWhoTakesARequest) {
  using domain::Role;
  for (Role role : {Role::kManager, Role::kReception, Role::kPartner}) {
    EXPECT_TRUE(domain::CheckMayRegister(false, role).ok());
    EXPECT_TRUE(domain::CheckMayRegister(true, role).ok());
  }
  EXPECT_TRUE(domain::CheckMayRegister(false, Role::kResident).ok());
  EXPECT_FALSE(domain::CheckMayRegister(true, Role::kResident).ok());
  for (Role role : {Role::kStaff, Role::kSupervisor, Role::kGuest}) {
    EXPECT_TRUE(domain::CheckMayRegister(true, role).ok());
    EXPECT_EQ(domain::CheckMayRegister(false, role).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(RequestStateMachine, RolesAreChecked) {
  // A supervisor of another department has no relation to the request.
  EXPECT_THAT(
      domain::Decide(S::kDispatched, A::kAssign, domain::Relations{}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ASSIGN")));
  EXPECT_THAT(
      domain::Decide(S::kSignedOff, A::kSettle, {R::kReception}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("SETTLE")));
  EXPECT_TRUE(domain::Decide(S::kSignedOff, A::kSettle, {R::kFinance}).ok());
  EXPECT_THAT(
      domain::Decide(S::kDisputed, A::kDecidePrice, {R::kDeptSupervisor}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("DECIDE_PRICE")));
  // Residents may cancel, but not once work has started.
  EXPECT_TRUE(domain::Decide(S::kAssigned, A::kCancel, {R::kResident}).ok());
  EXPECT_THAT(domain::Decide(S::kInProgress, A::kCancel, {R::kResident}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("IN_PROGRESS")));
  EXPECT_TRUE(
      domain::Decide(S::kInProgress, A::kCancel, {R::kDeptSupervisor}).ok());
  EXPECT_THAT(
      domain::Decide(S::kAssigned, A::kStart, {R::kDeptStaff}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("START")));
  EXPECT_TRUE(domain::Decide(S::kAssigned, A::kStart, {R::kAssignee}).ok());
}

domain::ServiceItem Item(domain::FeeKind fee, domain::Fulfilment fulfilment) {
  domain::ServiceItem item;
  item.code = "X";
  item.fee_kind = fee;
  item.fulfilment = fulfilment;
  item.state = domain::ItemState::kPublished;
  item.response_target = absl::Hours(12);
  item.completion_target = absl::Hours(72);
  return item;
}

TEST(InitialFee, ByFeeKindAndDeskCompletion) {
  auto state = [](domain::FeeKind fee, domain::Fulfilment f, bool at_desk) {
    return domain::InitialFee(Item(fee, f), at_desk, std::nullopt)->state;
  };
  EXPECT_EQ(
      state(domain::FeeKind::kFree, domain::Fulfilment::kScheduled, false),
      S::kDispatched);
  EXPECT_EQ(
      state(domain::FeeKind::kFixed, domain::Fulfilment::kScheduled, false),
      S::kDispatched);
  EXPECT_EQ(
      state(domain::FeeKind::kQuoted, domain::Fulfilment::kScheduled, false),
      S::kAwaitingQuote);
  EXPECT_EQ(state(domain::FeeKind::kFree, domain::Fulfilment::kImmediate, true),
            S::kCompleted);
  EXPECT_THAT(
      domain::InitialFee(
          Item(domain::FeeKind::kFree, domain::Fulfilment::kScheduled), true,
          std::nullopt),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("IMMEDIATE")));
  EXPECT_THAT(
      domain::CheckBookable(
          Item(domain::FeeKind::kFree, domain::Fulfilment::kStanding)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("STANDING")));
}

// Row 46 (視情況開展): the desk decides FREE or QUOTED when registering.
TEST(InitialFee, TheDeskDecidesACaseByCaseItem) {
  const domain::ServiceItem other =
      Item(domain::FeeKind::kCaseByCase, domain::Fulfilment::kScheduled);
  auto free = domain::InitialFee(other, false, domain::FeeKind::kFree);
  ASSERT_THAT(free.status(), IsOk());
  EXPECT_EQ(free->fee_kind, domain::FeeKind::kFree);
  EXPECT_EQ(free->state, S::kDispatched);
  auto quoted = domain::InitialFee(other, false, domain::FeeKind::kQuoted);
  EXPECT_EQ(quoted->fee_kind, domain::FeeKind::kQuoted);
  EXPECT_EQ(quoted->state, S::kAwaitingQuote);
  // Booked by a resident: waits for the desk's decision.
  auto undecided = domain::InitialFee(other, false, std::nullopt);
  EXPECT_EQ(undecided->fee_kind, domain::FeeKind::kCaseByCase);
  EXPECT_EQ(undecided->state, S::kAwaitingQuote);
  EXPECT_THAT(
      domain::InitialFee(other, false, domain::FeeKind::kFixed),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("request.fee_kind: X is decided case by case")));
  // Any other item's fee is the item's.
  EXPECT_THAT(domain::InitialFee(
                  Item(domain::FeeKind::kFixed, domain::Fulfilment::kScheduled),
                  false, domain::FeeKind::kFree),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("request.fee_kind: X is FIXED")));
  EXPECT_THAT(domain::InitialFee(
                  Item(domain::FeeKind::kFixed, domain::Fulfilment::kScheduled),
                  false, domain::FeeKind::kFixed)
                  .status(),
              IsOk());
}

TEST(Fees, DeclareFreeOnlyForACaseByCaseRequest) {
  domain::ServiceRequest r;
  r.fee_kind = domain::FeeKind::kCaseByCase;
  ASSERT_THAT(domain::DeclareFree(&r), IsOk());
  EXPECT_EQ(r.fee_kind, domain::FeeKind::kFree);
  r.fee_kind = domain::FeeKind::kQuoted;
  EXPECT_THAT(
      domain::DeclareFree(&r),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("QUOTED")));
  domain::ServiceRequest c;
  c.fee_kind = domain::FeeKind::kCaseByCase;
  domain::RecordQuote(&c, 8000, "sites/1/staff/2");
  EXPECT_EQ(c.fee_kind, domain::FeeKind::kQuoted);
  EXPECT_EQ(*c.quote, 8000);
}

// §1(6), §6(3): a posted price negotiated in a special case, once, before
// work starts.
TEST(Fees, AFixedPriceMayBeDisputedOnceBeforeWorkStarts) {
  domain::ServiceRequest r;
  r.fee_kind = domain::FeeKind::kFixed;
  r.state = S::kDispatched;
  EXPECT_THAT(domain::CheckPriceDisputable(r), IsOk());
  r.state = S::kAssigned;
  r.assignee_id = 7;
  EXPECT_THAT(domain::CheckPriceDisputable(r), IsOk());
  domain::RecordPriceDecision(&r, 4000, "sites/1/staff/1");
  EXPECT_EQ(*r.agreed_price, 4000);
  EXPECT_EQ(r.assignee_id, 0) << "back to the supervisor to assign";
  EXPECT_THAT(domain::CheckPriceDisputable(r),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already decided")));
  r.fee_kind = domain::FeeKind::kFree;
  r.price_decided_by.clear();
  EXPECT_THAT(
      domain::CheckPriceDisputable(r),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("FREE")));
  EXPECT_THAT(domain::Decide(S::kInProgress, A::kDisputeQuote, {R::kResident}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("IN_PROGRESS")));
}

TEST(Inspection, ADeclinedSignOffGoesBackForReworkWithAReason) {
  domain::ServiceRequest r;
  r.state = S::kCompleted;
  r.complete_time = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_THAT(
      domain::RecordSignOffDeclined(&r, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  ASSERT_THAT(domain::RecordSignOffDeclined(&r, "still drips"), IsOk());
  EXPECT_EQ(r.reworks, 1);
  EXPECT_FALSE(r.complete_time.has_value());
  EXPECT_EQ(*domain::Decide(S::kCompleted, A::kDeclineSignOff, {R::kResident}),
            S::kAssigned);
  EXPECT_THAT(domain::Decide(S::kCompleted, A::kDeclineSignOff, {R::kAssignee}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("DECLINE_SIGN_OFF")));
}

TEST(Escalation, SupervisorOnceOverdueThenManagerAfterGrace) {
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  domain::ServiceRequest r;
  r.state = S::kDispatched;
  r.create_time = t0;
  domain::SetDueTimes(
      Item(domain::FeeKind::kFree, domain::Fulfilment::kScheduled), &r);
  EXPECT_FALSE(domain::IsOverdue(r, t0 + absl::Hours(11)));
  EXPECT_EQ(domain::EscalationLevelDue(r, t0 + absl::Hours(11)), 0);
  EXPECT_TRUE(domain::IsOverdue(r, t0 + absl::Hours(13)));
  EXPECT_EQ(domain::EscalationLevelDue(r, t0 + absl::Hours(13)), 1);
  // Grace: half the 72 h completion target after the missed response due.
  EXPECT_EQ(domain::EscalationLevelDue(r, t0 + absl::Hours(12 + 35)), 1);
  EXPECT_EQ(domain::EscalationLevelDue(r, t0 + absl::Hours(12 + 37)), 2);
  r.state = S::kQuoted;  // waiting on the resident: not the center's delay
  EXPECT_FALSE(domain::IsOverdue(r, t0 + absl::Hours(100)));
  r.state = S::kCompleted;
  EXPECT_FALSE(domain::IsOverdue(r, t0 + absl::Hours(100)));
}

// Seed §5(4): a WEDDING_FLOWERS request booked two weeks ahead is due by
// its appointment, not 12 hours after it was registered.
TEST(Appointments, DueByTheAgreedWindowNotFromRegistration) {
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  domain::ServiceRequest r;
  r.state = S::kDispatched;
  r.create_time = t0;
  r.window_start = t0 + absl::Hours(24 * 14);
  r.window_end = *r.window_start + absl::Hours(2);
  domain::SetDueTimes(
      Item(domain::FeeKind::kFree, domain::Fulfilment::kScheduled), &r);
  EXPECT_EQ(*r.response_due, *r.window_start);
  // The 72 h completion target counted from the start ends after the window.
  EXPECT_EQ(*r.completion_due, *r.window_start + absl::Hours(72));
  for (absl::Duration after : {absl::Hours(13), absl::Hours(24 * 13)}) {
    EXPECT_FALSE(domain::IsOverdue(r, t0 + after));
    EXPECT_EQ(domain::EscalationLevelDue(r, t0 + after), 0);
  }
  EXPECT_TRUE(domain::IsOverdue(r, *r.window_start + absl::Minutes(1)));
  EXPECT_EQ(domain::EscalationLevelDue(r, *r.window_start + absl::Minutes(1)),
            1);
  // Grace: half the completion span from the window's start, not from
  // registration two weeks earlier.
  EXPECT_EQ(domain::EscalationLevelDue(r, *r.window_start + absl::Hours(35)),
            1);
  EXPECT_EQ(domain::EscalationLevelDue(r, *r.window_start + absl::Hours(37)),
            2);

  // A window longer than the work: completion due by the window's end.
  domain::ServiceItem quick =
      Item(domain::FeeKind::kFree, domain::Fulfilment::kScheduled);
  quick.completion_target = absl::Hours(1);
  r.window_end = *r.window_start + absl::Hours(8);
  domain::SetDueTimes(quick, &r);
  EXPECT_EQ(*r.completion_due, *r.window_end);
  // No end and no target: only the response is due.
  quick.completion_target = absl::ZeroDuration();
  r.window_end.reset();
  domain::SetDueTimes(quick, &r);
  EXPECT_EQ(*r.response_due, *r.window_start);
  EXPECT_FALSE(r.completion_due.has_value());
}

// THE overdue rule over every state: the due time that can still be missed.
TEST(Overdue, OneRuleOverEveryState) {
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  domain::ServiceRequest r;
  r.create_time = t0;
  r.response_due = t0 + absl::Hours(1);
  r.completion_due = t0 + absl::Hours(10);
  for (S state : kAllStates) {
    r.state = state;
    std::optional<absl::Time> expected;
    switch (state) {
      case S::kQuoted:  // the resident's turn
      case S::kCompleted:
      case S::kSignedOff:
      case S::kSettled:
      case S::kCancelled:
        break;
      case S::kInProgress:  // the response was made: work started
        expected = r.completion_due;
        break;
      default:
        expected = r.response_due;
    }
    EXPECT_EQ(domain::OverdueAt(r), expected) << domain::Name(state);
    for (absl::Duration at :
         {absl::Minutes(30), absl::Hours(1), absl::Hours(2), absl::Hours(11)}) {
      EXPECT_EQ(domain::IsOverdue(r, t0 + at), expected && *expected < t0 + at)
          << domain::Name(state) << " at " << at;
    }
  }
}

TEST(Settlement, ExactlyTheAgreedPriceOfAPaidRequest) {
  domain::ServiceRequest r;
  r.fee_kind = domain::FeeKind::kFixed;
  r.currency = "CNY";
  r.agreed_price = 5000;
  EXPECT_THAT(domain::CheckSettlement(r, {"CNY", 5000}), IsOk());
  EXPECT_THAT(
      domain::CheckSettlement(r, {"CNY", 5500}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("amount: must equal the agreed price CNY 50.00")));
  r.fee_kind = domain::FeeKind::kFree;
  r.agreed_price.reset();
  EXPECT_THAT(
      domain::CheckSettlement(r, {"CNY", 0}),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("free")));
}

TEST(Privacy, ContactDetailsByRelation) {
  EXPECT_TRUE(domain::MaySeeContact({R::kDeptStaff}));
  EXPECT_TRUE(domain::MaySeeContact({R::kAssignee}));
  EXPECT_TRUE(domain::MaySeeContact({R::kReception}));
  EXPECT_FALSE(domain::MaySeeContact({R::kFinance}));
  EXPECT_FALSE(domain::MaySeeContact(domain::Relations{}));
}

TEST(TaskSheet, ShowsPriceAndSignatureLine) {
  domain::ServiceRequest r;
  r.id = 42;
  r.item_title_en = "Tap repair";
  r.item_title_zh = "水龍頭維修";
  r.contact_name = "Liu";
  r.unit = "1 101";
  r.fee_kind = domain::FeeKind::kFixed;
  r.agreed_price = 5000;
  r.create_time = absl::FromUnixSeconds(1'800'000'000);
  const absl::TimeZone utc = absl::UTCTimeZone();
  std::string en =
      domain::RenderTaskSheet(r, "Harmony", "Chen", domain::Lang::kEn, utc);
  EXPECT_THAT(en, HasSubstr("Agreed price: CNY 50.00"));
  EXPECT_THAT(en, HasSubstr("Resident's signature: ________________"));
  r.signature_name = "劉";
  r.sign_off_time = r.create_time + absl::Hours(2);
  std::string zh =
      domain::RenderTaskSheet(r, "和諧花園", "陳", domain::Lang::kZh, utc);
  EXPECT_THAT(zh, HasSubstr("有償服務任務單"));
  EXPECT_THAT(zh, HasSubstr("住戶驗收簽字：劉"));
  EXPECT_THAT(zh, HasSubstr("人民幣50.00元"));
}

}  // namespace
}  // namespace concierge
