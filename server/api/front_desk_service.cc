#include "server/api/front_desk_service.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/api/catalog_convert.h"
#include "server/api/convert.h"
#include "server/api/front_desk_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"
#include "server/store/directory_repository.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/loaders.h"

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

absl::Status OnlyOwnHousehold() {
  return absl::PermissionDeniedError(
      "residents see their own household's records only");
}

// A household name given in `field`: 0 when empty and not required;
// INVALID_ARGUMENT when malformed, missing or of another site; for
// residents PERMISSION_DENIED unless their own.
absl::StatusOr<int64_t> ParseHousehold(const Call& call, int64_t site_id,
                                       absl::string_view field,
                                       const std::string& name, bool required) {
  if (name.empty()) {
    if (required) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
    }
    return 0;
  }
  CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                             ParseSiteChild(field, name, "households"));
  if (ids[0] != site_id) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a household of sites/", site_id));
  }
  CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
  return ids[1];
}

// For lists: residents always get their own household (naming another is
// PERMISSION_DENIED); staff get the filter as given (0: all).
absl::StatusOr<int64_t> HouseholdFilter(const Call& call, int64_t site_id,
                                        const std::string& name) {
  CONCIERGE_ASSIGN_OR_RETURN(
      int64_t household,
      ParseHousehold(call, site_id, "household", name, false));
  if (IsResident(call)) return call.principal.household_id;
  return household;
}

absl::Status CheckHouseholdExists(soci::session& sql, int64_t site_id,
                                  int64_t household_id,
                                  absl::string_view field) {
  if (!store::FindHousehold(sql, site_id, household_id)) {
    return absl::NotFoundError(absl::StrCat(
        field, ": ", HouseholdName(site_id, household_id), " not found"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::TimeZone> SiteZone(soci::session& sql, int64_t site_id) {
  CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                             usecase::LoadSite(sql, site_id));
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(site.time_zone, &zone)) zone = absl::UTCTimeZone();
  return zone;
}

absl::StatusOr<absl::Time> RequiredTime(absl::string_view field, bool has,
                                        const google::protobuf::Timestamp& t) {
  if (!has) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return FromProto(field, t);
}

// Appends one line to the household's history, in the transaction of the
// action itself.
void Record(soci::session& sql, int64_t site_id, int64_t household_id,
            domain::FrontDeskAction action, std::string subject,
            domain::BilingualText summary, std::string actor, absl::Time at) {
  domain::HistoryEntry h;
  h.site_id = site_id;
  h.household_id = household_id;
  h.action = action;
  h.subject = std::move(subject);
  h.summary = std::move(summary);
  h.actor = std::move(actor);
  h.time = at;
  store::AppendHistory(sql, h);
}

absl::StatusOr<std::array<int64_t, 2>> ParseChild(absl::string_view field,
                                                  const std::string& name,
                                                  absl::string_view what) {
  return ParseSiteChild(field, name, what);
}

absl::StatusOr<std::array<int64_t, 3>> ParseRegistration(
    absl::string_view field, const std::string& name) {
  return ParseName<3>(field, name, {"sites", "events", "registrations"});
}

absl::Status NotFound(const std::string& name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

}  // namespace

// --- parcels
// ---------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::LogParcel(
    grpc::ServerContext* context, const v1::LogParcelRequest* request,
    v1::Parcel* response) {
  return Serve(
      env_, context, kLogParcel, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::Parcel& in = request->parcel();
        domain::Parcel p;
        p.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            p.household_id, ParseHousehold(call, site_id, "parcel.household",
                                           in.household(), true));
        CONCIERGE_ASSIGN_OR_RETURN(p.kind, FromProto("parcel.kind", in.kind()));
        p.carrier = in.carrier();
        p.tracking_number = in.tracking_number();
        p.shelf = in.shelf();
        p.photo_ref = in.photo_ref();
        p.note = in.note();
        p.state = domain::ParcelState::kWaiting;
        p.logged_by = usecase::PrincipalName(call.principal);
        p.log_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateParcel(p));
        return env_.db->Transact(
            "LogParcel", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
                  sql, site_id, p.household_id, "parcel.household"));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        if (!p.tracking_number.empty()) {
                          if (auto other = store::FindParcelByTracking(
                                  sql, site_id, p.carrier, p.tracking_number)) {
                            return absl::AlreadyExistsError(absl::StrCat(
                                "parcel.tracking_number: ", p.tracking_number,
                                " of ", p.carrier, " is already logged as ",
                                ParcelName(site_id, *other)));
                          }
                        }
                        p = store::InsertParcel(sql, p);
                        const std::string name = ParcelName(site_id, p.id);
                        Record(sql, site_id, p.household_id,
                               domain::FrontDeskAction::kParcelLogged, name,
                               domain::SummarizeParcel(
                                   p, domain::FrontDeskAction::kParcelLogged),
                               p.logged_by, call.now);
                        return name;
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseChild("parcel", *existing, "parcels"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    p, Replayed(*existing,
                                store::FindParcel(sql, ids[0], ids[1])));
              }
              ToProto(p, response);
              return absl::OkStatus();
            });
      });
}

namespace {

absl::Status ListParcelsFor(const ApiEnv& env, const Call& call,
                            const google::protobuf::Message& request,
                            int64_t site_id, const store::ParcelFilter& filter,
                            int32_t page_size, const std::string& page_token,
                            v1::ListParcelsResponse* response) {
  CONCIERGE_ASSIGN_OR_RETURN(
      ListCursor cursor, StartList(env, call, request, page_size, page_token));
  return env.db->Read(
      "ListParcels", call.deadline, [&](soci::session& sql) -> absl::Status {
        auto page = store::ListParcels(sql, site_id, filter,
                                       {cursor.after_id, cursor.limit});
        for (const domain::Parcel& p : page.items) {
          ToProto(p, response->add_parcels());
        }
        response->set_next_page_token(
            NextPageToken(env, call, cursor, page.has_more,
                          page.items.empty() ? 0 : page.items.back().id));
        return absl::OkStatus();
      });
}

}  // namespace

grpc::Status FrontDeskServiceImpl::ListParcels(
    grpc::ServerContext* context, const v1::ListParcelsRequest* request,
    v1::ListParcelsResponse* response) {
  return Serve(
      env_, context, kListParcels, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        store::ParcelFilter filter;
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.household_id,
            HouseholdFilter(call, site_id, request->household()));
        if (request->state() != v1::PARCEL_STATE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                                     FromProto("state", request->state()));
        }
        if (request->older_than_days() < 0 ||
            request->older_than_days() > 3660) {
          return absl::InvalidArgumentError(
              "older_than_days: must be between 0 and 3660");
        }
        if (request->older_than_days() > 0) {
          filter.logged_before =
              call.now - absl::Hours(24) * request->older_than_days();
        }
        return ListParcelsFor(env_, call, *request, site_id, filter,
                              request->page_size(), request->page_token(),
                              response);
      });
}

grpc::Status FrontDeskServiceImpl::ListMyParcels(
    grpc::ServerContext* context, const v1::ListMyParcelsRequest* request,
    v1::ListParcelsResponse* response) {
  return Serve(
      env_, context, kListMyParcels, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
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
        return ListParcelsFor(env_, call, *request, site_id, filter,
                              request->page_size(), request->page_token(),
                              response);
      });
}

grpc::Status FrontDeskServiceImpl::RecordPickup(
    grpc::ServerContext* context, const v1::RecordPickupRequest* request,
    v1::Parcel* response) {
  return ServeWrite(
      env_, context, kRecordPickup, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "parcels"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidatePickup(
            request->collected_by(), request->signature_name()));
        return env_.db->Transact(
            "RecordPickup", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              // The row lock makes a second, concurrent pickup wait and then
              // see COLLECTED.
              std::optional<domain::Parcel> p =
                  store::FindParcel(sql, ids[0], ids[1], true);
              if (!p) return NotFound(request->name());
              CONCIERGE_ASSIGN_OR_RETURN(
                  p->state, domain::NextParcelState(
                                p->state, domain::ParcelAction::kPickUp));
              p->collected_by = request->collected_by();
              p->signature_name = request->signature_name();
              p->handed_over_by = usecase::PrincipalName(call.principal);
              p->collect_time = call.now;
              store::SaveParcelPickup(sql, *p);
              Record(sql, p->site_id, p->household_id,
                     domain::FrontDeskAction::kParcelCollected, request->name(),
                     domain::SummarizeParcel(
                         *p, domain::FrontDeskAction::kParcelCollected),
                     p->handed_over_by, call.now);
              ToProto(*p, response);
              return absl::OkStatus();
            });
      });
}

// --- custody
// -----------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::DepositValuables(
    grpc::ServerContext* context, const v1::DepositValuablesRequest* request,
    v1::CustodyRecord* response) {
  return Serve(
      env_, context, kDepositValuables, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::CustodyRecord& in = request->record();
        domain::CustodyRecord r;
        r.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            r.household_id, ParseHousehold(call, site_id, "record.household",
                                           in.household(), true));
        r.description = in.description();
        r.receipt_number = in.receipt_number();
        r.deposited_by = in.deposited_by();
        r.note = in.note();
        r.received_by = usecase::PrincipalName(call.principal);
        r.deposit_time = call.now;
        r.state = domain::CustodyState::kHeld;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateDeposit(r));
        return env_.db->Transact(
            "DepositValuables", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
                  sql, site_id, r.household_id, "record.household"));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        if (auto other = store::FindCustodyByReceipt(
                                sql, site_id, r.receipt_number)) {
                          return absl::AlreadyExistsError(absl::StrCat(
                              "record.receipt_number: ", r.receipt_number,
                              " is already used by ",
                              CustodyName(site_id, *other)));
                        }
                        r = store::InsertCustody(sql, r);
                        const std::string name = CustodyName(site_id, r.id);
                        Record(
                            sql, site_id, r.household_id,
                            domain::FrontDeskAction::kValuablesDeposited, name,
                            domain::SummarizeCustody(
                                r,
                                domain::FrontDeskAction::kValuablesDeposited),
                            r.received_by, call.now);
                        return name;
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseChild("record", *existing, "custody"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    r, Replayed(*existing,
                                store::FindCustody(sql, ids[0], ids[1])));
              }
              ToProto(r, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListCustody(
    grpc::ServerContext* context, const v1::ListCustodyRequest* request,
    v1::ListCustodyResponse* response) {
  return Serve(
      env_, context, kListCustody, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        store::CustodyFilter filter;
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.household_id,
            HouseholdFilter(call, site_id, request->household()));
        if (request->state() != v1::CUSTODY_STATE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                                     FromProto("state", request->state()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListCustody", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListCustody(sql, site_id, filter,
                                             {cursor.after_id, cursor.limit});
              for (const domain::CustodyRecord& r : page.items) {
                ToProto(r, response->add_records());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ReturnValuables(
    grpc::ServerContext* context, const v1::ReturnValuablesRequest* request,
    v1::CustodyRecord* response) {
  return ServeWrite(
      env_, context, kReturnValuables, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "custody"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        CONCIERGE_ASSIGN_OR_RETURN(int64_t household,
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
        return env_.db->Transact(
            "ReturnValuables", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::CustodyRecord> r =
                  store::FindCustody(sql, ids[0], ids[1], true);
              if (!r) return NotFound(request->name());
              CONCIERGE_RETURN_IF_ERROR(domain::CheckCollector(
                  *r, household, request->receipt_number()));
              CONCIERGE_ASSIGN_OR_RETURN(
                  r->state, domain::NextCustodyState(
                                r->state, domain::CustodyAction::kReturn));
              r->collected_by = request->collected_by();
              r->handed_over_by = usecase::PrincipalName(call.principal);
              r->return_time = call.now;
              if (!request->note().empty()) {
                r->note = r->note.empty()
                              ? request->note()
                              : absl::StrCat(r->note, "\n", request->note());
              }
              store::SaveCustodyReturn(sql, *r);
              Record(sql, r->site_id, r->household_id,
                     domain::FrontDeskAction::kValuablesReturned,
                     request->name(),
                     domain::SummarizeCustody(
                         *r, domain::FrontDeskAction::kValuablesReturned),
                     r->handed_over_by, call.now);
              ToProto(*r, response);
              return absl::OkStatus();
            });
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
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::LendableItem& in = request->lendable();
        domain::LendableItem l;
        l.site_id = site_id;
        l.name_zh = in.display_name().zh();
        l.name_en = in.display_name().en();
        l.total_count = in.total_count();
        l.available_count = in.total_count();
        l.created_by = usecase::PrincipalName(call.principal);
        l.create_time = call.now;
        if (!in.item().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto item, ParseChild("lendable.item", in.item(), "items"));
          if (item[0] != site_id) {
            return absl::InvalidArgumentError(
                "lendable.item: must be an item of the parent site");
          }
          l.item_id = item[1];
        }
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateLendableItem(l));
        return env_.db->Transact(
            "CreateLendableItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  usecase::LoadSite(sql, site_id).status());
              if (l.item_id != 0) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    domain::ServiceItem item,
                    usecase::LoadItem(sql, site_id, l.item_id));
                CONCIERGE_RETURN_IF_ERROR(domain::CheckLendingItem(item));
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               l = store::InsertLendable(sql, l);
                               return LendableName(site_id, l.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseChild("lendable", *existing, "lendables"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    l, Replayed(*existing,
                                store::FindLendable(sql, ids[0], ids[1])));
              }
              ToProto(l, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListLendableItems(
    grpc::ServerContext* context, const v1::ListLendableItemsRequest* request,
    v1::ListLendableItemsResponse* response) {
  return Serve(
      env_, context, kListLendableItems, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListLendableItems", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListLendables(sql, site_id,
                                               {cursor.after_id, cursor.limit});
              for (const domain::LendableItem& l : page.items) {
                ToProto(l, response->add_lendables());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::LendItem(grpc::ServerContext* context,
                                            const v1::LendItemRequest* request,
                                            v1::Loan* response) {
  return Serve(env_, context, kLendItem, [&](const Call& call) -> absl::Status {
    CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                               ParseSiteName("parent", request->parent()));
    CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateRequestId(request->request_id()));
    const v1::Loan& in = request->loan();
    domain::Loan loan;
    loan.site_id = site_id;
    if (in.lendable().empty()) {
      return absl::InvalidArgumentError("loan.lendable: is required");
    }
    CONCIERGE_ASSIGN_OR_RETURN(
        auto lendable, ParseChild("loan.lendable", in.lendable(), "lendables"));
    if (lendable[0] != site_id) {
      return absl::InvalidArgumentError(
          "loan.lendable: must belong to the parent site");
    }
    loan.lendable_id = lendable[1];
    CONCIERGE_ASSIGN_OR_RETURN(
        loan.household_id,
        ParseHousehold(call, site_id, "loan.household", in.household(), true));
    loan.borrower = in.borrower();
    CONCIERGE_ASSIGN_OR_RETURN(
        loan.due_time,
        RequiredTime("loan.due_time", in.has_due_time(), in.due_time()));
    loan.state = domain::LoanState::kOut;
    loan.lent_by = usecase::PrincipalName(call.principal);
    loan.lend_time = call.now;
    CONCIERGE_RETURN_IF_ERROR(domain::ValidateLoan(loan, call.now));
    return env_.db->Transact(
        "LendItem", call.deadline, [&](soci::session& sql) -> absl::Status {
          CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
              sql, site_id, loan.household_id, "loan.household"));
          std::optional<domain::LendableItem> item =
              store::FindLendable(sql, site_id, loan.lendable_id);
          if (!item) {
            return absl::NotFoundError(
                absl::StrCat("loan.lendable: ", in.lendable(), " not found"));
          }
          loan.lendable_name_zh = item->name_zh;
          loan.lendable_name_en = item->name_en;
          CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                     SiteZone(sql, site_id));
          CONCIERGE_ASSIGN_OR_RETURN(
              std::optional<std::string> existing,
              CreateOnce(
                  sql, call, *request, request->request_id(),
                  [&]() -> absl::StatusOr<std::string> {
                    // One conditional UPDATE takes the stock: of two
                    // desks lending the last one, exactly one gets it.
                    if (!store::TakeOne(sql, site_id, loan.lendable_id)) {
                      const auto fresh =
                          store::FindLendable(sql, site_id, loan.lendable_id);
                      return domain::OutOfStock(
                          *item,
                          fresh ? fresh->next_due_time : item->next_due_time,
                          zone);
                    }
                    loan = store::InsertLoan(sql, loan);
                    const std::string name = LoanName(site_id, loan.id);
                    Record(sql, site_id, loan.household_id,
                           domain::FrontDeskAction::kItemLent, name,
                           domain::SummarizeLoan(
                               loan, domain::FrontDeskAction::kItemLent, zone),
                           loan.lent_by, call.now);
                    return name;
                  }));
          if (existing) {
            CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                       ParseChild("loan", *existing, "loans"));
            CONCIERGE_ASSIGN_OR_RETURN(
                loan,
                Replayed(*existing, store::FindLoan(sql, ids[0], ids[1])));
          }
          ToProto(loan, call.now, response);
          return absl::OkStatus();
        });
  });
}

grpc::Status FrontDeskServiceImpl::ReturnItem(
    grpc::ServerContext* context, const v1::ReturnItemRequest* request,
    v1::Loan* response) {
  return ServeWrite(
      env_, context, kReturnItem, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "loans"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        return env_.db->Transact(
            "ReturnItem", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::Loan> loan =
                  store::FindLoan(sql, ids[0], ids[1], true);
              if (!loan) return NotFound(request->name());
              CONCIERGE_ASSIGN_OR_RETURN(
                  loan->state, domain::NextLoanState(
                                   loan->state, domain::LoanAction::kReturn));
              loan->received_by = usecase::PrincipalName(call.principal);
              loan->return_time = call.now;
              store::SaveLoanReturn(sql, *loan);
              store::PutBack(sql, loan->site_id, loan->lendable_id);
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                         SiteZone(sql, loan->site_id));
              Record(sql, loan->site_id, loan->household_id,
                     domain::FrontDeskAction::kItemReturned, request->name(),
                     domain::SummarizeLoan(
                         *loan, domain::FrontDeskAction::kItemReturned, zone),
                     loan->received_by, call.now);
              ToProto(*loan, call.now, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListLoans(
    grpc::ServerContext* context, const v1::ListLoansRequest* request,
    v1::ListLoansResponse* response) {
  return Serve(
      env_, context, kListLoans, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        store::LoanFilter filter;
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.household_id,
            HouseholdFilter(call, site_id, request->household()));
        if (request->state() != v1::LOAN_STATE_UNSPECIFIED) {
          CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                                     FromProto("state", request->state()));
        }
        if (request->overdue_only()) filter.overdue_at = call.now;
        if (!request->lendable().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseChild("lendable", request->lendable(), "lendables"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "lendable: must belong to the parent site");
          }
          filter.lendable_id = ids[1];
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListLoans", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListLoans(sql, site_id, filter,
                                           {cursor.after_id, cursor.limit});
              for (const domain::Loan& loan : page.items) {
                ToProto(loan, call.now, response->add_loans());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

// --- messages
// ----------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::LeaveMessage(
    grpc::ServerContext* context, const v1::LeaveMessageRequest* request,
    v1::VisitorMessage* response) {
  return Serve(
      env_, context, kLeaveMessage, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::VisitorMessage& in = request->message();
        domain::VisitorMessage m;
        m.site_id = site_id;
        CONCIERGE_ASSIGN_OR_RETURN(
            m.household_id, ParseHousehold(call, site_id, "message.household",
                                           in.household(), true));
        m.from_name = in.from_name();
        m.from_phone = in.from_phone();
        m.text = in.text();
        CONCIERGE_ASSIGN_OR_RETURN(m.channel,
                                   FromProto("message.channel", in.channel()));
        m.state = domain::MessageState::kUnread;
        m.left_by = usecase::PrincipalName(call.principal);
        m.leave_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateMessage(m));
        return env_.db->Transact(
            "LeaveMessage", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
                  sql, site_id, m.household_id, "message.household"));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        m = store::InsertMessage(sql, m);
                        const std::string name = MessageName(site_id, m.id);
                        Record(sql, site_id, m.household_id,
                               domain::FrontDeskAction::kMessageLeft, name,
                               domain::SummarizeMessage(
                                   m, domain::FrontDeskAction::kMessageLeft),
                               m.left_by, call.now);
                        return name;
                      }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseChild("message", *existing, "messages"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    m, Replayed(*existing,
                                store::FindMessage(sql, ids[0], ids[1])));
              }
              ToProto(m, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListMyMessages(
    grpc::ServerContext* context, const v1::ListMyMessagesRequest* request,
    v1::ListMessagesResponse* response) {
  return Serve(
      env_, context, kListMyMessages, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        if (!IsResident(call)) {
          return absl::PermissionDeniedError(
              "ListMyMessages is for residents; staff see messages in "
              "ListHouseholdHistory");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListMyMessages", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListMessages(
                  sql, site_id, call.principal.household_id,
                  request->unread_only(), {cursor.after_id, cursor.limit});
              for (const domain::VisitorMessage& m : page.items) {
                ToProto(m, response->add_messages());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::AcknowledgeMessage(
    grpc::ServerContext* context, const v1::AcknowledgeMessageRequest* request,
    v1::VisitorMessage* response) {
  return ServeWrite(
      env_, context, kAcknowledgeMessage, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "messages"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        return env_.db->Transact(
            "AcknowledgeMessage", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::VisitorMessage> m =
                  store::FindMessage(sql, ids[0], ids[1], true);
              // Another household's message: refused before saying whether it
              // exists.
              if (!m || m->household_id != call.principal.household_id) {
                return absl::PermissionDeniedError(
                    "messages are acknowledged by a resident of their "
                    "household");
              }
              CONCIERGE_ASSIGN_OR_RETURN(
                  m->state, domain::NextMessageState(
                                m->state, domain::MessageAction::kAcknowledge));
              m->acknowledged_by = usecase::PrincipalName(call.principal);
              m->acknowledge_time = call.now;
              store::SaveMessageAck(sql, *m);
              Record(sql, m->site_id, m->household_id,
                     domain::FrontDeskAction::kMessageAcknowledged,
                     request->name(),
                     domain::SummarizeMessage(
                         *m, domain::FrontDeskAction::kMessageAcknowledged),
                     m->acknowledged_by, call.now);
              ToProto(*m, response);
              return absl::OkStatus();
            });
      });
}

// --- events
// --------------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::CreateEvent(
    grpc::ServerContext* context, const v1::CreateEventRequest* request,
    v1::CommunityEvent* response) {
  return Serve(
      env_, context, kCreateEvent, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::CommunityEvent& in = request->event();
        if (in.item().empty()) {
          return absl::InvalidArgumentError("event.item: is required");
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            auto item_ids, ParseChild("event.item", in.item(), "items"));
        if (item_ids[0] != site_id) {
          return absl::InvalidArgumentError(
              "event.item: must be an item of the parent site");
        }
        domain::CommunityEvent e;
        e.site_id = site_id;
        e.item_id = item_ids[1];
        e.title_zh = in.title().zh();
        e.title_en = in.title().en();
        e.description_zh = in.description().zh();
        e.description_en = in.description().en();
        e.place_zh = in.place().zh();
        e.place_en = in.place().en();
        e.capacity = in.capacity();
        CONCIERGE_ASSIGN_OR_RETURN(
            e.start_time, RequiredTime("event.start_time", in.has_start_time(),
                                       in.start_time()));
        CONCIERGE_ASSIGN_OR_RETURN(
            e.end_time,
            RequiredTime("event.end_time", in.has_end_time(), in.end_time()));
        CONCIERGE_ASSIGN_OR_RETURN(e.registration_deadline,
                                   RequiredTime("event.registration_deadline",
                                                in.has_registration_deadline(),
                                                in.registration_deadline()));
        e.created_by = usecase::PrincipalName(call.principal);
        e.create_time = call.now;
        return env_.db->Transact(
            "CreateEvent", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_ASSIGN_OR_RETURN(
                  domain::ServiceItem item,
                  usecase::LoadItem(sql, site_id, e.item_id));
              CONCIERGE_RETURN_IF_ERROR(domain::CheckEventItem(item));
              e.item_code = item.code;
              if (e.title_zh.empty()) e.title_zh = item.title_zh;
              if (e.title_en.empty()) e.title_en = item.title_en;
              CONCIERGE_RETURN_IF_ERROR(domain::ValidateEvent(e, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(sql, call, *request, request->request_id(),
                             [&]() -> absl::StatusOr<std::string> {
                               e = store::InsertEvent(sql, e);
                               return EventName(site_id, e.id);
                             }));
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseChild("event", *existing, "events"));
                CONCIERGE_ASSIGN_OR_RETURN(
                    e,
                    Replayed(*existing, store::FindEvent(sql, ids[0], ids[1])));
              }
              ToProto(e, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListEvents(
    grpc::ServerContext* context, const v1::ListEventsRequest* request,
    v1::ListEventsResponse* response) {
  return Serve(
      env_, context, kListEvents, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        store::EventFilter filter;
        if (!request->include_past()) filter.ends_after = call.now;
        if (!request->item().empty()) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseChild("item", request->item(), "items"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "item: must belong to the parent site");
          }
          filter.item_id = ids[1];
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListEvents", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              auto page = store::ListEvents(sql, site_id, filter,
                                            {cursor.after_id, cursor.limit});
              std::map<int64_t, domain::EventRegistration> mine;
              if (IsResident(call)) {
                std::vector<int64_t> ids;
                for (const domain::CommunityEvent& e : page.items)
                  ids.push_back(e.id);
                mine = store::LiveRegistrationsOf(
                    sql, call.principal.household_id, ids);
              }
              for (const domain::CommunityEvent& e : page.items) {
                v1::CommunityEvent* out = response->add_events();
                ToProto(e, out);
                if (auto it = mine.find(e.id); it != mine.end()) {
                  ToProto(it->second, out->mutable_my_registration());
                }
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::RegisterForEvent(
    grpc::ServerContext* context, const v1::RegisterForEventRequest* request,
    v1::EventRegistration* response) {
  return Serve(
      env_, context, kRegisterForEvent, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto event_ids, ParseChild("parent", request->parent(), "events"));
        const int64_t site_id = event_ids[0];
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        const v1::EventRegistration& in = request->registration();
        domain::EventRegistration r;
        r.site_id = site_id;
        r.event_id = event_ids[1];
        CONCIERGE_ASSIGN_OR_RETURN(
            r.household_id,
            ParseHousehold(call, site_id, "registration.household",
                           in.household(), !IsResident(call)));
        if (IsResident(call)) r.household_id = call.principal.household_id;
        r.party_size = in.party_size();
        r.details = in.details();
        r.registered_by = usecase::PrincipalName(call.principal);
        r.register_time = call.now;
        return env_.db->Transact(
            "RegisterForEvent", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(CheckHouseholdExists(
                  sql, site_id, r.household_id, "registration.household"));
              // Every registration, cancellation and promotion of this event
              // holds the event's row lock: places are counted by one at a
              // time.
              if (!store::LockEvent(sql, site_id, r.event_id)) {
                return NotFound(request->parent());
              }
              std::optional<domain::CommunityEvent> found =
                  store::FindEvent(sql, site_id, r.event_id);
              if (!found) return NotFound(request->parent());
              const domain::CommunityEvent& event = *found;
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                         SiteZone(sql, site_id));
              CONCIERGE_ASSIGN_OR_RETURN(
                  std::optional<std::string> existing,
                  CreateOnce(
                      sql, call, *request, request->request_id(),
                      [&]() -> absl::StatusOr<std::string> {
                        CONCIERGE_RETURN_IF_ERROR(
                            domain::ValidateRegistration(event, r));
                        CONCIERGE_RETURN_IF_ERROR(domain::CheckRegistrationOpen(
                            event, call.now, zone));
                        if (auto live = store::FindLiveRegistration(
                                sql, r.event_id, r.household_id)) {
                          return absl::AlreadyExistsError(absl::StrCat(
                              "registration: ",
                              HouseholdName(site_id, r.household_id),
                              " is already ", domain::Name(live->state), " (",
                              RegistrationName(site_id, r.event_id, live->id),
                              ")"));
                        }
                        r.state = domain::PlaceFor(
                            event.capacity,
                            store::PeopleHoldingPlaces(sql, r.event_id),
                            r.party_size);
                        r = store::InsertRegistration(sql, r);
                        const std::string name =
                            RegistrationName(site_id, r.event_id, r.id);
                        const domain::FrontDeskAction action =
                            domain::RegistrationHistoryAction(r.state);
                        Record(sql, site_id, r.household_id, action, name,
                               domain::SummarizeRegistration(event, r, action,
                                                             zone),
                               r.registered_by, call.now);
                        return name;
                      }));
              int64_t id = r.id;
              if (existing) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    auto ids, ParseRegistration("registration", *existing));
                id = ids[2];
              }
              // Read back with its waitlist position (a first call's row
              // is this transaction's: only a replay can find it gone).
              CONCIERGE_ASSIGN_OR_RETURN(
                  const domain::EventRegistration stored,
                  Replayed(
                      RegistrationName(site_id, r.event_id, id),
                      store::FindRegistration(sql, site_id, r.event_id, id)));
              ToProto(stored, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::CancelRegistration(
    grpc::ServerContext* context, const v1::CancelRegistrationRequest* request,
    v1::EventRegistration* response) {
  return ServeWrite(
      env_, context, kCancelRegistration, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseRegistration("name", request->name()));
        const int64_t site_id = ids[0];
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        return env_.db->Transact(
            "CancelRegistration", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              // The event's lock first (as RegisterForEvent takes it), then the
              // registration's.
              const bool event_exists = store::LockEvent(sql, site_id, ids[1]);
              std::optional<domain::EventRegistration> r =
                  event_exists ? store::FindRegistration(sql, site_id, ids[1],
                                                         ids[2], true)
                               : std::nullopt;
              if (IsResident(call) &&
                  (!r || r->household_id != call.principal.household_id)) {
                return OnlyOwnHousehold();
              }
              if (!r) return NotFound(request->name());
              std::optional<domain::CommunityEvent> event =
                  store::FindEvent(sql, site_id, ids[1]);
              if (!event) return NotFound(request->name());
              CONCIERGE_RETURN_IF_ERROR(
                  domain::CheckCancellable(*event, call.now));
              const bool freed = domain::HoldsPlace(r->state);
              CONCIERGE_ASSIGN_OR_RETURN(
                  r->state, domain::NextRegistrationState(
                                r->state, domain::RegistrationAction::kCancel));
              r->cancelled_by = usecase::PrincipalName(call.principal);
              r->cancel_time = call.now;
              store::SaveRegistration(sql, *r);
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                         SiteZone(sql, site_id));
              Record(sql, site_id, r->household_id,
                     domain::FrontDeskAction::kEventCancelled, request->name(),
                     domain::SummarizeRegistration(
                         *event, *r, domain::FrontDeskAction::kEventCancelled,
                         zone),
                     r->cancelled_by, call.now);
              if (freed) {
                // The places go to the waitlist at once, in registration order.
                for (int64_t promoted_id :
                     domain::Promotions(event->capacity,
                                        store::PeopleHoldingPlaces(sql, ids[1]),
                                        store::Waitlist(sql, ids[1]))) {
                  std::optional<domain::EventRegistration> w =
                      store::FindRegistration(sql, site_id, ids[1], promoted_id,
                                              true);
                  if (!w) continue;
                  CONCIERGE_ASSIGN_OR_RETURN(
                      w->state,
                      domain::NextRegistrationState(
                          w->state, domain::RegistrationAction::kPromote));
                  w->promote_time = call.now;
                  store::SaveRegistration(sql, *w);
                  Record(sql, site_id, w->household_id,
                         domain::FrontDeskAction::kEventPromoted,
                         RegistrationName(site_id, ids[1], w->id),
                         domain::SummarizeRegistration(
                             *event, *w,
                             domain::FrontDeskAction::kEventPromoted, zone),
                         std::string(domain::kSystemActor), call.now);
                }
              }
              r->waitlist_position = 0;
              ToProto(*r, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::SetLendableStock(
    grpc::ServerContext* context, const v1::SetLendableStockRequest* request,
    v1::LendableItem* response) {
  return ServeWrite(
      env_, context, kSetLendableStock, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "lendables"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateStockChange(
            request->total_count(), request->reason()));
        return env_.db->Transact(
            "SetLendableStock", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::LendableItem> item =
                  store::FindLendable(sql, ids[0], ids[1]);
              if (!item) return NotFound(request->name());
              item->total_count = request->total_count();
              item->stock_changed_by = usecase::PrincipalName(call.principal);
              item->stock_change_time = call.now;
              item->stock_change_reason = request->reason();
              if (!store::SetStock(sql, *item)) {
                // Loans went out since the read: report the count now.
                std::optional<domain::LendableItem> now =
                    store::FindLendable(sql, ids[0], ids[1]);
                if (!now) return NotFound(request->name());
                CONCIERGE_RETURN_IF_ERROR(domain::CheckStockCoversLoans(
                    *now, request->total_count()));
                return absl::AbortedError(
                    "the stock changed meanwhile; try again");
              }
              item = store::FindLendable(sql, ids[0], ids[1]);
              if (!item) return NotFound(request->name());
              ToProto(*item, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::CancelEvent(
    grpc::ServerContext* context, const v1::CancelEventRequest* request,
    v1::CommunityEvent* response) {
  return ServeWrite(
      env_, context, kCancelEvent, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("name", request->name(), "events"));
        const int64_t site_id = ids[0];
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        return env_.db->Transact(
            "CancelEvent", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              // The event's lock first, as every registration change takes it.
              if (!store::LockEvent(sql, site_id, ids[1])) {
                return NotFound(request->name());
              }
              std::optional<domain::CommunityEvent> event =
                  store::FindEvent(sql, site_id, ids[1]);
              if (!event) return NotFound(request->name());
              CONCIERGE_RETURN_IF_ERROR(domain::CheckEventCancellable(
                  *event, call.now, request->reason()));
              event->cancelled_by = usecase::PrincipalName(call.principal);
              event->cancel_time = call.now;
              event->cancel_reason = request->reason();
              store::SaveEventCancellation(sql, *event);
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                         SiteZone(sql, site_id));
              for (domain::EventRegistration& r :
                   store::OpenRegistrations(sql, site_id, ids[1])) {
                CONCIERGE_ASSIGN_OR_RETURN(
                    r.state, domain::NextRegistrationState(
                                 r.state, domain::RegistrationAction::kCancel));
                r.cancelled_by = event->cancelled_by;
                r.cancel_time = call.now;
                store::SaveRegistration(sql, r);
                Record(sql, site_id, r.household_id,
                       domain::FrontDeskAction::kEventCancelled,
                       RegistrationName(site_id, ids[1], r.id),
                       domain::SummarizeRegistration(
                           *event, r, domain::FrontDeskAction::kEventCancelled,
                           zone),
                       r.cancelled_by, call.now);
              }
              event = store::FindEvent(sql, site_id, ids[1]);
              if (!event) return NotFound(request->name());
              ToProto(*event, response);
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::ListRegistrations(
    grpc::ServerContext* context, const v1::ListRegistrationsRequest* request,
    v1::ListRegistrationsResponse* response) {
  return Serve(
      env_, context, kListRegistrations, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("parent", request->parent(), "events"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        const int64_t household =
            IsResident(call) ? call.principal.household_id : 0;
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListRegistrations", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              if (!store::FindEvent(sql, ids[0], ids[1])) {
                return NotFound(request->parent());
              }
              auto page =
                  store::ListRegistrations(sql, ids[0], ids[1], household,
                                           {cursor.after_id, cursor.limit});
              for (const domain::EventRegistration& r : page.items) {
                ToProto(r, response->add_registrations());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

grpc::Status FrontDeskServiceImpl::RecordAttendance(
    grpc::ServerContext* context, const v1::RecordAttendanceRequest* request,
    v1::EventRegistration* response) {
  return ServeWrite(
      env_, context, kRecordAttendance, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                                   ParseRegistration("name", request->name()));
        const int64_t site_id = ids[0];
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, site_id));
        if (request->people() < 0 ||
            request->people() > domain::kMaxPartySize) {
          return absl::InvalidArgumentError(
              "people: must be between 0 (the party size) and 20");
        }
        if (!request->attended() && request->people() != 0) {
          return absl::InvalidArgumentError(
              "people: only for a household that attended");
        }
        return env_.db->Transact(
            "RecordAttendance", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              std::optional<domain::EventRegistration> r =
                  store::FindRegistration(sql, site_id, ids[1], ids[2], true);
              if (!r) return NotFound(request->name());
              std::optional<domain::CommunityEvent> event =
                  store::FindEvent(sql, site_id, ids[1]);
              if (!event) return NotFound(request->name());
              CONCIERGE_RETURN_IF_ERROR(
                  domain::CheckAttendanceOpen(*event, call.now));
              CONCIERGE_ASSIGN_OR_RETURN(
                  r->state,
                  domain::NextRegistrationState(
                      r->state, request->attended()
                                    ? domain::RegistrationAction::kAttend
                                    : domain::RegistrationAction::kMarkAbsent));
              r->attended_people =
                  request->attended()
                      ? (request->people() == 0 ? r->party_size
                                                : request->people())
                      : 0;
              r->attendance_recorded_by =
                  usecase::PrincipalName(call.principal);
              r->attendance_time = call.now;
              store::SaveRegistration(sql, *r);
              CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone,
                                         SiteZone(sql, site_id));
              const domain::FrontDeskAction action =
                  domain::RegistrationHistoryAction(r->state);
              Record(sql, site_id, r->household_id, action, request->name(),
                     domain::SummarizeRegistration(*event, *r, action, zone),
                     r->attendance_recorded_by, call.now);
              ToProto(*r, response);
              return absl::OkStatus();
            });
      });
}

// --- history
// ---------------------------------------------------------------------------------

grpc::Status FrontDeskServiceImpl::ListHouseholdHistory(
    grpc::ServerContext* context,
    const v1::ListHouseholdHistoryRequest* request,
    v1::ListHouseholdHistoryResponse* response) {
  return Serve(
      env_, context, kListHouseholdHistory,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseChild("parent", request->parent(), "households"));
        CONCIERGE_RETURN_IF_ERROR(CheckDeskCaller(call, ids[0]));
        CONCIERGE_RETURN_IF_ERROR(RequireOwnHousehold(call, ids[1]));
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return env_.db->Read(
            "ListHouseholdHistory", call.deadline,
            [&](soci::session& sql) -> absl::Status {
              CONCIERGE_RETURN_IF_ERROR(
                  CheckHouseholdExists(sql, ids[0], ids[1], "parent"));
              auto page = store::ListHistory(sql, ids[0], ids[1],
                                             {cursor.after_id, cursor.limit});
              for (const domain::HistoryEntry& h : page.items) {
                ToProto(h, response->add_entries());
              }
              response->set_next_page_token(
                  NextPageToken(env_, call, cursor, page.has_more,
                                page.items.empty() ? 0 : page.items.back().id));
              return absl::OkStatus();
            });
      });
}

}  // namespace concierge::api
