#include "server/usecase/arrivals.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/arrival_names.h"
#include "server/common/etag.h"
#include "server/common/guest_names.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/store/housekeeping_repository.h"
#include "server/usecase/guests.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// The reservation, locked; NOT_FOUND naming `field`.
absl::StatusOr<domain::Reservation> LockedReservation(
    soci::session& sql, absl::string_view field, const ReservationRef& ref,
    absl::string_view shown_name = "") {
  std::optional<domain::Reservation> r =
      store::LockReservation(sql, ref.site_id, ref.reservation_id);
  if (!r) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ",
        shown_name.empty() ? ReservationName(ref.site_id, ref.reservation_id)
                           : std::string(shown_name),
        " not found"));
  }
  return *r;
}

// The guest a reservation is for as it reads now (a merged guest's
// survivor).
std::optional<domain::Guest> CurrentGuest(soci::session& sql,
                                          int64_t guest_id) {
  std::optional<domain::Guest> guest = store::FindGuest(sql, guest_id);
  if (guest && guest->merged())
    guest = store::FindGuest(sql, guest->merged_into);
  return guest;
}

// What the hotel's rules are evaluated with.
struct RuleInputs {
  std::vector<domain::Rule> rules;
  domain::Vocabulary vocabulary;
};
RuleInputs LoadRuleInputs(soci::session& sql, int64_t site_id) {
  return {store::LoadRules(sql, site_id), store::LoadVocabulary(sql, site_id)};
}

// The preparations of one reservation, with the profile they came from.
struct Prepared {
  domain::Guest guest;
  std::vector<domain::Preference> preferences;
  std::vector<domain::ActionSuggestion> items;
  int64_t attendant_id = 0;
};
Prepared Prepare(soci::session& sql, const domain::Reservation& r,
                 const RuleInputs& in) {
  Prepared out;
  if (std::optional<domain::Guest> guest = CurrentGuest(sql, r.guest_id)) {
    out.guest = *std::move(guest);
    out.preferences = store::ListCurrentPreferences(sql, out.guest.id);
  }
  out.items = domain::PreparationsFor(
      r, domain::ArrivalContext(out.guest, out.preferences, r), in.rules,
      in.vocabulary);
  if (!r.room_number.empty()) {
    out.attendant_id =
        store::FindAssignee(sql, r.site_id, r.room_number, r.arrival_date);
  }
  return out;
}

PreparationView ViewOf(const domain::Reservation& r,
                       const domain::ActionSuggestion& item,
                       int64_t attendant_id,
                       std::optional<domain::PreparationMark> mark) {
  PreparationView view;
  view.site_id = r.site_id;
  view.reservation_id = r.id;
  view.item = item;
  view.room_number = r.room_number;
  view.attendant_id = attendant_id;
  view.mark = std::move(mark);
  return view;
}

// Saves `r` over the version it was read at; ABORTED when it moved on
// (the row is locked, so only a bug could make it).
absl::StatusOr<domain::Reservation> Save(soci::session& sql,
                                         const domain::Reservation& r,
                                         int64_t version) {
  std::optional<domain::Reservation> stored =
      store::SaveReservation(sql, r, version);
  if (!stored) return StaleEtag("reservation.etag", "reservation");
  return *stored;
}

}  // namespace

absl::StatusOr<domain::Reservation> CreateReservation(
    store::Database& db, const Actor& actor, domain::Reservation reservation,
    std::optional<domain::Guest> new_guest, const store::CreateKey& key) {
  const int64_t site_id = reservation.site_id;
  reservation.create_time = actor.now;
  reservation.update_time = actor.now;
  reservation.created_by = domain::ActorKey(actor.principal);
  if (new_guest) {
    new_guest->create_time = actor.now;
    new_guest->update_time = actor.now;
    new_guest->created_by = reservation.created_by;
    CONCIERGE_RETURN_IF_ERROR(
        domain::ValidateGuest("new_guest", *new_guest, actor.now));
  }
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateReservation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "parent", site_id));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReservation(
            "reservation", reservation,
            absl::ToCivilDay(actor.now, hotel.zone)));
        if (!reservation.room_number.empty()) {
          CONCIERGE_RETURN_IF_ERROR(
              CheckRoomNumber(sql, "reservation.room_number", site_id,
                              reservation.room_number));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  domain::Guest guest;
                  if (new_guest) {
                    CONCIERGE_ASSIGN_OR_RETURN(
                        guest, RegisterGuest(sql, "new_guest", *new_guest));
                  } else {
                    CONCIERGE_ASSIGN_OR_RETURN(
                        guest, GuestForNewFacts(sql, "reservation.guest",
                                                reservation.guest_id));
                  }
                  reservation.guest_id = guest.id;
                  reservation = store::InsertReservation(sql, reservation);
                  return ReservationName(site_id, reservation.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("reservation", *existing, "reservations"));
        CONCIERGE_ASSIGN_OR_RETURN(
            reservation, store::Replayed(*existing, store::FindReservation(
                                                        sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return reservation;
}

absl::StatusOr<domain::Reservation> GetReservation(store::Database& db,
                                                   const Actor& actor,
                                                   const ReservationRef& ref) {
  domain::Reservation out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetReservation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "name", ref.site_id).status());
        std::optional<domain::Reservation> r =
            store::FindReservation(sql, ref.site_id, ref.reservation_id);
        if (!r) {
          return absl::NotFoundError(absl::StrCat(
              "name: ", ReservationName(ref.site_id, ref.reservation_id),
              " not found"));
        }
        out = *std::move(r);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Reservation>> ListReservations(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::ReservationFilter& filter, const store::PageRequest& page) {
  store::Page<domain::Reservation> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListReservations", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "parent", site_id).status());
        out = store::ListReservations(sql, site_id, filter, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Reservation> UpdateReservation(
    store::Database& db, const Actor& actor, const ReservationUpdate& update,
    const ReplyOf<domain::Reservation>& reply) {
  domain::Reservation out;
  const ReservationRef& ref = update.ref;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateReservation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            HotelSite hotel, LoadHotel(sql, "reservation.name", ref.site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Reservation r,
            LockedReservation(sql, "reservation.name", ref));
        if (r.version != update.expected_version) {
          return StaleEtag("reservation.etag", "reservation");
        }
        CONCIERGE_RETURN_IF_ERROR(domain::CheckReservationMove(
            "reservation.name", ReservationName(r.site_id, r.id), r.state,
            domain::ReservationMove::kUpdate));
        const int64_t version = r.version;
        const domain::Reservation& given = update.given;
        for (const std::string& path : update.paths) {
          if (path == "arrival_date") {
            r.arrival_date = given.arrival_date;
          } else if (path == "departure_date") {
            r.departure_date = given.departure_date;
          } else if (path == "room_type") {
            r.room_type = given.room_type;
          } else if (path == "room_number") {
            r.room_number = given.room_number;
          } else if (path == "party") {
            r.party = given.party;
          } else if (path == "notes") {
            r.notes = given.notes;
          }
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateReservation(
            "reservation", r, absl::ToCivilDay(actor.now, hotel.zone)));
        if (!r.room_number.empty()) {
          CONCIERGE_RETURN_IF_ERROR(CheckRoomNumber(
              sql, "reservation.room_number", r.site_id, r.room_number));
        }
        r.update_time = actor.now;
        CONCIERGE_ASSIGN_OR_RETURN(out, Save(sql, r, version));
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Reservation> CancelReservation(
    store::Database& db, const Actor& actor, const ReservationRef& ref,
    std::optional<int64_t> expected_version, const std::string& reason,
    const ReplyOf<domain::Reservation>& reply) {
  domain::Reservation out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CancelReservation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "name", ref.site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(domain::Reservation r,
                                   LockedReservation(sql, "name", ref));
        if (expected_version && r.version != *expected_version) {
          return StaleEtag("etag", "reservation");
        }
        CONCIERGE_RETURN_IF_ERROR(domain::CheckReservationMove(
            "name", ReservationName(r.site_id, r.id), r.state,
            domain::ReservationMove::kCancel));
        const int64_t version = r.version;
        r.state = domain::StateAfter(r.state, domain::ReservationMove::kCancel);
        r.cancel_time = actor.now;
        r.cancel_reason = reason;
        r.update_time = actor.now;
        CONCIERGE_ASSIGN_OR_RETURN(out, Save(sql, r, version));
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Stay> CheckInReservation(
    store::Database& db, const Actor& actor, const ReservationCheckIn& check_in,
    const store::CreateKey& key) {
  const ReservationRef& ref = check_in.ref;
  domain::Stay stay = check_in.stay;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CheckIn", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "parent", ref.site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      domain::Reservation r,
                      LockedReservation(sql, "reservation", ref));
                  const std::string name = ReservationName(r.site_id, r.id);
                  CONCIERGE_RETURN_IF_ERROR(domain::CheckReservationMove(
                      "reservation", name, r.state,
                      domain::ReservationMove::kCheckIn));
                  if (check_in.guest_id != 0 &&
                      check_in.guest_id != r.guest_id) {
                    return absl::InvalidArgumentError(absl::StrCat(
                        "stay.guest: ", name, " is for ", GuestName(r.guest_id),
                        ", not ", GuestName(check_in.guest_id)));
                  }
                  stay = check_in.stay;
                  stay.site_id = r.site_id;
                  if (stay.room_number.empty())
                    stay.room_number = r.room_number;
                  if (stay.room_number.empty()) {
                    return absl::InvalidArgumentError(
                        absl::StrCat("stay.room_number: is required (", name,
                                     " names no room)"));
                  }
                  CONCIERGE_RETURN_IF_ERROR(CheckRoomNumber(
                      sql, "stay.room_number", r.site_id, stay.room_number));
                  if (stay.party.adults == 0) stay.party = r.party;
                  stay.check_in_time = actor.now;
                  if (!stay.expected_check_out_time) {
                    const absl::Time noon = absl::FromCivil(
                        absl::CivilHour(r.departure_date.year(),
                                        r.departure_date.month(),
                                        r.departure_date.day(), 12),
                        hotel.zone);
                    if (noon > actor.now) stay.expected_check_out_time = noon;
                  }
                  CONCIERGE_RETURN_IF_ERROR(
                      domain::ValidateStayTimes("stay", stay));
                  stay.created_by = domain::ActorKey(actor.principal);
                  CONCIERGE_ASSIGN_OR_RETURN(stay,
                                             OpenStay(sql, stay, r.guest_id));
                  const int64_t version = r.version;
                  r.state = domain::StateAfter(
                      r.state, domain::ReservationMove::kCheckIn);
                  r.stay_id = stay.id;
                  r.check_in_time = actor.now;
                  r.update_time = actor.now;
                  if (r.room_number.empty()) r.room_number = stay.room_number;
                  CONCIERGE_RETURN_IF_ERROR(Save(sql, r, version).status());
                  return StayName(r.site_id, stay.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseSiteChild("stay", *existing, "stays"));
        CONCIERGE_ASSIGN_OR_RETURN(
            stay,
            store::Replayed(*existing, store::FindStay(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return stay;
}

absl::StatusOr<ArrivalList> ListArrivals(store::Database& db,
                                         const Actor& actor,
                                         const ArrivalQuery& query,
                                         const store::PageRequest& page,
                                         const store::Reader& reader) {
  ArrivalList out;
  // Reading the guests is logged (the profile's access log): a write.
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ListArrivals", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = ArrivalList{};  // the transaction may run again
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "parent", query.site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            out.date, domain::ParseBusinessDate("arrival_date", query.date,
                                                actor.now, hotel.zone));
        const RuleInputs in = LoadRuleInputs(sql, query.site_id);
        std::map<std::pair<int64_t, std::string>, domain::PreparationMark>
            marks;
        for (domain::PreparationMark& m :
             store::ListPreparationMarks(sql, query.site_id, out.date)) {
          marks.emplace(std::make_pair(m.reservation_id, m.action_code),
                        std::move(m));
        }
        std::vector<int64_t> shown;
        for (domain::Reservation& r : store::ListArriving(
                 sql, query.site_id, out.date, query.include_cancelled)) {
          Prepared prepared = Prepare(sql, r, in);
          if (query.attendant_id != 0 &&
              prepared.attendant_id != query.attendant_id) {
            continue;
          }
          Arrival arrival;
          arrival.id = r.id;
          for (const domain::ActionSuggestion& item : prepared.items) {
            auto mark = marks.find({r.id, item.action.code});
            const domain::PreparationMark* done =
                mark == marks.end() ? nullptr : &mark->second;
            out.counts.Add(done);
            arrival.preparations.push_back(
                ViewOf(r, item, prepared.attendant_id,
                       done ? std::optional<domain::PreparationMark>(*done)
                            : std::nullopt));
          }
          if (r.id <= page.after_id) continue;  // counted, on an earlier page
          if (static_cast<int>(out.page.items.size()) == page.limit) {
            out.page.has_more = true;
            continue;
          }
          arrival.regular = domain::IsRegular(
              store::GetStayStats(sql, prepared.guest.id).completed);
          arrival.guest = std::move(prepared.guest);
          arrival.preferences = std::move(prepared.preferences);
          arrival.reservation = std::move(r);
          shown.push_back(arrival.guest.id);
          out.page.items.push_back(std::move(arrival));
        }
        if (!shown.empty()) store::LogProfileAccess(sql, shown, reader);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<PreparationView> MarkPreparationDone(
    store::Database& db, const Actor& actor, const PreparationRef& ref,
    const ReplyOf<PreparationView>& reply) {
  PreparationView out;
  const ReservationRef& rr = ref.reservation;
  const std::string name =
      PreparationName(rr.site_id, rr.reservation_id, ref.action_code);
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "MarkPreparationDone", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadHotel(sql, "name", rr.site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(domain::Reservation r,
                                   LockedReservation(sql, "name", rr, name));
        CONCIERGE_RETURN_IF_ERROR(domain::CheckReservationMove(
            "name", ReservationName(r.site_id, r.id), r.state,
            domain::ReservationMove::kMarkPrepared));
        const Prepared prepared =
            Prepare(sql, r, LoadRuleInputs(sql, r.site_id));
        if (actor.principal.role == domain::Role::kStaff &&
            (prepared.attendant_id == 0 ||
             prepared.attendant_id != actor.principal.id)) {
          return absl::PermissionDeniedError(absl::StrCat(
              "name: ", name, " is for the attendant of room ",
              r.room_number.empty() ? "(not yet known)" : r.room_number, " on ",
              domain::FormatBusinessDate(r.arrival_date), ", not for you"));
        }
        auto item = std::find_if(prepared.items.begin(), prepared.items.end(),
                                 [&](const domain::ActionSuggestion& s) {
                                   return s.action.code == ref.action_code;
                                 });
        if (item == prepared.items.end()) {
          return absl::NotFoundError(absl::StrCat(
              "name: ", name, " not found (", ReservationName(r.site_id, r.id),
              " needs no such preparation)"));
        }
        domain::PreparationMark mark;
        mark.site_id = r.site_id;
        mark.reservation_id = r.id;
        mark.action_code = ref.action_code;
        mark.room_number = r.room_number;
        mark.done_by = domain::ActorKey(actor.principal);
        mark.done_time = actor.now;
        mark.before_arrival = domain::MarkedBeforeArrival(r.state);
        if (!store::InsertPreparationMark(sql, mark)) {
          std::optional<domain::PreparationMark> earlier =
              store::FindPreparationMark(sql, r.site_id, r.id, ref.action_code);
          return absl::FailedPreconditionError(absl::StrCat(
              "name: ", name, " was already marked done",
              earlier ? absl::StrCat(" by ", earlier->done_by) : ""));
        }
        out = ViewOf(r, *item, prepared.attendant_id, mark);
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
