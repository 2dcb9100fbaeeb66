#ifndef CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_
#define CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_

// Front desk proto <-> domain (resource names: common/front_desk_names.h).

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concierge/v1/frontdesk.pb.h"
#include "server/api/rpc.h"
#include "server/common/front_desk_names.h"
#include "server/common/status_macros.h"
#include "server/domain/front_desk.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/reply_of.h"

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

// A household name given in `field`: 0 when empty and not required;
// INVALID_ARGUMENT when malformed, missing or of another site; for
// residents PERMISSION_DENIED unless their own.
absl::StatusOr<int64_t> ParseHousehold(const Call& call, int64_t site_id,
                                       absl::string_view field,
                                       const std::string& name, bool required);
// For lists: residents always get their own household (naming another is
// PERMISSION_DENIED); staff get the filter as given (0: all).
absl::StatusOr<int64_t> HouseholdFilter(const Call& call, int64_t site_id,
                                        const std::string& name);
// "sites/{site}/events/{event}/registrations/{id}"
absl::StatusOr<std::array<int64_t, 3>> ParseRegistration(
    absl::string_view field, const std::string& name);

// What a create sent, for the parent site `site_id` (field names as sent:
// "parcel.household", ...); the use case stamps who and when.
absl::StatusOr<domain::Parcel> ParcelFrom(const Call& call, int64_t site_id,
                                          const v1::Parcel& in);
absl::StatusOr<domain::CustodyRecord> CustodyFrom(const Call& call,
                                                  int64_t site_id,
                                                  const v1::CustodyRecord& in);
absl::StatusOr<domain::LendableItem> LendableFrom(int64_t site_id,
                                                  const v1::LendableItem& in);
absl::StatusOr<domain::Loan> LoanFrom(const Call& call, int64_t site_id,
                                      const v1::Loan& in);
absl::StatusOr<domain::VisitorMessage> MessageFrom(
    const Call& call, int64_t site_id, const v1::VisitorMessage& in);
absl::StatusOr<domain::CommunityEvent> EventFrom(int64_t site_id,
                                                 const v1::CommunityEvent& in);
absl::StatusOr<domain::EventRegistration> RegistrationFrom(
    const Call& call, int64_t site_id, int64_t event_id,
    const v1::EventRegistration& in);

// The lists' filters as sent, checked against the parent site.
absl::StatusOr<store::ParcelFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListParcelsRequest& request);
absl::StatusOr<store::CustodyFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListCustodyRequest& request);
absl::StatusOr<store::LoanFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListLoansRequest& request);
absl::StatusOr<store::EventFilter> FilterFrom(
    const Call& call, int64_t site_id, const v1::ListEventsRequest& request);

// --- the service's replies, with this header's ToProto overloads --------

// A move's reply: `T` converted into `response` inside the transaction (it
// may run again).
template <typename T, typename Proto>
usecase::ReplyOf<T> ReplyInto(Proto* response) {
  return [response](const T& value) {
    response->Clear();
    ToProto(value, response);
  };
}

// A create's or a read's answer.
template <typename T, typename Proto>
absl::Status Answer(const absl::StatusOr<T>& result, Proto* response) {
  CONCIERGE_RETURN_IF_ERROR(result.status());
  ToProto(*result, response);
  return absl::OkStatus();
}

// Converts a page's items with this header's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

}  // namespace concierge::api

#endif  // CONCIERGE_SERVER_API_FRONT_DESK_CONVERT_H_
