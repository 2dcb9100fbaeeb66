#ifndef CONCIERGE_CLIENTS_COMMON_ARRIVAL_COMMON_H_
#define CONCIERGE_CLIENTS_COMMON_ARRIVAL_COMMON_H_

// Arrival commands the staff terminal and the handheld share
// (ArrivalService): the arrivals of a date with what to prepare, and
// marking a preparation done. No business rules: the server decides what
// to prepare, whose it is and what an attendant may see.

#include <string>

#include "clients/common/cli.h"
#include "concierge/v1/arrivals.pb.h"

namespace concierge::cli {

// "12/PLACE_BABY_CRIB" for a preparation of sites/{site}/reservations/12.
std::string ShortPreparationId(const std::string& name);
// `arrivals [--date YYYY-MM-DD] [--attendant <staff>]`: each arriving guest
// (VIP, regular, preferences) and the preparations, with the counts of
// done before arrival. Attendants see their own rooms.
Command ArrivalsCommand();
// `prepare <reservation-id/ACTION | preparation name>`: marks it done.
Command PrepareCommand();

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_ARRIVAL_COMMON_H_
