#ifndef CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_
#define CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_

// Front desk proto <-> domain.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concierge/v1/frontdesk.pb.h"
#include "server/domain/front_desk.h"

namespace concierge::api {

// Proto enum -> domain enum by name; INVALID_ARGUMENT naming `field` for
// UNSPECIFIED or unknown values.
absl::StatusOr<domain::ParcelKind> FromProto(absl::string_view field,
                                             v1::ParcelKind v);
absl::StatusOr<domain::ParcelState> FromProto(absl::string_view field,
                                              v1::ParcelState v);
absl::StatusOr<domain::CustodyState> FromProto(absl::string_view field,
                                               v1::CustodyState v);
absl::StatusOr<domain::LoanState> FromProto(absl::string_view field,
                                            v1::LoanState v);
absl::StatusOr<domain::MessageChannel> FromProto(absl::string_view field,
                                                 v1::MessageChannel v);

void ToProto(const domain::Parcel& p, v1::Parcel* out);
void ToProto(const domain::CustodyRecord& r, v1::CustodyRecord* out);
void ToProto(const domain::LendableItem& l, v1::LendableItem* out);
// `overdue` is decided at `now`.
void ToProto(const domain::Loan& loan, absl::Time now, v1::Loan* out);
void ToProto(const domain::VisitorMessage& m, v1::VisitorMessage* out);
void ToProto(const domain::CommunityEvent& e, v1::CommunityEvent* out);
void ToProto(const domain::EventRegistration& r, v1::EventRegistration* out);
void ToProto(const domain::HistoryEntry& h, v1::HouseholdHistoryEntry* out);

std::string ParcelName(int64_t site_id, int64_t id);
std::string CustodyName(int64_t site_id, int64_t id);
std::string LendableName(int64_t site_id, int64_t id);
std::string LoanName(int64_t site_id, int64_t id);
std::string MessageName(int64_t site_id, int64_t id);
std::string EventName(int64_t site_id, int64_t id);
std::string RegistrationName(int64_t site_id, int64_t event_id, int64_t id);

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_
