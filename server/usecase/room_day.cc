#include "server/usecase/room_day.h"

#include "server/common/status_macros.h"
#include "server/store/housekeeping_repository.h"
#include "server/store/minibar_repository.h"
#include "server/usecase/hotel.h"

namespace concierge::usecase {
namespace {

// Notes the brief shows per room in the attendant's day.
constexpr int kBriefNotes = 5;

// What every room of a day is read against.
struct DayInputs {
  HotelSite hotel;
  absl::CivilDay date;
  std::vector<domain::Rule> rules;
  domain::Vocabulary vocabulary;
};

absl::StatusOr<DayInputs> LoadDayInputs(soci::session& sql,
                                        absl::string_view field,
                                        int64_t site_id) {
  DayInputs in;
  CONCIERGE_ASSIGN_OR_RETURN(in.hotel, LoadHotel(sql, field, site_id));
  in.rules = store::LoadRules(sql, site_id);
  in.vocabulary = store::LoadVocabulary(sql, site_id);
  return in;
}

absl::StatusOr<RoomDay> ReadRoomDay(soci::session& sql, const Actor& actor,
                                    const DayInputs& in,
                                    const std::string& number,
                                    std::optional<domain::Room> room,
                                    int64_t attendant,
                                    const store::Reader& reader) {
  const int64_t site_id = in.hotel.site.id;
  RoomDay day;
  day.room_number = number;
  day.room = std::move(room);
  day.date = in.date;
  day.attendant_id = attendant;
  CONCIERGE_ASSIGN_OR_RETURN(
      day.brief,
      store::LoadLoggedRoomBrief(sql, site_id, number, kBriefNotes, reader));
  day.state = domain::RoomStateOf(
      day.brief ? std::optional<domain::Stay>(day.brief->stay) : std::nullopt,
      actor.now, in.hotel.zone);
  day.checklist = domain::StandingChecklist(
      ContextOf(day.brief, actor.now, in.hotel.zone), in.rules, in.vocabulary);
  const absl::Time since = actor.now - domain::kHandoverWindow;
  day.open_actions = store::ListOpenRoomActions(sql, site_id, number);
  day.expired_actions =
      store::ListExpiredRoomActions(sql, site_id, number, since);
  day.handover_notes =
      store::ListHandoverNotes(sql, site_id, number, since, {0, 100}).items;
  day.minibar = store::ListMinibarStock(sql, site_id, number);
  day.last_visit = store::LastVisitBetween(
      sql, site_id, number, absl::FromCivil(in.date, in.hotel.zone),
      absl::FromCivil(in.date + 1, in.hotel.zone));
  return day;
}

}  // namespace

absl::StatusOr<RoomDay> GetRoomDay(store::Database& db, const Actor& actor,
                                   int64_t site_id,
                                   const std::string& room_number,
                                   const store::Reader& reader) {
  RoomDay day;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "GetRoomDay", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(DayInputs in,
                                   LoadDayInputs(sql, "site", site_id));
        CONCIERGE_RETURN_IF_ERROR(
            CheckRoomNumber(sql, "room_number", site_id, room_number));
        in.date = absl::ToCivilDay(actor.now, in.hotel.zone);
        const int64_t attendant =
            store::FindAssignee(sql, site_id, room_number, in.date);
        CONCIERGE_ASSIGN_OR_RETURN(
            day, ReadRoomDay(sql, actor, in, room_number,
                             store::FindRoomByNumber(sql, site_id, room_number),
                             attendant, reader));
        return absl::OkStatus();
      }));
  return day;
}

absl::StatusOr<AttendantDay> GetAttendantDay(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id,
                                             int64_t attendant_id,
                                             const std::string& business_date,
                                             const store::Reader& reader) {
  AttendantDay day;
  day.attendant_id = attendant_id;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ListMyRooms", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(DayInputs in,
                                   LoadDayInputs(sql, "parent", site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            in.date, domain::ParseBusinessDate("business_date", business_date,
                                               actor.now, in.hotel.zone));
        day.date = in.date;
        day.rooms.clear();  // the transaction may run again
        for (const domain::Room& room :
             store::ListAssignedRooms(sql, site_id, attendant_id, in.date)) {
          CONCIERGE_ASSIGN_OR_RETURN(
              RoomDay room_day, ReadRoomDay(sql, actor, in, room.number, room,
                                            attendant_id, reader));
          day.rooms.push_back(std::move(room_day));
        }
        return absl::OkStatus();
      }));
  return day;
}

}  // namespace concierge::usecase
