#include "server/usecase/hotel.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"

namespace concierge::usecase {

bool IsManagement(const domain::Principal& p) {
  return p.role == domain::Role::kManager || p.role == domain::Role::kAdmin ||
         p.role == domain::Role::kGroupAdmin;
}

absl::StatusOr<HotelSite> LoadHotel(soci::session& sql, absl::string_view field,
                                    int64_t site_id) {
  std::optional<domain::Site> site = store::FindSite(sql, site_id);
  if (!site) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", SiteName(site_id), " not found"));
  }
  if (site->kind != domain::SiteKind::kHotel) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", SiteName(site_id), " is not a hotel"));
  }
  HotelSite hotel{*site, absl::UTCTimeZone()};
  if (!absl::LoadTimeZone(site->time_zone, &hotel.zone)) {
    hotel.zone = absl::UTCTimeZone();
  }
  return hotel;
}

// NOT_FOUND naming `field` unless `number` may name a room of the site.
absl::Status CheckRoomNumber(soci::session& sql, absl::string_view field,
                             int64_t site_id, const std::string& number) {
  if (store::RoomNumberAccepted(sql, site_id, number)) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat(field, ": ", SiteName(site_id), " has no room ", number));
}

// How much the caller may spend on one action alone: managers and
// administrators are not limited (they approve last); staff by their
// record's spending limit.
domain::SpendingLimit SpendingLimitOf(soci::session& sql,
                                      const domain::Principal& p) {
  if (IsManagement(p) || p.kind != domain::PrincipalKind::kStaff)
    return std::nullopt;
  std::optional<domain::Staff> staff = store::FindStaff(sql, p.site_id, p.id);
  return staff ? staff->spending_limit_minor : 0;
}

// How the caller stands to `action` (the state machine's "who").
domain::ActionRelations RelationsOf(const domain::Principal& p,
                                    const domain::RoomAction& action) {
  domain::ActionRelations who;
  const bool staff = p.kind == domain::PrincipalKind::kStaff;
  if (staff && p.id == action.requester_staff_id && !action.department_task) {
    who.Add(domain::ActionRelation::kRequester);
  }
  if (staff && p.department_id != 0 &&
      p.department_id == action.department_id) {
    who.Add(domain::ActionRelation::kDepartment);
  }
  if (staff && p.role == domain::Role::kSupervisor && p.department_id != 0 &&
      (p.department_id == action.requester_department_id ||
       p.department_id == action.department_id)) {
    who.Add(domain::ActionRelation::kApprover);
  }
  if (IsManagement(p)) who.Add(domain::ActionRelation::kManager);
  return who;
}

domain::GuestContext ContextOf(const std::optional<store::RoomBrief>& brief,
                               absl::Time now, absl::TimeZone zone) {
  domain::GuestContext context;
  if (!brief) return context;
  context.has_guest = true;
  context.birthday_today = domain::IsBirthdayToday(
      brief->guest.birthday.month, brief->guest.birthday.day, now, zone);
  context.infants = brief->stay.party.infants;
  context.vip_level = brief->guest.vip_level;
  for (const domain::Preference& p : brief->preferences) {
    context.preferences.push_back({p.category, p.key, p.value});
  }
  return context;
}

std::string CallerDepartment(soci::session& sql, const domain::Principal& p) {
  if (p.department_id == 0) return "";
  auto department = store::FindDepartment(sql, p.site_id, p.department_id);
  return department ? department->code : "";
}

absl::StatusOr<int64_t> ChargePaidService(soci::session& sql, int64_t site_id,
                                          int64_t stay_id,
                                          std::string description,
                                          domain::Money amount,
                                          const std::string& by,
                                          absl::Time now) {
  domain::ConsumptionEntry entry;
  entry.site_id = site_id;
  entry.stay_id = stay_id;
  entry.kind = domain::ConsumptionKind::kPaidService;
  entry.description = std::move(description);
  entry.amount = std::move(amount);
  entry.recorded_by = by;
  entry.record_time = now;
  CONCIERGE_ASSIGN_OR_RETURN(entry, store::RecordConsumption(sql, entry));
  return entry.id;
}

}  // namespace concierge::usecase
