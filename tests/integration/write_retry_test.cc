// Every write is safe to retry (issue 24, AIP-155). A move or update sent
// again with its request_id, as a client does when the first answer was
// lost, answers exactly what the first call answered and changes nothing a
// second time; the same request_id with another request is INVALID_ARGUMENT
// and changes nothing. Every such write of every service has a case here
// (and every method taking a request_id is a create, one of these, or
// IssueToken), each run against a world where it can succeed.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/support/matchers.h"
#include "tests/support/world_fixture.h"
#include "tests/support/write_methods.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;
using testing::Who;

// A request the world is built with: its result's name becomes %VAR% (and
// its etag, when it has one, %VAR_ETAG%).
struct Step {
  std::string var;
  std::string method;
  Who who;
  std::string request;
  std::string name_field = "name";
};

// The world's extra residents of every state a write needs, in order.
const Step kWorld[] = {
    // Catalogue.
    {"DRAFT_ITEM", "CatalogService.CreateServiceItem", Who::kManager,
     R"(parent: "%SITE%" item { code: "WRITE_A" title { zh: "甲" en: "A" }
        category: ITEM_CATEGORY_ON_SITE fee_kind: FEE_KIND_FREE
        fulfilment: FULFILMENT_SCHEDULED department: "%MAINTENANCE%" })"},
    {"DRAFT_ITEM2", "CatalogService.CreateServiceItem", Who::kManager,
     R"(parent: "%SITE%" item { code: "WRITE_B" title { zh: "乙" en: "B" }
        category: ITEM_CATEGORY_ON_SITE fee_kind: FEE_KIND_FREE
        fulfilment: FULFILMENT_SCHEDULED department: "%MAINTENANCE%" })"},
    {"RETIRING_ITEM", "CatalogService.CreateServiceItem", Who::kManager,
     R"(parent: "%SITE%" item { code: "WRITE_C" title { zh: "丙" en: "C" }
        category: ITEM_CATEGORY_ON_SITE fee_kind: FEE_KIND_FREE
        fulfilment: FULFILMENT_SCHEDULED department: "%MAINTENANCE%" })"},
    {"PRICE", "CatalogService.SetServicePrice", Who::kManager,
     R"(parent: "%FIXED_ITEM%" price { amount { minor_units: 5000 }
        effective_time { seconds: %IN_1D% } })"},
    {"PRICE2", "CatalogService.SetServicePrice", Who::kManager,
     R"(parent: "%FIXED_ITEM%" price { amount { minor_units: 6000 }
        effective_time { seconds: %IN_8D% } })"},
    {"ANNOUNCEMENT", "CatalogService.CreateAnnouncement", Who::kManager,
     R"(parent: "%SITE%" announcement { title { zh: "通知" en: "Notice" }
        items: "%REPAIR_ITEM%" })"},
    {"PROVIDER", "CatalogService.CreateProvider", Who::kReception,
     R"(parent: "%SITE%" provider { item: "%HOSPITALS_ITEM%"
        display_name { zh: "醫院" en: "Hospital" } phone: "021-5555-0120" })"},
    // Directory.
    {"NEW_STAFF", "DirectoryService.CreateStaff", Who::kManager,
     R"(parent: "%SITE%" staff { display_name: "New hire" role: ROLE_STAFF
        department: "%MAINTENANCE%" })"},
    {"TOKEN", "DirectoryService.IssueToken", Who::kManager,
     R"(principal: "%PLUMBER%" label: "spare")", "token_info.name"},
    // Front desk.
    {"PARCEL", "FrontDeskService.LogParcel", Who::kReception,
     R"(parent: "%SITE%" parcel { household: "%HOUSEHOLD%"
        kind: PARCEL_KIND_PARCEL carrier: "SF Express" shelf: "A2" })"},
    {"CUSTODY", "FrontDeskService.DepositValuables", Who::kReception,
     R"(parent: "%SITE%" record { household: "%HOUSEHOLD%"
        description: "A jade bracelet" receipt_number: "R-0009"
        deposited_by: "Ms Liu" })"},
    {"LOAN", "FrontDeskService.LendItem", Who::kReception,
     R"(parent: "%SITE%" loan { lendable: "%LENDABLE%"
        household: "%HOUSEHOLD%" borrower: "Ms Liu"
        due_time { seconds: %IN_1D% } })"},
    {"MESSAGE", "FrontDeskService.LeaveMessage", Who::kReception,
     R"(parent: "%SITE%" message { household: "%HOUSEHOLD%"
        from_name: "Auntie Wang" text: "Soup at 7 pm"
        channel: MESSAGE_CHANNEL_PHONE })"},
    {"REGISTRATION", "FrontDeskService.RegisterForEvent", Who::kResident,
     R"(parent: "%EVENT%" registration { party_size: 2 details: "a chair" })"},
    {"EVENT2", "FrontDeskService.CreateEvent", Who::kReception,
     R"(parent: "%SITE%" event { item: "%EVENT_ITEM%"
        start_time { seconds: %IN_10D% } end_time { seconds: %IN_10D_7H% }
        registration_deadline { seconds: %IN_8D% }
        place { zh: "會所" en: "Clubhouse" } capacity: 10 })"},
    {"EVENT3", "FrontDeskService.CreateEvent", Who::kReception,
     R"(parent: "%SITE%" event { item: "%EVENT_ITEM%"
        start_time { seconds: %IN_10D% } end_time { seconds: %IN_10D_7H% }
        registration_deadline { seconds: %IN_8D% }
        place { zh: "大堂" en: "Lobby" } capacity: 10 })"},
    {"REGISTRATION3", "FrontDeskService.RegisterForEvent", Who::kResident,
     R"(parent: "%EVENT3%" registration { party_size: 1 details: "a lamp" })"},
    // Quality.
    {"SUGGESTION", "QualityService.CreateSuggestion", Who::kResident,
     R"(parent: "%SITE%" suggestion { kind: SUGGESTION_KIND_NEW_SERVICE
        text: "A bicycle repair corner" })"},
    {"COMPLAINT", "QualityService.CreateComplaint", Who::kResident,
     R"(parent: "%SITE%" complaint {
        category: COMPLAINT_CATEGORY_SERVICE_QUALITY
        severity: COMPLAINT_SEVERITY_MINOR text: "The lift is slow" })"},
    {"SURVEY", "QualityService.CreateSurvey", Who::kManager,
     R"(parent: "%SITE%" survey { title { zh: "調查" en: "Survey" }
        questions { text { zh: "滿意嗎" en: "Satisfied?" }
                    kind: QUESTION_KIND_SCALE }
        open_time { seconds: %NOW% } close_time { seconds: %IN_1D% } })"},
    {"PLAN", "QualityService.CreateServicePlan", Who::kManager,
     R"(parent: "%SITE%" plan { year: 2027 title { zh: "計劃" en: "Plan" }
        entries { action: PLAN_ACTION_KEEP item: "%REPAIR_ITEM%" } })"},
    // Requests, one in each state a move starts from.
    {"QUOTE_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Shelves" })"},
    {"ACCEPT_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Curtains" })"},
    {"ACCEPT_ME", "ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%ACCEPT_ME%" estimate { minor_units: 9000 })"},
    {"DISPUTE_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Blinds" })"},
    {"DISPUTE_ME", "ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%DISPUTE_ME%" estimate { minor_units: 9000 })"},
    {"PROPOSE_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Lamps" })"},
    {"PROPOSE_ME", "ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%PROPOSE_ME%" estimate { minor_units: 9000 })"},
    {"PROPOSE_ME", "ServiceRequestService.DisputeQuote", Who::kResident,
     R"(name: "%PROPOSE_ME%" reason: "too dear")"},
    {"DECIDE_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Rugs" })"},
    {"DECIDE_ME", "ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%DECIDE_ME%" estimate { minor_units: 9000 })"},
    {"DECIDE_ME", "ServiceRequestService.DisputeQuote", Who::kResident,
     R"(name: "%DECIDE_ME%" reason: "too dear")"},
    {"DECIDE_ME", "ServiceRequestService.ProposePrice", Who::kDeskSupervisor,
     R"(name: "%DECIDE_ME%" price { minor_units: 8000 })"},
    {"DISPATCH_ME", "ServiceRequestService.CreateServiceRequest",
     Who::kResident,
     R"(parent: "%SITE%" request { item: "%REPAIR_ITEM%" content: "Gate" })"},
    {"ASSIGN_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%REPAIR_ITEM%" content: "Door" })"},
    {"CANCEL_ME", "ServiceRequestService.CreateServiceRequest", Who::kResident,
     R"(parent: "%SITE%" request { item: "%REPAIR_ITEM%" content: "Fan" })"},
    // Done by the desk supervisor (the RECEPTION item), then signed off,
    // declined, or settled at the agreed price.
    {"WORK", "ServiceRequestService.CreateServiceRequest", Who::kReception,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Hang"
        household: "%HOUSEHOLD%" channel: REQUEST_CHANNEL_PHONE
        contact_name: "Ms Liu" fee_kind: FEE_KIND_FREE })"},
    {"WORK", "ServiceRequestService.AssignServiceRequest", Who::kDeskSupervisor,
     R"(name: "%WORK%" assignee: "%DESK_SUPERVISOR%")"},
    {"START_ME", "ServiceRequestService.CreateServiceRequest", Who::kReception,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Paint"
        household: "%HOUSEHOLD%" channel: REQUEST_CHANNEL_PHONE
        contact_name: "Ms Liu" fee_kind: FEE_KIND_FREE })"},
    {"START_ME", "ServiceRequestService.AssignServiceRequest",
     Who::kDeskSupervisor,
     R"(name: "%START_ME%" assignee: "%DESK_SUPERVISOR%")"},
    {"WORK", "ServiceRequestService.StartServiceRequest", Who::kDeskSupervisor,
     R"(name: "%WORK%")"},
    {"SIGN_ME", "ServiceRequestService.CreateServiceRequest", Who::kReception,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Sweep"
        household: "%HOUSEHOLD%" channel: REQUEST_CHANNEL_PHONE
        contact_name: "Ms Liu" fee_kind: FEE_KIND_FREE })"},
    {"SIGN_ME", "ServiceRequestService.AssignServiceRequest",
     Who::kDeskSupervisor,
     R"(name: "%SIGN_ME%" assignee: "%DESK_SUPERVISOR%")"},
    {"SIGN_ME", "ServiceRequestService.StartServiceRequest",
     Who::kDeskSupervisor, R"(name: "%SIGN_ME%")"},
    {"SIGN_ME", "ServiceRequestService.CompleteServiceRequest",
     Who::kDeskSupervisor, R"(name: "%SIGN_ME%" notes: "done")"},
    {"DECLINE_ME", "ServiceRequestService.CreateServiceRequest",
     Who::kReception,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Mop"
        household: "%HOUSEHOLD%" channel: REQUEST_CHANNEL_PHONE
        contact_name: "Ms Liu" fee_kind: FEE_KIND_FREE })"},
    {"DECLINE_ME", "ServiceRequestService.AssignServiceRequest",
     Who::kDeskSupervisor,
     R"(name: "%DECLINE_ME%" assignee: "%DESK_SUPERVISOR%")"},
    {"DECLINE_ME", "ServiceRequestService.StartServiceRequest",
     Who::kDeskSupervisor, R"(name: "%DECLINE_ME%")"},
    {"DECLINE_ME", "ServiceRequestService.CompleteServiceRequest",
     Who::kDeskSupervisor, R"(name: "%DECLINE_ME%" notes: "done")"},
    {"SETTLE_ME", "ServiceRequestService.CreateServiceRequest", Who::kReception,
     R"(parent: "%SITE%" request { item: "%OTHER_ITEM%" content: "Tiles"
        household: "%HOUSEHOLD%" channel: REQUEST_CHANNEL_PHONE
        contact_name: "Ms Liu" fee_kind: FEE_KIND_QUOTED })"},
    {"SETTLE_ME", "ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%SETTLE_ME%" estimate { minor_units: 12000 })"},
    {"SETTLE_ME", "ServiceRequestService.AcceptQuote", Who::kResident,
     R"(name: "%SETTLE_ME%")"},
    {"SETTLE_ME", "ServiceRequestService.AssignServiceRequest",
     Who::kDeskSupervisor,
     R"(name: "%SETTLE_ME%" assignee: "%DESK_SUPERVISOR%")"},
    {"SETTLE_ME", "ServiceRequestService.StartServiceRequest",
     Who::kDeskSupervisor, R"(name: "%SETTLE_ME%")"},
    {"SETTLE_ME", "ServiceRequestService.CompleteServiceRequest",
     Who::kDeskSupervisor, R"(name: "%SETTLE_ME%" notes: "done")"},
    {"SETTLE_ME", "ServiceRequestService.SignOffServiceRequest", Who::kResident,
     R"(name: "%SETTLE_ME%")"},
    // Follow-ups come from completions: the signed-off one's.
    // Hotel.
    {"ACTION_OK", "HousekeepingService.ProposeRoomAction", Who::kAttendant,
     R"(site: "%HOTEL%" room_number: "1203" what { en: "A fruit bowl" }
        why: "Asked about fruit")"},
    {"ACTION_P1", "HousekeepingService.ProposeRoomAction", Who::kAttendant,
     R"(site: "%HOTEL%" room_number: "1203" what { en: "Flowers" }
        why: "An anniversary" estimated_cost { minor_units: 20000 })"},
    {"ACTION_P2", "HousekeepingService.ProposeRoomAction", Who::kAttendant,
     R"(site: "%HOTEL%" room_number: "1203" what { en: "A cake" }
        why: "An anniversary" estimated_cost { minor_units: 20000 })"},
    {"RULE", "HousekeepingService.CreateRule", Who::kHotelManager,
     R"(parent: "%HOTEL%" rule { code: "TOO_WARM"
        title { zh: "太熱" en: "Too warm" } all_of: "AC_OFF"
        actions: "BOIL_WATER" })"},
    {"RULE2", "HousekeepingService.CreateRule", Who::kHotelManager,
     R"(parent: "%HOTEL%" rule { code: "TOO_COLD"
        title { zh: "太冷" en: "Too cold" } all_of: "AC_OFF"
        actions: "ADD_BLANKET" })"},
    {"GUEST_U", "GuestProfileService.CreateGuest", Who::kHotelDesk,
     R"(guest { latin_name: "Ada Update" })"},
    {"GUEST_M1", "GuestProfileService.CreateGuest", Who::kHotelDesk,
     R"(guest { latin_name: "Mia Merge" })"},
    {"GUEST_M2", "GuestProfileService.CreateGuest", Who::kHotelDesk,
     R"(guest { latin_name: "Mia Merge" phone: "138-0000-7777" })"},
    {"GUEST_E", "GuestProfileService.CreateGuest", Who::kHotelDesk,
     R"(guest { latin_name: "Eve Erase" })"},
    {"RESERVATION_U", "ArrivalService.CreateReservation", Who::kHotelDesk,
     R"(parent: "%HOTEL%" reservation { guest: "%FREE_GUEST%"
        arrival_date: "2026-03-03" departure_date: "2026-03-05"
        room_type: "KING" party { adults: 1 } })"},
    {"RESERVATION_C", "ArrivalService.CreateReservation", Who::kHotelDesk,
     R"(parent: "%HOTEL%" reservation { guest: "%FREE_GUEST%"
        arrival_date: "2026-03-04" departure_date: "2026-03-05"
        room_type: "TWIN" party { adults: 2 } })"},
    {"RESERVATION_P", "ArrivalService.CreateReservation", Who::kHotelDesk,
     R"(parent: "%HOTEL%" reservation { guest: "%FREE_GUEST%"
        arrival_date: "2026-03-03" departure_date: "2026-03-04"
        room_number: "1205" party { adults: 1 infants: 1 } })"},
    {"STAY_OUT", "GuestProfileService.CheckIn", Who::kHotelDesk,
     R"(parent: "%HOTEL%" stay { guest: "%FREE_GUEST%" room_number: "1205"
        party { adults: 1 } })"},
};

// One write, from a state where it succeeds.
struct WriteCase {
  std::string method;
  Who who;
  std::string request;
  // Moved forward first (attendance is recorded once the event started).
  absl::Duration advance = absl::ZeroDuration();
};

const WriteCase kWrites[] = {
    {"CatalogService.UpdateServiceItem", Who::kManager,
     R"(item { name: "%DRAFT_ITEM%" etag: "%DRAFT_ITEM_ETAG%"
        title { zh: "甲二" en: "A two" } } update_mask { paths: "title" })"},
    {"CatalogService.ApproveServiceItem", Who::kManager,
     R"(name: "%DRAFT_ITEM2%")"},
    {"CatalogService.RetireServiceItem", Who::kManager,
     R"(name: "%RETIRING_ITEM%" reason: "not needed")"},
    {"CatalogService.ApproveServicePrice", Who::kManager, R"(name: "%PRICE%")"},
    {"CatalogService.RejectServicePrice", Who::kManager,
     R"(name: "%PRICE2%" reason: "too dear")"},
    {"CatalogService.PublishAnnouncement", Who::kManager,
     R"(name: "%ANNOUNCEMENT%" channels: ANNOUNCEMENT_CHANNEL_MAILBOX)"},
    {"CatalogService.UpdateProvider", Who::kReception,
     R"(provider { name: "%PROVIDER%" etag: "%PROVIDER_ETAG%"
        phone: "021-5555-0199" } update_mask { paths: "phone" })"},
    {"DirectoryService.UpdateStaff", Who::kManager,
     R"(staff { name: "%NEW_STAFF%" etag: "%NEW_STAFF_ETAG%"
        display_name: "Old hand" } update_mask { paths: "display_name" })"},
    {"DirectoryService.RevokeToken", Who::kManager, R"(name: "%TOKEN%")"},
    {"FrontDeskService.RecordPickup", Who::kReception,
     R"(name: "%PARCEL%" collected_by: "Ms Liu" signature_name: "Liu")"},
    {"FrontDeskService.ReturnValuables", Who::kReception,
     R"(name: "%CUSTODY%" household: "%HOUSEHOLD%" collected_by: "Ms Liu"
        receipt_number: "R-0009")"},
    {"FrontDeskService.ReturnItem", Who::kReception, R"(name: "%LOAN%")"},
    {"FrontDeskService.SetLendableStock", Who::kReception,
     R"(name: "%LENDABLE%" total_count: 5 reason: "bought two more")"},
    {"FrontDeskService.AcknowledgeMessage", Who::kResident,
     R"(name: "%MESSAGE%")"},
    {"FrontDeskService.CancelRegistration", Who::kResident,
     R"(name: "%REGISTRATION3%")"},
    {"FrontDeskService.CancelEvent", Who::kReception,
     R"(name: "%EVENT2%" reason: "the hall is closed")"},
    {"GuestProfileService.UpdateGuest", Who::kHotelDesk,
     R"(guest { name: "%GUEST_U%" etag: "%GUEST_U_ETAG%" language: "de" }
        update_mask { paths: "language" })"},
    {"GuestProfileService.MergeGuests", Who::kHotelManager,
     R"(survivor: "%GUEST_M1%" duplicate: "%GUEST_M2%")"},
    {"GuestProfileService.EraseGuest", Who::kHotelManager,
     R"(name: "%GUEST_E%")"},
    {"GuestProfileService.CheckOut", Who::kHotelDesk, R"(name: "%STAY_OUT%")"},
    {"ArrivalService.UpdateReservation", Who::kHotelDesk,
     R"(reservation { name: "%RESERVATION_U%" etag: "%RESERVATION_U_ETAG%"
        notes: "a quiet room" } update_mask { paths: "notes" })"},
    {"ArrivalService.CancelReservation", Who::kHotelDesk,
     R"(name: "%RESERVATION_C%" reason: "plans changed")"},
    {"ArrivalService.MarkPreparationDone", Who::kHotelDesk,
     R"(name: "%RESERVATION_P%/preparations/PLACE_BABY_CRIB")"},
    {"HousekeepingService.AssignRooms", Who::kHotelManager,
     R"(parent: "%HOTEL%" attendant: "%ATTENDANT%" room_numbers: "1203")"},
    {"HousekeepingService.RecordActionOutcome", Who::kAttendant,
     R"(name: "%ACTION_OK%" outcome: ACTION_OUTCOME_DONE)"},
    {"HousekeepingService.ApproveAction", Who::kHotelManager,
     R"(name: "%ACTION_P1%" note: "a nice touch")"},
    {"HousekeepingService.RejectAction", Who::kHotelManager,
     R"(name: "%ACTION_P2%" reason: "over budget")"},
    {"HousekeepingService.UpdateRule", Who::kHotelManager,
     R"(rule { name: "%RULE%" etag: "%RULE_ETAG%"
        title { zh: "很熱" en: "Very warm" } } update_mask { paths: "title" })"},
    {"HousekeepingService.DisableRule", Who::kHotelManager,
     R"(name: "%RULE2%")"},
    {"QualityService.RecordFollowUp", Who::kDeskSupervisor,
     R"(name: "%SETTLE_FOLLOW_UP%" method: FOLLOW_UP_METHOD_PHONE
        satisfaction: 5 comment: "all good")"},
    {"QualityService.UpdateComplaint", Who::kManager,
     R"(name: "%COMPLAINT%" etag: "%COMPLAINT_ETAG%"
        action: COMPLAINT_ACTION_HANDLE note: "looking into it")"},
    {"QualityService.TriageSuggestion", Who::kManager,
     R"(name: "%SUGGESTION%" decision: TRIAGE_DECISION_ACCEPT)"},
    {"QualityService.SubmitSurveyResponse", Who::kResident,
     R"(survey: "%SURVEY%" answers { question: 0 score: 5 })"},
    {"QualityService.ApproveServicePlan", Who::kManager, R"(name: "%PLAN%")"},
    {"ServiceRequestService.QuoteServiceRequest", Who::kReception,
     R"(name: "%QUOTE_ME%" estimate { minor_units: 15000 } note: "est.")"},
    {"ServiceRequestService.AcceptQuote", Who::kResident,
     R"(name: "%ACCEPT_ME%")"},
    {"ServiceRequestService.DisputeQuote", Who::kResident,
     R"(name: "%DISPUTE_ME%" reason: "too dear")"},
    {"ServiceRequestService.ProposePrice", Who::kDeskSupervisor,
     R"(name: "%PROPOSE_ME%" price { minor_units: 7000 } note: "agreed")"},
    {"ServiceRequestService.DecidePrice", Who::kManager,
     R"(name: "%DECIDE_ME%" price { minor_units: 8500 } note: "decided")"},
    {"ServiceRequestService.DispatchServiceRequest", Who::kReception,
     R"(name: "%DISPATCH_ME%" department: "%CLEANING%" note: "cleaning")"},
    {"ServiceRequestService.AssignServiceRequest", Who::kMaintSupervisor,
     R"(name: "%ASSIGN_ME%" assignee: "%PLUMBER%" note: "yours")"},
    {"ServiceRequestService.StartServiceRequest", Who::kDeskSupervisor,
     R"(name: "%START_ME%")"},
    {"ServiceRequestService.CompleteServiceRequest", Who::kDeskSupervisor,
     R"(name: "%WORK%" notes: "hung" minutes_spent: 20)"},
    {"ServiceRequestService.SignOffServiceRequest", Who::kResident,
     R"(name: "%SIGN_ME%")"},
    {"ServiceRequestService.DeclineSignOff", Who::kResident,
     R"(name: "%DECLINE_ME%" reason: "still dirty")"},
    {"ServiceRequestService.SettleServiceRequest", Who::kFinance,
     R"(name: "%SETTLE_ME%" amount { minor_units: 12000 })"},
    {"ServiceRequestService.CancelServiceRequest", Who::kResident,
     R"(name: "%CANCEL_ME%" reason: "not needed")"},
    // Last: once the event has started.
    {"FrontDeskService.RecordAttendance", Who::kReception,
     R"(name: "%REGISTRATION%" attended: true people: 2)",
     absl::Hours(24 * 10 + 1)},
};

class WriteRetryTest : public testing::WorldTest {
 protected:
  // Runs kWorld, recording each result's name (and etag) as a variable.
  void BuildWorld() {
    int n = 0;
    for (const Step& step : kWorld) {
      SCOPED_TRACE(absl::StrCat(step.var, " by ", step.method));
      std::string name;
      std::unique_ptr<google::protobuf::Message> response;
      ASSERT_THAT(
          Send(step.method, step.who, step.request, absl::StrCat("world-", ++n),
               &name, step.name_field, &response),
          IsOk());
      vars_[absl::StrCat("%", step.var, "%")] = name;
      const auto* etag = response->GetDescriptor()->FindFieldByName("etag");
      if (etag != nullptr) {
        vars_[absl::StrCat("%", step.var, "_ETAG%")] =
            response->GetReflection()->GetString(*response, etag);
      }
    }
    // The follow-up the signed-off request's completion scheduled.
    vars_["%SETTLE_FOLLOW_UP%"] = absl::StrCat(
        site_, "/followups/",
        QueryValue(db_->url(),
                   absl::StrCat("SELECT id FROM follow_ups WHERE request_id = ",
                                testing::ShortId(vars_["%SETTLE_ME%"]))));
  }

  // Every table's rows but the keys', as one string: equal digests mean
  // nothing was written.
  std::string Digest() {
    return QueryValue(db_->url(), R"sql(
      SELECT string_agg(c.relname || ':' || (xpath('/row/d/text()',
        query_to_xml(format('SELECT md5(coalesce(string_agg(x::text, '','' '
                            'ORDER BY x::text), '''')) AS d FROM %I x',
                            c.relname), false, true, '')))[1]::text, ' '
        ORDER BY c.relname)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND c.relname NOT IN ('idempotency_keys', 'schema_migrations'))sql");
  }

  // The request with one of its free-text fields changed, or nullopt when it
  // has none (its other fields name the resource and the move).
  static std::optional<std::string> WithOtherText(const std::string& request) {
    for (const char* field :
         {"note: \"", "reason: \"", "notes: \"", "comment: \""}) {
      const size_t at = request.find(field);
      if (at != std::string::npos) {
        std::string other = request;
        other.insert(at + std::string(field).size(), "other ");
        return other;
      }
    }
    return std::nullopt;
  }
};

TEST_F(WriteRetryTest, EveryWriteRepeatedAnswersItsFirstResponseAndWritesOnce) {
  BuildWorld();
  if (HasFatalFailure()) return;
  int n = 0;
  for (const WriteCase& c : kWrites) {
    SCOPED_TRACE(c.method);
    if (c.advance > absl::ZeroDuration()) clock_.Advance(c.advance);
    const std::string id = absl::StrCat("retry-", ++n);
    std::unique_ptr<google::protobuf::Message> first, again;
    ASSERT_THAT(Send(c.method, c.who, c.request, id, nullptr, "name", &first),
                IsOk());
    const std::string before = Digest();
    const std::string keys =
        QueryValue(db_->url(), "SELECT count(*) FROM idempotency_keys");
    // The first answer was lost: the client sends the same request again.
    ASSERT_THAT(Send(c.method, c.who, c.request, id, nullptr, "name", &again),
                IsOk());
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(*first, *again))
        << "first: " << first->ShortDebugString()
        << "\nagain: " << again->ShortDebugString();
    EXPECT_EQ(Digest(), before) << "the repeat wrote";
    // The same request_id with another request changes nothing either.
    if (std::optional<std::string> other = WithOtherText(c.request)) {
      EXPECT_THAT(Send(c.method, c.who, *other, id, nullptr),
                  StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           HasSubstr("request_id")));
      EXPECT_EQ(Digest(), before);
    }
    EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM idempotency_keys"),
              keys);
  }
}

// A retry of a write its caller did not know had failed runs it anew: only
// a committed write is kept with its key.
TEST_F(WriteRetryTest, AFailedWriteKeepsNoKeyAndItsRetryRuns) {
  BuildWorld();
  if (HasFatalFailure()) return;
  const std::string keys =
      QueryValue(db_->url(), "SELECT count(*) FROM idempotency_keys");
  // Not yet: the event has not started.
  EXPECT_THAT(
      Send("FrontDeskService.RecordAttendance", Who::kReception,
           R"(name: "%REGISTRATION%" attended: true)", "early", nullptr),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("started")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM idempotency_keys"),
            keys);
  clock_.Advance(absl::Hours(24 * 10 + 1));
  EXPECT_THAT(
      Send("FrontDeskService.RecordAttendance", Who::kReception,
           R"(name: "%REGISTRATION%" attended: true)", "early", nullptr),
      IsOk());
}

// Each method that takes a request_id is a create (replay_test.cc), a
// replayed write with a case above, or IssueToken.
TEST(WriteRetryCases, EveryWriteWithARequestIdHasACase) {
  std::set<std::string> cased;
  for (const WriteCase& c : kWrites) cased.insert(c.method);
  EXPECT_EQ(cased, testing::ReplayedWrites());
  for (const auto* service : testing::AllConciergeServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      const std::string name =
          absl::StrCat(service->name(), ".", method->name());
      const bool reads = absl::StartsWith(method->name(), "Get") ||
                         absl::StartsWith(method->name(), "List") ||
                         absl::StartsWith(method->name(), "Search") ||
                         absl::StartsWith(method->name(), "Render") ||
                         absl::StartsWith(method->name(), "Watch") ||
                         method->name() == "WhoAmI";
      EXPECT_EQ(method->input_type()->FindFieldByName("request_id") != nullptr,
                !reads)
          << name
          << (reads ? " reads but takes a request_id"
                    : " writes without a request_id");
    }
  }
}

}  // namespace
}  // namespace concierge
