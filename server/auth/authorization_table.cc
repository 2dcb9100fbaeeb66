// THE authorization table: which roles may call which RPC.
//
// Every RPC of every concierge.v1 service has exactly one row; the server
// refuses to start if a registered method has none, and
// tests/unit/authorization_table_test.cc walks the proto descriptors to keep
// it so. Rows say who may call at all; the services then check the resource
// (own site, own household, own department) before touching data.

#include <array>

#include "absl/strings/string_view.h"
#include "server/auth/authorization.h"

namespace concierge::auth {
namespace {

using R = domain::Role;

// Building blocks, named for what the people do.
constexpr RoleSet kGroupAdmin{R::kGroupAdmin};
constexpr RoleSet kAdmins{R::kGroupAdmin, R::kAdmin};
constexpr RoleSet kManagement{R::kGroupAdmin, R::kAdmin, R::kManager};
constexpr RoleSet kDesk = kManagement | RoleSet{R::kReception};
constexpr RoleSet kAllStaff{R::kGroupAdmin, R::kAdmin,     R::kManager,
                            R::kSupervisor, R::kReception, R::kStaff,
                            R::kFinance};
constexpr RoleSet kStaffAndResidents = kAllStaff | RoleSet{R::kResident};
constexpr RoleSet kEveryone = kStaffAndResidents | RoleSet{R::kPartner};
constexpr RoleSet kStaffAndPartners = kAllStaff | RoleSet{R::kPartner};
// A hotel guest with the room's credential: the hotel's published services
// and the stay's own requests, nothing else.
constexpr RoleSet kGuest{R::kGuest};
constexpr RoleSet kEveryoneAndGuests = kEveryone | kGuest;

constexpr RoleSet kManager{R::kManager};
constexpr RoleSet kCatalogEditors{R::kManager, R::kSupervisor};
constexpr RoleSet kManagerAndDesk{R::kManager, R::kReception};

// Service requests: who takes part in which move (the request's own state
// machine then checks department, assignee, household or stay). Who takes
// a request also depends on the site's kind (domain::CheckMayRegister): in
// a community the desk, residents and partners; in a hotel any member of
// staff who meets the guest, partners and the guest from the room.
constexpr RoleSet kRequestTakers =
    kAllStaff | kGuest | RoleSet{R::kResident, R::kPartner};
constexpr RoleSet kRequestReaders = kEveryoneAndGuests;
constexpr RoleSet kQuoters{R::kReception, R::kSupervisor, R::kManager};
constexpr RoleSet kResidentSide{R::kResident, R::kReception};
constexpr RoleSet kDispatchers{R::kReception, R::kManager};
constexpr RoleSet kAssigners{R::kSupervisor, R::kManager};
constexpr RoleSet kWorkers{R::kStaff, R::kSupervisor};
constexpr RoleSet kSigners{R::kResident, R::kGuest, R::kReception,
                           R::kSupervisor, R::kStaff};
constexpr RoleSet kDecliners{R::kResident, R::kReception, R::kSupervisor};
constexpr RoleSet kCancellers{R::kResident,   R::kGuest,   R::kReception,
                              R::kSupervisor, R::kManager, R::kPartner};
constexpr RoleSet kLedgerReaders{R::kManager, R::kFinance, R::kReception};

// The front desk: reception (and the management above it) keeps the
// records; supervisors also lend tools and run events; residents read
// their own household's records and register for events.
constexpr RoleSet kFrontDesk = kDesk | RoleSet{R::kSupervisor};
constexpr RoleSet kDeskAndResidents = kDesk | RoleSet{R::kResident};
constexpr RoleSet kFrontDeskAndResidents = kFrontDesk | RoleSet{R::kResident};
constexpr RoleSet kResidents{R::kResident};
// Quality: the staff who hear residents (desk, supervisors, management),
// and residents with them (complaints, suggestions).
constexpr RoleSet kQualityDesk = kDesk | RoleSet{R::kSupervisor};
constexpr RoleSet kResidentVoice = kQualityDesk | RoleSet{R::kResident};
// Housekeeping: who approves, who works in the rooms.
constexpr RoleSet kSupervisorsUp = kManagement | RoleSet{R::kSupervisor};
constexpr RoleSet kHotelWorkers =
    kSupervisorsUp | RoleSet{R::kReception, R::kStaff};

constexpr std::array kScopes = {
    absl::string_view("directory.read"), absl::string_view("catalog.read"),
    absl::string_view("requests.read"),  absl::string_view("requests.write"),
    absl::string_view("guests.read"),    absl::string_view("guests.write"),
};

#define CONCIERGE_RPC(service, method) "/concierge.v1." service "/" method

constexpr std::array kTable = {
    // --- DirectoryService --------------------------------------------------
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateSite"),
                     kGroupAdmin, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetSite"),
                     kEveryoneAndGuests, "directory.read"},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListSites"), kEveryone,
                     "directory.read"},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateDepartment"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListDepartments"),
                     kStaffAndPartners, "directory.read"},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateStaff"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetStaff"), kAllStaff,
                     ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListStaff"), kAllStaff,
                     ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "UpdateStaff"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateHousehold"),
                     kDesk, ""},
    // Residents: their own household only (checked by the service).
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetHousehold"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListHouseholds"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateResident"), kDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetResident"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListResidents"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreatePartner"),
                     kAdmins, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListPartners"), kAdmins,
                     ""},
    // Managers issue tokens for their site's staff (not admins) and
    // residents; partner tokens need an admin (checked by the service).
    MethodPermission{CONCIERGE_RPC("DirectoryService", "IssueToken"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListTokens"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "RevokeToken"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "WhoAmI"),
                     kEveryoneAndGuests, "*"},

    // --- CatalogService ----------------------------------------------------
    // Residents and partners read what was published (checked by the
    // service); department heads draft; only the manager approves.
    MethodPermission{CONCIERGE_RPC("CatalogService", "ListServiceItems"),
                     kEveryoneAndGuests, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "GetServiceItem"),
                     kEveryoneAndGuests, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "CreateServiceItem"),
                     kCatalogEditors, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "UpdateServiceItem"),
                     kCatalogEditors, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "ApproveServiceItem"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "RetireServiceItem"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "SetServicePrice"),
                     kCatalogEditors, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "ApproveServicePrice"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "RejectServicePrice"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "ListServicePrices"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "CreateAnnouncement"),
                     kManagerAndDesk, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "GetAnnouncement"),
                     kEveryone, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "ListAnnouncements"),
                     kEveryone, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "PublishAnnouncement"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "RenderAnnouncement"),
                     kEveryone, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "AdoptDefaultCatalogue"),
                     kManager, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "CreateProvider"),
                     kManagerAndDesk, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "UpdateProvider"),
                     kManagerAndDesk, ""},
    MethodPermission{CONCIERGE_RPC("CatalogService", "ListProviders"),
                     kStaffAndPartners, "catalog.read"},
    MethodPermission{CONCIERGE_RPC("CatalogService", "SearchProviders"),
                     kEveryone, "catalog.read"},

    // --- ServiceRequestService --------------------------------------------
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "CreateServiceRequest"),
        kRequestTakers, "requests.write"},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "GetServiceRequest"),
        kRequestReaders, "requests.read"},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "ListServiceRequests"),
        kRequestReaders, "requests.read"},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "ListRequestEvents"),
        kRequestReaders, "requests.read"},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "QuoteServiceRequest"), kQuoters,
        ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "AcceptQuote"),
                     kResidentSide, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "DisputeQuote"),
                     kResidentSide, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "ProposePrice"),
                     RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "DecidePrice"),
                     kManager, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "DispatchServiceRequest"),
        kDispatchers, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "AssignServiceRequest"),
        kAssigners, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "StartServiceRequest"), kWorkers,
        ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "CompleteServiceRequest"),
        kWorkers, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "SignOffServiceRequest"),
        kSigners, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "DeclineSignOff"),
                     kDecliners, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "SettleServiceRequest"),
        RoleSet{R::kFinance}, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "CancelServiceRequest"),
        kCancellers, "requests.write"},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "GetTaskSheet"),
                     kStaffAndResidents, ""},
    MethodPermission{
        CONCIERGE_RPC("ServiceRequestService", "ListPaidServiceRecords"),
        kLedgerReaders, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "GetRepairHistory"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("ServiceRequestService", "WatchTasks"),
                     kAllStaff, ""},
    // --- GuestProfileService -------------------------------------------------
    // Hotel sites only (checked by the service). The front desk registers
    // guests and stays; every department but finance records what it
    // observes; managers merge, erase and audit. What each role SEES of a
    // guest is the privacy table in server/domain/guests.h.
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "CreateGuest"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "GetGuestProfile"),
                     kStaffAndPartners, "guests.read"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "UpdateGuest"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "SearchGuests"),
                     kStaffAndPartners, "guests.read"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "MergeGuests"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "EraseGuest"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "CheckIn"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "CheckOut"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "ListStays"),
                     kStaffAndPartners, "guests.read"},
    MethodPermission{
        CONCIERGE_RPC("GuestProfileService", "RecordObservation"),
        RoleSet{R::kGroupAdmin, R::kAdmin, R::kManager, R::kSupervisor,
                R::kReception, R::kStaff, R::kPartner},
        "guests.write"},
    MethodPermission{
        CONCIERGE_RPC("GuestProfileService", "ListPreferenceHistory"),
        kStaffAndPartners, "guests.read"},
    // Which departments may charge a stay is checked by the service.
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "RecordConsumption"),
                     kStaffAndPartners, "guests.write"},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "GetRoomGuestBrief"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("GuestProfileService", "ListProfileAccess"),
                     kManagement, ""},
    // The QR code for a room: the desk prints it at check-in.
    MethodPermission{
        CONCIERGE_RPC("GuestProfileService", "IssueRoomCredential"), kDesk, ""},
    // --- ArrivalService ---------------------------------------------------
    // Hotel sites only (checked by the service). The front desk and the
    // PMS enter reservations; everyone who prepares rooms reads the
    // arrivals (attendants only their own rooms') and marks preparations.
    MethodPermission{CONCIERGE_RPC("ArrivalService", "CreateReservation"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "GetReservation"),
                     kHotelWorkers | RoleSet{R::kPartner}, "guests.read"},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "ListReservations"),
                     kHotelWorkers | RoleSet{R::kPartner}, "guests.read"},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "UpdateReservation"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "CancelReservation"),
                     kDesk | RoleSet{R::kPartner}, "guests.write"},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "ListArrivals"),
                     kHotelWorkers, ""},
    MethodPermission{CONCIERGE_RPC("ArrivalService", "MarkPreparationDone"),
                     kHotelWorkers, ""},
    // --- FrontDeskService ------------------------------------------------
    // Residential sites only (checked by the service); residents see their
    // own household's records only (checked by the service).
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "LogParcel"), kDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListParcels"), kDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListMyParcels"),
                     kResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "RecordPickup"), kDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "DepositValuables"),
                     kDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListCustody"),
                     kDeskAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ReturnValuables"),
                     kDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "CreateLendableItem"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "SetLendableStock"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListLendableItems"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "LendItem"), kFrontDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ReturnItem"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListLoans"),
                     kFrontDeskAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "LeaveMessage"), kDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListMyMessages"),
                     kResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "AcknowledgeMessage"),
                     kResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "CreateEvent"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "CancelEvent"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListEvents"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "RegisterForEvent"),
                     kDeskAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "CancelRegistration"),
                     kDeskAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListRegistrations"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "RecordAttendance"),
                     kFrontDesk, ""},
    MethodPermission{CONCIERGE_RPC("FrontDeskService", "ListHouseholdHistory"),
                     kDeskAndResidents, ""},

    // --- QualityService ------------------------------------------------------
    // Follow-ups, complaints, suggestions, surveys, the review and plans are
    // residential (checked by the service); praise, reports and evaluations
    // serve hotels too. Supervisors act for their own department, residents
    // for their own household (checked by the service; the complaint moves
    // by the one table in server/domain/quality.cc).
    MethodPermission{CONCIERGE_RPC("QualityService", "ListDueFollowUps"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "RecordFollowUp"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListFollowUps"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "CreateComplaint"),
                     kResidentVoice, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetComplaint"),
                     kResidentVoice, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListComplaints"),
                     kResidentVoice, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "UpdateComplaint"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "RecordPraise"),
                     kQualityDesk, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListPraise"),
                     kQualityDesk, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetQualityReport"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "CreateEvaluation"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListEvaluations"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "CreateSuggestion"),
                     kResidentVoice, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListSuggestions"),
                     kResidentVoice, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "TriageSuggestion"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "CreateSurvey"), kDesk,
                     ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetSurvey"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListSurveys"),
                     kStaffAndResidents, ""},
    // Residents answer for their household; reception enters paper forms.
    MethodPermission{CONCIERGE_RPC("QualityService", "SubmitSurveyResponse"),
                     kDesk | RoleSet{R::kResident}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetSurveyResults"),
                     kQualityDesk, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetAnnualReview"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "CreateServicePlan"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "GetServicePlan"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ListServicePlans"),
                     kManagement | RoleSet{R::kSupervisor}, ""},
    MethodPermission{CONCIERGE_RPC("QualityService", "ApproveServicePlan"),
                     kManagement, ""},
    // --- HousekeepingService -------------------------------------------------
    // Hotel sites only (checked by the service). Managers set up rooms and
    // rules; supervisors assign rooms and approve what costs more than an
    // attendant may spend; every department but finance observes, acts and
    // hands over. Which action a caller may move is the action state
    // machine's (server/domain/housekeeping.cc).
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "CreateRoom"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ListRooms"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "AssignRooms"),
                     kSupervisorsUp, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ListMyRooms"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "GetRoomDay"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "GetVocabulary"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "SubmitObservations"),
                     kHotelWorkers, ""},
    // Any member of staff may propose a personalised action for a guest
    // (seed Part 3); above their spending limit it waits for approval.
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ProposeRoomAction"),
                     kAllStaff, ""},
    MethodPermission{
        CONCIERGE_RPC("HousekeepingService", "RecordActionOutcome"),
        kHotelWorkers, ""},
    MethodPermission{
        CONCIERGE_RPC("HousekeepingService", "ListPendingApprovals"),
        kSupervisorsUp, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ApproveAction"),
                     kSupervisorsUp, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "RejectAction"),
                     kSupervisorsUp, ""},
    MethodPermission{
        CONCIERGE_RPC("HousekeepingService", "ListDepartmentTasks"), kAllStaff,
        ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ListRoomActions"),
                     kSupervisorsUp, ""},
    // Attendants count the minibar at a visit, the front desk at checkout.
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "CountMinibar"),
                     kHotelWorkers, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "CreateHandoverNote"),
                     kHotelWorkers, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ListHandoverNotes"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "ListRules"),
                     kAllStaff, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "CreateRule"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "UpdateRule"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("HousekeepingService", "DisableRule"),
                     kManagement, ""},
};

#undef CONCIERGE_RPC

}  // namespace

std::span<const MethodPermission> AuthorizationTable() { return kTable; }

std::span<const absl::string_view> KnownPartnerScopes() { return kScopes; }

}  // namespace concierge::auth
