#ifndef CONCIERGE_SERVER_DOMAIN_DIRECTORY_H_
#define CONCIERGE_SERVER_DOMAIN_DIRECTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/principal.h"

namespace concierge::domain {

enum class SiteKind { kResidential, kHotel };
absl::string_view SiteKindName(SiteKind kind);
std::optional<SiteKind> SiteKindFromName(absl::string_view name);

struct Site {
  int64_t id = 0;
  SiteKind kind = SiteKind::kResidential;
  std::string display_name;
  std::string time_zone;
  std::string currency = "CNY";
  absl::Time create_time;
  int64_t version = 1;
};

struct Department {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string code;
  std::string title_zh;
  std::string title_en;
  int64_t hourly_cost_minor = 0;
  absl::Time create_time;
};

struct Staff {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t department_id = 0;  // 0: none
  Role role = Role::kStaff;
  std::string display_name;
  std::string phone;
  int64_t spending_limit_minor = 0;
  bool active = true;
  absl::Time create_time;
  int64_t version = 1;
};

struct Household {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string building;
  std::string unit;
  std::string address;
  absl::Time create_time;
};

struct Resident {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t household_id = 0;
  std::string display_name;
  std::string phone;
  absl::Time create_time;
};

struct Partner {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string display_name;
  std::vector<std::string> scopes;
  absl::Time create_time;
};

// The departments every new site starts with: RECEPTION, MAINTENANCE,
// CLEANING for a residential site; FRONT_DESK, HOUSEKEEPING,
// FOOD_AND_BEVERAGE, ENGINEERING for a hotel.
std::vector<Department> DefaultDepartments(SiteKind kind);

absl::Status ValidateSite(const Site& site);
absl::Status ValidateDepartment(const Department& department);
// SUPERVISOR and STAFF belong to a department; only staff roles are allowed.
absl::Status ValidateStaff(const Staff& staff);
absl::Status ValidateHousehold(const Household& household);
absl::Status ValidateResident(const Resident& resident);

}  // namespace concierge::domain

#endif  // CONCIERGE_SERVER_DOMAIN_DIRECTORY_H_
