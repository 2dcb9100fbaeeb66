#include "server/usecase/guests.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/guest_names.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/directory_repository.h"
#include "server/store/housekeeping_repository.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

// The profile shows this many of the newest notes and consumption entries.
constexpr int kProfileRecentItems = 50;

// ALREADY_EXISTS when the loyalty number or a document belongs to a guest
// other than `self` (0 for a new guest).
absl::Status CheckUnique(soci::session& sql, absl::string_view prefix,
                         const domain::Guest& guest, int64_t self) {
  if (!guest.loyalty_number.empty()) {
    auto holder = store::FindGuestIdByLoyaltyNumber(sql, guest.loyalty_number);
    if (holder && *holder != self) {
      return absl::AlreadyExistsError(absl::StrCat(
          prefix, ".loyalty_number: already belongs to ", GuestName(*holder)));
    }
  }
  for (size_t i = 0; i < guest.documents.size(); ++i) {
    auto holder =
        store::FindGuestIdByDocument(sql, guest.documents[i].number_hmac);
    if (holder && *holder != self) {
      return absl::AlreadyExistsError(
          absl::StrCat(prefix, ".identity_documents[", i,
                       "]: already on file for ", GuestName(*holder)));
    }
  }
  return absl::OkStatus();
}

// For reads: a tombstone answers for its survivor.
absl::StatusOr<domain::Guest> GuestForRead(soci::session& sql,
                                           absl::string_view field,
                                           int64_t id) {
  std::optional<domain::Guest> guest = store::FindGuest(sql, id);
  if (guest && guest->merged())
    guest = store::FindGuest(sql, guest->merged_into);
  if (!guest) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", GuestName(id), " not found"));
  }
  return *guest;
}

enum class OnMerged { kFollow, kRefuse };

// For writes: locks the guest (or, with kFollow, a tombstone's survivor);
// an erased guest takes no new facts.
absl::StatusOr<domain::Guest> GuestForWrite(soci::session& sql,
                                            absl::string_view field, int64_t id,
                                            OnMerged on_merged) {
  std::optional<domain::Guest> guest = store::LockGuest(sql, id);
  if (guest && guest->merged()) {
    if (on_merged == OnMerged::kRefuse) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", GuestName(id), " was merged into ",
                       GuestName(guest->merged_into), "; use that guest"));
    }
    guest = store::LockGuest(sql, guest->merged_into);
  }
  if (!guest) {
    return absl::NotFoundError(
        absl::StrCat(field, ": ", GuestName(id), " not found"));
  }
  if (guest->erased()) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", GuestName(guest->id),
                     " was erased and takes no new facts"));
  }
  return *guest;
}

absl::StatusOr<domain::Stay> LoadStay(soci::session& sql,
                                      absl::string_view field,
                                      const StayRef& ref) {
  if (ref.room) {
    auto stay = store::FindOpenStay(sql, ref.site_id, ref.room->room_number);
    if (!stay) return NoOpenStay(*ref.room);
    return *stay;
  }
  auto stay = store::FindStay(sql, ref.site_id, ref.stay_id);
  if (!stay) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ", StayName(ref.site_id, ref.stay_id), " not found"));
  }
  return *stay;
}

// `current` with the fields `update.paths` names changed.
absl::StatusOr<domain::Guest> Updated(const domain::Guest& current,
                                      const GuestUpdate& update) {
  const domain::Guest& given = update.given;
  domain::Guest updated = current;
  for (const std::string& path : update.paths) {
    if (path == "chinese_name") {
      updated.chinese_name = given.chinese_name;
    } else if (path == "latin_name") {
      updated.latin_name = given.latin_name;
    } else if (path == "form_of_address") {
      updated.address_zh = given.address_zh;
      updated.address_en = given.address_en;
    } else if (path == "phone") {
      updated.phone = given.phone;
    } else if (path == "email") {
      updated.email = given.email;
    } else if (path == "language") {
      updated.language = given.language;
    } else if (path == "vip_level") {
      updated.vip_level = given.vip_level;
    } else if (path == "loyalty_number") {
      updated.loyalty_number = given.loyalty_number;
    } else if (path == "birthday") {
      updated.birthday = given.birthday;
    } else if (path == "accessibility_needs") {
      updated.accessibility = given.accessibility;
    } else if (path == "accessibility_note") {
      updated.accessibility_note = given.accessibility_note;
    } else if (path == "identity_documents") {
      updated.documents =
          update.documents.value_or(std::vector<domain::IdentityDocument>{});
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: unknown or read-only field \"", path.substr(0, 64),
          "\" (allowed: chinese_name, latin_name, form_of_address, phone, "
          "email, language, vip_level, loyalty_number, birthday, "
          "accessibility_needs, accessibility_note, identity_documents)"));
    }
  }
  return updated;
}

}  // namespace

absl::Status NoOpenStay(const RoomRef& room) {
  return absl::NotFoundError(
      absl::StrCat("room_number: no guest is checked in to room ",
                   room.room_number, " at ", SiteName(room.site_id)));
}

// --- guests ------------------------------------------------------------------

absl::StatusOr<domain::Guest> CreateGuest(store::Database& db,
                                          const Actor& actor,
                                          domain::Guest guest,
                                          const store::CreateKey& key) {
  guest.create_time = actor.now;
  guest.update_time = actor.now;
  guest.created_by = domain::ActorKey(actor.principal);
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateGuest("guest", guest, actor.now));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateGuest", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                CONCIERGE_ASSIGN_OR_RETURN(
                                    guest, RegisterGuest(sql, "guest", guest));
                                return GuestName(guest.id);
                              }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseName<1>("guest", *existing, {"guests"}));
          CONCIERGE_ASSIGN_OR_RETURN(
              guest, store::Replayed(*existing, store::FindGuest(sql, ids[0])));
          // A merged guest answers as its survivor.
          if (guest.merged()) {
            CONCIERGE_ASSIGN_OR_RETURN(guest,
                                       GuestForRead(sql, "guest", ids[0]));
          }
        }
        return absl::OkStatus();
      }));
  return guest;
}

absl::StatusOr<domain::Guest> RegisterGuest(soci::session& sql,
                                            absl::string_view prefix,
                                            domain::Guest guest) {
  CONCIERGE_RETURN_IF_ERROR(CheckUnique(sql, prefix, guest, 0));
  guest = store::InsertGuest(sql, guest);
  if (auto stored = store::FindGuest(sql, guest.id)) guest = *stored;
  return guest;
}

absl::StatusOr<domain::Guest> GuestForNewFacts(soci::session& sql,
                                               absl::string_view field,
                                               int64_t guest_id) {
  return GuestForWrite(sql, field, guest_id, OnMerged::kFollow);
}

absl::StatusOr<GuestProfile> GetGuestProfile(store::Database& db,
                                             const Actor& actor,
                                             int64_t guest_id,
                                             const store::Reader& reader) {
  GuestProfile out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "GetGuestProfile", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(out.guest,
                                   GuestForRead(sql, "name", guest_id));
        const int64_t id = out.guest.id;
        out.stats = store::GetStayStats(sql, id);
        out.preferences = store::ListCurrentPreferences(sql, id);
        out.notes = store::ListRecentNotes(sql, id, kProfileRecentItems);
        out.consumption =
            store::ListRecentConsumption(sql, id, kProfileRecentItems);
        out.consumption_totals = store::ConsumptionTotals(sql, id);
        out.merged_guests = store::ListMergedInto(sql, id);
        store::LogProfileAccess(sql, {id}, reader);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Guest> UpdateGuest(store::Database& db,
                                          const Actor& actor,
                                          const GuestUpdate& update,
                                          const ReplyOf<domain::Guest>& reply) {
  const int64_t id = update.guest_id;
  domain::Guest out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateGuest", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Guest current,
            GuestForWrite(sql, "guest.name", id, OnMerged::kRefuse));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Guest updated,
                                   Updated(current, update));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateGuest("guest", updated, actor.now));
        if (current.version != update.expected_version) {
          return StaleEtag("guest.etag", "guest");
        }
        CONCIERGE_RETURN_IF_ERROR(CheckUnique(sql, "guest", updated, id));
        std::optional<domain::Guest> stored = store::UpdateGuest(
            sql, updated, update.expected_version, actor.now);
        if (!stored) return StaleEtag("guest.etag", "guest");
        if (update.documents) {
          store::ReplaceDocuments(sql, id, *update.documents, actor.now);
          stored = store::FindGuest(sql, id);
        }
        if (reply) reply(*stored);
        out = *std::move(stored);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Guest>> SearchGuests(
    store::Database& db, const Actor& actor, const store::GuestSearch& search,
    const store::PageRequest& page, const store::Reader& reader) {
  store::Page<domain::Guest> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SearchGuests", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::SearchGuests(sql, search, page);
        std::vector<int64_t> ids;
        for (const domain::Guest& g : out.items) ids.push_back(g.id);
        store::LogProfileAccess(sql, ids, reader);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Guest> MergeGuests(store::Database& db,
                                          const Actor& actor,
                                          int64_t survivor_id,
                                          int64_t duplicate_id,
                                          const ReplyOf<domain::Guest>& reply) {
  if (survivor_id == duplicate_id) {
    return absl::InvalidArgumentError(
        "duplicate: must be another guest than survivor");
  }
  domain::Guest out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "MergeGuests", actor.deadline, [&](soci::session& sql) -> absl::Status {
        // Lock in id order, so two merges of the same pair cannot deadlock.
        const bool survivor_first = survivor_id < duplicate_id;
        absl::StatusOr<domain::Guest> first =
            survivor_first
                ? GuestForWrite(sql, "survivor", survivor_id, OnMerged::kRefuse)
                : GuestForWrite(sql, "duplicate", duplicate_id,
                                OnMerged::kRefuse);
        CONCIERGE_RETURN_IF_ERROR(first.status());
        absl::StatusOr<domain::Guest> second =
            survivor_first ? GuestForWrite(sql, "duplicate", duplicate_id,
                                           OnMerged::kRefuse)
                           : GuestForWrite(sql, "survivor", survivor_id,
                                           OnMerged::kRefuse);
        CONCIERGE_RETURN_IF_ERROR(second.status());
        const domain::Guest& survivor = survivor_first ? *first : *second;
        const domain::Guest& duplicate = survivor_first ? *second : *first;
        out = store::MergeGuests(
            sql, domain::MergeProfiles(survivor, duplicate), duplicate.id,
            actor.now, domain::ActorKey(actor.principal));
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Guest> EraseGuest(store::Database& db,
                                         const Actor& actor, int64_t id,
                                         const ReplyOf<domain::Guest>& reply) {
  domain::Guest out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "EraseGuest", actor.deadline, [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Guest> guest = store::LockGuest(sql, id);
        if (!guest) {
          return absl::NotFoundError(
              absl::StrCat("name: ", GuestName(id), " not found"));
        }
        if (guest->merged()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "name: ", GuestName(id), " was merged into ",
              GuestName(guest->merged_into), "; erase that guest"));
        }
        if (guest->erased()) {  // Erasing twice changes nothing.
          out = *guest;
        } else {
          const store::StayStats stats = store::GetStayStats(sql, id);
          if (!stats.open.empty()) {
            const domain::Stay& open = stats.open.front();
            return absl::FailedPreconditionError(absl::StrCat(
                "name: ", GuestName(id), " is checked in to room ",
                open.room_number, " (", StayName(open.site_id, open.id),
                "); check out first"));
          }
          out = store::EraseGuest(sql, id, actor.now,
                                  domain::ActorKey(actor.principal));
        }
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

// --- stays -------------------------------------------------------------------

absl::StatusOr<domain::Stay> CheckIn(store::Database& db, const Actor& actor,
                                     domain::Stay stay, int64_t guest_id,
                                     const store::CreateKey& key) {
  const int64_t site_id = stay.site_id;
  stay.check_in_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateStayTimes("stay", stay));
  stay.created_by = domain::ActorKey(actor.principal);
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CheckIn", actor.deadline, [&](soci::session& sql) -> absl::Status {
        std::optional<domain::Site> site = store::FindSite(sql, site_id);
        if (!site) {
          return absl::NotFoundError(
              absl::StrCat("parent: ", SiteName(site_id), " not found"));
        }
        if (site->kind != domain::SiteKind::kHotel) {
          return absl::FailedPreconditionError(
              absl::StrCat("parent: ", SiteName(site_id), " is not a hotel"));
        }
        // Once the hotel has its rooms (HousekeepingService.CreateRoom), a
        // stay must be in one of them.
        if (!store::RoomNumberAccepted(sql, site_id, stay.room_number)) {
          return absl::NotFoundError(
              absl::StrCat("stay.room_number: ", SiteName(site_id),
                           " has no room ", stay.room_number));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                CONCIERGE_ASSIGN_OR_RETURN(
                                    stay, OpenStay(sql, stay, guest_id));
                                return StayName(site_id, stay.id);
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

absl::StatusOr<domain::Stay> OpenStay(soci::session& sql, domain::Stay stay,
                                      int64_t guest_id) {
  const int64_t site_id = stay.site_id;
  CONCIERGE_ASSIGN_OR_RETURN(
      domain::Guest guest,
      GuestForWrite(sql, "stay.guest", guest_id, OnMerged::kFollow));
  stay.guest_id = guest.id;
  std::optional<domain::Stay> stored = store::InsertStay(sql, stay);
  if (!stored) {
    auto occupant = store::FindOpenStay(sql, site_id, stay.room_number);
    return absl::FailedPreconditionError(absl::StrCat(
        "stay.room_number: room ", stay.room_number, " at ", SiteName(site_id),
        " is occupied",
        occupant ? absl::StrCat(" (", StayName(site_id, occupant->id), ")")
                 : "",
        "; check that stay out first"));
  }
  return *stored;
}

absl::StatusOr<domain::Stay> CheckOut(store::Database& db, const Actor& actor,
                                      const StayRef& ref, absl::Time check_out,
                                      const ReplyOf<domain::Stay>& reply) {
  domain::Stay out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CheckOut", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Stay stay,
                                   LoadStay(sql, "name", ref));
        if (!stay.open()) {
          return absl::FailedPreconditionError(
              absl::StrCat("name: ", StayName(stay.site_id, stay.id),
                           " is already checked out"));
        }
        domain::Stay closed = stay;
        closed.check_out_time = check_out;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateStayTimes("", closed));
        std::optional<domain::Stay> stored =
            store::CloseStay(sql, stay.site_id, stay.id, check_out,
                             domain::ActorKey(actor.principal));
        if (!stored) {
          return absl::FailedPreconditionError(
              absl::StrCat("name: ", StayName(stay.site_id, stay.id),
                           " is already checked out"));
        }
        if (reply) reply(*stored);
        out = *std::move(stored);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<RoomCredential> IssueRoomCredential(
    store::Database& db, const Actor& actor, const StayRef& ref,
    const std::string& token_hash, const store::CreateKey& key) {
  RoomCredential out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "IssueRoomCredential", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(out.stay, LoadStay(sql, "stay", ref));
        if (!out.stay.open()) {
          return absl::FailedPreconditionError(
              absl::StrCat("stay: ", StayName(out.stay.site_id, out.stay.id),
                           " is checked out; a room's code is for the stay "
                           "in it now"));
        }
        store::TokenRecord token;
        token.kind = domain::PrincipalKind::kGuest;
        token.principal_id = out.stay.id;
        token.site_id = out.stay.site_id;
        token.label = absl::StrCat("room ", out.stay.room_number);
        token.create_time = actor.now;
        // Checking out ends it (token_repository.cc); the expiry is for a
        // stay nobody checks out.
        const absl::Time until =
            std::max(out.stay.expected_check_out_time.value_or(
                         actor.now + absl::Hours(24 * 29)),
                     actor.now);
        token.expire_time = until + absl::Hours(24);
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  out.token = store::InsertToken(sql, token, token_hash);
                  return TokenName(out.token.id);
                }));
        if (existing) {
          return absl::AlreadyExistsError(absl::StrCat(
              "request_id: ", *existing,
              " was already issued for this request_id and its secret is "
              "shown only once; revoke it and issue another"));
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Stay>> ListStays(
    store::Database& db, const Actor& actor, int64_t guest_id,
    store::StayFilter filter, const store::PageRequest& page,
    const store::Reader& reader) {
  store::Page<domain::Stay> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ListStays", actor.deadline, [&](soci::session& sql) -> absl::Status {
        if (guest_id != 0) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                     GuestForRead(sql, "guest", guest_id));
          filter.guest_id = guest.id;
        }
        out = store::ListStays(sql, filter, page);
        std::vector<int64_t> guests;
        for (const domain::Stay& s : out.items) {
          if (std::find(guests.begin(), guests.end(), s.guest_id) ==
              guests.end()) {
            guests.push_back(s.guest_id);
          }
        }
        store::LogProfileAccess(sql, guests, reader);
        return absl::OkStatus();
      }));
  return out;
}

// --- observations, preferences, consumption
// -----------------------------------

absl::StatusOr<Observed> RecordObservation(store::Database& db,
                                           const Actor& actor,
                                           const Observation& observation,
                                           const store::CreateKey& key) {
  const std::string author = domain::ActorKey(actor.principal);
  Observed out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordObservation", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        out = Observed{};
        int64_t guest_id = observation.guest_id;
        if (observation.room) {
          const RoomRef& room = *observation.room;
          auto stay = store::FindOpenStay(sql, room.site_id, room.room_number);
          if (!stay) return NoOpenStay(room);
          guest_id = stay->guest_id;
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Guest guest,
            GuestForWrite(sql, "guest", guest_id, OnMerged::kFollow));
        out.guest_id = guest.id;
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  std::string name = GuestName(guest.id);
                  if (!observation.text.empty()) {
                    domain::Note note;
                    note.guest_id = guest.id;
                    note.site_id = actor.principal.site_id;
                    note.department = CallerDepartment(sql, actor.principal);
                    note.author = author;
                    note.text = observation.text;
                    note.create_time = actor.now;
                    out.note = store::InsertNote(sql, note);
                    name = GuestChildName(guest.id, "notes", out.note->id);
                  }
                  for (domain::Preference p : observation.preferences) {
                    p.guest_id = guest.id;
                    p.recorded_by = author;
                    p.site_id = actor.principal.site_id;
                    p.record_time = actor.now;
                    CONCIERGE_ASSIGN_OR_RETURN(domain::Preference stored,
                                               store::RecordPreference(sql, p));
                    out.preferences.push_back(std::move(stored));
                  }
                  return name;
                }));
        if (!existing) return absl::OkStatus();
        // A repeat: the note first recorded and the current preferences.
        out.note.reset();
        out.preferences.clear();
        if (absl::StrContains(*existing, "/notes/")) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseName<2>("note", *existing, {"guests", "notes"}));
          CONCIERGE_ASSIGN_OR_RETURN(
              out.note,
              store::Replayed(*existing, store::FindNote(sql, ids[0], ids[1])));
          out.guest_id = out.note->guest_id;
        }
        for (const domain::Preference& p : observation.preferences) {
          if (auto current = store::FindCurrentPreference(sql, guest.id,
                                                          p.category, p.key)) {
            out.preferences.push_back(*current);
          }
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Preference>> ListPreferenceHistory(
    store::Database& db, const Actor& actor, int64_t guest_id,
    const store::PreferenceFilter& filter, const store::PageRequest& page,
    const store::Reader& reader) {
  store::Page<domain::Preference> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ListPreferenceHistory", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                   GuestForRead(sql, "guest", guest_id));
        out = store::ListPreferenceHistory(sql, guest.id, filter, page);
        store::LogProfileAccess(sql, {guest.id}, reader);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::ConsumptionEntry> RecordConsumption(
    store::Database& db, const Actor& actor, const StayRef& ref,
    domain::ConsumptionEntry entry, const store::CreateKey& key) {
  entry.recorded_by = domain::ActorKey(actor.principal);
  entry.record_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RecordConsumption", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        const std::string department = CallerDepartment(sql, actor.principal);
        if (!domain::MayRecordConsumption(actor.principal.role, department)) {
          return absl::PermissionDeniedError(absl::StrCat(
              "only front desk, food and beverage, housekeeping and managers "
              "charge stays (caller: ",
              domain::RoleName(actor.principal.role),
              department.empty() ? "" : absl::StrCat(" of ", department), ")"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(domain::Stay stay,
                                   LoadStay(sql, "stay", ref));
        entry.site_id = stay.site_id;
        entry.stay_id = stay.id;
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  CONCIERGE_ASSIGN_OR_RETURN(
                      entry, store::RecordConsumption(sql, entry));
                  return GuestChildName(entry.guest_id, "consumption",
                                        entry.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids,
            ParseName<2>("entry", *existing, {"guests", "consumption"}));
        CONCIERGE_ASSIGN_OR_RETURN(
            entry, store::Replayed(
                       *existing, store::FindConsumption(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return entry;
}

absl::StatusOr<store::Page<domain::ProfileAccess>> ListProfileAccess(
    store::Database& db, const Actor& actor, int64_t guest_id,
    const store::PageRequest& page) {
  store::Page<domain::ProfileAccess> out;
  CONCIERGE_RETURN_IF_ERROR(
      db.Read("ListProfileAccess", actor.deadline,
              [&](soci::session& sql) -> absl::Status {
                CONCIERGE_ASSIGN_OR_RETURN(
                    domain::Guest guest, GuestForRead(sql, "guest", guest_id));
                out = store::ListProfileAccess(sql, guest.id, page);
                return absl::OkStatus();
              }));
  return out;
}

}  // namespace concierge::usecase
