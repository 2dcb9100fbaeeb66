#include "server/api/front_desk_service.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/front_desk_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/usecase/front_desk.h"

namespace concierge::api {
namespace {

#define FRONT_DESK_RPC(name) "/concierge.v1.FrontDeskService/" name

constexpr char kLogParcel[] = FRONT_DESK_RPC("LogParcel");
constexpr char kListParcels[] = FRONT_DESK_RPC("ListParcels");
constexpr char kListMyParcels[] = FRONT_DESK_RPC("ListMyParcels");
constexpr char kRecordPickup[] = FRONT_DESK_RPC("RecordPickup");
constexpr char kDepositValuables[] = FRONT_DESK_RPC("DepositValuables");
constexpr char kListCustody[] = FRONT_DESK_RPC("ListCustody");
constexpr char kReturnValuables[] = FRONT_DESK_RPC("ReturnValuables");
constexpr char kCreateLendableItem[] = FRONT_DESK_RPC("CreateLendableItem");
constexpr char kListLendableItems[] = FRONT_DESK_RPC("ListLendableItems");
constexpr char kLendItem[] = FRONT_DESK_RPC("LendItem");
constexpr char kReturnItem[] = FRONT_DESK_RPC("ReturnItem");
constexpr char kListLoans[] = FRONT_DESK_RPC("ListLoans");
constexpr char kSetLendableStock[] = FRONT_DESK_RPC("SetLendableStock");
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

// The front desk is the residential service center's.
absl::Status CheckDeskCaller(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

bool IsResident(const Call& call) {
  return call.principal.role == domain::Role::kResident;
}

// The parent site of a create, checked against the caller, with its
// request_id.
absl::StatusOr<int64_t> CreateParent(const Call& call,
                                     const std::string& parent,
                                     const std::string& request_id) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
  return site_id;
}

// The parent site of a list, checked against the caller.
absl::StatusOr<int64_t> ListParent(const Call& call,
                                   const std::string& parent) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
  return site_id;
}

// The {site, id} a move names in `name`, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> Named(const Call& call,
                                             const std::string& name,
                                             absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, collection));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
  return ids;
}

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

// Converts loans with their overdue flag decided at `now`.
struct LoanAt {
  absl::Time now;
  void operator()(const domain::Loan& loan, v1::Loan* out) const {
    ToProto(loan, now, out);
  }
};

// A loan's reply: its overdue flag is decided at the call's moment.
usecase::ReplyOf<domain::Loan> LoanReplyInto(const Call& call,
                                             v1::Loan* response) {
  return [&call, response](const domain::Loan& loan) {
    response->Clear();
    ToProto(loan, call.now, response);
  };
}

// Converts a page's items with this file's ToProto overloads.
constexpr auto kToProto = [](const auto& item, auto* out) {
  ToProto(item, out);
};

}  // namespace

// --- parcels
// ---------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::LogParcel(
    grpc::ServerContext* context, const v1::LogParcelRequest* request,
    v1::Parcel* response) {
  return Serve(
      env_, context, kLogParcel, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Parcel p, ParcelFrom(call, site_id, request->parcel()));
        return Answer(usecase::LogParcel(
                          *env_.db, ActorOf(call), std::move(p),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::ListParcels(
    grpc::ServerContext* context, const v1::ListParcelsRequest* request,
    v1::ListParcelsResponse* response) {
  return Serve(
      env_, context, kListParcels, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(store::ParcelFilter filter,
                                   FilterFrom(call, site_id, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListParcels(*env_.db, ActorOf(call), site_id, filter,
                                 {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_parcels(),
            response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::ListMyParcels(
    grpc::ServerContext* context, const v1::ListMyParcelsRequest* request,
    v1::ListParcelsResponse* response) {
  return Serve(
      env_, context, kListMyParcels, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        if (!IsResident(call)) {
          return absl::PermissionDeniedError(
              "ListMyParcels is for residents; staff use ListParcels");
        }
        store::ParcelFilter filter;
        filter.household_id = call.principal.household_id;
        if (request->state() != v1::PARCEL_STATE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                                     FromProto("state", request->state()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListParcels(*env_.db, ActorOf(call), site_id, filter,
                                 {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_parcels(),
            response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::RecordPickup(
    grpc::ServerContext* context, const v1::RecordPickupRequest* request,
    v1::Parcel* response) {
  return ServeWrite(
      env_, context, kRecordPickup, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   Named(call, request->name(), "parcels"));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidatePickup(
            request->collected_by(), request->signature_name()));
        return usecase::RecordPickup(
                   *env_.db, ActorOf(call), ids[0], ids[1],
                   {request->collected_by(), request->signature_name()},
                   ReplyInto<domain::Parcel>(response))
            .status();
      });
}

// --- custody
// -----------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::DepositValuables(
    grpc::ServerContext* context, const v1::DepositValuablesRequest* request,
    v1::CustodyRecord* response) {
  return Serve(
      env_, context, kDepositValuables, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::CustodyRecord r,
            CustodyFrom(call, site_id, request->record()));
        return Answer(usecase::DepositValuables(
                          *env_.db, ActorOf(call), std::move(r),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::ListCustody(
    grpc::ServerContext* context, const v1::ListCustodyRequest* request,
    v1::ListCustodyResponse* response) {
  return Serve(
      env_, context, kListCustody, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(store::CustodyFilter filter,
                                   FilterFrom(call, site_id, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListCustody(*env_.db, ActorOf(call), site_id, filter,
                                 {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_records(),
            response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::ReturnValuables(
    grpc::ServerContext* context, const v1::ReturnValuablesRequest* request,
    v1::CustodyRecord* response) {
  return ServeWrite(
      env_, context, kReturnValuables, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   Named(call, request->name(), "custody"));
        usecase::CustodyReturn back;
        CONCIERGE_ASSIGN_OR_RETURN(back.household_id,
                                   ParseHousehold(call, ids[0], "household",
                                                  request->household(), true));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
            "collected_by", request->collected_by(), domain::kRequiredName));
        if (!request->receipt_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateReceiptNumber(
              "receipt_number", request->receipt_number()));
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateText("note", request->note(),
                                                       domain::kOptionalNote));
        back.collected_by = request->collected_by();
        back.receipt_number = request->receipt_number();
        back.note = request->note();
        return usecase::ReturnValuables(
                   *env_.db, ActorOf(call), ids[0], ids[1], back,
                   ReplyInto<domain::CustodyRecord>(response))
            .status();
      });
}

// --- lending
// ---------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::CreateLendableItem(
    grpc::ServerContext* context, const v1::CreateLendableItemRequest* request,
    v1::LendableItem* response) {
  return Serve(
      env_, context, kCreateLendableItem,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            int64_t site_id,
            CreateParent(call, request->parent(), request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(domain::LendableItem l,
                                   LendableFrom(site_id, request->lendable()));
        return Answer(usecase::CreateLendableItem(
                          *env_.db, ActorOf(call), std::move(l),
                          CreateKeyFor(call, *request, request->request_id())),
                      response);
      });
}

grpc::Status FrontDeskServiceImpl::ListLendableItems(
    grpc::ServerContext* context, const v1::ListLendableItemsRequest* request,
    v1::ListLendableItemsResponse* response) {
  return Serve(
      env_, context, kListLendableItems, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListLendableItems(*env_.db, ActorOf(call), site_id,
                                       {cursor.after_id, cursor.limit}),
            kToProto, response->mutable_lendables(),
            response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::LendItem(grpc::ServerContext* context,
                                            const v1::LendItemRequest* request,
                                            v1::Loan* response) {
  return Serve(env_, context, kLendItem, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(
        int64_t site_id,
        CreateParent(call, request->parent(), request->request_id()));
    CONCIERGE_ASSIGN_OR_RETURN(domain::Loan loan,
                               LoanFrom(call, site_id, request->loan()));
    CONCIERGE_ASSIGN_OR_RETURN(
        loan,
        usecase::LendItem(*env_.db, ActorOf(call), std::move(loan),
                          CreateKeyFor(call, *request, request->request_id())));
    ToProto(loan, call.now, response);
    return absl::OkStatus();
  });
}

grpc::Status FrontDeskServiceImpl::ReturnItem(
    grpc::ServerContext* context, const v1::ReturnItemRequest* request,
    v1::Loan* response) {
  return ServeWrite(env_, context, kReturnItem, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, Named(call, request->name(), "loans"));
                      return usecase::ReturnItem(*env_.db, ActorOf(call),
                                                 ids[0], ids[1],
                                                 LoanReplyInto(call, response))
                          .status();
                    });
}

grpc::Status FrontDeskServiceImpl::ListLoans(
    grpc::ServerContext* context, const v1::ListLoansRequest* request,
    v1::ListLoansResponse* response) {
  return Serve(
      env_, context, kListLoans, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ListParent(call, request->parent()));
        CONCIERGE_ASSIGN_OR_RETURN(store::LoanFilter filter,
                                   FilterFrom(call, site_id, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListLoans(*env_.db, ActorOf(call), site_id, filter,
                               {cursor.after_id, cursor.limit}),
            LoanAt{call.now}, response->mutable_loans(),
            response->mutable_next_page_token());
      });
}

grpc::Status FrontDeskServiceImpl::SetLendableStock(
    grpc::ServerContext* context, const v1::SetLendableStockRequest* request,
    v1::LendableItem* response) {
  return ServeWrite(env_, context, kSetLendableStock, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto ids, Named(call, request->name(), "lendables"));
                      return usecase::SetLendableStock(
                                 *env_.db, ActorOf(call), ids[0], ids[1],
                                 request->total_count(), request->reason(),
                                 ReplyInto<domain::LendableItem>(response))
                          .status();
                    });
}

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
