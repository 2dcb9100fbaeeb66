// FrontDeskService's methods for the community side of the desk: visitors'
// messages, events and the households' history (parcels, custody and
// lending are in front_desk_service.cc).

#include <array>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/front_desk_convert.h"
#include "server/api/front_desk_service.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/front_desk.h"

namespace concierge::api {
namespace {

#define FRONT_DESK_RPC(name) "/concierge.v1.FrontDeskService/" name

constexpr char kCancelEvent[] = FRONT_DESK_RPC("CancelEvent");
constexpr char kLeaveMessage[] = FRONT_DESK_RPC("LeaveMessage");
constexpr char kListMyMessages[] = FRONT_DESK_RPC("ListMyMessages");
constexpr char kAcknowledgeMessage[] = FRONT_DESK_RPC("AcknowledgeMessage");
constexpr char kCreateEvent[] = FRONT_DESK_RPC("CreateEvent");
constexpr char kListEvents[] = FRONT_DESK_RPC("ListEvents");
constexpr char kRegisterForEvent[] = FRONT_DESK_RPC("RegisterForEvent");
constexpr char kCancelRegistration[] = FRONT_DESK_RPC("CancelRegistration");
constexpr char kListRegistrations[] = FRONT_DESK_RPC("ListRegistrations");
constexpr char kRecordAttendance[] = FRONT_DESK_RPC("RecordAttendance");
constexpr char kListHouseholdHistory[] = FRONT_DESK_RPC("ListHouseholdHistory");

#undef FRONT_DESK_RPC

}  // namespace

// --- messages
// ----------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::LeaveMessage(
    grpc::ServerContext* context, const v1::LeaveMessageRequest* request,
    v1::VisitorMessage* response) {
  return Serve(
      env_, context, kLeaveMessage, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::VisitorMessage m,
            MessageFrom(call, site_id, request->message()));
        return Answer(usecase::LeaveMessage(
                          *env_.db, ActorOf(call), std::move(m),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::ListMyMessages(
    grpc::ServerContext* context, const v1::ListMyMessagesRequest* request,
    v1::ListMessagesResponse* response) {
  return Serve(env_, context, kListMyMessages,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id, ListParent(call, request->parent()));
                 if (!IsResident(call)) {
                   return absl::PermissionDeniedError(
                       "ListMyMessages is for residents; staff see messages in "
                       "ListHouseholdHistory");
                 }
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return PageInto(
                     env_, call, cursor,
                     usecase::ListMyMessages(*env_.db, ActorOf(call), site_id,
                                             request->unread_only(),
                                             {cursor.after_id, cursor.limit}),
                     kToProto, response->mutable_messages(),
                     response->mutable_next_page_token());
               });
}

grpc::Status FrontDeskServiceImpl::AcknowledgeMessage(
    grpc::ServerContext* context, const v1::AcknowledgeMessageRequest* request,
    v1::VisitorMessage* response) {
  return ServeWrite(env_, context, kAcknowledgeMessage, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, Named(call, request->name(), "messages"));
                      return usecase::AcknowledgeMessage(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 ReplyInto<domain::VisitorMessage>(response))
                          .status();
                    });
}

// --- events
// --------------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::CreateEvent(
    grpc::ServerContext* context, const v1::CreateEventRequest* request,
    v1::CommunityEvent* response) {
  return Serve(
      env_, context, kCreateEvent, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::CommunityEvent e,
                                   EventFrom(site_id, request->event()));
        return Answer(usecase::CreateEvent(
                          *env_.db, ActorOf(call), std::move(e),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::ListEvents(
    grpc::ServerContext* context, const v1::ListEventsRequest* request,
    v1::ListEventsResponse* response) {
  return Serve(
      env_, context, kListEvents, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(store::EventFilter filter,
                                   FilterFrom(call, site_id, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::EventList events,
            usecase::ListEvents(*env_.db, ActorOf(call), site_id, filter,
                                {cursor.after_id, cursor.limit}));
        for (const domain::CommunityEvent& e : events.page.items) {
          v1::CommunityEvent* out = response->add_events();
          ToProto(e, out);
          if (auto it = events.mine.find(e.id); it != events.mine.end()) {
            ToProto(it->second, out->mutable_my_registration());
          }
        }
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, events.page));
        return absl::OkStatus();
      });
}

grpc::Status FrontDeskServiceImpl::CancelEvent(
    grpc::ServerContext* context, const v1::CancelEventRequest* request,
    v1::CommunityEvent* response) {
  return ServeWrite(env_, context, kCancelEvent, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, Named(call, request->name(), "events"));
                      return usecase::CancelEvent(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 request->reason(),
                                 ReplyInto<domain::CommunityEvent>(response))
                          .status();
                    });
}

grpc::Status FrontDeskServiceImpl::RegisterForEvent(
    grpc::ServerContext* context, const v1::RegisterForEventRequest* request,
    v1::EventRegistration* response) {
  return Serve(
      env_, context, kRegisterForEvent, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto event_ids,
            ParseSiteChild("parent", request->parent(), "events"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, event_ids[0]));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::EventRegistration r,
            RegistrationFrom(call, event_ids[0], event_ids[1],
                             request->registration()));
        return Answer(usecase::RegisterForEvent(
                          *env_.db, ActorOf(call), std::move(r),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::CancelRegistration(
    grpc::ServerContext* context, const v1::CancelRegistrationRequest* request,
    v1::EventRegistration* response) {
  return ServeWrite(env_, context, kCancelRegistration, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, ParseRegistration("name", request->name()));
                      CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
                      return usecase::CancelRegistration(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 ids[2],
                                 ReplyInto<domain::EventRegistration>(response))
                          .status();
                    });
}

grpc::Status FrontDeskServiceImpl::ListRegistrations(
    grpc::ServerContext* context, const v1::ListRegistrationsRequest* request,
    v1::ListRegistrationsResponse* response) {
  return Serve(
      env_, context, kListRegistrations, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("parent", request->parent(), "events"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        const int64_t household =
            IsResident(call) ? call.principal.household_id : 0;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(env_, call, cursor,
                        usecase::ListRegistrations(
                            *env_.db, ActorOf(call), ids[0], ids[1], household,
                            {cursor.after_id, cursor.limit}),
                        kToProto, response->mutable_registrations(),
                        response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::RecordAttendance(
    grpc::ServerContext* context, const v1::RecordAttendanceRequest* request,
    v1::EventRegistration* response) {
  return ServeWrite(env_, context, kRecordAttendance, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, ParseRegistration("name", request->name()));
                      CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
                      return usecase::RecordAttendance(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 ids[2], request->attended(), request->people(),
                                 ReplyInto<domain::EventRegistration>(response))
                          .status();
                    });
}

// --- history
// ---------------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::ListHouseholdHistory(
    grpc::ServerContext* context,
    const v1::ListHouseholdHistoryRequest* request,
    v1::ListHouseholdHistoryResponse* response) {
  return Serve(env_, context, kListHouseholdHistory,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     auto ids,
                     ParseSiteChild("parent", request->parent(), "households"));
                 CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
                 CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     ListCursor cursor,
                     StartList(env_, call, *request, request->page_size(),
                               request->page_token()));
                 return PageInto(env_, call, cursor,
                                 usecase::ListHouseholdHistory(
                                     *env_.db, ActorOf(call), ids[0], ids[1],
                                     {cursor.after_id, cursor.limit}),
                                 kToProto, response->mutable_entries(),
                                 response->mutable_next_page_token());
               });
}

}  // namespace concierge::api
