#ifndef CONCIERGE_CLIENTS_COMMON_HOUSEKEEPING_COMMON_H_
#define CONCIERGE_CLIENTS_COMMON_HOUSEKEEPING_COMMON_H_

// Housekeeping commands the handheld and the staff terminal share, and the
// small-screen printing of rooms, actions and notes (short lines, the most
// important first, both languages). No business rules: the server decides
// what to suggest and who may do what.

#include <string>

#include "clients/common/cli.h"
#include "concierge/v1/housekeeping.pb.h"

namespace concierge::cli {

// "AC_SETPOINT(23)" -> {code AC_SETPOINT, value 23}; lower case is accepted
// and upper-cased. False (with `error`) when malformed; whether the code is
// known is the server's to say.
bool ParseObservationArg(const std::string& text, v1::Observation* out,
                         std::string* error);
// "AC_SETPOINT(23)" / "AC_OFF".
std::string FormatObservation(const v1::Observation& o);

// One action in two short lines: "#31 Add a blanket  [state, cost, kind]"
// and "    why: ..." per reason.
void PrintAction(Invocation& inv, const v1::RoomAction& action,
                 bool with_reasons);
// A room of the day: the header line, then checklist, open actions and
// handover notes.
void PrintRoomDay(Invocation& inv, const v1::RoomDay& day, bool with_brief);
void PrintHandoverNote(Invocation& inv, const v1::HandoverNote& note);

// `done <action> [--quantity n]`, `skip <action> --reason`
// (RecordActionOutcome).
Command DoneCommand();
Command SkipCommand();
// `approvals`, `approve <action>`, `reject <action> --reason`.
Command ApprovalsCommand();
// Today's room actions whatever became of them (supervisors, managers).
Command DayActionsCommand();
Command ApproveCommand();
Command RejectCommand();
// `tasks [--department CODE]`: a department's queue.
Command TasksCommand();
// `handover <room> <text...>`, `handovers [<room>]`.
Command HandoverCommand();
Command HandoversCommand();
// `codes`: the site's observation codes and actions.
Command CodesCommand();
// `minibar <room> ITEM=n...`: the room's minibar counted (CountMinibar);
// prints what was consumed and charged.
Command MinibarCommand();
// `propose <room> <what...> --why ... [--cost 80.00]`: a member of staff's
// own idea for the guest (ProposeRoomAction); the words go in the caller's
// language.
Command ProposeCommand();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_HOUSEKEEPING_COMMON_H_
