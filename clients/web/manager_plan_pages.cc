// The plan for next year (seed §7), drafted on the dashboard beside the
// annual review's rows: retire an unused item, reprice a FIXED one (the
// new price beside a below-cost item), keep one on record, add a new item
// from an accepted suggestion; submitted as one CreateServicePlan. A plan's
// own page (/m/plans/{id}: GetServicePlan) shows its lines and, while it is
// a draft, approves it (ApproveServicePlan: the server applies it to the
// catalogue in one transaction). Creating and approving plans is the manager's
// (quality.proto).

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/manager.h"
#include "clients/web/view_util.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {
namespace {

int ThisYear(const Page& page) {
  return static_cast<int>(absl::ToCivilYear(absl::Now(), page.zone()).year());
}

// New prices take effect on 1 January of the plan's year, or tomorrow when
// that has passed.
std::string DefaultEffective(const Page& page, int plan_year) {
  absl::CivilDay day(plan_year, 1, 1);
  const absl::CivilDay tomorrow =
      absl::ToCivilDay(absl::Now(), page.zone()) + 1;
  if (day < tomorrow) day = tomorrow;
  return absl::FormatCivilTime(day);
}

std::string Trimmed(const Form& form, const std::string& name) {
  return std::string(absl::StripAsciiWhitespace(form.Get(name)));
}

template <typename Enum>
List EnumOptions(const Page& page, const google::protobuf::EnumDescriptor* d,
                 std::initializer_list<Enum> values,
                 const std::string& chosen) {
  List options;
  for (Enum v : values) {
    Data o;
    o.set("value", std::string(d->FindValueByNumber(v)->name()));
    o.set("label", page.EnumLabel(d, v));
    if (chosen == d->FindValueByNumber(v)->name()) o.set("selected", true);
    options.push_back(o);
  }
  return options;
}

}  // namespace

void SetPlanFormData(Page& page, int year, const v1::AnnualReview& review,
                     const std::vector<v1::Department>& departments,
                     const FormState& form, Data* data) {
  const int plan_year = year + 1;
  const int this_year = ThisYear(page);
  data->set("plan_year", absl::StrCat(plan_year));
  if (plan_year != this_year && plan_year != this_year + 1) {
    data->set("plan_closed", true);
    return;
  }
  data->set("plan_open", true);
  const Form& in = form.values;
  if (!form.active) {
    data->set("v_effective", DefaultEffective(page, plan_year));
  }
  if (auto it = form.errors.find("effective"); it != form.errors.end()) {
    data->set("e_effective", it->second);
  }
  // The paid items (below cost first: a new price beside them), then the
  // unused ones (retire?) and the rest, each group folded until it is used.
  List flagged, unused, others;
  std::map<std::string, bool> open;
  for (int pass = 0; pass < 2; ++pass) {
    for (const v1::ItemReview& i : review.items()) {
      if (i.state() == v1::ITEM_STATE_RETIRED) continue;
      const bool below = i.verdict() == v1::MARGIN_VERDICT_BELOW_COST;
      if ((pass == 0) != below) continue;
      const std::string id = LastSegment(i.item());
      Data row = ReviewRowData(page, i);
      row.set("id", id);
      if (i.fee_kind() == v1::FEE_KIND_FIXED) row.set("fixed", true);
      const std::string action = in.Get("a_" + id);
      if (!action.empty()) row.set("is_" + action, true);
      SetText(&row, "price", in.Get("p_" + id));
      SetText(&row, "note", in.Get("n_" + id));
      bool touched = !action.empty();
      for (const char* prefix : {"a_", "p_"}) {
        if (auto it = form.errors.find(prefix + id); it != form.errors.end()) {
          row.set("error", it->second);
          row.set("invalid", true);
          touched = true;
        }
      }
      const char* group = below || i.fee_kind() != v1::FEE_KIND_FREE
                              ? "plan_flagged"
                          : i.necessity_check() ? "plan_unused"
                                                : "plan_others";
      if (touched) open[group] = true;
      (group == std::string("plan_flagged")  ? flagged
       : group == std::string("plan_unused") ? unused
                                             : others)
          .push_back(row);
    }
  }
  data->set("plan_flagged", flagged);
  data->set("plan_unused", unused);
  data->set("plan_others", others);
  data->set("plan_unused_count", absl::StrCat(unused.size()));
  data->set("plan_others_count", absl::StrCat(others.size()));
  for (const auto& [group, yes] : open) data->set(group + "_open", yes);

  // New items from the residents' accepted suggestions.
  List adds;
  for (const v1::Suggestion& s : review.open_suggestions()) {
    const std::string id = LastSegment(s.name());
    auto v = [&](const std::string& f) { return in.Get(f + "_" + id); };
    Data add;
    add.set("id", id);
    SetText(&add, "text", s.text());
    if (in.Has("add_" + id)) add.set("checked", true);
    SetText(&add, "code", v("code"));
    SetText(&add, "title_zh", v("tzh"));
    SetText(&add, "title_en", v("ten"));
    SetText(&add, "price", v("price"));
    add.set("categories",
            EnumOptions(page, v1::ItemCategory_descriptor(),
                        {v1::ITEM_CATEGORY_ON_SITE, v1::ITEM_CATEGORY_AGENCY,
                         v1::ITEM_CATEGORY_INFORMATION,
                         v1::ITEM_CATEGORY_COMMUNITY_EVENT,
                         v1::ITEM_CATEGORY_CARE, v1::ITEM_CATEGORY_CUSTODY,
                         v1::ITEM_CATEGORY_LENDING, v1::ITEM_CATEGORY_OTHER},
                        v("cat")));
    add.set("fee_kinds",
            EnumOptions(page, v1::FeeKind_descriptor(),
                        {v1::FEE_KIND_FREE, v1::FEE_KIND_FIXED,
                         v1::FEE_KIND_QUOTED, v1::FEE_KIND_CASE_BY_CASE},
                        v("fee")));
    add.set(
        "fulfilments",
        EnumOptions(page, v1::Fulfilment_descriptor(),
                    {v1::FULFILMENT_SCHEDULED, v1::FULFILMENT_IMMEDIATE,
                     v1::FULFILMENT_RECURRING_EVENT, v1::FULFILMENT_STANDING},
                    v("ful")));
    List deps;
    for (const v1::Department& d : departments) {
      Data o;
      o.set("value", LastSegment(d.name()));
      o.set("label", page.Pick(d.title()));
      if (v("dep") == LastSegment(d.name())) o.set("selected", true);
      deps.push_back(o);
    }
    add.set("departments", deps);
    for (const char* f : {"code", "tzh", "ten", "price", "dep", "add"}) {
      if (auto it = form.errors.find(absl::StrCat(f, "_", id));
          it != form.errors.end()) {
        add.set(absl::StrCat("e_", f), it->second);
        add.set("open", true);
      }
    }
    if (add.get("checked") != nullptr) add.set("open", true);
    adds.push_back(add);
  }
  data->set("plan_adds", adds);
}

namespace {

// The draft as typed, in the order of the form: the review's rows, then
// the new items. `fields` maps each entry's server paths to its fields.
Response CreatePlan(Page& page, const std::vector<std::string>&) {
  if (!IsManager(page.session())) return NotAvailable(page);
  const Form& in = page.request().form;
  FormState form;
  form.active = true;
  form.values = in;
  const int year = YearOf(page);
  const std::string& site = page.session().site;
  const std::string& currency = page.session().currency;
  v1::CreateServicePlanRequest request;
  request.set_parent(site);
  request.set_request_id(page.FormRequestId());
  v1::ServicePlan* plan = request.mutable_plan();
  plan->set_year(year + 1);
  plan->set_note(Trimmed(in, "plan_note"));
  absl::CivilDay effective_day;
  const bool effective_ok =
      absl::ParseCivilTime(Trimmed(in, "effective"), &effective_day);
  const absl::Time effective = absl::FromCivil(effective_day, page.zone());
  std::vector<FieldMap> fields;
  auto price_of = [&](const std::string& field, v1::PlanEntry* e) {
    const std::optional<int64_t> amount = ParseAmount(Trimmed(in, field));
    if (!amount || *amount <= 0) {
      form.errors[field] = page.Tr("plan.price_invalid");
      return;
    }
    if (!effective_ok) form.errors["effective"] = page.Tr("plan.date_invalid");
    e->mutable_price()->set_currency_code(currency);
    e->mutable_price()->set_minor_units(*amount);
    SetTimestamp(effective, e->mutable_effective_time());
  };
  for (const auto& [name, value] : in.fields()) {
    if (!absl::StartsWith(name, "a_") || value.empty()) continue;
    const std::string id = name.substr(2);
    v1::PlanEntry* e = plan->add_entries();
    const std::string at =
        absl::StrCat("plan.entries[", plan->entries_size() - 1, "]");
    e->set_item(absl::StrCat(site, "/items/", id));
    e->set_note(Trimmed(in, "n_" + id));
    if (value == "keep") {
      e->set_action(v1::PLAN_ACTION_KEEP);
    } else if (value == "retire") {
      e->set_action(v1::PLAN_ACTION_RETIRE);
    } else if (value == "reprice") {
      e->set_action(v1::PLAN_ACTION_REPRICE);
      price_of("p_" + id, e);
    } else {
      form.errors[name] = page.Tr("plan.action_invalid");
    }
    fields.push_back({at + ".price", "p_" + id, "plan.col.price"});
    fields.push_back({at + ".effective_time", "effective", "plan.effective"});
    fields.push_back({at + ".note", "p_" + id, "plan.col.note"});
    fields.push_back({at, "a_" + id, "plan.col.action"});
  }
  for (const auto& [name, value] : in.fields()) {
    if (!absl::StartsWith(name, "add_")) continue;
    const std::string id = name.substr(4);
    auto f = [&](const std::string& field) {
      return Trimmed(in, field + "_" + id);
    };
    v1::PlanEntry* e = plan->add_entries();
    const std::string at =
        absl::StrCat("plan.entries[", plan->entries_size() - 1, "]");
    e->set_action(v1::PLAN_ACTION_ADD);
    e->set_suggestion(absl::StrCat(site, "/suggestions/", id));
    v1::ServiceItem* item = e->mutable_new_item();
    item->set_code(f("code"));
    item->mutable_title()->set_zh(f("tzh"));
    item->mutable_title()->set_en(f("ten"));
    v1::ItemCategory category = v1::ITEM_CATEGORY_OTHER;
    v1::ItemCategory_Parse(f("cat"), &category);
    item->set_category(category);
    v1::FeeKind fee = v1::FEE_KIND_FREE;
    v1::FeeKind_Parse(f("fee"), &fee);
    item->set_fee_kind(fee);
    v1::Fulfilment fulfilment = v1::FULFILMENT_SCHEDULED;
    v1::Fulfilment_Parse(f("ful"), &fulfilment);
    item->set_fulfilment(fulfilment);
    if (!f("dep").empty()) {
      item->set_department(absl::StrCat(site, "/departments/", f("dep")));
    }
    if (fee == v1::FEE_KIND_FIXED) price_of("price_" + id, e);
    fields.push_back({at + ".new_item.code", "code_" + id, "plan.add.code"});
    fields.push_back(
        {at + ".new_item.title.zh", "tzh_" + id, "plan.add.title_zh"});
    fields.push_back(
        {at + ".new_item.title.en", "ten_" + id, "plan.add.title_en"});
    fields.push_back(
        {at + ".new_item.department", "dep_" + id, "plan.add.department"});
    fields.push_back({at + ".price", "price_" + id, "plan.col.price"});
    fields.push_back({at + ".effective_time", "effective", "plan.effective"});
    fields.push_back({at + ".new_item", "code_" + id, "plan.add.code"});
    fields.push_back({at, "add_" + id, "plan.add.heading"});
  }
  fields.push_back({"plan.note", "plan_note", "plan.note"});
  if (plan->entries_size() == 0) {
    form.general_error = page.Tr("plan.empty");
  }
  if (!form.errors.empty() || !form.general_error.empty()) {
    return DashboardPage(page, form, 422, "");
  }
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::ServicePlan made;
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->CreateServicePlan(context, request, &made);
  });
  // The catalogue's rules on a line (an item already retired, a code taken)
  // are the form's too: shown beside the line, the draft as typed.
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          status.error_message());
  }
  if (page.FieldError(status, fields, &form)) {
    return DashboardPage(page, form, 422, "");
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(
      absl::StrCat("/m/plans/", LastSegment(made.name()), "?created=1"));
}

// One plan: its lines by the items' names, and Approve while a draft.
Response PlanPage(Page& page, const std::string& id, const std::string& banner,
                  const std::string& error, int status_code) {
  if (!IsManager(page.session())) return NotAvailable(page);
  auto quality = v1::QualityService::NewStub(page.channel());
  auto catalog = v1::CatalogService::NewStub(page.channel());
  v1::GetServicePlanRequest plan_request;
  plan_request.set_name(absl::StrCat(page.session().site, "/plans/", id));
  v1::ListServiceItemsRequest items_request;
  items_request.set_parent(page.session().site);
  items_request.set_page_size(500);
  v1::ServicePlan plan;
  v1::ListServiceItemsResponse items;
  DeskDirectory directory;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    quality->async()->GetServicePlan(c1.get(), &plan_request, &plan,
                                     calls.Done(&s1));
    catalog->async()->ListServiceItems(c2.get(), &items_request, &items,
                                       calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (status.ok()) status = LoadDirectory(page, &directory);
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> titles;
  for (const v1::ServiceItem& i : items.items()) {
    titles[i.name()] = page.Pick(i.title());
  }
  Data data = page.FormData();
  data.set("id", id);
  data.set("etag", plan.etag());
  data.set("title", page.Pick(plan.title()));
  data.set("year", absl::StrCat(plan.year()));
  data.set("state", page.EnumLabel(v1::PlanState_descriptor(), plan.state()));
  SetText(&data, "plan_note", plan.note());
  if (auto it = directory.staff_names.find(plan.created_by());
      it != directory.staff_names.end()) {
    SetText(&data, "created_by", it->second);
  }
  SetText(&data, "created", page.Time(plan.create_time()));
  if (plan.state() == v1::PLAN_STATE_DRAFT) data.set("draft", true);
  if (plan.state() == v1::PLAN_STATE_APPROVED) {
    data.set("approved", true);
    SetText(&data, "approved_at", page.Time(plan.approve_time()));
    if (auto it = directory.staff_names.find(plan.approved_by());
        it != directory.staff_names.end()) {
      SetText(&data, "approved_by", it->second);
    }
  }
  List entries;
  for (const v1::PlanEntry& e : plan.entries()) {
    Data row;
    row.set("action", page.EnumLabel(v1::PlanAction_descriptor(), e.action()));
    std::string title = e.action() == v1::PLAN_ACTION_ADD
                            ? page.Pick(e.new_item().title())
                            : std::string();
    if (auto it = titles.find(e.item()); title.empty() && it != titles.end()) {
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
  data.set("entries", entries);
  data.set("review_year", absl::StrCat(plan.year() - 1));
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  SetText(&data, "form_error", error);
  return page.Render("manager_plan", data, page.Pick(plan.title()),
                     status_code);
}

Response Plan(Page& page, const std::vector<std::string>& args) {
  const auto& q = page.request().query;
  return PlanPage(page, args[0],
                  q.Has("created")    ? "plan.created"
                  : q.Has("approved") ? "plan.approved"
                                      : "",
                  "", 200);
}

Response ApprovePlan(Page& page, const std::vector<std::string>& args) {
  if (!IsManager(page.session())) return NotAvailable(page);
  v1::ApproveServicePlanRequest request;
  request.set_name(absl::StrCat(page.session().site, "/plans/", args[0]));
  request.set_etag(page.request().form.Get("etag"));
  request.set_request_id(page.FormRequestId());
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::ServicePlan approved;
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->ApproveServicePlan(context, request, &approved);
  });
  // The catalogue has moved on since the draft (an item retired, a price
  // date passed): the plan as it is, with the server's reason.
  const auto code = status.error_code();
  if (code == grpc::StatusCode::FAILED_PRECONDITION ||
      code == grpc::StatusCode::INVALID_ARGUMENT ||
      code == grpc::StatusCode::ABORTED ||
      code == grpc::StatusCode::ALREADY_EXISTS) {
    return PlanPage(page, args[0], "",
                    absl::StrCat(page.Tr("plan.approve_failed"), " ",
                                 ParseFieldError(status.error_message()).text),
                    409);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat("/m/plans/", args[0], "?approved=1"));
}

}  // namespace

void AddManagerPlanPages(App& app) {
  app.Post("/m/plans", CreatePlan);
  app.Get("/m/plans/{}", Plan);
  app.Post("/m/plans/{}/approve", ApprovePlan);
}

}  // namespace concierge::web
