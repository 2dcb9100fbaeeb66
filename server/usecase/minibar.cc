#include "server/usecase/minibar.h"

#include <map>
#include <optional>
#include <string>

#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/guest_repository.h"
#include "server/store/minibar_repository.h"
#include "server/usecase/hotel.h"

namespace concierge::usecase {
namespace {

// Who had the room: its guest now, or the one who checked out since the
// previous count.
void FindWhoHadTheRoom(soci::session& sql, domain::MinibarCount* count) {
  if (std::optional<domain::Stay> stay =
          store::FindOpenStay(sql, count->site_id, count->room_number)) {
    count->stay_id = stay->id;
    count->guest_id = stay->guest_id;
    return;
  }
  count->stay_id = store::FindLateChargeStay(
      sql, count->site_id, count->room_number, &count->guest_id);
}

absl::Status ChargeWhatWasDrunk(soci::session& sql, const Actor& actor,
                                domain::MinibarCount* count) {
  for (domain::MinibarLine& line : count->lines) {
    if (count->stay_id == 0 || line.amount().minor == 0) continue;
    domain::ConsumptionEntry entry;
    entry.site_id = count->site_id;
    entry.stay_id = count->stay_id;
    entry.kind = domain::ConsumptionKind::kMinibar;
    entry.description = domain::MinibarConsumptionText(line);
    entry.amount = line.amount();
    entry.recorded_by = count->counted_by;
    entry.record_time = actor.now;
    absl::StatusOr<domain::ConsumptionEntry> charged =
        store::RecordConsumption(sql, entry);
    if (charged.ok()) {
      line.consumption_id = charged->id;
    } else if (charged.status().code() !=
               absl::StatusCode::kFailedPrecondition) {
      // An erased guest takes no new facts.
      return charged.status();
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<domain::MinibarCount> CountMinibar(
    store::Database& db, const Actor& actor, domain::MinibarCount count,
    const std::vector<domain::MinibarQuantity>& counts,
    const store::CreateKey& key) {
  const int64_t site_id = count.site_id;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CountMinibar", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "site", site_id).status());
        CONCIERGE_RETURN_IF_ERROR(
            CheckRoomNumber(sql, "room_number", site_id, count.room_number));
        const std::vector<domain::MinibarItem> items =
            store::LoadMinibarItems(sql, site_id);
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateMinibarCounts("counts", counts, items));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  // Counts and restocks of the room take turns.
                  const std::map<std::string, int> expected =
                      store::LockMinibarStock(sql, site_id, count.room_number);
                  count.lines =
                      domain::MinibarLinesFromCount(counts, expected, items);
                  FindWhoHadTheRoom(sql, &count);
                  CONCIERGE_RETURN_IF_ERROR(
                      ChargeWhatWasDrunk(sql, actor, &count));
                  for (const domain::MinibarLine& line : count.lines) {
                    store::SetMinibarStock(sql, site_id, count.room_number,
                                           line.item_code, line.counted,
                                           actor.now);
                  }
                  count = store::InsertMinibarCount(sql, count);
                  return SiteChildName(site_id, "minibarCounts", count.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("count", *existing, "minibarCounts"));
        std::optional<domain::MinibarCount> first =
            store::FindMinibarCount(sql, ids[0], ids[1]);
        if (!first) return store::ReplayedResourceGone(*existing);
        count = *std::move(first);
        return absl::OkStatus();
      }));
  return count;
}

}  // namespace concierge::usecase
