#include "server/api/arrival_service.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/arrival_convert.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/arrivals.h"

namespace concierge::api {
namespace {

using ::concierge::api::ToProto;

#define ARRIVAL_RPC(name) "/concierge.v1.ArrivalService/" name

constexpr char kCreateReservation[] = ARRIVAL_RPC("CreateReservation");
constexpr char kGetReservation[] = ARRIVAL_RPC("GetReservation");
constexpr char kListReservations[] = ARRIVAL_RPC("ListReservations");
constexpr char kUpdateReservation[] = ARRIVAL_RPC("UpdateReservation");
constexpr char kCancelReservation[] = ARRIVAL_RPC("CancelReservation");
constexpr char kListArrivals[] = ARRIVAL_RPC("ListArrivals");
constexpr char kMarkPreparationDone[] = ARRIVAL_RPC("MarkPreparationDone");

#undef ARRIVAL_RPC

// Converts a page's items with this file's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

usecase::ReplyOf<domain::Reservation> ReservationReplyInto(
    v1::Reservation* response) {
  return [response](const domain::Reservation& r) {
    response->Clear();
    ToProto(r, response);
  };
}

usecase::ReplyOf<usecase::PreparationView> PreparationReplyInto(
    v1::Preparation* response) {
  return [response](const usecase::PreparationView& p) {
    response->Clear();
    ToProto(p, response);
  };
}

// Converts arrivals as `role` may see the guests.
struct ArrivalAs {
  domain::Role role;
  void operator()(const usecase::Arrival& a, v1::Arrival* out) const {
    ToProto(a, role, out);
  }
};

// The site a call names, checked against the caller. A site that is not a
// hotel is the use case's FAILED_PRECONDITION.
absl::StatusOr<int64_t> SiteOf(const Call& call, absl::string_view field,
                               const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName(field, name));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return site_id;
}

absl::StatusOr<usecase::ReservationRef> ReservationOf(const Call& call,
                                                      absl::string_view field,
                                                      const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(usecase::ReservationRef ref,
                             ParseReservationName(field, name));
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.site_id));
  return ref;
}

}  // namespace

grpc::Status ArrivalServiceImpl::CreateReservation(
    grpc::ServerContext* context, const v1::CreateReservationRequest* request,
    v1::Reservation* response) {
  return Serve(
      env_, context, kCreateReservation, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   SiteOf(call, "parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Reservation reservation,
            ReservationFrom(site_id, request->reservation()));
        std::optional<domain::Guest> new_guest;
        if (request->has_new_guest()) {
          if (reservation.guest_id != 0) {
            return absl::InvalidArgumentError(
                "new_guest: give reservation.guest or new_guest, not both");
          }
          CONCIERGE_ASSIGN_OR_RETURN(
              new_guest, GuestFromProto("new_guest", request->new_guest()));
          CONCIERGE_ASSIGN_OR_RETURN(
              new_guest->documents,
              ParseDocuments("new_guest",
                             request->new_guest().identity_documents(),
                             identity_pepper_));
        } else if (reservation.guest_id == 0) {
          return absl::InvalidArgumentError(
              "reservation.guest: is required (or give new_guest)");
        }
        return Answer(usecase::CreateReservation(
                          *env_.db, ActorOf(call), std::move(reservation),
                          std::move(new_guest),
                          CreateKeyFor(call, *request, request->request_id())),
                      response, kToProto);
      });
}

grpc::Status ArrivalServiceImpl::GetReservation(
    grpc::ServerContext* context, const v1::GetReservationRequest* request,
    v1::Reservation* response) {
  return Serve(
      env_, context, kGetReservation, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::ReservationRef ref,
            ReservationOf(call, "name", request->name()));
        return Answer(usecase::GetReservation(*env_.db, ActorOf(call), ref),
                      response, kToProto);
      });
}

grpc::Status ArrivalServiceImpl::ListReservations(
    grpc::ServerContext* context, const v1::ListReservationsRequest* request,
    v1::ListReservationsResponse* response) {
  return Serve(
      env_, context, kListReservations, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   SiteOf(call, "parent", request->parent()));
        store::ReservationFilter filter;
        if (!request->arrival_date().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.arrival_date,
              domain::ParseReservationDate("arrival_date",
                                           request->arrival_date()));
        }
        if (!request->guest().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.guest_id,
                                     ParseGuestName("guest", request->guest()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.state, StateFilterFromProto("state", request->state()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListReservations(*env_.db, ActorOf(call), site_id, filter,
                                      {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_reservations(),
            response->mutable_next_page_token());
      });
}

grpc::Status ArrivalServiceImpl::UpdateReservation(
    grpc::ServerContext* context, const v1::UpdateReservationRequest* request,
    v1::Reservation* response) {
  return ServeWrite(
      env_, context, kUpdateReservation, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(usecase::ReservationUpdate update,
                                   ReservationUpdateFrom(*request));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, update.ref.site_id));
        return usecase::UpdateReservation(*env_.db, ActorOf(call), update,
                                          ReservationReplyInto(response))
            .status();
      });
}

grpc::Status ArrivalServiceImpl::CancelReservation(
    grpc::ServerContext* context, const v1::CancelReservationRequest* request,
    v1::Reservation* response) {
  return ServeWrite(
      env_, context, kCancelReservation, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::ReservationRef ref,
            ReservationOf(call, "name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateText("reason", request->reason(),
                                 {.required = false,
                                  .max_chars = domain::kMaxCancelReasonChars,
                                  .multiline = true}));
        std::optional<int64_t> version;
        if (!request->etag().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(version,
                                     RequiredEtag("etag", request->etag()));
        }
        return usecase::CancelReservation(*env_.db, ActorOf(call), ref, version,
                                          request->reason(),
                                          ReservationReplyInto(response))
            .status();
      });
}

grpc::Status ArrivalServiceImpl::ListArrivals(
    grpc::ServerContext* context, const v1::ListArrivalsRequest* request,
    v1::ListArrivalsResponse* response) {
  return Serve(
      env_, context, kListArrivals, [&](const Call& call) -> absl::Status {
        usecase::ArrivalQuery query;
        CONCIERGE_ASSIGN_OR_RETURN(query.site_id,
                                   SiteOf(call, "parent", request->parent()));
        query.date = request->arrival_date();
        query.include_cancelled = request->include_cancelled();
        if (!request->attendant().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("attendant", request->attendant(), "staff"));
          if (ids[0] != query.site_id) {
            return absl::InvalidArgumentError(
                "attendant: must be staff of the parent site");
          }
          query.attendant_id = ids[1];
        }
        // Attendants see their own rooms only.
        if (call.principal.role == domain::Role::kStaff) {
          if (query.attendant_id != 0 &&
              query.attendant_id != call.principal.id) {
            return absl::PermissionDeniedError(
                "attendant: attendants see the arrivals of their own rooms "
                "only");
          }
          query.attendant_id = call.principal.id;
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::ArrivalList list,
            usecase::ListArrivals(*env_.db, ActorOf(call), query,
                                  {cursor.after_id, cursor.limit},
                                  ReaderOf(call)));
        response->set_arrival_date(domain::FormatBusinessDate(list.date));
        ToProto(list.counts, response->mutable_counts());
        return PageInto(
            env_, call, cursor, list.page, ArrivalAs{call.principal.role},
            response->mutable_arrivals(), response->mutable_next_page_token());
      });
}

grpc::Status ArrivalServiceImpl::MarkPreparationDone(
    grpc::ServerContext* context, const v1::MarkPreparationDoneRequest* request,
    v1::Preparation* response) {
  return ServeWrite(
      env_, context, kMarkPreparationDone, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::PreparationRef ref,
            ParsePreparationName("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(RequireSite(call, ref.reservation.site_id));
        return usecase::MarkPreparationDone(*env_.db, ActorOf(call), ref,
                                            PreparationReplyInto(response))
            .status();
      });
}

}  // namespace concierge::api
