#include "server/api/guest_service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/arrival_convert.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/auth/tokens.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/guests.h"
#include "server/domain/text.h"
#include "server/usecase/arrivals.h"
#include "server/usecase/guests.h"

namespace concierge::api {
namespace {

// The shared conversions (guest_convert.h) overload these names too.
using ::concierge::api::ToProto;

#define GUEST_RPC(name) "/concierge.v1.GuestProfileService/" name

constexpr char kCreateGuest[] = GUEST_RPC("CreateGuest");
constexpr char kGetGuestProfile[] = GUEST_RPC("GetGuestProfile");
constexpr char kUpdateGuest[] = GUEST_RPC("UpdateGuest");
constexpr char kSearchGuests[] = GUEST_RPC("SearchGuests");
constexpr char kMergeGuests[] = GUEST_RPC("MergeGuests");
constexpr char kEraseGuest[] = GUEST_RPC("EraseGuest");
constexpr char kCheckIn[] = GUEST_RPC("CheckIn");
constexpr char kCheckOut[] = GUEST_RPC("CheckOut");
constexpr char kListStays[] = GUEST_RPC("ListStays");
constexpr char kRecordObservation[] = GUEST_RPC("RecordObservation");
constexpr char kListPreferenceHistory[] = GUEST_RPC("ListPreferenceHistory");
constexpr char kRecordConsumption[] = GUEST_RPC("RecordConsumption");
constexpr char kGetRoomGuestBrief[] = GUEST_RPC("GetRoomGuestBrief");
constexpr char kListProfileAccess[] = GUEST_RPC("ListProfileAccess");
constexpr char kIssueRoomCredential[] = GUEST_RPC("IssueRoomCredential");

#undef GUEST_RPC

constexpr char kHotel[] = "HOTEL";

// A write's reply: `T` converted into `response` inside the transaction (it
// may run again).
usecase::ReplyOf<domain::Guest> GuestReplyInto(const Call& call,
                                               v1::Guest* response) {
  return [&call, response](const domain::Guest& g) {
    response->Clear();
    ToProto(g, domain::GuestViewFor(call.principal.role), response);
  };
}
usecase::ReplyOf<domain::Stay> StayReplyInto(v1::Stay* response) {
  return [response](const domain::Stay& s) {
    response->Clear();
    ToProto(s, response);
  };
}

// Converts a page's items with this file's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

// Converts guests as `view` may see them.
struct GuestAs {
  domain::GuestView view;
  void operator()(const domain::Guest& g, v1::Guest* out) const {
    ToProto(g, view, out);
  }
};

}  // namespace

// --- guests
// -----------------------------------------------------------------------------

grpc::Status GuestProfileServiceImpl::CreateGuest(
    grpc::ServerContext* context, const v1::CreateGuestRequest* request,
    v1::Guest* response) {
  return Serve(
      env_, context, kCreateGuest, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::Guest guest,
                                   GuestFromProto("guest", request->guest()));
        CONCIERGE_ASSIGN_OR_RETURN(
            guest.documents,
            ParseDocuments("guest", request->guest().identity_documents(),
                           identity_pepper_));
        CONCIERGE_ASSIGN_OR_RETURN(
            guest, usecase::CreateGuest(
                       *env_.db, ActorOf(call), std::move(guest),
                       CreateKeyFor(call, *request, request->request_id())));
        ToProto(guest, domain::GuestViewFor(call.principal.role), response);
        return absl::OkStatus();
      });
}

grpc::Status GuestProfileServiceImpl::GetGuestProfile(
    grpc::ServerContext* context, const v1::GetGuestProfileRequest* request,
    v1::GuestProfile* response) {
  return Serve(
      env_, context, kGetGuestProfile, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("name", request->name()));
        for (const std::string& path : request->read_mask().paths()) {
          if (!IsGuestPath(path)) {
            return absl::InvalidArgumentError(
                absl::StrCat("read_mask: \"", path.substr(0, 64),
                             "\" is not a Guest field"));
          }
          CONCIERGE_RETURN_IF_ERROR(
              domain::CheckMayRead(call.principal.role, "read_mask", path));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::GuestProfile profile,
            usecase::GetGuestProfile(*env_.db, ActorOf(call), id,
                                     ReaderOf(call)));
        ToProto(profile, call.principal.role, request->read_mask(), response);
        return absl::OkStatus();
      });
}

grpc::Status GuestProfileServiceImpl::UpdateGuest(
    grpc::ServerContext* context, const v1::UpdateGuestRequest* request,
    v1::Guest* response) {
  return ServeWrite(
      env_, context, kUpdateGuest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::GuestUpdate update,
                                   GuestUpdateFrom(*request, identity_pepper_));
        return usecase::UpdateGuest(*env_.db, ActorOf(call), update,
                                    GuestReplyInto(call, response))
            .status();
      });
}

grpc::Status GuestProfileServiceImpl::SearchGuests(
    grpc::ServerContext* context, const v1::SearchGuestsRequest* request,
    v1::SearchGuestsResponse* response) {
  return Serve(
      env_, context, kSearchGuests, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(
            store::GuestSearch search,
            SearchFrom(call.principal.role, *request, identity_pepper_));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::SearchGuests(*env_.db, ActorOf(call), search,
                                              {cursor.after_id, cursor.limit},
                                              ReaderOf(call)),
                        GuestAs{domain::GuestViewFor(call.principal.role)},
                        response->mutable_guests(),
                        response->mutable_next_page_token());
      });
}

grpc::Status GuestProfileServiceImpl::MergeGuests(
    grpc::ServerContext* context, const v1::MergeGuestsRequest* request,
    v1::Guest* response) {
  return ServeWrite(env_, context, kMergeGuests, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
                      CONCIERGE_ASSIGN_OR_RETURN(
                          int64_t survivor_id,
                          ParseGuestName("survivor", request->survivor()));
                      CONCIERGE_ASSIGN_OR_RETURN(
                          int64_t duplicate_id,
                          ParseGuestName("duplicate", request->duplicate()));
                      return usecase::MergeGuests(
                                 *env_.db, ActorOf(call), survivor_id,
                                 duplicate_id, GuestReplyInto(call, response))
                          .status();
                    });
}

grpc::Status GuestProfileServiceImpl::EraseGuest(
    grpc::ServerContext* context, const v1::EraseGuestRequest* request,
    v1::Guest* response) {
  return ServeWrite(env_, context, kEraseGuest, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
                      CONCIERGE_ASSIGN_OR_RETURN(
                          int64_t id, ParseGuestName("name", request->name()));
                      return usecase::EraseGuest(*env_.db, ActorOf(call), id,
                                                 GuestReplyInto(call, response))
                          .status();
                    });
}

// --- stays
// ---------------------------------------------------------------------------

grpc::Status GuestProfileServiceImpl::CheckIn(grpc::ServerContext* context,
                                              const v1::CheckInRequest* request,
                                              v1::Stay* response) {
  return Serve(env_, context, kCheckIn, [&](const Call& call) -> absl::Status {
    CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
    CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                               ParseSiteName("parent", request->parent()));
    CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request->request_id()));
    if (!request->reservation().empty()) {
      // ArrivalService's reservation: guest and party come from it.
      CONCIERGE_ASSIGN_OR_RETURN(usecase::ReservationCheckIn check_in,
                                 ReservationCheckInFrom(site_id, *request));
      return Answer(usecase::CheckInReservation(
                        *env_.db, ActorOf(call), check_in,
                        CreateKeyFor(call, *request, request->request_id())),
                    response, kToProto);
    }
    CONCIERGE_ASSIGN_OR_RETURN(
        int64_t guest_id,
        ParseGuestName("stay.guest", request->stay().guest()));
    CONCIERGE_ASSIGN_OR_RETURN(domain::Stay stay,
                               StayFrom(site_id, request->stay()));
    CONCIERGE_ASSIGN_OR_RETURN(
        stay,
        usecase::CheckIn(*env_.db, ActorOf(call), std::move(stay), guest_id,
                         CreateKeyFor(call, *request, request->request_id())));
    ToProto(stay, response);
    return absl::OkStatus();
  });
}

grpc::Status GuestProfileServiceImpl::CheckOut(
    grpc::ServerContext* context, const v1::CheckOutRequest* request,
    v1::Stay* response) {
  return ServeWrite(
      env_, context, kCheckOut, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::StayRef ref,
            ParseStayRef(call, "name", request->name(), request->site(),
                         request->room_number()));
        absl::Time check_out = call.now;
        if (request->has_check_out_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              check_out,
              FromProto("check_out_time", request->check_out_time()));
          if (check_out > call.now + absl::Minutes(5)) {
            return absl::InvalidArgumentError(
                "check_out_time: must not be in the future");
          }
        }
        CONCIERGE_RETURN_IF_ERROR(usecase::CheckOut(*env_.db, ActorOf(call),
                                                    ref, check_out,
                                                    StayReplyInto(response))
                                      .status());
        // The room's credential ends with the stay, on this replica at once
        // (the others' caches within their few seconds).
        env_.authenticator->InvalidateAll();
        return absl::OkStatus();
      });
}

grpc::Status GuestProfileServiceImpl::IssueRoomCredential(
    grpc::ServerContext* context, const v1::IssueRoomCredentialRequest* request,
    v1::RoomCredential* response) {
  return Serve(env_, context, kIssueRoomCredential,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     usecase::StayRef ref,
                     ParseStayRef(call, "stay", request->stay(),
                                  request->site(), request->room_number()));
                 CONCIERGE_RETURN_IF_ERROR(
                     domain::ValidateRequestId(request->request_id()));
                 const std::string text = auth::NewTokenText();
                 CONCIERGE_ASSIGN_OR_RETURN(
                     usecase::RoomCredential credential,
                     usecase::IssueRoomCredential(
                         *env_.db, ActorOf(call), ref, auth::HashToken(text),
                         CreateKeyFor(call, *request, request->request_id())));
                 response->set_stay(
                     StayName(credential.stay.site_id, credential.stay.id));
                 response->set_room_number(credential.stay.room_number);
                 response->set_token(text);
                 response->set_token_name(TokenName(credential.token.id));
                 if (credential.token.expire_time) {
                   ToProto(*credential.token.expire_time,
                           response->mutable_expire_time());
                 }
                 return absl::OkStatus();
               });
}

grpc::Status GuestProfileServiceImpl::ListStays(
    grpc::ServerContext* context, const v1::ListStaysRequest* request,
    v1::ListStaysResponse* response) {
  return Serve(
      env_, context, kListStays, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        store::StayFilter filter;
        filter.open_only = request->open_only();
        int64_t guest_id = 0;
        if (!request->guest().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(guest_id,
                                     ParseGuestName("guest", request->guest()));
        }
        if (!request->site().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.site_id,
                                     ParseSiteName("site", request->site()));
          CONCIERGE_RETURN_IF_ERROR(RequireSite(call, filter.site_id));
        }
        if (guest_id == 0 && filter.site_id == 0) {
          return absl::InvalidArgumentError(
              "guest: give a guest, a site or both");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListStays(*env_.db, ActorOf(call), guest_id, filter,
                               {cursor.after_id, cursor.limit}, ReaderOf(call)),
            kToProto, response->mutable_stays(),
            response->mutable_next_page_token());
      });
}

// --- observations, preferences, consumption
// ---------------------------------------------

grpc::Status GuestProfileServiceImpl::RecordObservation(
    grpc::ServerContext* context, const v1::RecordObservationRequest* request,
    v1::RecordObservationResponse* response) {
  return Serve(env_, context, kRecordObservation,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
                 CONCIERGE_RETURN_IF_ERROR(
                     domain::ValidateRequestId(request->request_id()));
                 CONCIERGE_ASSIGN_OR_RETURN(usecase::Observation observation,
                                            ObservationFrom(call, *request));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     usecase::Observed observed,
                     usecase::RecordObservation(
                         *env_.db, ActorOf(call), observation,
                         CreateKeyFor(call, *request, request->request_id())));
                 ToProto(observed, response);
                 return absl::OkStatus();
               });
}

grpc::Status GuestProfileServiceImpl::ListPreferenceHistory(
    grpc::ServerContext* context,
    const v1::ListPreferenceHistoryRequest* request,
    v1::ListPreferenceHistoryResponse* response) {
  return Serve(
      env_, context, kListPreferenceHistory,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("guest", request->guest()));
        store::PreferenceFilter filter;
        if (request->category() != v1::PREFERENCE_CATEGORY_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(
              filter.category,
              CategoryFromProto("category", request->category()));
        }
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateText("key", request->key(), domain::kOptionalName));
        filter.key = request->key();
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListPreferenceHistory(
                            *env_.db, ActorOf(call), id, filter,
                            {cursor.after_id, cursor.limit}, ReaderOf(call)),
                        kToProto, response->mutable_preferences(),
                        response->mutable_next_page_token());
      });
}

grpc::Status GuestProfileServiceImpl::RecordConsumption(
    grpc::ServerContext* context, const v1::RecordConsumptionRequest* request,
    v1::ConsumptionEntry* response) {
  return Serve(
      env_, context, kRecordConsumption, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::StayRef ref,
            ParseStayRef(call, "stay", request->stay(), request->site(),
                         request->room_number()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::ConsumptionEntry entry,
                                   ConsumptionFrom(request->entry()));
        CONCIERGE_ASSIGN_OR_RETURN(
            entry, usecase::RecordConsumption(
                       *env_.db, ActorOf(call), ref, std::move(entry),
                       CreateKeyFor(call, *request, request->request_id())));
        ToProto(entry, response);
        return absl::OkStatus();
      });
}

// --- the room brief
// ------------------------------------------------------------------

grpc::ServerUnaryReactor* GuestProfileServiceImpl::GetRoomGuestBrief(
    grpc::CallbackServerContext* context,
    const v1::GetRoomGuestBriefRequest* request, v1::RoomGuestBrief* response) {
  return ServeLater(
      env_, context, kGetRoomGuestBrief,
      [this, request, response](const Call& call, FinishCall finish) {
        absl::StatusOr<store::RoomBriefQuery> query =
            BriefQueryOf(call, *request);
        if (!query.ok()) return finish(query.status());
        // Read and logged in a batch shared with the other briefs of the
        // moment; the batch's thread finishes the call. Nothing is shown
        // unlogged.
        const usecase::RoomRef room{query->site_id, query->room_number};
        env_.room_briefs->ReadLater(
            *std::move(query), call.deadline,
            [room, now = call.now, response,
             finish](store::RoomBriefReader::Result brief) {
              if (!brief.ok()) return finish(brief.status());
              if (!*brief) return finish(usecase::NoOpenStay(room));
              BriefToProto(**brief, room.site_id, now, response);
              finish(absl::OkStatus());
            });
      });
}

grpc::Status GuestProfileServiceImpl::ListProfileAccess(
    grpc::ServerContext* context, const v1::ListProfileAccessRequest* request,
    v1::ListProfileAccessResponse* response) {
  return Serve(
      env_, context, kListProfileAccess, [&](const Call& call) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(RequireSiteKind(call, kHotel));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseGuestName("guest", request->guest()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListProfileAccess(*env_.db, ActorOf(call), id,
                                       {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_entries(),
            response->mutable_next_page_token());
      });
}

}  // namespace concierge::api
