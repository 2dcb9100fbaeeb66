#ifndef CONCIERGE_CLIENTS_COMMON_FRONT_DESK_VIEW_H_
#define CONCIERGE_CLIENTS_COMMON_FRONT_DESK_VIEW_H_

// Printing front-desk records (parcels, custody, loans, messages, events,
// registrations, history), shared by the resident and staff clients.
// Every Print* prints a table for people, or the JSON array with
// --output json.

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "clients/common/cli.h"
#include "clients/common/paging.h"
#include "concierge/v1/frontdesk.grpc.pb.h"

namespace concierge::cli {

// The text in the user's language, else the other one.
std::string Pick(const Invocation& inv, const v1::LocalizedText& text);

std::string ParcelKindLabel(const Invocation& inv, v1::ParcelKind kind);
std::string RegistrationStateLabel(const Invocation& inv,
                                   v1::EventRegistrationState state);

void PrintParcels(const Invocation& inv, const std::vector<v1::Parcel>& all);
void PrintParcel(const Invocation& inv, const v1::Parcel& p);
void PrintCustody(const Invocation& inv,
                  const std::vector<v1::CustodyRecord>& all);
void PrintCustodyRecord(const Invocation& inv, const v1::CustodyRecord& r);
// The `lendable list` / `lendables` command of both clients: the site's
// lendables with what is available.
int ListLendablesCommand(Invocation& inv);
void PrintLendables(const Invocation& inv,
                    const std::vector<v1::LendableItem>& all);
void PrintLoans(const Invocation& inv, const std::vector<v1::Loan>& all);
void PrintLoan(const Invocation& inv, const v1::Loan& loan);
void PrintMessages(const Invocation& inv,
                   const std::vector<v1::VisitorMessage>& all);
void PrintMessage(const Invocation& inv, const v1::VisitorMessage& m);
void PrintEvents(const Invocation& inv,
                 const std::vector<v1::CommunityEvent>& all);
void PrintEvent(const Invocation& inv, const v1::CommunityEvent& e);
void PrintRegistrations(const Invocation& inv,
                        const std::vector<v1::EventRegistration>& all);
void PrintRegistration(const Invocation& inv, const v1::EventRegistration& r);
void PrintHistory(const Invocation& inv,
                  const std::vector<v1::HouseholdHistoryEntry>& all);

// Every page of a FrontDeskService List call; `field` picks the repeated
// field of a response. Returns the call's status.
template <typename Item, typename Request, typename Response, typename Call,
          typename Field>
grpc::Status CollectAll(const Invocation& inv, const Request& request,
                        Call call, Field field, std::vector<Item>* out) {
  return ForEachPage<Request, Response>(inv, request, call,
                                        [&](const Response& page) {
                                          for (const Item& item : field(page))
                                            out->push_back(item);
                                          return true;
                                        });
}

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_FRONT_DESK_VIEW_H_
