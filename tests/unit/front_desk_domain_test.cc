#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/domain/front_desk.h"
#include "tests/support/matchers.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using RS = domain::RegistrationState;
using RA = domain::RegistrationAction;

const absl::Time kNow = absl::FromUnixSeconds(1772413200);  // 2026-03-02 01:00Z

absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone));
  return zone;
}

// --- the transition tables
// --------------------------------------------------------

TEST(FrontDeskTransitions, AParcelIsPickedUpOnce) {
  EXPECT_EQ(*domain::NextParcelState(domain::ParcelState::kWaiting,
                                     domain::ParcelAction::kPickUp),
            domain::ParcelState::kCollected);
  EXPECT_THAT(
      domain::NextParcelState(domain::ParcelState::kCollected,
                              domain::ParcelAction::kPickUp),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("COLLECTED")));
}

TEST(FrontDeskTransitions, CustodyLoansAndMessagesMoveOnceOnly) {
  EXPECT_EQ(*domain::NextCustodyState(domain::CustodyState::kHeld,
                                      domain::CustodyAction::kReturn),
            domain::CustodyState::kReturned);
  EXPECT_THAT(
      domain::NextCustodyState(domain::CustodyState::kReturned,
                               domain::CustodyAction::kReturn),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RETURNED")));
  EXPECT_EQ(*domain::NextLoanState(domain::LoanState::kOut,
                                   domain::LoanAction::kReturn),
            domain::LoanState::kReturned);
  EXPECT_THAT(
      domain::NextLoanState(domain::LoanState::kReturned,
                            domain::LoanAction::kReturn),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RETURNED")));
  EXPECT_EQ(*domain::NextMessageState(domain::MessageState::kUnread,
                                      domain::MessageAction::kAcknowledge),
            domain::MessageState::kAcknowledged);
  EXPECT_THAT(domain::NextMessageState(domain::MessageState::kAcknowledged,
                                       domain::MessageAction::kAcknowledge),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ACKNOWLEDGED")));
}

// The registration moves, written out independently of the table.
struct Legal {
  RS from;
  RA action;
  RS to;
};
constexpr Legal kLegal[] = {
    {RS::kWaitlisted, RA::kPromote, RS::kRegistered},
    {RS::kRegistered, RA::kCancel, RS::kCancelled},
    {RS::kWaitlisted, RA::kCancel, RS::kCancelled},
    {RS::kRegistered, RA::kAttend, RS::kAttended},
    {RS::kRegistered, RA::kMarkAbsent, RS::kNoShow},
    {RS::kAttended, RA::kAttend, RS::kAttended},
    {RS::kAttended, RA::kMarkAbsent, RS::kNoShow},
    {RS::kNoShow, RA::kAttend, RS::kAttended},
    {RS::kNoShow, RA::kMarkAbsent, RS::kNoShow},
};

TEST(FrontDeskTransitions, EveryRegistrationMoveIsListedOrRefused) {
  for (RS from : {RS::kRegistered, RS::kWaitlisted, RS::kCancelled,
                  RS::kAttended, RS::kNoShow}) {
    for (RA action :
         {RA::kPromote, RA::kCancel, RA::kAttend, RA::kMarkAbsent}) {
      std::optional<RS> expected;
      for (const Legal& l : kLegal) {
        if (l.from == from && l.action == action) expected = l.to;
      }
      auto next = domain::NextRegistrationState(from, action);
      if (expected) {
        ASSERT_THAT(next.status(), IsOk()) << domain::Name(from);
        EXPECT_EQ(*next, *expected);
      } else {
        EXPECT_THAT(next, StatusIs(absl::StatusCode::kFailedPrecondition,
                                   HasSubstr(std::string(domain::Name(from)))));
      }
    }
  }
}

TEST(FrontDeskTransitions, NamesRoundTrip) {
  for (domain::FrontDeskAction a : {domain::FrontDeskAction::kParcelLogged,
                                    domain::FrontDeskAction::kEventPromoted,
                                    domain::FrontDeskAction::kEventNoShow,
                                    domain::FrontDeskAction::kItemReturned}) {
    EXPECT_EQ(*domain::FrontDeskActionFromName(domain::Name(a)), a);
  }
  EXPECT_EQ(*domain::ParcelKindFromName("REMITTANCE_SLIP"),
            domain::ParcelKind::kRemittanceSlip);
  EXPECT_EQ(*domain::RegistrationStateFromName("NO_SHOW"), RS::kNoShow);
  EXPECT_FALSE(domain::ParcelStateFromName("LOST").has_value());
}

// --- places and the waitlist
// ---------------------------------------------------------

TEST(FrontDeskEvents, APartyThatFitsGetsPlacesOtherwiseWaits) {
  EXPECT_EQ(domain::PlaceFor(10, 8, 2), RS::kRegistered);
  EXPECT_EQ(domain::PlaceFor(10, 8, 3), RS::kWaitlisted);
  EXPECT_EQ(domain::PlaceFor(10, 10, 1), RS::kWaitlisted);
}

TEST(FrontDeskEvents, FreedPlacesGoFirstFitInRegistrationOrder) {
  // 4 places free: the party of 5 cannot fit, the 3 and then the 1 can.
  EXPECT_THAT(domain::Promotions(10, 6, {{11, 5}, {12, 3}, {13, 2}, {14, 1}}),
              ElementsAre(12, 14));
  EXPECT_THAT(domain::Promotions(10, 10, {{11, 1}}), IsEmpty());
  EXPECT_THAT(domain::Promotions(10, 0, {{11, 4}, {12, 6}, {13, 1}}),
              ElementsAre(11, 12));
}

domain::CommunityEvent RepairDay() {
  domain::CommunityEvent e;
  e.item_code = std::string(domain::kRepairDayCode);
  e.title_zh = "義務維修日";
  e.title_en = "Free repair day";
  e.place_zh = "會所";
  e.place_en = "Clubhouse";
  e.capacity = 10;
  e.start_time = kNow + absl::Hours(24 * 5);
  e.end_time = e.start_time + absl::Hours(7);
  e.registration_deadline = e.start_time - absl::Hours(24);
  return e;
}

TEST(FrontDeskEvents, ValidationNamesTheField) {
  EXPECT_THAT(domain::ValidateEvent(RepairDay(), kNow), IsOk());
  domain::CommunityEvent e = RepairDay();
  e.end_time = e.start_time;
  EXPECT_THAT(domain::ValidateEvent(e, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("event.end_time")));
  e = RepairDay();
  e.registration_deadline = e.start_time + absl::Hours(1);
  EXPECT_THAT(domain::ValidateEvent(e, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("event.registration_deadline")));
  e = RepairDay();
  e.start_time = kNow - absl::Hours(1);
  EXPECT_THAT(domain::ValidateEvent(e, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("event.start_time")));
  e = RepairDay();
  e.capacity = 0;
  EXPECT_THAT(domain::ValidateEvent(e, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("event.capacity")));
  e = RepairDay();
  e.place_zh.clear();
  e.place_en.clear();
  EXPECT_THAT(
      domain::ValidateEvent(e, kNow),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("event.place")));
}

TEST(FrontDeskEvents, ARepairDayAsksWhatNeedsRepairing) {
  domain::EventRegistration r;
  r.household_id = 1;
  r.party_size = 2;
  EXPECT_THAT(domain::ValidateRegistration(RepairDay(), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("registration.details")));
  r.details = "a wobbly chair";
  EXPECT_THAT(domain::ValidateRegistration(RepairDay(), r), IsOk());
  domain::CommunityEvent market = RepairDay();
  market.item_code = "SECOND_HAND_MARKET";
  r.details.clear();
  EXPECT_THAT(domain::ValidateRegistration(market, r), IsOk());
  r.party_size = 11;
  EXPECT_THAT(domain::ValidateRegistration(market, r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("registration.party_size")));
  r.party_size = 0;
  EXPECT_THAT(domain::ValidateRegistration(market, r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("registration.party_size")));
}

TEST(FrontDeskEvents, DeadlineCancellationAndAttendanceFollowTheClock) {
  const domain::CommunityEvent e = RepairDay();
  EXPECT_THAT(
      domain::CheckRegistrationOpen(e, e.registration_deadline, Shanghai()),
      IsOk());
  EXPECT_THAT(domain::CheckRegistrationOpen(
                  e, e.registration_deadline + absl::Seconds(1), Shanghai()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("registration closed")));
  EXPECT_THAT(domain::CheckCancellable(e, e.start_time - absl::Seconds(1)),
              IsOk());
  EXPECT_THAT(domain::CheckCancellable(e, e.start_time),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has started")));
  EXPECT_THAT(domain::CheckAttendanceOpen(e, e.start_time - absl::Seconds(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not started")));
  EXPECT_THAT(domain::CheckAttendanceOpen(e, e.start_time), IsOk());
}

TEST(FrontDeskEvents, AnEventIsCalledOffOnceBeforeItStartsWithAReason) {
  domain::CommunityEvent e = RepairDay();
  const absl::Time before = e.start_time - absl::Hours(1);
  EXPECT_THAT(
      domain::CheckEventCancellable(e, before, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(domain::CheckEventCancellable(e, before, "rain"), IsOk());
  EXPECT_THAT(domain::CheckEventCancellable(e, e.start_time, "rain"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has started")));
  e.cancel_time = before;
  e.cancel_reason = "rain";
  EXPECT_THAT(domain::CheckEventCancellable(e, before, "rain"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already cancelled")));
  // A cancelled event takes no registrations and no attendance.
  EXPECT_THAT(domain::CheckRegistrationOpen(e, before, Shanghai()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cancelled: rain")));
  EXPECT_THAT(
      domain::CheckAttendanceOpen(e, e.start_time),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cancelled")));
  // Its notice line says so instead of how to register.
  const std::string en =
      domain::RenderEventLine(e, domain::Lang::kEn, Shanghai());
  EXPECT_THAT(en, HasSubstr("is CANCELLED (rain)"));
  EXPECT_THAT(en, ::testing::Not(HasSubstr("register")));
  EXPECT_THAT(domain::RenderEventLine(e, domain::Lang::kZh, Shanghai()),
              HasSubstr("已取消"));
}

TEST(FrontDeskLending, TheStockNeverGoesBelowTheLoansOut) {
  domain::LendableItem umbrellas;
  umbrellas.total_count = 5;
  umbrellas.available_count = 2;  // three out
  EXPECT_THAT(domain::CheckStockCoversLoans(umbrellas, 3), IsOk());
  EXPECT_THAT(domain::CheckStockCoversLoans(umbrellas, 2),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("total_count: 3 are out on loan")));
  EXPECT_THAT(
      domain::ValidateStockChange(0, "lost"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("total_count")));
  EXPECT_THAT(
      domain::ValidateStockChange(10001, "bought"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("total_count")));
  EXPECT_THAT(
      domain::ValidateStockChange(4, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(domain::ValidateStockChange(4, "one broke"), IsOk());
}

TEST(FrontDeskEvents, TheNoticeLineSaysWhenWhereAndHowToRegister) {
  const domain::CommunityEvent e = RepairDay();
  const std::string en =
      domain::RenderEventLine(e, domain::Lang::kEn, Shanghai());
  EXPECT_THAT(en, HasSubstr("Free repair day: 2026-03-07 09:00–16:00"));
  EXPECT_THAT(en, HasSubstr("at Clubhouse"));
  EXPECT_THAT(en, HasSubstr("10 places"));
  EXPECT_THAT(en, HasSubstr("by 2026-03-06 09:00"));
  EXPECT_THAT(en, HasSubstr("what needs repairing"));
  const std::string zh =
      domain::RenderEventLine(e, domain::Lang::kZh, Shanghai());
  EXPECT_THAT(zh, HasSubstr("義務維修日：2026年03月07日 09:00–16:00"));
  EXPECT_THAT(zh, HasSubstr("地點：會所"));
  EXPECT_THAT(zh, HasSubstr("2026年03月06日 09:00 前"));
  domain::CommunityEvent only_zh = e;
  only_zh.place_en.clear();
  EXPECT_THAT(domain::RenderEventLine(only_zh, domain::Lang::kEn, Shanghai()),
              HasSubstr("at 會所"));
}

// --- lending, custody, parcels, messages
// ---------------------------------------------

TEST(FrontDeskLending, OutOfStockSaysWhenOneIsDueBack) {
  domain::LendableItem umbrella;
  umbrella.name_zh = "雨傘";
  umbrella.name_en = "Umbrella";
  EXPECT_THAT(domain::OutOfStock(umbrella, kNow + absl::Hours(3), Shanghai()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("next one is due back 2026-03-02 12:00")));
  EXPECT_THAT(domain::OutOfStock(umbrella, std::nullopt, Shanghai()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no Umbrella (雨傘) left")));
}

TEST(FrontDeskLending, ALoanIsDueInTheFutureAndOverdueAfter) {
  domain::Loan loan;
  loan.lendable_id = 1;
  loan.household_id = 2;
  loan.borrower = "Ms Liu";
  loan.due_time = kNow + absl::Hours(4);
  EXPECT_THAT(domain::ValidateLoan(loan, kNow), IsOk());
  EXPECT_FALSE(domain::IsOverdue(loan, kNow));
  EXPECT_TRUE(domain::IsOverdue(loan, kNow + absl::Hours(5)));
  loan.state = domain::LoanState::kReturned;
  EXPECT_FALSE(domain::IsOverdue(loan, kNow + absl::Hours(5)));
  loan.due_time = kNow;
  EXPECT_THAT(
      domain::ValidateLoan(loan, kNow),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loan.due_time")));
  loan.due_time = kNow + absl::Hours(24 * 91);
  EXPECT_THAT(
      domain::ValidateLoan(loan, kNow),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loan.due_time")));
  loan.due_time = kNow + absl::Hours(1);
  loan.borrower.clear();
  EXPECT_THAT(
      domain::ValidateLoan(loan, kNow),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loan.borrower")));
}

TEST(FrontDeskCustody, OnlyTheDepositingHouseholdCollects) {
  domain::CustodyRecord r;
  r.household_id = 7;
  r.receipt_number = "R-0001";
  EXPECT_THAT(domain::CheckCollector(r, 7, ""), IsOk());
  EXPECT_THAT(domain::CheckCollector(r, 7, "R-0001"), IsOk());
  EXPECT_THAT(
      domain::CheckCollector(r, 8, ""),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("household")));
  EXPECT_THAT(domain::CheckCollector(r, 7, "R-0002"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("receipt_number")));
}

TEST(FrontDeskCustody, ADepositNeedsAReceiptAndADescription) {
  domain::CustodyRecord r;
  r.household_id = 1;
  r.description = "A jade bracelet";
  r.receipt_number = "R-0001";
  r.deposited_by = "Ms Liu";
  EXPECT_THAT(domain::ValidateDeposit(r), IsOk());
  r.receipt_number = "R 0001";
  EXPECT_THAT(domain::ValidateDeposit(r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("record.receipt_number")));
  r.receipt_number = "R-0001";
  r.description.clear();
  EXPECT_THAT(domain::ValidateDeposit(r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("record.description")));
}

TEST(FrontDeskParcels, ValidationNamesTheField) {
  domain::Parcel p;
  p.household_id = 1;
  p.carrier = "SF Express";
  p.tracking_number = "SF123-456";
  p.shelf = "A2";
  EXPECT_THAT(domain::ValidateParcel(p), IsOk());
  p.tracking_number = "SF 123";
  EXPECT_THAT(domain::ValidateParcel(p),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("parcel.tracking_number")));
  p.tracking_number.clear();
  p.shelf.clear();
  EXPECT_THAT(
      domain::ValidateParcel(p),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parcel.shelf")));
  p.shelf = "A2";
  p.carrier = "bad\x01";
  EXPECT_THAT(domain::ValidateParcel(p),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("parcel.carrier")));
  EXPECT_THAT(
      domain::ValidatePickup("", "Liu"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("collected_by")));
  EXPECT_THAT(domain::ValidatePickup("Liu", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("signature_name")));
}

TEST(FrontDeskMessages, ValidationNamesTheField) {
  domain::VisitorMessage m;
  m.household_id = 1;
  m.from_name = "Auntie Wang";
  m.text = "Will come by at 7";
  EXPECT_THAT(domain::ValidateMessage(m), IsOk());
  m.from_phone = "call me";
  EXPECT_THAT(domain::ValidateMessage(m),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("message.from_phone")));
  m.from_phone.clear();
  m.text.clear();
  EXPECT_THAT(
      domain::ValidateMessage(m),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("message.text")));
}

TEST(FrontDeskHistory, SummariesReadInBothLanguages) {
  domain::Parcel p;
  p.kind = domain::ParcelKind::kRegisteredLetter;
  p.carrier = "China Post";
  p.tracking_number = "XA123";
  p.shelf = "B1";
  domain::BilingualText logged =
      domain::SummarizeParcel(p, domain::FrontDeskAction::kParcelLogged);
  EXPECT_EQ(logged.en,
            "Registered letter XA123 (China Post) arrived, shelf B1");
  EXPECT_THAT(logged.zh, HasSubstr("掛號信 XA123"));
  p.collected_by = "Mr Zhou";
  p.signature_name = "Zhou";
  EXPECT_THAT(
      domain::SummarizeParcel(p, domain::FrontDeskAction::kParcelCollected).en,
      HasSubstr("collected by Mr Zhou (signed Zhou)"));

  domain::EventRegistration r;
  r.party_size = 1;
  EXPECT_THAT(
      domain::SummarizeRegistration(
          RepairDay(), r, domain::FrontDeskAction::kEventPromoted, Shanghai())
          .en,
      HasSubstr("Moved off the waitlist: Free repair day (2026-03-07), "
                "1 person"));
  EXPECT_EQ(domain::RegistrationHistoryAction(RS::kWaitlisted),
            domain::FrontDeskAction::kEventWaitlisted);
}

}  // namespace
}  // namespace concierge
