#include "server/domain/arrivals.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::domain {
namespace {

constexpr std::array<absl::string_view, 3> kStateNames = {
    "BOOKED", "CHECKED_IN", "CANCELLED"};

// The transition table: which moves each state allows.
struct Transition {
  ReservationState from;
  ReservationMove move;
  ReservationState to;
};
constexpr Transition kTransitions[] = {
    {ReservationState::kBooked, ReservationMove::kUpdate,
     ReservationState::kBooked},
    {ReservationState::kBooked, ReservationMove::kCancel,
     ReservationState::kCancelled},
    {ReservationState::kBooked, ReservationMove::kCheckIn,
     ReservationState::kCheckedIn},
    {ReservationState::kBooked, ReservationMove::kMarkPrepared,
     ReservationState::kBooked},
    {ReservationState::kCheckedIn, ReservationMove::kMarkPrepared,
     ReservationState::kCheckedIn},
};

const Transition* FindTransition(ReservationState state, ReservationMove move) {
  for (const Transition& t : kTransitions) {
    if (t.from == state && t.move == move) return &t;
  }
  return nullptr;
}

}  // namespace

absl::string_view ReservationStateName(ReservationState s) {
  return kStateNames[static_cast<int>(s)];
}

std::optional<ReservationState> ReservationStateFromName(absl::string_view n) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == n) return static_cast<ReservationState>(i);
  }
  return std::nullopt;
}

absl::string_view ReservationMoveName(ReservationMove m) {
  switch (m) {
    case ReservationMove::kUpdate:
      return "changed";
    case ReservationMove::kCancel:
      return "cancelled";
    case ReservationMove::kCheckIn:
      return "checked in";
    case ReservationMove::kMarkPrepared:
      return "prepared for";
  }
  return "";
}

absl::StatusOr<absl::CivilDay> ParseReservationDate(absl::string_view field,
                                                    absl::string_view text) {
  absl::CivilDay day;
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required (YYYY-MM-DD)"));
  }
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a date, YYYY-MM-DD"));
  }
  return day;
}

absl::Status ValidateReservation(absl::string_view prefix, const Reservation& r,
                                 absl::CivilDay today) {
  const std::string p(prefix);
  if (r.arrival_date < today - 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(p, ".arrival_date: is in the past"));
  }
  if (r.arrival_date > today + kMaxDaysAhead) {
    return absl::InvalidArgumentError(absl::StrCat(
        p, ".arrival_date: at most ", kMaxDaysAhead, " days ahead"));
  }
  if (r.departure_date <= r.arrival_date) {
    return absl::InvalidArgumentError(
        absl::StrCat(p, ".departure_date: must be after arrival_date"));
  }
  if (r.departure_date - r.arrival_date > kMaxNights) {
    return absl::InvalidArgumentError(absl::StrCat(
        p, ".departure_date: at most ", kMaxNights, " nights after arrival"));
  }
  if (!r.room_type.empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        ValidateCode(absl::StrCat(p, ".room_type"), r.room_type));
    if (r.room_type.size() > kMaxRoomTypeChars) {
      return absl::InvalidArgumentError(absl::StrCat(
          p, ".room_type: at most ", kMaxRoomTypeChars, " characters"));
    }
  }
  if (!r.room_number.empty()) {
    CONCIERGE_RETURN_IF_ERROR(
        ValidateRoomNumber(absl::StrCat(p, ".room_number"), r.room_number));
  }
  if (r.room_type.empty() && r.room_number.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(p, ".room_type: give a room type, a room number or both"));
  }
  CONCIERGE_RETURN_IF_ERROR(ValidateParty(absl::StrCat(p, ".party"), r.party));
  return ValidateText(absl::StrCat(p, ".notes"), r.notes, kOptionalNote);
}

absl::Status CheckReservationMove(absl::string_view field,
                                  absl::string_view name,
                                  ReservationState state,
                                  ReservationMove move) {
  if (FindTransition(state, move) != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": ", name, " is ", ReservationStateName(state),
                   " and cannot be ", ReservationMoveName(move)));
}

ReservationState StateAfter(ReservationState state, ReservationMove move) {
  const Transition* t = FindTransition(state, move);
  return t != nullptr ? t->to : state;
}

GuestContext ArrivalContext(const Guest& guest,
                            const std::vector<Preference>& preferences,
                            const Reservation& reservation) {
  GuestContext context;
  context.has_guest = true;
  // IsBirthdayToday compares the month and day of a time in a zone: noon
  // of the arrival date in UTC is that date.
  context.birthday_today = IsBirthdayToday(
      guest.birthday.month, guest.birthday.day,
      absl::FromCivil(absl::CivilSecond(reservation.arrival_date.year(),
                                        reservation.arrival_date.month(),
                                        reservation.arrival_date.day(), 12),
                      absl::UTCTimeZone()),
      absl::UTCTimeZone());
  context.infants = reservation.party.infants;
  context.vip_level = guest.vip_level;
  for (const Preference& p : preferences) {
    context.preferences.push_back({p.category, p.key, p.value});
  }
  return context;
}

std::vector<ActionSuggestion> PreparationsFor(const Reservation& reservation,
                                              const GuestContext& context,
                                              const std::vector<Rule>& rules,
                                              const Vocabulary& vocabulary) {
  if (reservation.state == ReservationState::kCancelled) return {};
  return StandingChecklist(context, rules, vocabulary);
}

void PreparationCounts::Add(const PreparationMark* mark) {
  ++total;
  if (mark == nullptr) {
    ++not_done;
  } else if (mark->before_arrival) {
    ++done_before_arrival;
  } else {
    ++done_after_arrival;
  }
}

}  // namespace concierge::domain
