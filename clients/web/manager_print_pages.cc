// The print view (/m/review/print?year=&lang=): the annual review, its
// flags and the plan for the year after as an A4 report in either language
// (print.css: @page A4, no navigation), whatever the reader's language on
// screen. GetAnnualReview + ListServicePlans, at once.

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/web/format.h"
#include "clients/web/manager.h"
#include "clients/web/view_util.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {
namespace {

// --- the print view
// ------------------------------------------------------------

Response ReviewPrint(Page& asked, const std::vector<std::string>&) {
  if (!IsManager(asked.session())) return NotAvailable(asked);
  const std::string lang_code = asked.request().query.Get("lang");
  Lang lang = asked.lang();
  if (lang_code == "zh") lang = Lang::kZh;
  if (lang_code == "en") lang = Lang::kEn;
  Page page(asked.app(), asked.request(), lang, asked.session());
  const int year = YearOf(page);
  auto quality = v1::QualityService::NewStub(page.channel());
  v1::GetAnnualReviewRequest review_request;
  review_request.set_site(page.session().site);
  review_request.set_year(year);
  v1::ListServicePlansRequest plans_request;
  plans_request.set_parent(page.session().site);
  plans_request.set_page_size(50);
  v1::AnnualReview review;
  v1::ListServicePlansResponse plans;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    quality->async()->GetAnnualReview(c1.get(), &review_request, &review,
                                      calls.Done(&s1));
    quality->async()->ListServicePlans(c2.get(), &plans_request, &plans,
                                       calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> titles;
  Data data;
  data.set("lang", std::string(lang == Lang::kZh ? "zh-Hant" : "en"));
  data.set("static", page.app().static_prefix());
  data.set("year", absl::StrCat(year));
  data.set("site_name", page.session().site_name);
  data.set("currency", page.session().currency);
  data.set("printed", page.Time([] {
    google::protobuf::Timestamp t;
    t.set_seconds(absl::ToUnixSeconds(absl::Now()));
    return t;
  }()));
  List rows, below, unused;
  for (const v1::ItemReview& i : review.items()) {
    titles[i.item()] = page.Pick(i.title());
    Data row = ReviewRowData(page, i);
    rows.push_back(row);
    if (i.verdict() == v1::MARGIN_VERDICT_BELOW_COST) below.push_back(row);
    if (i.necessity_check()) unused.push_back(row);
  }
  data.set("items", rows);
  data.set("below_items", below);
  data.set("unused_items", unused);
  data.set("unused_count", absl::StrCat(unused.size()));
  data.set("total_revenue", Decimal(review.total_revenue()));
  data.set("total_cost", Decimal(review.total_cost()));
  List plan_list;
  for (const v1::ServicePlan& p : plans.plans()) {
    if (p.year() != year + 1) continue;
    Data plan;
    plan.set("title", page.Pick(p.title()));
    plan.set("state", page.EnumLabel(v1::PlanState_descriptor(), p.state()));
    SetText(&plan, "plan_note", p.note());
    List entries;
    for (const v1::PlanEntry& e : p.entries()) {
      Data row;
      row.set("action",
              page.EnumLabel(v1::PlanAction_descriptor(), e.action()));
      std::string title = e.action() == v1::PLAN_ACTION_ADD
                              ? page.Pick(e.new_item().title())
                              : std::string();
      if (auto it = titles.find(e.item());
          title.empty() && it != titles.end()) {
        title = it->second;
      }
      SetText(&row, "item", title);
      if (e.has_price()) row.set("price", FormatMoney(e.price()));
      if (e.has_effective_time()) {
        row.set("effective",
                absl::FormatTime("%Y-%m-%d", ToTime(e.effective_time()),
                                 page.zone()));
      }
      SetText(&row, "note", e.note());
      entries.push_back(row);
    }
    plan.set("entries", entries);
    plan_list.push_back(plan);
  }
  data.set("plans", plan_list);
  data.set("plan_year", absl::StrCat(year + 1));
  return page.Fragment("review_print", data);
}

}  // namespace

void AddManagerPrintPages(App& app) { app.Get("/m/review/print", ReviewPrint); }

}  // namespace concierge::web
