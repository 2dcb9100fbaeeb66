// Registering a service request: RequestRegistrar (requests.h).

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/quality_repository.h"
#include "server/usecase/loaders.h"
#include "server/usecase/requests.h"

namespace concierge::usecase {
namespace {

store::BookingKey KeyOf(const NewRequest& in) {
  return {in.site_id, in.household_id, in.resident_id,
          in.stay_id, in.room_number,  in.item_id};
}

// How a guest is named on a request: as the profile names them.
std::string GuestName(const std::optional<domain::Guest>& guest) {
  if (!guest) return "";
  return guest->latin_name.empty() ? guest->chinese_name : guest->latin_name;
}

// A hotel's request is for a stay that is still open: named, or found by
// its room. A guest's own credential decides the stay.
absl::Status CheckStay(const Actor& actor, const NewRequest& in,
                       const store::Booking& booking,
                       domain::ServiceRequest* r) {
  if (in.household_id != 0 || in.resident_id != 0) {
    return absl::InvalidArgumentError(
        "request.household: a hotel's requests are for a stay; give "
        "request.stay or request.room_number");
  }
  if (in.stay_id == 0 && in.room_number.empty()) {
    return absl::InvalidArgumentError(
        "request.stay: is required (or request.room_number of an occupied "
        "room)");
  }
  if (!booking.stay) {
    if (in.stay_id != 0) {
      return absl::NotFoundError(absl::StrCat(
          "request.stay: ", SiteChildName(in.site_id, "stays", in.stay_id),
          " not found"));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "request.room_number: nobody is checked in to room ", in.room_number));
  }
  if (!booking.stay->open()) {
    return absl::FailedPreconditionError(
        absl::StrCat("request.stay: the guest of room ",
                     booking.stay->room_number, " has checked out"));
  }
  const domain::Principal& p = actor.principal;
  if (p.role == domain::Role::kGuest && p.stay_id != booking.stay->id) {
    return absl::PermissionDeniedError(
        "a room's code asks for that room's own stay only");
  }
  r->channel = in.channel;
  r->stay_id = booking.stay->id;
  r->unit = booking.stay->room_number;
  return absl::OkStatus();
}

// The household and resident the request is for.
absl::Status CheckHousehold(const NewRequest& in, const store::Booking& booking,
                            domain::ServiceRequest* r) {
  if (in.stay_id != 0 || !in.room_number.empty()) {
    return absl::InvalidArgumentError(
        "request.stay: a community's requests are for a household; give "
        "request.household");
  }
  if (in.household_id == 0) {
    return absl::InvalidArgumentError("request.household: is required");
  }
  if (!booking.household) {
    return absl::NotFoundError(absl::StrCat(
        "request.household: ", HouseholdName(in.site_id, in.household_id),
        " not found"));
  }
  if (in.resident_id != 0 &&
      (!booking.resident ||
       booking.resident->household_id != in.household_id)) {
    return absl::InvalidArgumentError(
        "request.resident: must be a resident of request.household");
  }
  r->channel = in.channel;
  r->household_id = in.household_id;
  r->resident_id = in.resident_id;
  r->unit =
      absl::StrCat(booking.household->building, " ", booking.household->unit);
  return absl::OkStatus();
}

// The registered details as written, contact name and phone defaulting to
// the resident's record.
absl::Status FillDetails(const NewRequest& in, const store::Booking& booking,
                         absl::Time now, domain::ServiceRequest* r) {
  const domain::ServiceRequest& d = in.details;
  r->contact_name = d.contact_name;
  r->phone = d.phone;
  if (booking.resident) {
    if (r->contact_name.empty())
      r->contact_name = booking.resident->display_name;
    if (r->phone.empty()) r->phone = booking.resident->phone;
  }
  if (r->contact_name.empty() && booking.stay) {
    r->contact_name = GuestName(booking.guest);
    if (r->contact_name.empty()) {
      r->contact_name = absl::StrCat("Room ", booking.stay->room_number);
    }
  }
  r->window_start = d.window_start;
  r->window_end = d.window_end;
  r->place = d.place;
  r->content = d.content;
  r->requirements = d.requirements;
  if (d.entry_granted) {
    r->entry_granted = true;
    r->entry_granted_by = d.entry_granted_by;
    r->entry_grant_time = d.entry_grant_time.value_or(now);
  }
  return domain::ValidateRegistration(*r);
}

// The item, its price at booking and the starting state.
absl::Status PriceAndRoute(const Actor& actor, const NewRequest& in,
                           const store::Booking& booking,
                           domain::ServiceRequest* r) {
  if (!booking.item) {
    return absl::NotFoundError(absl::StrCat(
        SiteChildName(in.site_id, "items", in.item_id), " not found"));
  }
  const domain::ServiceItem& item = *booking.item;
  const domain::Role role = actor.principal.role;
  CONCIERGE_RETURN_IF_ERROR(domain::CheckBookable(item));
  if (in.complete_at_desk && role != domain::Role::kReception &&
      role != domain::Role::kManager) {
    return absl::PermissionDeniedError(
        "complete_at_desk: only the desk completes a request when registering "
        "it");
  }
  if (in.desk_fee && role == domain::Role::kResident &&
      item.fee_kind == domain::FeeKind::kCaseByCase) {
    return absl::PermissionDeniedError(
        "request.fee_kind: the desk decides whether a case-by-case request "
        "is free or quoted");
  }
  CONCIERGE_ASSIGN_OR_RETURN(
      const domain::RegisteredFee fee,
      domain::InitialFee(item, in.complete_at_desk, in.desk_fee));
  r->state = fee.state;
  r->currency = booking.site->currency;
  r->item_id = item.id;
  r->item_code = item.code;
  r->item_title_zh = item.title_zh;
  r->item_title_en = item.title_en;
  r->fee_kind = fee.fee_kind;
  r->department_id = item.department_id;
  if (item.fee_kind == domain::FeeKind::kFixed) {
    std::optional<domain::PriceVersion> price =
        domain::PriceInForce(booking.prices, actor.now);
    if (!price) {
      return absl::FailedPreconditionError(absl::StrCat(
          "request.item: ", item.code,
          " has no price in force now, so it cannot be booked yet"));
    }
    r->agreed_price = price->amount.minor;
  }
  domain::SetDueTimes(item, r);
  if (in.complete_at_desk && r->stay_id != 0 && r->agreed_price) {
    return absl::FailedPreconditionError(
        "complete_at_desk: a priced guest service is charged to the stay when "
        "it is done; register it, then complete it");
  }
  if (r->state == domain::RequestState::kCompleted) {
    r->complete_time = actor.now;
  }
  return absl::OkStatus();
}

// The new request as the booking makes it, before it is stored.
absl::StatusOr<domain::ServiceRequest> Prepare(const Actor& actor,
                                               const NewRequest& in,
                                               const store::Booking& booking) {
  domain::ServiceRequest r;
  r.site_id = in.site_id;
  r.create_time = actor.now;
  r.update_time = actor.now;
  r.registered_by = domain::ActorKey(actor.principal);
  if (!booking.site) {
    return absl::NotFoundError(
        absl::StrCat(SiteName(in.site_id), " not found"));
  }
  const bool hotel = booking.site->kind == domain::SiteKind::kHotel;
  CONCIERGE_RETURN_IF_ERROR(
      domain::CheckMayRegister(hotel, actor.principal.role));
  CONCIERGE_RETURN_IF_ERROR(hotel ? CheckStay(actor, in, booking, &r)
                                  : CheckHousehold(in, booking, &r));
  CONCIERGE_RETURN_IF_ERROR(FillDetails(in, booking, actor.now, &r));
  CONCIERGE_RETURN_IF_ERROR(PriceAndRoute(actor, in, booking, &r));
  if (r.state == domain::RequestState::kCompleted &&
      actor.principal.kind == domain::PrincipalKind::kStaff) {
    r.assignee_id = actor.principal.id;
  }
  return r;
}

// The first event of a new request.
domain::RequestEvent RegisterEvent(const Actor& actor,
                                   const domain::ServiceRequest& r) {
  domain::RequestEvent event;
  event.site_id = r.site_id;
  event.request_id = r.id;
  event.department_id = r.department_id;
  event.assignee_id = r.assignee_id;
  event.action = domain::RequestAction::kRegister;
  event.after = r.state;
  event.actor = r.registered_by;
  event.actor_role = std::string(domain::RoleName(actor.principal.role));
  event.note = r.state == domain::RequestState::kCompleted
                   ? "completed at the desk"
                   : "";
  event.time = actor.now;
  return event;
}

}  // namespace

// One create waiting in a shared batch (the job owns copies: a caller whose
// deadline passes leaves while its batch may still run).
struct RequestRegistrar::Job {
  Actor actor;
  NewRequest request;
  // Set by the batch: the stored request or this call's own error. Unset:
  // the call runs alone (completed at the desk, its request_id already
  // claimed, or the batch failed as a whole).
  std::optional<absl::StatusOr<domain::ServiceRequest>> outcome;
};

namespace {

using Jobs = std::vector<std::shared_ptr<RequestRegistrar::Job>>;

// One transaction for the batch: every booking read in one pipeline, every
// insert (claim, request, first event, key result: one statement each) in
// a second, then COMMIT. Each create's validation and errors stay its own;
// a statement failing in the insert pipeline fails the batch, and its calls
// then run one by one, so one bad create costs the others only time. A lost
// database or a passed deadline fails every call of the batch instead.
absl::Status RunBatch(store::Database& db, const Jobs& jobs,
                      absl::Time deadline) {
  const absl::Status status = db.Transact(
      "CreateServiceRequest", deadline,
      [&](soci::session& sql) -> absl::Status {
        std::vector<store::BookingKey> keys;
        for (const auto& job : jobs) {
          job->outcome.reset();
          keys.push_back(KeyOf(job->request));
        }
        const std::vector<store::Booking> bookings =
            store::LoadBookings(sql, keys);
        std::vector<store::RequestOnce> inserts;
        std::vector<RequestRegistrar::Job*> inserting;
        for (size_t i = 0; i < jobs.size(); ++i) {
          RequestRegistrar::Job& job = *jobs[i];
          absl::StatusOr<domain::ServiceRequest> r =
              Prepare(job.actor, job.request, bookings[i]);
          if (!r.ok()) {
            job.outcome = r.status();
            continue;
          }
          if (r->state == domain::RequestState::kCompleted) continue;
          domain::RequestEvent event = RegisterEvent(job.actor, *r);
          inserts.push_back(
              {*std::move(r), std::move(event), job.request.key,
               absl::StrCat(SiteName(job.request.site_id), "/requests/"),
               job.request.correlation_id});
          inserting.push_back(&job);
        }
        const std::vector<std::optional<domain::ServiceRequest>> stored =
            store::InsertRequestsOnce(sql, inserts);
        for (size_t k = 0; k < inserting.size(); ++k) {
          if (stored[k]) inserting[k]->outcome = *stored[k];
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

RequestRegistrar::RequestRegistrar(store::Database* db, int max_batches)
    : db_(db),
      batches_(std::make_unique<store::Batcher<Job>>(
          "create", max_batches, [db](const Jobs& jobs, absl::Time deadline) {
            return RunBatch(*db, jobs, deadline);
          })) {}

RequestRegistrar::~RequestRegistrar() = default;

absl::StatusOr<domain::ServiceRequest> RequestRegistrar::Register(
    const Actor& actor, const NewRequest& request) {
  // Shared with the creates of the moment; most end there.
  auto job = std::make_shared<Job>(Job{actor, request, std::nullopt});
  CONCIERGE_RETURN_IF_ERROR(batches_->Submit(job, actor.deadline));
  if (job->outcome) return *std::move(job->outcome);
  return RegisterAlone(actor, request);
}

absl::StatusOr<domain::ServiceRequest> RequestRegistrar::RegisterAlone(
    const Actor& actor, const NewRequest& in) {
  domain::ServiceRequest r;
  CONCIERGE_RETURN_IF_ERROR(db_->Transact(
      "CreateServiceRequest", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        const store::Booking booking = store::LoadBookings(sql, {KeyOf(in)})[0];
        CONCIERGE_ASSIGN_OR_RETURN(r, Prepare(actor, in, booking));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, in.key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  r = store::InsertRequest(sql, r);
                  if (r.state == domain::RequestState::kCompleted &&
                      r.household_id != 0) {
                    store::InsertFollowUp(
                        sql, domain::ScheduleFollowUp(r, *booking.item));
                  }
                  store::AppendEvent(sql, RegisterEvent(actor, r));
                  return RequestName(in.site_id, r.id);
                }));
        if (!existing) return absl::OkStatus();
        // A replay: the request the key's first call made.
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("request", *existing, "requests"));
        std::optional<domain::ServiceRequest> first =
            store::FindRequest(sql, ids[0], ids[1], false);
        if (!first) return store::ReplayedResourceGone(*existing);
        if (actor.principal.role == domain::Role::kResident &&
            first->household_id != actor.principal.household_id) {
          return absl::PermissionDeniedError(
              "residents see their own household's requests only");
        }
        r = *std::move(first);
        return absl::OkStatus();
      }));
  return r;
}

}  // namespace concierge::usecase
