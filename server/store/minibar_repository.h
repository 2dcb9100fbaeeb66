#ifndef CONCIERGE_SERVER_STORE_MINIBAR_REPOSITORY_H_
#define CONCIERGE_SERVER_STORE_MINIBAR_REPOSITORY_H_

// The minibars of a hotel's rooms: the items and their prices, what each
// room's minibar should hold, the counts and the restocks (the rule is
// server/domain/minibar.h).
//
// Every function runs on a session inside Database::Transact/Read; SOCI
// exceptions are mapped to absl::Status there.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/minibar.h"

namespace concierge::store {

// The site's items, in creation order.
std::vector<domain::MinibarItem> LoadMinibarItems(soci::session& sql,
                                                  int64_t site_id);
// Adds the item unless the site has its code already (then nothing).
void InsertMinibarItemIfMissing(soci::session& sql,
                                const domain::MinibarItem& item);

// What the room's minibar should hold, per item code (only items counted or
// restocked there), locking those rows until the transaction ends so that
// two counts of one room take turns.
std::map<std::string, int> LockMinibarStock(soci::session& sql, int64_t site_id,
                                            const std::string& room_number);
// The same without locking, by item code in item order (the room's day).
std::vector<domain::MinibarQuantity> ListMinibarStock(
    soci::session& sql, int64_t site_id, const std::string& room_number);
// After a count: the room's minibar holds `count` of the item.
void SetMinibarStock(soci::session& sql, int64_t site_id,
                     const std::string& room_number,
                     const std::string& item_code, int count, absl::Time now);

// Adds `quantity` of the item to the room's minibar (a restock; an item
// never counted there starts from what was added) and records who and
// through which action (0: none).
void RecordMinibarRestock(soci::session& sql, int64_t site_id,
                          const std::string& room_number,
                          const std::string& item_code, int quantity,
                          int64_t room_action_id, const std::string& by,
                          absl::Time now);

// The stay a count in a vacant room charges: the latest stay of the room
// checked out since its previous count (any, when it was never counted);
// 0 for none. Guest id in `guest_id`.
int64_t FindLateChargeStay(soci::session& sql, int64_t site_id,
                           const std::string& room_number, int64_t* guest_id);

// Inserts the count and its lines (with their consumption ids).
domain::MinibarCount InsertMinibarCount(soci::session& sql,
                                        const domain::MinibarCount& count);
std::optional<domain::MinibarCount> FindMinibarCount(soci::session& sql,
                                                     int64_t site_id,
                                                     int64_t count_id);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_MINIBAR_REPOSITORY_H_
