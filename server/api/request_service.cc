#include "server/api/request_service.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/api/loaders.h"
#include "server/api/names.h"
#include "server/api/request_convert.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/text.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/quality_repository.h"
#include "server/store/request_repository.h"

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

// Requests belong to residential sites.
absl::Status CheckRequestCaller(const Call& call, int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "RESIDENTIAL");
}

absl::StatusOr<std::array<int64_t, 2>> ParseRequest(absl::string_view field,
                                                    const std::string& name) {
  return ParseSiteChild(field, name, "requests");
}

// Residents learn nothing about other households' requests, not even
// whether they exist (PERMISSION_DENIED before NOT_FOUND).
absl::Status CheckVisible(const Call& call,
                          const std::optional<domain::ServiceRequest>& r,
                          const std::string& name) {
  if (call.principal.role == domain::Role::kResident &&
      (!r || r->household_id != call.principal.household_id)) {
    return absl::PermissionDeniedError(
        "residents see their own household's requests only");
  }
  if (!r) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return absl::OkStatus();
}

absl::StatusOr<domain::ServiceRequest> LoadRequest(soci::session& sql,
                                                   const Call& call,
                                                   const std::string& name,
                                                   bool for_update) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseRequest("name", name));
  std::optional<domain::ServiceRequest> r =
      store::FindRequest(sql, ids[0], ids[1], for_update);
  CONCIERGE_RETURN_IF_ERROR(CheckVisible(call, r, name));
  return *r;
}

// Completing a request schedules the supervisor's follow-up (seed §5 step
// 5), in the completing transaction.
absl::Status ScheduleFollowUpFor(soci::session& sql,
                                 const domain::ServiceRequest& r) {
  CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                             LoadItem(sql, r.site_id, r.item_id));
  store::InsertFollowUp(sql, domain::ScheduleFollowUp(r, item));
  return absl::OkStatus();
}

absl::Status StaleEtag() {
  return absl::AbortedError(
      "etag: the request changed since it was read; read it again");
}

// One move of the state machine.
struct Move {
  domain::RequestAction action;
  std::string etag;
  std::string note;
  // The move's own changes to the locked request (validated inside).
  std::function<absl::Status(soci::session&, domain::ServiceRequest&,
                             domain::Relations)>
      apply;
};

absl::Status RunMove(const ApiEnv& env, const Call& call,
                     const std::string& name, const Move& move,
                     v1::ServiceRequest* response) {
  CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseRequest("name", name));
  CONCIERGE_RETURN_IF_ERROR(CheckRequestCaller(call, ids[0]));
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("note", move.note, domain::kOptionalNote));
  return env.db->Transact(
      domain::Name(move.action), call.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceRequest r,
                                   LoadRequest(sql, call, name, true));
        if (!move.etag.empty() && move.etag != absl::StrCat(r.version)) {
          return StaleEtag();
        }
        const domain::Relations who = RelationsOf(call.principal, r);
        CONCIERGE_ASSIGN_OR_RETURN(const domain::RequestState next,
                                   domain::Decide(r.state, move.action, who));
        const domain::ServiceRequest before = r;
        if (move.apply) CONCIERGE_RETURN_IF_ERROR(move.apply(sql, r, who));
        r.state = next;
        r.update_time = call.now;
        if (!store::SaveRequest(sql, r, before.version)) return StaleEtag();
        r.version = before.version + 1;
        domain::RequestEvent event;
        event.site_id = r.site_id;
        event.request_id = r.id;
        event.department_id = r.department_id;
        event.assignee_id = r.assignee_id;
        if (before.department_id != r.department_id) {
          event.from_department_id = before.department_id;
        }
        if (before.assignee_id != r.assignee_id) {
          event.from_assignee_id = before.assignee_id;
        }
        event.action = move.action;
        event.before = before.state;
        event.after = r.state;
        event.actor = PrincipalName(call.principal);
        event.actor_role = std::string(domain::RoleName(call.principal.role));
        event.note = move.note;
        event.time = call.now;
        store::AppendEvent(sql, event);
        ToProto(r, RelationsOf(call.principal, r), call.now, response);
        return absl::OkStatus();
      });
}

absl::StatusOr<domain::Money> RequestMoney(absl::string_view field,
                                           const v1::Money& in,
                                           const domain::ServiceRequest& r) {
  const domain::Money money = FromProto(in, r.currency);
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidatePriceAmount(field, money, r.currency));
  return money;
}

// The appointment filter's explicit bounds, if any.
absl::StatusOr<std::optional<store::RequestFilter::Range>> AppointmentRange(
    const v1::ListServiceRequestsRequest& request) {
  const bool by_time = request.has_appointment_start_time() ||
                       request.has_appointment_end_time();
  if (by_time && !request.appointment_date().empty()) {
    return absl::InvalidArgumentError(
        "appointment_date: not with appointment_start_time or "
        "appointment_end_time");
  }
  if (!by_time) return std::nullopt;
  store::RequestFilter::Range range;
  if (request.has_appointment_start_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        range.start,
        FromProto("appointment_start_time", request.appointment_start_time()));
  }
  if (request.has_appointment_end_time()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        range.end,
        FromProto("appointment_end_time", request.appointment_end_time()));
  }
  if (range.start && range.end && *range.end <= *range.start) {
    return absl::InvalidArgumentError(
        "appointment_end_time: must be after appointment_start_time");
  }
  return range;
}

// A day in the site's time zone as an appointment filter.
absl::StatusOr<store::RequestFilter::Range> AppointmentDay(
    const std::string& date, const domain::Site& site, absl::Time now) {
  absl::TimeZone zone;
  absl::LoadTimeZone(site.time_zone, &zone);
  CONCIERGE_ASSIGN_OR_RETURN(
      const absl::CivilDay day,
      domain::ParseBusinessDate("appointment_date", date, now, zone));
  return store::RequestFilter::Range{absl::FromCivil(day, zone),
                                     absl::FromCivil(day + 1, zone)};
}

// --- creation
// -------------------------------------------------------------------

// What a booking names, parsed before anything is read.
struct BookingRefs {
  int64_t household_id = 0;
  int64_t resident_id = 0;  // 0: none named
  int64_t item_id = 0;
  domain::RequestChannel channel = domain::RequestChannel::kApp;
};

// Who books for which household, through which channel, and which item.
absl::StatusOr<BookingRefs> ParseBooking(const Call& call, int64_t site_id,
                                         const v1::ServiceRequest& in) {
  const domain::Principal& p = call.principal;
  BookingRefs refs;
  if (p.role == domain::Role::kResident) {
    refs.household_id = p.household_id;
    refs.resident_id = p.id;
    refs.channel = domain::RequestChannel::kApp;
    if (!in.household().empty() &&
        in.household() != HouseholdName(site_id, refs.household_id)) {
      return absl::PermissionDeniedError(
          "residents book for their own household only");
    }
  } else {
    if (in.household().empty()) {
      return absl::InvalidArgumentError("request.household: is required");
    }
    CONCIERGE_ASSIGN_OR_RETURN(
        auto h,
        ParseSiteChild("request.household", in.household(), "households"));
    if (h[0] != site_id) {
      return absl::InvalidArgumentError(
          "request.household: must be a household of the parent site");
    }
    refs.household_id = h[1];
    if (!in.resident().empty()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          auto rid,
          ParseSiteChild("request.resident", in.resident(), "residents"));
      refs.resident_id = rid[1];
    }
    if (p.role == domain::Role::kPartner) {
      refs.channel = domain::RequestChannel::kPartner;
    } else {
      CONCIERGE_ASSIGN_OR_RETURN(refs.channel,
                                 FromProto("request.channel", in.channel()));
      if (refs.channel != domain::RequestChannel::kPhone &&
          refs.channel != domain::RequestChannel::kWalkIn) {
        return absl::InvalidArgumentError(
            "request.channel: staff register requests taken by PHONE or "
            "WALK_IN");
      }
    }
  }
  if (in.item().empty()) {
    return absl::InvalidArgumentError("request.item: is required");
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      auto item_ids, ParseSiteChild("request.item", in.item(), "items"));
  if (item_ids[0] != site_id) {
    return absl::InvalidArgumentError(
        "request.item: must be an item of the parent site");
  }
  refs.item_id = item_ids[1];
  return refs;
}

// The rows a booking needs, read in one round trip (pg::ExecuteBatch): the
// create path is the hottest write (docs/PERFORMANCE.md).
struct Booking {
  std::optional<domain::Site> site;
  std::optional<domain::Household> household;
  std::optional<domain::Resident> resident;
  std::optional<domain::ServiceItem> item;
  std::vector<domain::PriceVersion> prices;
};

std::vector<store::pg::Command> BookingCommands(int64_t site_id,
                                                const BookingRefs& refs) {
  std::vector<store::pg::Command> commands = {
      store::FindSiteCommand(site_id),
      store::FindHouseholdCommand(site_id, refs.household_id),
      store::FindItemCommand(site_id, refs.item_id),
      store::ListItemPricesCommand(site_id, refs.item_id)};
  if (refs.resident_id != 0) {
    commands.push_back(store::FindResidentCommand(site_id, refs.resident_id));
  }
  return commands;
}

// The booking read by BookingCommands, from its results at `first`.
Booking BookingFrom(const std::vector<store::pg::Result>& rows, size_t first,
                    const BookingRefs& refs) {
  Booking b;
  b.site = store::SiteFromResult(rows[first]);
  b.household = store::HouseholdFromResult(rows[first + 1]);
  b.item = store::ItemFromResult(rows[first + 2]);
  b.prices = store::PricesFromResult(rows[first + 3]);
  if (refs.resident_id != 0) {
    b.resident = store::ResidentFromResult(rows[first + 4]);
  }
  return b;
}

Booking LoadBooking(soci::session& sql, int64_t site_id,
                    const BookingRefs& refs) {
  return BookingFrom(
      store::pg::ExecuteBatch(sql, BookingCommands(site_id, refs)), 0, refs);
}

// The household and resident the request is for.
absl::Status CheckBooker(int64_t site_id, const BookingRefs& refs,
                         const Booking& booking, domain::ServiceRequest* r) {
  if (!booking.household) {
    return absl::NotFoundError(absl::StrCat(
        "request.household: ", HouseholdName(site_id, refs.household_id),
        " not found"));
  }
  if (refs.resident_id != 0 &&
      (!booking.resident ||
       booking.resident->household_id != refs.household_id)) {
    return absl::InvalidArgumentError(
        "request.resident: must be a resident of request.household");
  }
  r->channel = refs.channel;
  r->household_id = refs.household_id;
  r->resident_id = refs.resident_id;
  r->unit =
      absl::StrCat(booking.household->building, " ", booking.household->unit);
  return absl::OkStatus();
}

// Fills the registered details from the request, defaulting contact name
// and phone to the resident's record.
absl::Status FillDetails(const v1::ServiceRequest& in, const Booking& booking,
                         absl::Time now, domain::ServiceRequest* r) {
  r->contact_name = in.contact_name();
  r->phone = in.phone();
  if (booking.resident) {
    if (r->contact_name.empty())
      r->contact_name = booking.resident->display_name;
    if (r->phone.empty()) r->phone = booking.resident->phone;
  }
  if (in.has_window_start()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        r->window_start, FromProto("request.window_start", in.window_start()));
  }
  if (in.has_window_end()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        r->window_end, FromProto("request.window_end", in.window_end()));
  }
  r->place = in.place();
  r->content = in.content();
  r->requirements = in.requirements();
  if (in.entry_permission().granted()) {
    r->entry_granted = true;
    r->entry_granted_by = in.entry_permission().granted_by();
    r->entry_grant_time = now;
    if (in.entry_permission().has_grant_time()) {
      CONCIERGE_ASSIGN_OR_RETURN(
          r->entry_grant_time, FromProto("request.entry_permission.grant_time",
                                         in.entry_permission().grant_time()));
    }
  }
  return domain::ValidateRegistration(*r);
}

// The item, its price at booking and the starting state.
absl::Status PriceAndRoute(const Call& call, int64_t site_id,
                           const v1::CreateServiceRequestRequest& request,
                           const BookingRefs& refs, const Booking& booking,
                           domain::ServiceRequest* r) {
  if (!booking.item) {
    return absl::NotFoundError(absl::StrCat(
        SiteChildName(site_id, "items", refs.item_id), " not found"));
  }
  const domain::ServiceItem& item = *booking.item;
  CONCIERGE_RETURN_IF_ERROR(domain::CheckBookable(item));
  if (request.complete_at_desk() &&
      call.principal.role != domain::Role::kReception &&
      call.principal.role != domain::Role::kManager) {
    return absl::PermissionDeniedError(
        "complete_at_desk: only the desk completes a request when registering "
        "it");
  }
  std::optional<domain::FeeKind> desk_fee;
  if (request.request().fee_kind() != v1::FEE_KIND_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(
        desk_fee, FromProto("request.fee_kind", request.request().fee_kind()));
    if (call.principal.role == domain::Role::kResident &&
        item.fee_kind == domain::FeeKind::kCaseByCase) {
      return absl::PermissionDeniedError(
          "request.fee_kind: the desk decides whether a case-by-case request "
          "is free or quoted");
    }
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      const domain::RegisteredFee fee,
      domain::InitialFee(item, request.complete_at_desk(), desk_fee));
  r->state = fee.state;
  if (!booking.site) {
    return absl::NotFoundError(absl::StrCat("sites/", site_id, " not found"));
  }
  r->currency = booking.site->currency;
  r->item_id = item.id;
  r->item_code = item.code;
  r->item_title_zh = item.title_zh;
  r->item_title_en = item.title_en;
  r->fee_kind = fee.fee_kind;
  r->department_id = item.department_id;
  if (item.fee_kind == domain::FeeKind::kFixed) {
    std::optional<domain::PriceVersion> price =
        domain::PriceInForce(booking.prices, call.now);
    if (!price) {
      return absl::FailedPreconditionError(absl::StrCat(
          "request.item: ", item.code,
          " has no price in force now, so it cannot be booked yet"));
    }
    r->agreed_price = price->amount.minor;
  }
  domain::SetDueTimes(item, r);
  if (r->state == domain::RequestState::kCompleted) {
    r->complete_time = call.now;
  }
  return absl::OkStatus();
}

// The new request as the booking makes it, before it is stored.
absl::StatusOr<domain::ServiceRequest> PrepareRequest(
    const Call& call, int64_t site_id,
    const v1::CreateServiceRequestRequest& request, const BookingRefs& refs,
    const Booking& booking) {
  domain::ServiceRequest r;
  r.site_id = site_id;
  r.create_time = call.now;
  r.update_time = call.now;
  r.registered_by = PrincipalName(call.principal);
  CONCIERGE_RETURN_IF_ERROR(CheckBooker(site_id, refs, booking, &r));
  CONCIERGE_RETURN_IF_ERROR(
      FillDetails(request.request(), booking, call.now, &r));
  CONCIERGE_RETURN_IF_ERROR(
      PriceAndRoute(call, site_id, request, refs, booking, &r));
  if (r.state == domain::RequestState::kCompleted &&
      call.principal.kind == domain::PrincipalKind::kStaff) {
    r.assignee_id = call.principal.id;
  }
  return r;
}

// The first event of a new request.
domain::RequestEvent RegisterEvent(const Call& call,
                                   const domain::ServiceRequest& r) {
  domain::RequestEvent event;
  event.site_id = r.site_id;
  event.request_id = r.id;
  event.department_id = r.department_id;
  event.assignee_id = r.assignee_id;
  event.action = domain::RequestAction::kRegister;
  event.after = r.state;
  event.actor = r.registered_by;
  event.actor_role = std::string(domain::RoleName(call.principal.role));
  event.note = r.state == domain::RequestState::kCompleted
                   ? "completed at the desk"
                   : "";
  event.time = call.now;
  return event;
}

}  // namespace

// One create waiting in a shared batch (the job owns copies: a caller whose
// deadline passes leaves while its batch may still run).
struct CreateJob {
  Call call;
  v1::CreateServiceRequestRequest request;
  int64_t site_id = 0;
  BookingRefs refs;
  store::CreateKey key;
  // The call's request id, for its first event's correlation_id.
  std::string request_id;
  // Set by the batch: the stored request or this call's own error. Unset:
  // the call takes the general way (completed at the desk, its request_id
  // already claimed, or the batch failed as a whole).
  std::optional<absl::StatusOr<domain::ServiceRequest>> outcome;
};

namespace {

// Creates in shared batches (docs/PERFORMANCE.md): one transaction for the
// batch, every booking read in one pipeline, every insert (claim, request,
// first event, key result: one statement each) in a second, then COMMIT.
// Each create's validation and errors stay its own; a statement failing in
// the insert pipeline fails the batch, and its calls then run one by one,
// so one bad create costs the others only time. A lost database or a
// passed deadline fails every call of the batch instead (see the end).
absl::Status RunCreateBatch(store::Database& db,
                            const std::vector<std::shared_ptr<CreateJob>>& jobs,
                            absl::Time deadline) {
  const absl::Status status = db.Transact(
      "CreateServiceRequest", deadline,
      [&](soci::session& sql) -> absl::Status {
        std::vector<store::pg::Command> loads;
        std::vector<size_t> first;
        for (const auto& job : jobs) {
          job->outcome.reset();
          first.push_back(loads.size());
          for (auto& command : BookingCommands(job->site_id, job->refs)) {
            loads.push_back(std::move(command));
          }
        }
        const std::vector<store::pg::Result> rows =
            store::pg::ExecuteBatch(sql, loads);
        std::vector<store::pg::Command> inserts;
        std::vector<std::pair<CreateJob*, domain::ServiceRequest>> inserting;
        for (size_t i = 0; i < jobs.size(); ++i) {
          CreateJob& job = *jobs[i];
          absl::StatusOr<domain::ServiceRequest> r =
              PrepareRequest(job.call, job.site_id, job.request, job.refs,
                             BookingFrom(rows, first[i], job.refs));
          if (!r.ok()) {
            job.outcome = r.status();
            continue;
          }
          if (r->state == domain::RequestState::kCompleted) continue;
          inserts.push_back(store::InsertRequestOnceCommand(
              *r, RegisterEvent(job.call, *r), job.key, job.request_id));
          inserting.emplace_back(&job, *std::move(r));
        }
        if (inserts.empty()) return absl::OkStatus();
        const std::vector<store::pg::Result> stored =
            store::pg::ExecuteBatch(sql, inserts);
        for (size_t k = 0; k < inserting.size(); ++k) {
          auto& [job, r] = inserting[k];
          if (auto created = store::RequestInsertedOnce(stored[k], r)) {
            job->outcome = *std::move(created);
          }
        }
        return absl::OkStatus();
      });
  // The database unreachable or out of time: a COMMIT may have gone out
  // with its outcome unknown, so running the creates again here could make
  // one twice. Every caller gets the error (as a create alone would), and
  // retries with its request_id.
  if (absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status)) {
    return status;
  }
  // Anything else rolled the whole batch back: each create goes alone.
  if (!status.ok()) {
    for (const auto& job : jobs) job->outcome.reset();
  }
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
      create_batches_("create", std::max(1, env.db->options().pool_size / 4),
                      [db = env.db](const auto& jobs, absl::Time deadline) {
                        return RunCreateBatch(*db, jobs, deadline);
                      }) {}

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
        CONCIERGE_ASSIGN_OR_RETURN(
            const BookingRefs refs,
            ParseBooking(call, site_id, request->request()));
        const store::CreateKey key =
            CreateKeyFor(call, *request, request->request_id());
        // Shared with the creates of the moment; most end there.
        auto job = std::make_shared<CreateJob>(
            CreateJob{call, *request, site_id, refs, key,
                      std::string(CurrentRequestId()), std::nullopt});
        CONCIERGE_RETURN_IF_ERROR(create_batches_.Submit(job, call.deadline));
        if (job->outcome) {
          CONCIERGE_ASSIGN_OR_RETURN(const domain::ServiceRequest r,
                                     *std::move(job->outcome));
          ToProto(r, RelationsOf(call.principal, r), call.now, response);
          return absl::OkStatus();
        }
        // The general way, alone.
        return env_.db->Transact(
            "CreateServiceRequest", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              const Booking booking = LoadBooking(sql, site_id, refs);
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceRequest r,
                  PrepareRequest(call, site_id, *request, refs, booking));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        r = store::InsertRequest(sql, r);
                        if (r.state == domain::RequestState::kCompleted) {
                          store::InsertFollowUp(
                              sql, domain::ScheduleFollowUp(r, *booking.item));
                        }
                        store::AppendEvent(sql, RegisterEvent(call, r));
                        return RequestName(site_id, r.id);
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                           ParseRequest("request", *existing));
                CONCIERGE_ASSIGN_OR_RETURN(
                    r, Replayed(*existing, store::FindRequest(sql, ids[0],
                                                              ids[1], false)));
                CONCIERGE_RETURN_IF_ERROR(CheckVisible(call, r, *existing));
              }
              ToProto(r, RelationsOf(call.principal, r), call.now, response);
              return absl::OkStatus();
            });
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
        return env_.db->Read(
            "GetServiceRequest", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceRequest r,
                  LoadRequest(sql, call, request->name(), false));
              ToProto(r, RelationsOf(call.principal, r), call.now, response);
              return absl::OkStatus();
            });
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
        store::RequestFilter filter;
        filter.now = call.now;
        filter.overdue_only = request->overdue_only();
        for (int s : request->states()) {
          CONCIERGE_ASSIGN_OR_RETURN(domain::RequestState state,
                                     FromProto("states", v1::RequestState(s)));
          filter.states.push_back(state);
        }
        if (request->assignee() == "me") {
          filter.assignee_id =
              call.principal.kind == domain::PrincipalKind::kStaff
                  ? call.principal.id
                  : -1;
        } else if (!request->assignee().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("assignee", request->assignee(), "staff"));
          filter.assignee_id = ids[1];
        }
        if (!request->household().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("household", request->household(), "households"));
          filter.household_id = ids[1];
        }
        if (call.principal.role == domain::Role::kResident) {
          if (filter.household_id != 0 &&
              filter.household_id != call.principal.household_id) {
            return absl::PermissionDeniedError(
                "residents see their own household's requests only");
          }
          filter.household_id = call.principal.household_id;
        }
        if (!request->item().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("item", request->item(), "items"));
          filter.item_id = ids[1];
        }
        CONCIERGE_ASSIGN_OR_RETURN(filter.appointment,
                                   AppointmentRange(*request));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListServiceRequests", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  filter.department_id,
                  ResolveDepartment(sql, site_id, "department",
                                    request->department()));
              if (!request->appointment_date().empty()) {
                CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                           LoadSite(sql, site_id));
                CONCIERGE_ASSIGN_OR_RETURN(
                    filter.appointment,
                    AppointmentDay(request->appointment_date(), site,
                                   call.now));
              }
              auto page = store::ListRequests(sql, site_id, filter,
                                              {cursor.after_id, cursor.limit});
              for (const domain::ServiceRequest& r : page.items) {
                ToProto(r, RelationsOf(call.principal, r), call.now,
                        response->add_requests());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
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
        return env_.db->Read(
            "ListRequestEvents", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  LoadRequest(sql, call, request->parent(), false).status());
              auto page = store::ListEvents(sql, ids[0], ids[1],
                                            {cursor.after_id, cursor.limit});
              for (const domain::RequestEvent& e : page.items)
                ToProto(e, response->add_events());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- moves
// ----------------------------------------------------------------------

grpc::Status ServiceRequestServiceImpl::QuoteServiceRequest(
    grpc::ServerContext* context, const v1::QuoteServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kQuoteServiceRequest, *request, response,
      [&](const Call& call) {
        if (request->free()) {
          if (request->has_estimate()) {
            return absl::InvalidArgumentError(
                "estimate: not with free (a free request has no estimate)");
          }
          Move move{domain::RequestAction::kDeclareFree, request->etag(),
                    request->note(),
                    [](soci::session&, domain::ServiceRequest& r,
                       domain::Relations) { return domain::DeclareFree(&r); }};
          return RunMove(env_, call, request->name(), move, response);
        }
        Move move{
            domain::RequestAction::kQuote, request->etag(), request->note(),
            [&](soci::session&, domain::ServiceRequest& r,
                domain::Relations) -> absl::Status {
              if (!request->has_estimate()) {
                return absl::InvalidArgumentError(
                    "estimate: is required (or free for a case-by-case "
                    "request)");
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::Money estimate,
                  RequestMoney("estimate", request->estimate(), r));
              domain::RecordQuote(&r, estimate.minor,
                                  PrincipalName(call.principal));
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::AcceptQuote(
    grpc::ServerContext* context, const v1::AcceptQuoteRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kAcceptQuote, *request, response, [&](const Call& call) {
        Move move{
            domain::RequestAction::kAcceptQuote, request->etag(), "",
            [](soci::session&, domain::ServiceRequest& r, domain::Relations) {
              r.agreed_price = r.quote;
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::DisputeQuote(
    grpc::ServerContext* context, const v1::DisputeQuoteRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDisputeQuote, *request, response, [&](const Call& call) {
        Move move{
            domain::RequestAction::kDisputeQuote, request->etag(),
            request->reason(),
            [](soci::session&, domain::ServiceRequest& r, domain::Relations) {
              return domain::CheckPriceDisputable(r);
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::ProposePrice(
    grpc::ServerContext* context, const v1::ProposePriceRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kProposePrice, *request, response, [&](const Call& call) {
        Move move{domain::RequestAction::kProposePrice, request->etag(),
                  request->note(),
                  [&](soci::session&, domain::ServiceRequest& r,
                      domain::Relations) -> absl::Status {
                    CONCIERGE_ASSIGN_OR_RETURN(
                        domain::Money price,
                        RequestMoney("price", request->price(), r));
                    r.proposed_price = price.minor;
                    return absl::OkStatus();
                  }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::DecidePrice(
    grpc::ServerContext* context, const v1::DecidePriceRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDecidePrice, *request, response, [&](const Call& call) {
        Move move{domain::RequestAction::kDecidePrice, request->etag(),
                  request->note(),
                  [&](soci::session&, domain::ServiceRequest& r,
                      domain::Relations) -> absl::Status {
                    CONCIERGE_ASSIGN_OR_RETURN(
                        domain::Money price,
                        RequestMoney("price", request->price(), r));
                    domain::RecordPriceDecision(&r, price.minor,
                                                PrincipalName(call.principal));
                    return absl::OkStatus();
                  }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::DispatchServiceRequest(
    grpc::ServerContext* context,
    const v1::DispatchServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDispatchServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kDispatch, request->etag(), request->note(),
            [&](soci::session& sql, domain::ServiceRequest& r,
                domain::Relations) -> absl::Status {
              if (request->department().empty()) {
                return absl::InvalidArgumentError("department: is required");
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  r.department_id,
                  ResolveDepartment(sql, r.site_id, "department",
                                    request->department()));
              r.assignee_id = 0;
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::AssignServiceRequest(
    grpc::ServerContext* context,
    const v1::AssignServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kAssignServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kAssign, request->etag(), request->note(),
            [&](soci::session& sql, domain::ServiceRequest& r,
                domain::Relations) -> absl::Status {
              if (r.state == domain::RequestState::kAssigned &&
                  request->etag().empty()) {
                // The other supervisor won the race; re-assigning is
                // deliberate.
                return absl::AbortedError(absl::StrCat(
                    "request was already assigned to ",
                    StaffName(r.site_id, r.assignee_id),
                    "; to re-assign, send the etag of the version you read"));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  auto ids,
                  ParseSiteChild("assignee", request->assignee(), "staff"));
              std::optional<domain::Staff> staff =
                  store::FindStaff(sql, r.site_id, ids[1]);
              if (ids[0] != r.site_id || !staff || !staff->active ||
                  staff->department_id != r.department_id) {
                return absl::InvalidArgumentError(
                    "assignee: must be an active staff member of the request's "
                    "department");
              }
              r.assignee_id = staff->id;
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::StartServiceRequest(
    grpc::ServerContext* context, const v1::StartServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kStartServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kStart, request->etag(), "",
            [&](soci::session&, domain::ServiceRequest& r,
                domain::Relations) -> absl::Status {
              if (request->enters_home() && !r.entry_granted) {
                return absl::FailedPreconditionError(
                    "enters_home: the resident has not permitted staff to "
                    "enter the home; ask them first");
              }
              r.start_time = call.now;
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::CompleteServiceRequest(
    grpc::ServerContext* context,
    const v1::CompleteServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kCompleteServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{domain::RequestAction::kComplete, request->etag(), "",
                  [&](soci::session& sql, domain::ServiceRequest& r,
                      domain::Relations) -> absl::Status {
                    CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                        "notes", request->notes(), domain::kOptionalNote));
                    std::vector<domain::MaterialUse> materials;
                    for (const v1::Material& m : request->materials()) {
                      const domain::Money cost =
                          FromProto(m.cost(), r.currency);
                      if (cost.currency != r.currency) {
                        return absl::InvalidArgumentError(
                            "materials.cost.currency_code: must be the site's "
                            "currency");
                      }
                      materials.push_back({m.description().zh(),
                                           m.description().en(), cost.minor});
                    }
                    CONCIERGE_RETURN_IF_ERROR(domain::ValidateCompletion(
                        request->minutes_spent(), materials));
                    const size_t first = domain::RecordCompletion(
                        &r, call.now, request->notes(),
                        request->minutes_spent(), materials);
                    store::InsertMaterials(sql, r.id, materials, first);
                    if (r.department_code == "MAINTENANCE") {
                      store::AppendRepairRecord(sql, r,
                                                PrincipalName(call.principal));
                    }
                    return ScheduleFollowUpFor(sql, r);
                  }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::SignOffServiceRequest(
    grpc::ServerContext* context,
    const v1::SignOffServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kSignOffServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kSignOff, request->etag(), "",
            [&](soci::session&, domain::ServiceRequest& r,
                domain::Relations who) -> absl::Status {
              std::string signature = request->signature_name();
              if (who.Has(domain::Relation::kResident) && signature.empty()) {
                signature = call.principal.display_name;
              }
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateText(
                  "signature_name", signature, domain::kRequiredName));
              r.signature_name = signature;
              r.sign_off_time = call.now;
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::DeclineSignOff(
    grpc::ServerContext* context, const v1::DeclineSignOffRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kDeclineSignOff, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kDeclineSignOff, request->etag(),
            request->reason(),
            [&](soci::session&, domain::ServiceRequest& r, domain::Relations) {
              return domain::RecordSignOffDeclined(&r, request->reason());
            }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::SettleServiceRequest(
    grpc::ServerContext* context,
    const v1::SettleServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kSettleServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{domain::RequestAction::kSettle, request->etag(), "",
                  [&](soci::session&, domain::ServiceRequest& r,
                      domain::Relations) -> absl::Status {
                    if (!request->has_amount()) {
                      return absl::InvalidArgumentError("amount: is required");
                    }
                    CONCIERGE_RETURN_IF_ERROR(domain::CheckSettlement(
                        r, FromProto(request->amount(), r.currency)));
                    r.settled_amount = r.agreed_price;
                    r.settled_by = PrincipalName(call.principal);
                    r.settle_time = call.now;
                    return absl::OkStatus();
                  }};
        return RunMove(env_, call, request->name(), move, response);
      });
}

grpc::Status ServiceRequestServiceImpl::CancelServiceRequest(
    grpc::ServerContext* context,
    const v1::CancelServiceRequestRequest* request,
    v1::ServiceRequest* response) {
  return ServeWrite(
      env_, context, kCancelServiceRequest, *request, response,
      [&](const Call& call) {
        Move move{
            domain::RequestAction::kCancel, request->etag(), request->reason(),
            [&](soci::session&, domain::ServiceRequest& r,
                domain::Relations who) -> absl::Status {
              if (!who.Has(domain::Relation::kResident) &&
                  request->reason().empty()) {
                return absl::InvalidArgumentError(
                    "reason: staff cancelling a request must say why");
              }
              r.cancel_reason = request->reason();
              return absl::OkStatus();
            }};
        return RunMove(env_, call, request->name(), move, response);
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
        return env_.db->Read(
            "GetTaskSheet", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceRequest r,
                  LoadRequest(sql, call, request->name(), false));
              if (!domain::MaySeeContact(RelationsOf(call.principal, r))) {
                r.phone = "***";
                r.unit = "***";
              }
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         LoadSite(sql, r.site_id));
              absl::TimeZone zone;
              absl::LoadTimeZone(site.time_zone, &zone);
              std::string assignee;
              if (r.assignee_id != 0) {
                if (auto staff =
                        store::FindStaff(sql, r.site_id, r.assignee_id)) {
                  assignee = staff->display_name;
                }
              }
              response->set_request(request->name());
              response->mutable_text()->set_zh(domain::RenderTaskSheet(
                  r, site.display_name, assignee, domain::Lang::kZh, zone));
              response->mutable_text()->set_en(domain::RenderTaskSheet(
                  r, site.display_name, assignee, domain::Lang::kEn, zone));
              return absl::OkStatus();
            });
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
        return env_.db->Read(
            "ListPaidServiceRecords", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         LoadSite(sql, site_id));
              auto page = store::ListPaidRequests(
                  sql, site_id, start, end, {cursor.after_id, cursor.limit});
              for (const domain::ServiceRequest& r : page.items) {
                v1::PaidServiceRecord* out = response->add_records();
                out->set_request(RequestName(r.site_id, r.id));
                out->set_item(ItemName(r.site_id, r.item_id));
                out->mutable_item_title()->set_zh(r.item_title_zh);
                out->mutable_item_title()->set_en(r.item_title_en);
                out->set_household(HouseholdName(r.site_id, r.household_id));
                out->set_contact_name(r.contact_name);
                if (r.quote)
                  ToProto(domain::Money{r.currency, *r.quote},
                          out->mutable_quote());
                if (r.agreed_price) {
                  ToProto(domain::Money{r.currency, *r.agreed_price},
                          out->mutable_agreed_price());
                }
                if (r.settled_amount) {
                  ToProto(domain::Money{r.currency, *r.settled_amount},
                          out->mutable_settled_amount());
                }
                out->set_state(ToProto(r.state));
                out->set_registered_by(r.registered_by);
                ToProto(r.create_time, out->mutable_create_time());
                out->set_settled_by(r.settled_by);
                if (r.settle_time)
                  ToProto(*r.settle_time, out->mutable_settle_time());
              }
              const store::PaidTotals totals =
                  store::SumPaidRequests(sql, site_id, start, end);
              response->set_total_count(static_cast<int32_t>(totals.count));
              ToProto(domain::Money{site.currency, totals.agreed_minor},
                      response->mutable_total_agreed());
              ToProto(domain::Money{site.currency, totals.settled_minor},
                      response->mutable_total_settled());
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
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
        return env_.db->Read(
            "GetRepairHistory", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (!store::FindHousehold(sql, ids[0], ids[1])) {
                return absl::NotFoundError(
                    absl::StrCat(request->household(), " not found"));
              }
              CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                         LoadSite(sql, ids[0]));
              response->set_household(request->household());
              for (const store::RepairRecord& rec :
                   store::ListRepairHistory(sql, ids[0], ids[1])) {
                v1::RepairRecord* out = response->add_records();
                out->set_request(RequestName(ids[0], rec.request_id));
                out->mutable_item_title()->set_zh(rec.item_title_zh);
                out->mutable_item_title()->set_en(rec.item_title_en);
                ToProto(rec.complete_time, out->mutable_complete_time());
                out->set_notes(rec.notes);
                out->set_minutes_spent(rec.minutes_spent);
                out->set_done_by(rec.done_by);
                for (const domain::MaterialUse& m : rec.materials) {
                  v1::Material* material = out->add_materials();
                  material->mutable_description()->set_zh(m.description_zh);
                  material->mutable_description()->set_en(m.description_en);
                  ToProto(domain::Money{site.currency, m.cost_minor},
                          material->mutable_cost());
                }
              }
              return absl::OkStatus();
            });
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
