#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/usecase/catalog_workflows.h"
#include "server/usecase/loaders.h"
#include "server/usecase/quality.h"

// The annual review of the catalogue and the service plan it leads to.
namespace concierge::usecase {
namespace {

absl::StatusOr<absl::TimeZone> SiteZone(const domain::Site& site) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(site.time_zone, &zone)) {
    return absl::InternalError(
        absl::StrCat("site time zone ", site.time_zone, " cannot be loaded"));
  }
  return zone;
}

absl::StatusOr<domain::ServicePlan> LoadPlan(soci::session& sql,
                                             int64_t site_id, int64_t id,
                                             bool for_update) {
  std::optional<domain::ServicePlan> plan =
      store::FindPlan(sql, site_id, id, for_update);
  if (!plan) {
    return absl::NotFoundError(
        absl::StrCat(SiteChildName(site_id, "plans", id), " not found"));
  }
  return *std::move(plan);
}

// --- the annual plan -------------------------------------------------------

// The catalogue's own rules for one entry, at `now`: the item exists and may
// take the move; a new item is a valid DRAFT with a new code; prices pass
// ValidatePriceProposal; an ADD answers an ACCEPTED suggestion.
absl::Status CheckPlanEntry(soci::session& sql, const domain::Site& site,
                            const domain::PlanEntry& e, absl::Time now) {
  switch (e.action) {
    case domain::PlanAction::kKeep:
    case domain::PlanAction::kRetire:
    case domain::PlanAction::kReprice: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 LoadItem(sql, site.id, e.item_id));
      if (e.action == domain::PlanAction::kRetire) {
        CONCIERGE_RETURN_IF_ERROR(
            domain::NextItemState(item.state, domain::ItemAction::kRetire)
                .status());
      } else if (item.state == domain::ItemState::kRetired) {
        return absl::FailedPreconditionError(
            absl::StrCat("item ", item.code, " is RETIRED"));
      }
      if (e.action == domain::PlanAction::kReprice) {
        domain::PriceVersion price;
        price.amount = *e.price;
        price.effective_time = *e.effective_time;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidatePriceProposal(item, price, site.currency, now));
      }
      return absl::OkStatus();
    }
    case domain::PlanAction::kAdd: {
      std::optional<domain::Suggestion> s =
          store::FindSuggestion(sql, site.id, e.suggestion_id);
      if (!s) {
        return absl::NotFoundError(
            absl::StrCat("suggestion ",
                         SiteChildName(site.id, "suggestions", e.suggestion_id),
                         " not found"));
      }
      if (s->state != domain::SuggestionState::kAccepted) {
        return absl::FailedPreconditionError(
            absl::StrCat("suggestion is ", domain::Name(s->state),
                         "; only ACCEPTED suggestions are added by a plan"));
      }
      domain::ServiceItem item = e.new_item;
      item.site_id = site.id;
      item.state = domain::ItemState::kDraft;
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
      if (!store::FindDepartment(sql, site.id, item.department_id)) {
        return absl::NotFoundError(
            "item.department: not a department of the site");
      }
      if (store::FindItemByCode(sql, site.id, item.code)) {
        return absl::AlreadyExistsError(
            absl::StrCat("item.code: ", item.code, " already exists"));
      }
      if (item.fee_kind == domain::FeeKind::kFixed) {
        domain::PriceVersion price;
        price.amount = *e.price;
        price.effective_time = *e.effective_time;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidatePriceProposal(item, price, site.currency, now));
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPlanEntries(soci::session& sql, const domain::Site& site,
                              const domain::ServicePlan& plan, absl::Time now) {
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    CONCIERGE_RETURN_IF_ERROR(
        domain::EntryError(i, CheckPlanEntry(sql, site, plan.entries[i], now)));
  }
  return absl::OkStatus();
}

// A price version proposed and approved through the catalogue's rules.
absl::StatusOr<domain::PriceVersion> ApprovedPrice(
    soci::session& sql, const domain::Site& site,
    const domain::ServiceItem& item, const domain::PlanEntry& e,
    const std::string& by, absl::Time now, int32_t year) {
  domain::PriceVersion price;
  price.site_id = site.id;
  price.item_id = item.id;
  price.amount = domain::Money{site.currency, e.price->minor};
  price.effective_time = *e.effective_time;
  price.state = domain::PriceState::kProposed;
  price.note = e.note.empty() ? absl::StrCat("Service plan ", year) : e.note;
  price.proposed_by = by;
  price.propose_time = now;
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidatePriceProposal(item, price, site.currency, now));
  price = store::InsertPrice(sql, price);
  CONCIERGE_RETURN_IF_ERROR(domain::CheckPriceDecision(price, true, now));
  price.state = domain::PriceState::kApproved;
  price.decided_by = by;
  price.decide_time = now;
  store::RecordPriceDecision(sql, price);
  return price;
}

// Applies one entry; records the item and price it produced in `e`.
absl::Status ApplyPlanEntry(soci::session& sql, const domain::Site& site,
                            const domain::ServicePlan& plan, const Actor& actor,
                            domain::PlanEntry& e,
                            std::vector<std::string>* retired_zh,
                            std::vector<std::string>* retired_en) {
  const std::string by = domain::ActorKey(actor.principal);
  switch (e.action) {
    case domain::PlanAction::kKeep:
      return absl::OkStatus();
    case domain::PlanAction::kRetire: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 LoadItem(sql, site.id, e.item_id));
      CONCIERGE_ASSIGN_OR_RETURN(
          item.state,
          domain::NextItemState(item.state, domain::ItemAction::kRetire));
      item.retire_time = actor.now;
      item.retire_reason =
          e.note.empty() ? absl::StrCat("Service plan ", plan.year) : e.note;
      item.update_time = actor.now;
      CONCIERGE_RETURN_IF_ERROR(SaveItem(sql, item, item.version).status());
      retired_zh->push_back(item.title_zh);
      retired_en->push_back(item.title_en);
      return absl::OkStatus();
    }
    case domain::PlanAction::kReprice: {
      CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                                 LoadItem(sql, site.id, e.item_id));
      CONCIERGE_ASSIGN_OR_RETURN(
          domain::PriceVersion price,
          ApprovedPrice(sql, site, item, e, by, actor.now, plan.year));
      e.price_id = price.id;
      return absl::OkStatus();
    }
    case domain::PlanAction::kAdd: {
      domain::ServiceItem item = e.new_item;
      item.site_id = site.id;
      item.state = domain::ItemState::kDraft;
      item.create_time = actor.now;
      item.update_time = actor.now;
      domain::ApplyDefaultTargets(&item);
      CONCIERGE_RETURN_IF_ERROR(domain::ValidateServiceItem(item));
      if (store::FindItemByCode(sql, site.id, item.code)) {
        return absl::AlreadyExistsError(
            absl::StrCat("item.code: ", item.code, " already exists"));
      }
      item = store::InsertItem(sql, item);
      // DRAFT -> APPROVED through the item life cycle.
      CONCIERGE_ASSIGN_OR_RETURN(
          item.state,
          domain::NextItemState(item.state, domain::ItemAction::kApprove));
      item.approved_by = by;
      item.approve_time = actor.now;
      CONCIERGE_ASSIGN_OR_RETURN(item, SaveItem(sql, item, item.version));
      e.item_id = item.id;
      if (item.fee_kind == domain::FeeKind::kFixed) {
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::PriceVersion price,
            ApprovedPrice(sql, site, item, e, by, actor.now, plan.year));
        e.price_id = price.id;
      }
      std::optional<domain::Suggestion> s =
          store::FindSuggestion(sql, site.id, e.suggestion_id, true);
      if (!s) return absl::NotFoundError("suggestion: not found");
      const int64_t version = s->version;
      CONCIERGE_ASSIGN_OR_RETURN(
          s->state, domain::NextSuggestionState(
                        s->state, domain::SuggestionAction::kAdopt));
      s->plan_id = plan.id;
      s->adopted_item_id = item.id;
      s->update_time = actor.now;
      if (!store::SaveSuggestion(sql, *s, version)) {
        return StaleEtag("suggestion");
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// The DRAFT announcement of what the plan changed, checked by the
// catalogue's announcement rules. 0 when the plan changed nothing.
absl::StatusOr<int64_t> AnnouncePlan(
    soci::session& sql, const domain::Site& site,
    const domain::ServicePlan& plan, const Actor& actor,
    const std::vector<std::string>& retired_zh,
    const std::vector<std::string>& retired_en) {
  domain::Announcement a;
  a.site_id = site.id;
  for (const domain::PlanEntry& e : plan.entries) {
    if (e.action == domain::PlanAction::kAdd) a.item_ids.push_back(e.item_id);
    if (e.price_id != 0) a.price_ids.push_back(e.price_id);
  }
  if (a.item_ids.empty() && a.price_ids.empty() && retired_zh.empty()) return 0;
  a.title_zh = absl::StrCat(plan.year, "年度個性化服務項目及收費標準");
  a.title_en = absl::StrCat("Personalised services and prices for ", plan.year);
  a.body_zh = absl::StrCat("服務中心按保本微利原則擬定了", plan.year,
                           "年度個性化服務項目計劃。");
  a.body_en = absl::StrCat(
      "The service center has set its personalised service plan for ",
      plan.year, " on the break-even-with-small-profit principle.");
  if (!retired_zh.empty()) {
    absl::StrAppend(&a.body_zh, "\n停止提供：", absl::StrJoin(retired_zh, "、"),
                    "。");
    absl::StrAppend(&a.body_en,
                    "\nNo longer offered: ", absl::StrJoin(retired_en, ", "),
                    ".");
  }
  a.created_by = domain::ActorKey(actor.principal);
  a.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateAnnouncement(a));
  for (int64_t price_id : a.price_ids) {
    std::optional<domain::PriceVersion> price =
        store::FindPrice(sql, site.id, price_id);
    if (!price) return absl::InternalError("plan price vanished");
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(*price, actor.now));
  }
  for (int64_t item_id : a.item_ids) {
    CONCIERGE_ASSIGN_OR_RETURN(domain::ServiceItem item,
                               LoadItem(sql, site.id, item_id));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckAnnounceable(item));
    CONCIERGE_RETURN_IF_ERROR(domain::CheckPricedForAnnouncement(
        item, store::ListItemPrices(sql, site.id, item_id), a.price_ids,
        actor.now));
  }
  a = store::InsertAnnouncement(sql, a);
  return a.id;
}

}  // namespace

absl::StatusOr<AnnualReview> GetAnnualReview(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id, int32_t year) {
  AnnualReview review;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetAnnualReview", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(review.site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(review.site));
        review.year = domain::YearIn(year, zone);
        const absl::Time start = review.year.start, end = review.year.end;
        for (store::ItemYearRow& row :
             store::ReviewItems(sql, site_id, start, end)) {
          const domain::ItemYearFigures f =
              domain::EvaluateItemYear(row.item.fee_kind, row.counts);
          review.total_revenue_minor += row.counts.revenue_minor;
          review.total_cost_minor += f.cost_minor;
          review.items.push_back({std::move(row), f});
        }
        review.open_suggestions = store::OpenAcceptedSuggestions(sql, site_id);
        review.follow_up_register = domain::SummarizeRegister(
            store::TallyFollowUps(sql, site_id, start, end));
        review.pending_overdue =
            store::CountFollowUpsOverdue(sql, site_id, start, end, actor.now);
        return absl::OkStatus();
      }));
  return review;
}

absl::StatusOr<PricedPlan> CreateServicePlan(store::Database& db,
                                             const Actor& actor, NewPlan in) {
  const int64_t site_id = in.plan.site_id;
  PricedPlan created;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateServicePlan", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(absl::TimeZone zone, SiteZone(site));
        domain::ServicePlan plan = in.plan;
        for (size_t i = 0; i < plan.entries.size(); ++i) {
          if (plan.entries[i].action != domain::PlanAction::kAdd) continue;
          CONCIERGE_ASSIGN_OR_RETURN(
              plan.entries[i].new_item.department_id,
              FindDepartment(sql, site_id, in.department_fields[i],
                             in.departments[i]));
        }
        plan.state = domain::PlanState::kDraft;
        plan.created_by = domain::ActorKey(actor.principal);
        plan.create_time = actor.now;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidatePlan(plan, domain::YearOf(actor.now, zone)));
        CONCIERGE_RETURN_IF_ERROR(CheckPlanEntries(sql, site, plan, actor.now));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, in.key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                plan = store::InsertPlan(sql, plan);
                                return SiteChildName(site_id, "plans", plan.id);
                              }));
        int64_t id = plan.id;
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("plan", *existing, "plans"));
          id = ids[1];
        }
        // (A first call's row is this transaction's: only a replay can find
        // it gone.)
        std::optional<domain::ServicePlan> stored =
            store::FindPlan(sql, site_id, id);
        if (!stored) {
          return store::ReplayedResourceGone(
              SiteChildName(site_id, "plans", id));
        }
        created = {*std::move(stored), site.currency};
        return absl::OkStatus();
      }));
  return created;
}

absl::StatusOr<PricedPlan> GetServicePlan(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          int64_t id) {
  PricedPlan out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetServicePlan", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(out.plan, LoadPlan(sql, site_id, id, false));
        out.currency = site.currency;
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<PlanPage> ListServicePlans(store::Database& db,
                                          const Actor& actor, int64_t site_id,
                                          const store::PageRequest& page) {
  PlanPage out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListServicePlans", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        out.currency = site.currency;
        out.page = store::ListPlans(sql, site_id, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<PricedPlan> ApproveServicePlan(
    store::Database& db, const Actor& actor, int64_t site_id, int64_t id,
    const std::string& etag, const ReplyWith<PricedPlan>& reply) {
  PricedPlan approved;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "ApproveServicePlan", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(domain::ServicePlan plan,
                                   LoadPlan(sql, site_id, id, true));
        if (!etag.empty() && etag != absl::StrCat(plan.version)) {
          return StaleEtag("etag");
        }
        CONCIERGE_RETURN_IF_ERROR(domain::CheckPlanApprovable(plan));
        if (store::ApprovedPlanExists(sql, site.id, plan.year)) {
          return absl::FailedPreconditionError(
              absl::StrCat("a plan for ", plan.year, " was already approved"));
        }
        // The catalogue may have moved since the plan was drafted.
        CONCIERGE_RETURN_IF_ERROR(CheckPlanEntries(sql, site, plan, actor.now));
        std::vector<std::string> retired_zh, retired_en;
        for (size_t i = 0; i < plan.entries.size(); ++i) {
          CONCIERGE_RETURN_IF_ERROR(domain::EntryError(
              i, ApplyPlanEntry(sql, site, plan, actor, plan.entries[i],
                                &retired_zh, &retired_en)));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            plan.announcement_id,
            AnnouncePlan(sql, site, plan, actor, retired_zh, retired_en));
        const int64_t version = plan.version;
        plan.state = domain::PlanState::kApproved;
        plan.approved_by = domain::ActorKey(actor.principal);
        plan.approve_time = actor.now;
        plan.update_time = actor.now;
        if (!store::SavePlanApproval(sql, plan, version)) {
          return StaleEtag("etag");
        }
        approved = {*store::FindPlan(sql, site_id, id), site.currency};
        if (reply) reply(approved);
        return absl::OkStatus();
      }));
  return approved;
}

}  // namespace concierge::usecase
