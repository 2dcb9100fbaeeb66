#include "server/usecase/observations.h"

#include <optional>
#include <string>

#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping_rules.h"
#include "server/store/housekeeping_repository.h"
#include "server/usecase/hotel.h"

namespace concierge::usecase {
namespace {

// The guest's note from the visit, on the profile: one copy, so that
// erasing the guest erases it too.
void FileNoteOnProfile(soci::session& sql, const Actor& actor,
                       const store::RoomBrief& brief, domain::Visit* visit) {
  if (visit->note.empty()) return;
  domain::Note note;
  note.guest_id = brief.guest.id;
  note.site_id = visit->site_id;
  note.department = CallerDepartment(sql, actor.principal);
  note.author = visit->visited_by;
  note.text = visit->note;
  note.create_time = actor.now;
  visit->note_id = store::InsertNote(sql, note).id;
  visit->note.clear();
}

// Turndown work seen at the day's cleaning goes to the evening shift.
void HandOverIfForNextShift(soci::session& sql, const Actor& actor,
                            const domain::Visit& visit,
                            const domain::RoomAction& action) {
  if (!action.for_next_shift || visit.kind != domain::VisitKind::kCleaning) {
    return;
  }
  domain::HandoverNote note;
  note.site_id = visit.site_id;
  note.room_number = visit.room_number;
  note.text = domain::HandoverTextFor(action);
  note.room_action_id = action.id;
  note.author = visit.visited_by;
  note.create_time = actor.now;
  store::InsertHandoverNote(sql, note);
}

// Inserts the visit and the actions the rules suggest for it.
void RecordVisit(soci::session& sql, const Actor& actor, const HotelSite& hotel,
                 const domain::Vocabulary& vocabulary,
                 const std::optional<store::RoomBrief>& brief,
                 domain::Visit* visit) {
  const domain::Principal& p = actor.principal;
  const domain::GuestContext guest = ContextOf(brief, actor.now, hotel.zone);
  if (brief) {
    visit->stay_id = brief->stay.id;
    visit->guest_id = brief->guest.id;
    FileNoteOnProfile(sql, actor, *brief, visit);
  }
  const std::vector<domain::ActionSuggestion> suggestions =
      domain::SuggestActions(visit->observations, guest,
                             store::LoadRules(sql, visit->site_id), vocabulary);
  *visit = store::InsertVisit(sql, *visit);
  const domain::SpendingLimit limit = SpendingLimitOf(sql, p);
  // What an action that waits is useful until.
  domain::DeadlineContext deadline;
  deadline.zone = hotel.zone;
  if (brief) deadline.departure = brief->stay.expected_check_out_time;
  for (const domain::ActionSuggestion& s : suggestions) {
    domain::RoomAction action = store::InsertRoomAction(
        sql,
        domain::MakeRoomAction(*visit, s, limit, p.department_id, deadline));
    // Another department's task, or one a supervisor must approve: they
    // hear of it on WatchTasks.
    if (domain::ReachesTaskStream(action)) {
      store::AppendRoomActionEvent(
          sql, action, "SUGGEST", std::nullopt, visit->visited_by,
          std::string(domain::RoleName(p.role)), actor.now);
    }
    HandOverIfForNextShift(sql, actor, *visit, action);
  }
}

}  // namespace

absl::StatusOr<RecordedVisit> SubmitObservations(store::Database& db,
                                                 const Actor& actor,
                                                 domain::Visit visit,
                                                 const store::CreateKey& key,
                                                 const store::Reader& reader) {
  const int64_t site_id = visit.site_id;
  RecordedVisit recorded;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "SubmitObservations", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(HotelSite hotel,
                                   LoadHotel(sql, "site", site_id));
        CONCIERGE_RETURN_IF_ERROR(
            CheckRoomNumber(sql, "room_number", site_id, visit.room_number));
        const domain::Vocabulary vocabulary =
            store::LoadVocabulary(sql, site_id);
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateObservations(
            "observations", visit.observations, vocabulary));
        // A double tap is one observation.
        CONCIERGE_ASSIGN_OR_RETURN(visit.observations,
                                   domain::MergeRepeatedObservations(
                                       "observations", visit.observations));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  // The guest as the rules see them (reading the profile is
                  // logged like any brief).
                  CONCIERGE_ASSIGN_OR_RETURN(
                      std::optional<store::RoomBrief> brief,
                      store::LoadLoggedRoomBrief(sql, site_id,
                                                 visit.room_number, 0, reader));
                  RecordVisit(sql, actor, hotel, vocabulary, brief, &visit);
                  return SiteChildName(site_id, "visits", visit.id);
                }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("visit", *existing, "visits"));
          std::optional<domain::Visit> first =
              store::FindVisit(sql, ids[0], ids[1]);
          if (!first) return store::ReplayedResourceGone(*existing);
          visit = *std::move(first);
        }
        // Read back, for the first call and a repeat alike.
        recorded.visit = visit;
        recorded.actions = store::ListVisitActions(sql, site_id, visit.id);
        return absl::OkStatus();
      }));
  return recorded;
}

}  // namespace concierge::usecase
