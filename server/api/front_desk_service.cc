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

#undef FRONT_DESK_RPC

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

}  // namespace

// --- the checks both files share -------------------------------------------

// The front desk is the residential service center's.
absl::Status FrontDeskServiceImpl::CheckDeskCaller(const Call& call,
                                                   int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

bool FrontDeskServiceImpl::IsResident(const Call& call) {
  return call.principal.role == domain::Role::kResident;
}

// The parent site of a create, checked against the caller, with its
// request_id.
absl::StatusOr<int64_t> FrontDeskServiceImpl::CreateParent(
    const Call& call, const std::string& parent,
    const std::string& request_id) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request_id));
  return site_id;
}

// The parent site of a list, checked against the caller.
absl::StatusOr<int64_t> FrontDeskServiceImpl::ListParent(
    const Call& call, const std::string& parent) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id, ParseSiteName("parent", parent));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
  return site_id;
}

// The {site, id} a move names in `name`, checked against the caller.
absl::StatusOr<std::array<int64_t, 2>> FrontDeskServiceImpl::Named(
    const Call& call, const std::string& name, absl::string_view collection) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild("name", name, collection));
  CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
  return ids;
}

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

}  // namespace concierge::api
