#include "server/usecase/rooms.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

absl::StatusOr<domain::Staff> LoadAttendant(soci::session& sql, int64_t site_id,
                                            int64_t attendant_id) {
  const std::string name = StaffName(site_id, attendant_id);
  std::optional<domain::Staff> attendant =
      store::FindStaff(sql, site_id, attendant_id);
  if (!attendant) {
    return absl::NotFoundError(absl::StrCat("attendant: ", name, " not found"));
  }
  if (!attendant->active || (attendant->role != domain::Role::kStaff &&
                             attendant->role != domain::Role::kSupervisor)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "attendant: ", name, " is not an active STAFF or SUPERVISOR member"));
  }
  return *attendant;
}

absl::StatusOr<std::vector<int64_t>> RoomIds(
    soci::session& sql, int64_t site_id,
    const std::vector<std::string>& room_numbers) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < room_numbers.size(); ++i) {
    auto room = store::FindRoomByNumber(sql, site_id, room_numbers[i]);
    if (!room) {
      return absl::NotFoundError(
          absl::StrCat("room_numbers[", i, "]: ", SiteName(site_id),
                       " has no room ", room_numbers[i]));
    }
    ids.push_back(room->id);
  }
  return ids;
}

}  // namespace

absl::StatusOr<domain::Room> CreateRoom(store::Database& db, const Actor& actor,
                                        domain::Room room,
                                        const store::CreateKey& key) {
  const int64_t site_id = room.site_id;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateRoom", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "parent", site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  if (store::FindRoomByNumber(sql, site_id, room.number)) {
                    return absl::AlreadyExistsError(
                        absl::StrCat("room.number: ", SiteName(site_id),
                                     " already has room ", room.number));
                  }
                  room = store::InsertRoom(sql, room);
                  return SiteChildName(site_id, "rooms", room.id);
                }));
        if (!existing) return absl::OkStatus();
        // A repeat carries the same number as the first call; a room of
        // that number made since is another room.
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseSiteChild("room", *existing, "rooms"));
        std::optional<domain::Room> stored =
            store::FindRoomByNumber(sql, site_id, room.number);
        if (stored && stored->id != ids[1]) stored.reset();
        CONCIERGE_ASSIGN_OR_RETURN(
            room, store::Replayed(*existing, std::move(stored)));
        return absl::OkStatus();
      }));
  return room;
}

absl::StatusOr<store::Page<domain::Room>> ListRooms(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::RoomFilter& filter, const store::PageRequest& page) {
  store::Page<domain::Room> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListRooms", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListRooms(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<RoomAssignment> AssignRooms(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t attendant_id, const std::string& business_date,
    const std::vector<std::string>& room_numbers, bool replace,
    const AssignmentReply& reply) {
  RoomAssignment assigned;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "AssignRooms", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "parent", site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            assigned.date,
            domain::ParseBusinessDate("business_date", business_date, actor.now,
                                      hotel.zone));
        CONCIERGE_ASSIGN_OR_RETURN(const domain::Staff attendant,
                                   LoadAttendant(sql, site_id, attendant_id));
        CONCIERGE_ASSIGN_OR_RETURN(const std::vector<int64_t> room_ids,
                                   RoomIds(sql, site_id, room_numbers));
        const std::string by = domain::ActorKey(actor.principal);
        for (int64_t room_id : room_ids) {
          store::AssignRoom(sql, site_id, room_id, assigned.date, attendant.id,
                            by, actor.now);
        }
        if (replace) {
          store::ReleaseOtherRooms(sql, site_id, attendant.id, assigned.date,
                                   room_ids);
        }
        assigned.attendant_id = attendant.id;
        assigned.rooms =
            store::ListAssignedRooms(sql, site_id, attendant.id, assigned.date);
        if (static_cast<int>(assigned.rooms.size()) >
            domain::kMaxRoomsPerAttendantDay) {
          return absl::FailedPreconditionError(
              absl::StrCat("room_numbers: an attendant has at most ",
                           domain::kMaxRoomsPerAttendantDay, " rooms a day"));
        }
        if (reply) reply(assigned);
        return absl::OkStatus();
      }));
  return assigned;
}

absl::StatusOr<domain::HandoverNote> CreateHandoverNote(
    store::Database& db, const Actor& actor, domain::HandoverNote note,
    const store::CreateKey& key) {
  const int64_t site_id = note.site_id;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateHandoverNote", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "parent", site_id).status());
        CONCIERGE_RETURN_IF_ERROR(CheckRoomNumber(sql, "note.room_number",
                                                  site_id, note.room_number));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  note = store::InsertHandoverNote(sql, note);
                  return SiteChildName(site_id, "handoverNotes", note.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("note", *existing, "handoverNotes"));
        CONCIERGE_ASSIGN_OR_RETURN(
            note, store::Replayed(
                      *existing, store::FindHandoverNote(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return note;
}

absl::StatusOr<store::Page<domain::HandoverNote>> ListHandoverNotes(
    store::Database& db, const Actor& actor, int64_t site_id,
    const std::string& room_number, absl::Time since,
    const store::PageRequest& page) {
  store::Page<domain::HandoverNote> listed;
  CONCIERGE_RETURN_IF_ERROR(db.Read("ListHandoverNotes", actor.deadline,
                                    [&](soci::session& sql) -> absl::Status {
                                      listed = store::ListHandoverNotes(
                                          sql, site_id, room_number, since,
                                          page);
                                      return absl::OkStatus();
                                    }));
  return listed;
}

}  // namespace concierge::usecase
