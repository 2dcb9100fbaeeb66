#include "server/domain/directory.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/common/status_macros.h"
#include "server/domain/money.h"
#include "server/domain/text.h"

namespace concierge::domain {

absl::string_view SiteKindName(SiteKind kind) {
  return kind == SiteKind::kHotel ? "HOTEL" : "RESIDENTIAL";
}

std::optional<SiteKind> SiteKindFromName(absl::string_view name) {
  if (name == "RESIDENTIAL") return SiteKind::kResidential;
  if (name == "HOTEL") return SiteKind::kHotel;
  return std::nullopt;
}

std::vector<Department> DefaultDepartments(SiteKind kind) {
  auto dept = [](std::string code, std::string zh, std::string en,
                 int64_t hourly_cost_minor) {
    Department d;
    d.code = std::move(code);
    d.title_zh = std::move(zh);
    d.title_en = std::move(en);
    d.hourly_cost_minor = hourly_cost_minor;
    return d;
  };
  // Hourly cost rates are starting values for the annual review's cost
  // figures; each site's manager adjusts them.
  if (kind == SiteKind::kResidential) {
    return {dept("RECEPTION", "客戶接待服務中心", "Reception", 3000),
            dept("MAINTENANCE", "水電工程維修組", "Maintenance", 4000),
            dept("CLEANING", "保潔組", "Cleaning", 2500)};
  }
  return {dept("FRONT_DESK", "前廳部", "Front desk", 3500),
          dept("HOUSEKEEPING", "客房部", "Housekeeping", 3000),
          dept("FOOD_AND_BEVERAGE", "餐飲部", "Food and beverage", 3000),
          dept("ENGINEERING", "工程部", "Engineering", 4000)};
}

namespace {

// An IANA name ("Asia/Shanghai", "Etc/GMT+8"), never a path: the zone
// library opens the name as a file under the zoneinfo tree, and would open
// "/proc/self/fd/7", "../../etc/passwd" or "file:/dev/stdin" as given
// (reading a socket or blocking a call thread).
bool LooksLikeZoneName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.back() == '/' || absl::StrContains(name, "//")) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '/' && c != '_' && c != '-' &&
        c != '+') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ValidateSite(const Site& site) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("site.display_name", site.display_name, kRequiredName));
  if (site.time_zone.empty()) {
    return absl::InvalidArgumentError("site.time_zone: is required");
  }
  absl::TimeZone tz;
  if (!LooksLikeZoneName(site.time_zone) ||
      !absl::LoadTimeZone(site.time_zone, &tz)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "site.time_zone: not an IANA time zone such as Asia/Shanghai"));
  }
  return ValidateCurrency("site.currency_code", site.currency);
}

absl::Status ValidateDepartment(const Department& department) {
  CONCIERGE_RETURN_IF_ERROR(ValidateCode("department.code", department.code));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("department.title.zh", department.title_zh, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("department.title.en", department.title_en, kRequiredName));
  if (department.hourly_cost_minor < 0 ||
      department.hourly_cost_minor > kMaxMinorUnits) {
    return absl::InvalidArgumentError(
        "department.hourly_cost.minor_units: out of range");
  }
  return absl::OkStatus();
}

absl::Status ValidateStaff(const Staff& staff) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("staff.display_name", staff.display_name, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(ValidatePhone("staff.phone", staff.phone, false));
  if (!IsStaffRole(staff.role)) {
    return absl::InvalidArgumentError(
        "staff.role: must be one of ADMIN, MANAGER, SUPERVISOR, RECEPTION, "
        "STAFF, FINANCE");
  }
  if ((staff.role == Role::kSupervisor || staff.role == Role::kStaff) &&
      staff.department_id == 0) {
    return absl::InvalidArgumentError(
        "staff.department: is required for SUPERVISOR and STAFF");
  }
  if (staff.spending_limit_minor < 0 ||
      staff.spending_limit_minor > kMaxMinorUnits) {
    return absl::InvalidArgumentError(
        "staff.spending_limit.minor_units: out of range");
  }
  return absl::OkStatus();
}

absl::Status ValidateHousehold(const Household& household) {
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("household.building", household.building, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidateText("household.unit", household.unit, kRequiredName));
  return ValidateText("household.address", household.address, kOptionalName);
}

absl::Status ValidateResident(const Resident& resident) {
  CONCIERGE_RETURN_IF_ERROR(ValidateText("resident.display_name",
                                         resident.display_name, kRequiredName));
  CONCIERGE_RETURN_IF_ERROR(
      ValidatePhone("resident.phone", resident.phone, false));
  if (resident.household_id == 0) {
    return absl::InvalidArgumentError("resident.household: is required");
  }
  return absl::OkStatus();
}

}  // namespace concierge::domain
