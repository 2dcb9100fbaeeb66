#include "server/api/request_service.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/api/request_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::api {
namespace {

#define REQUEST_RPC(name) "/concierge.v1.ServiceRequestService/" name

constexpr char kCreateServiceRequest[] = REQUEST_RPC("CreateServiceRequest");
constexpr char kGetServiceRequest[] = REQUEST_RPC("GetServiceRequest");
constexpr char kListServiceRequests[] = REQUEST_RPC("ListServiceRequests");
constexpr char kListRequestEvents[] = REQUEST_RPC("ListRequestEvents");
constexpr char kQuoteServiceRequest[] = REQUEST_RPC("QuoteServiceRequest");
constexpr char kAcceptQuote[] = REQUEST_RPC("AcceptQuote");
constexpr char kDisputeQuote[] = REQUEST_RPC("DisputeQuote");
constexpr char kProposePrice[] = REQUEST_RPC("ProposePrice");
constexpr char kDecidePrice[] = REQUEST_RPC("DecidePrice");
constexpr char kDispatchServiceRequest[] =
    REQUEST_RPC("DispatchServiceRequest");
constexpr char kAssignServiceRequest[] = REQUEST_RPC("AssignServiceRequest");
constexpr char kStartServiceRequest[] = REQUEST_RPC("StartServiceRequest");
constexpr char kCompleteServiceRequest[] =
    REQUEST_RPC("CompleteServiceRequest");
constexpr char kSignOffServiceRequest[] = REQUEST_RPC("SignOffServiceRequest");
constexpr char kDeclineSignOff[] = REQUEST_RPC("DeclineSignOff");
constexpr char kSettleServiceRequest[] = REQUEST_RPC("SettleServiceRequest");
constexpr char kCancelServiceRequest[] = REQUEST_RPC("CancelServiceRequest");
constexpr char kGetTaskSheet[] = REQUEST_RPC("GetTaskSheet");
constexpr char kListPaidServiceRecords[] =
    REQUEST_RPC("ListPaidServiceRecords");
constexpr char kGetRepairHistory[] = REQUEST_RPC("GetRepairHistory");
constexpr char kWatchTasks[] = REQUEST_RPC("WatchTasks");

#undef REQUEST_RPC

// Requests belong to both kinds of site: a community's households and a
// hotel's stays (the use cases tell them apart by the site's kind).
absl::Status CheckRequestCaller(const Call& call, int64_t site_id) {
  return RequireSite(call, site_id);
}

absl::StatusOr<std::array<int64_t, 2>> ParseRequest(absl::string_view field,
                                                    const std::string& name) {
  return ParseSiteChild(field, name, "requests");
}

// The request a move names, checked against the caller's site.
absl::StatusOr<usecase::MoveOf> MoveFrom(const Call& call,
                                         const std::string& name,
                                         const std::string& etag,
                                         const std::string& note) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseRequest("name", name));
  CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
  return usecase::MoveOf{ids[0], ids[1], etag, note};
}

std::optional<usecase::SentMoney> SentMoney(bool has, const v1::Money& in) {
  if (!has) return std::nullopt;
  return FromProto(in, "");
}

// A move's reply: the request after it, as the caller sees it (converted
// inside the move's transaction, so a retry's answer is stored with it).
usecase::Reply ReplyInto(const Call& call, v1::ServiceRequest* response) {
  return [&call, response](const domain::ServiceRequest& r) {
    response->Clear();  // the transaction may run again
    ToProto(r, RelationsOf(call.principal, r), call.now, response);
  };
}

// A read's or a create's answer: the request.
absl::Status Answer(const Call& call, const usecase::MoveResult& moved,
                    v1::ServiceRequest* response) {
  CONCIERGE_RETURN_IF_ERROR(moved.status());
  ToProto(*moved, RelationsOf(call.principal, *moved), call.now, response);
  return absl::OkStatus();
}

}  // namespace

ServiceRequestServiceImpl::ServiceRequestServiceImpl(const ApiEnv& env,
                                                     TaskHub* hub)
    : env_(env),
      hub_(hub),
      // Two batches at a time per 8 pooled sessions: one commits while the
      // next gathers (measured with a pool of 8: one running batch 3,000
      // creates/s, two 3,450, four 3,370).
      registrar_(env.db, std::max(1, env.db->options().pool_size / 4)) {}

ServiceRequestServiceImpl::~ServiceRequestServiceImpl() = default;

grpc::Status ServiceRequestServiceImpl::CreateServiceRequest(
    grpc::ServerContext* context,
    const v1::CreateServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return Serve(
      env_, context, kCreateServiceRequest,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::NewRequest in,
                                   NewRequestFrom(call, site_id, *request));
        return Answer(call, registrar_.Register(ActorOf(call), in), response);
      });
}

grpc::Status ServiceRequestServiceImpl::GetServiceRequest(
    grpc::ServerContext* context, const v1::GetServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return Serve(
      env_, context, kGetServiceRequest, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseRequest("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
        return Answer(
            call, usecase::GetRequest(*env_.db, ActorOf(call), ids[0], ids[1]),
            response);
      });
}

grpc::Status ServiceRequestServiceImpl::ListServiceRequests(
    grpc::ServerContext* context, const v1::ListServiceRequestsRequest* request,
    v1::ListServiceRequestsResponse* response) {
  return Serve(
      env_, context, kListServiceRequests,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(usecase::RequestQuery query,
                                   QueryFrom(call, *request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page, usecase::ListRequests(*env_.db, ActorOf(call), site_id,
                                             std::move(query),
                                             {cursor.after_id, cursor.limit}));
        for (const domain::ServiceRequest& r : page.items) {
          ToProto(r, RelationsOf(call.principal, r), call.now,
                  response->add_requests());
        }
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, page.has_more,
                          page.items.empty() ? 0 : page.items.back().id));
        return absl::OkStatus();
      });
}

grpc::Status ServiceRequestServiceImpl::ListRequestEvents(
    grpc::ServerContext* context, const v1::ListRequestEventsRequest* request,
    v1::ListRequestEventsResponse* response) {
  return Serve(
      env_, context, kListRequestEvents, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseRequest("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto page,
            usecase::ListRequestEvents(*env_.db, ActorOf(call), ids[0], ids[1],
                                       {cursor.after_id, cursor.limit}));
        for (const domain::RequestEvent& e : page.items)
          ToProto(e, response->add_events());
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, page.has_more,
                          page.items.empty() ? 0 : page.items.back().id));
        return absl::OkStatus();
      });
}

// --- moves
// ----------------------------------------------------------------------

grpc::Status ServiceRequestServiceImpl::QuoteServiceRequest(
    grpc::ServerContext* context, const v1::QuoteServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kQuoteServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move,
            MoveFrom(call, request->name(), request->etag(), request->note()));
        if (!request->free()) {
          return usecase::QuoteRequest(
                     *env_.db, ActorOf(call), move,
                     SentMoney(request->has_estimate(), request->estimate()),
                     ReplyInto(call, response))
              .status();
        }
        if (request->has_estimate()) {
          return absl::InvalidArgumentError(
              "estimate: not with free (a free request has no estimate)");
        }
        return usecase::DeclareRequestFree(*env_.db, ActorOf(call), move,
                                           ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::AcceptQuote(
    grpc::ServerContext* context, const v1::AcceptQuoteRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(env_, context, kAcceptQuote, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto move,
                          MoveFrom(call, request->name(), request->etag(), ""));
                      return usecase::AcceptQuote(*env_.db, ActorOf(call), move,
                                                  ReplyInto(call, response))
                          .status();
                    });
}

grpc::Status ServiceRequestServiceImpl::DisputeQuote(
    grpc::ServerContext* context, const v1::DisputeQuoteRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDisputeQuote, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(),
                                request->reason()));
        return usecase::DisputePrice(*env_.db, ActorOf(call), move,
                                     ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::ProposePrice(
    grpc::ServerContext* context, const v1::ProposePriceRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kProposePrice, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move,
            MoveFrom(call, request->name(), request->etag(), request->note()));
        return usecase::ProposePrice(*env_.db, ActorOf(call), move,
                                     FromProto(request->price(), ""),
                                     ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::DecidePrice(
    grpc::ServerContext* context, const v1::DecidePriceRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDecidePrice, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move,
            MoveFrom(call, request->name(), request->etag(), request->note()));
        return usecase::DecidePrice(*env_.db, ActorOf(call), move,
                                    FromProto(request->price(), ""),
                                    ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::DispatchServiceRequest(
    grpc::ServerContext* context,
    const v1::DispatchServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDispatchServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move,
            MoveFrom(call, request->name(), request->etag(), request->note()));
        std::optional<usecase::SiteChild> department;
        if (!request->department().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              department, ParseSiteChild("department", request->department(),
                                         "departments"));
        }
        return usecase::DispatchRequest(*env_.db, ActorOf(call), move,
                                        department, ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::AssignServiceRequest(
    grpc::ServerContext* context,
    const v1::AssignServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kAssignServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move,
            MoveFrom(call, request->name(), request->etag(), request->note()));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto staff,
            ParseSiteChild("assignee", request->assignee(), "staff"));
        return usecase::AssignRequest(*env_.db, ActorOf(call), move, staff,
                                      ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::StartServiceRequest(
    grpc::ServerContext* context, const v1::StartServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(env_, context, kStartServiceRequest, *request, response,
                    [&](const Call& call) -> absl::Status {
                      CONCIERGE_ASSIGN_OR_RETURN(
                          auto move,
                          MoveFrom(call, request->name(), request->etag(), ""));
                      return usecase::StartRequest(*env_.db, ActorOf(call),
                                                   move, request->enters_home(),
                                                   ReplyInto(call, response))
                          .status();
                    });
}

grpc::Status ServiceRequestServiceImpl::CompleteServiceRequest(
    grpc::ServerContext* context,
    const v1::CompleteServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kCompleteServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(), ""));
        usecase::Completion done{
            request->notes(), request->minutes_spent(), {}};
        for (const v1::Material& m : request->materials()) {
          done.materials.push_back({m.description().zh(), m.description().en(),
                                    FromProto(m.cost(), "")});
        }
        return usecase::CompleteRequest(*env_.db, ActorOf(call), move, done,
                                        ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::SignOffServiceRequest(
    grpc::ServerContext* context,
    const v1::SignOffServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kSignOffServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(), ""));
        return usecase::SignOffRequest(*env_.db, ActorOf(call), move,
                                       request->signature_name(),
                                       ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::DeclineSignOff(
    grpc::ServerContext* context, const v1::DeclineSignOffRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDeclineSignOff, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(),
                                request->reason()));
        return usecase::DeclineSignOff(*env_.db, ActorOf(call), move,
                                       ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::SettleServiceRequest(
    grpc::ServerContext* context,
    const v1::SettleServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kSettleServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(), ""));
        return usecase::SettleRequest(
                   *env_.db, ActorOf(call), move,
                   SentMoney(request->has_amount(), request->amount()),
                   ReplyInto(call, response))
            .status();
      });
}

grpc::Status ServiceRequestServiceImpl::CancelServiceRequest(
    grpc::ServerContext* context,
    const v1::CancelServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kCancelServiceRequest, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto move, MoveFrom(call, request->name(), request->etag(),
                                request->reason()));
        return usecase::CancelRequest(*env_.db, ActorOf(call), move,
                                      ReplyInto(call, response))
            .status();
      });
}

// --- records
// --------------------------------------------------------------------

grpc::Status ServiceRequestServiceImpl::GetTaskSheet(
    grpc::ServerContext* context, const v1::GetTaskSheetRequest* request,
    v1::TaskSheet* response) {
  return Serve(
      env_, context, kGetTaskSheet, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseRequest("name", request->name()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::TaskSheet sheet,
            usecase::GetTaskSheet(*env_.db, ActorOf(call), ids[0], ids[1]));
        response->set_request(request->name());
        response->mutable_text()->set_zh(sheet.zh);
        response->mutable_text()->set_en(sheet.en);
        return absl::OkStatus();
      });
}

grpc::Status ServiceRequestServiceImpl::ListPaidServiceRecords(
    grpc::ServerContext* context,
    const v1::ListPaidServiceRecordsRequest* request,
    v1::ListPaidServiceRecordsResponse* response) {
  return Serve(
      env_, context, kListPaidServiceRecords,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, site_id));
        std::optional<absl::Time> start, end;
        if (request->has_start_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              start, FromProto("start_time", request->start_time()));
        }
        if (request->has_end_time()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              end, FromProto("end_time", request->end_time()));
        }
        if (start && end && *end <= *start) {
          return absl::InvalidArgumentError(
              "end_time: must be after start_time");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::PaidRecords records,
            usecase::ListPaidRecords(*env_.db, ActorOf(call), site_id, start,
                                     end, {cursor.after_id, cursor.limit}));
        ToProto(records, response);
        const auto& items = records.page.items;
        response->set_next_page_token(
            NextPageToken(env_, call, cursor, records.page.has_more,
                          items.empty() ? 0 : items.back().id));
        return absl::OkStatus();
      });
}

grpc::Status ServiceRequestServiceImpl::GetRepairHistory(
    grpc::ServerContext* context, const v1::GetRepairHistoryRequest* request,
    v1::RepairHistory* response) {
  return Serve(
      env_, context, kGetRepairHistory, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids,
            ParseSiteChild("household", request->household(), "households"));
        CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RepairHistory history,
            usecase::GetRepairHistory(*env_.db, ActorOf(call), ids[0], ids[1]));
        response->set_household(HouseholdName(ids[0], ids[1]));
        ToProto(ids[0], history, response);
        return absl::OkStatus();
      });
}

// --- streams
// --------------------------------------------------------------------

grpc::ServerWriteReactor<grpc::ByteBuffer>*
ServiceRequestServiceImpl::WatchTasks(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* raw) {
  // The call's record covers opening the stream: its code says whether the
  // stream was accepted; the stream logs its own end. Opening may wait on
  // the database (the token, the starting cursor), so it runs on
  // env_.blocking, never on gRPC's callback thread; the stream's reactor is
  // returned at once and sends nothing until admitted.
  auto record = std::make_shared<RpcRecord>(context, kWatchTasks);
  TaskHub::Opening stream = hub_->Begin(record->request_id());
  auto request = std::make_shared<absl::StatusOr<v1::WatchTasksRequest>>(
      ParseWatchRequest(*raw));
  auto open = [this, context, request, record, stream] {
    RequestIdScope scope(record->request_id());
    // Bytes that do not parse are refused first, as for every other method.
    absl::StatusOr<Call> call = request->ok()
                                    ? StartCall(env_, context, kWatchTasks)
                                    : absl::StatusOr<Call>(request->status());
    absl::Status status = call.status();
    if (status.ok()) status = AdmitWatch(*call, **request, stream);
    const grpc::Status outcome = ToGrpcStatus(status);
    record->Finish(outcome, call.ok() ? &call->principal : nullptr);
    if (!status.ok()) TaskHub::Refuse(stream, outcome);
  };
  env_.blocking->Run(std::move(open));
  return TaskHub::ReactorOf(stream);
}

absl::Status ServiceRequestServiceImpl::AdmitWatch(
    const Call& call, const v1::WatchTasksRequest& request,
    const TaskHub::Opening& stream) {
  CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                             ParseSiteName("parent", request.parent()));
  // Residential sites stream requests; hotels stream the room actions their
  // departments carry out (HousekeepingService).
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  const domain::Principal& p = call.principal;
  const bool sees_site =
      p.role == domain::Role::kManager || p.role == domain::Role::kReception ||
      p.role == domain::Role::kAdmin || p.role == domain::Role::kGroupAdmin;
  WatchFilter filter;
  filter.site_id = site_id;
  filter.department_id = p.department_id;
  filter.staff_id = p.kind == domain::PrincipalKind::kStaff ? p.id : 0;
  switch (request.scope()) {
    case v1::WATCH_SCOPE_UNSPECIFIED:
      filter.scope = sees_site ? WatchFilter::Scope::kSite
                               : WatchFilter::Scope::kDepartment;
      break;
    case v1::WATCH_SCOPE_SITE:
      if (!sees_site) {
        return absl::PermissionDeniedError(
            "scope: only managers and reception watch the whole site");
      }
      filter.scope = WatchFilter::Scope::kSite;
      break;
    case v1::WATCH_SCOPE_DEPARTMENT:
      filter.scope = WatchFilter::Scope::kDepartment;
      break;
    case v1::WATCH_SCOPE_ASSIGNED_TO_ME:
      filter.scope = WatchFilter::Scope::kAssignedToMe;
      break;
    default:
      return absl::InvalidArgumentError("scope: unknown value");
  }
  return hub_->Admit(stream, p, filter, request.resume_cursor());
}

}  // namespace concierge::api
