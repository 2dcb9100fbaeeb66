#ifndef CONCIERGE_SERVER_USECASE_HOTEL_H_
#define CONCIERGE_SERVER_USECASE_HOTEL_H_

// What the hotel's use cases share: the site as a hotel, its rooms, how a
// caller stands to a room action, and the guest as the rules see them.

#include <soci/soci.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/directory.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/principal.h"
#include "server/store/guest_repository.h"

namespace concierge::usecase {

// Managers and administrators: they approve last and spend without limit.
bool IsManagement(const domain::Principal& p);

struct HotelSite {
  domain::Site site;
  absl::TimeZone zone;
};
// The site named in `field`: NOT_FOUND, or FAILED_PRECONDITION when it is
// not a hotel.
absl::StatusOr<HotelSite> LoadHotel(soci::session& sql, absl::string_view field,
                                    int64_t site_id);

// NOT_FOUND naming `field` unless `number` may name a room of the site.
absl::Status CheckRoomNumber(soci::session& sql, absl::string_view field,
                             int64_t site_id, const std::string& number);

// How much the caller may spend on one action alone: managers and
// administrators are not limited (they approve last); staff by their
// record's spending limit.
domain::SpendingLimit SpendingLimitOf(soci::session& sql,
                                      const domain::Principal& p);

// How the caller stands to `action` (the state machine's "who").
domain::ActionRelations RelationsOf(const domain::Principal& p,
                                    const domain::RoomAction& action);

// The guest in the room as the rules see them (none: no guest).
domain::GuestContext ContextOf(const std::optional<store::RoomBrief>& brief,
                               absl::Time now, absl::TimeZone zone);

// The caller's department code, "" when it has none.
std::string CallerDepartment(soci::session& sql, const domain::Principal& p);

// Charges `amount` to the stay as a PAID_SERVICE (a sale made in the room, a
// priced guest request done) recorded by `by` at `now`; the entry's id.
absl::StatusOr<int64_t> ChargePaidService(soci::session& sql, int64_t site_id,
                                          int64_t stay_id,
                                          std::string description,
                                          domain::Money amount,
                                          const std::string& by,
                                          absl::Time now);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_HOTEL_H_
