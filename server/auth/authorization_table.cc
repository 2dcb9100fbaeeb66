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

using R = Role;

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

constexpr std::array kScopes = {
    absl::string_view("directory.read"),
    absl::string_view("guests.read"),
    absl::string_view("guests.write"),
};

#define CONCIERGE_RPC(service, method) "/concierge.v1." service "/" method

constexpr std::array kTable = {
    // --- DirectoryService --------------------------------------------------
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateSite"),
                     kGroupAdmin, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetSite"), kEveryone,
                     "directory.read"},
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
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreateResident"),
                     kDesk, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "GetResident"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListResidents"),
                     kStaffAndResidents, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "CreatePartner"),
                     kAdmins, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListPartners"),
                     kAdmins, ""},
    // Managers issue tokens for their site's staff (not admins) and
    // residents; partner tokens need an admin (checked by the service).
    MethodPermission{CONCIERGE_RPC("DirectoryService", "IssueToken"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "ListTokens"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "RevokeToken"),
                     kManagement, ""},
    MethodPermission{CONCIERGE_RPC("DirectoryService", "WhoAmI"), kEveryone,
                     "*"},
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
};

#undef CONCIERGE_RPC

}  // namespace

std::span<const MethodPermission> AuthorizationTable() { return kTable; }

std::span<const absl::string_view> KnownPartnerScopes() { return kScopes; }

}  // namespace concierge::auth
