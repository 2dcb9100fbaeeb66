#ifndef CONCIERGE_CLIENTS_COMMON_GUEST_COMMON_H_
#define CONCIERGE_CLIENTS_COMMON_GUEST_COMMON_H_

// Guest-profile commands both the staff terminal and the housekeeping
// handheld offer: the room brief and recording an observation.

#include <string>

#include "clients/common/cli.h"
#include "concierge/v1/guests.pb.h"

namespace concierge::cli {

// `room <number>`: who is in the room and what to know, short lines, the
// most important first (GetRoomGuestBrief).
Command RoomBriefCommand();

// `observe <guest-or-room> [--note text] [--pref category:key=value]`
// (RecordObservation). "guests/N" names a guest; anything else is a room
// number of the caller's site (or --site).
Command ObserveCommand();

// "room:curtains=gap" -> a preference; false (with `error`) when malformed.
// Categories: room, food_and_beverage (or fb), amenity, service.
bool ParsePreferenceArg(const std::string& text, v1::Preference* out,
                        std::string* error);

// Prints the brief as short lines for a small screen.
void PrintBrief(Invocation& inv, const v1::RoomGuestBrief& brief);

// "guests/5" or "5" -> "guests/5".
std::string GuestNameArg(const std::string& text);

// The display label of a preference category ("ROOM" / "客房").
std::string CategoryLabel(Invocation& inv, v1::PreferenceCategory category);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_GUEST_COMMON_H_
