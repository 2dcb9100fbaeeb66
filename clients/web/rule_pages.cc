// The hotel manager's rules (/m/rules): every rule of the site with its
// trigger, conditions and actions in words, enabled or not; a new rule
// (/m/rules/new, CreateRule), a change (/m/rules/{id}, UpdateRule with its
// update_mask and etag), disable and enable; and the actions' definitions
// (GetVocabulary): title, department, cost, sale, next shift, department
// task, what it teaches, how long it is useful. The rules in words and
// the rule's form are rule_view.cc's.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/rule_view.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::web {
namespace {

bool MayUse(const Session& s) {
  return s.site_kind == v1::SITE_KIND_HOTEL &&
         (s.role == v1::ROLE_MANAGER || s.role == v1::ROLE_ADMIN);
}

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

std::string Trimmed(const Form& form, const std::string& name) {
  return std::string(absl::StripAsciiWhitespace(form.Get(name)));
}

Response RulesList(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  RuleWorld world;
  grpc::Status status = LoadRuleWorld(page, &world);
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData();
  List rules;
  int enabled = 0;
  for (const v1::Rule& r : world.rules) {
    Data row = RuleData(page, world, r);
    row.set("form", page.FormData());
    if (r.enabled()) ++enabled;
    rules.push_back(row);
  }
  data.set("rules", rules);
  if (rules.empty()) data.set("no_rules", true);
  data.set("summary",
           absl::StrReplaceAll(page.Tr("rules.summary"),
                               {{"{n}", absl::StrCat(world.rules.size())},
                                {"{on}", absl::StrCat(enabled)}}));
  List definitions;
  for (const v1::ActionDefinition& a : world.vocabulary.actions()) {
    Data row;
    SetText(&row, "title", page.Pick(a.title()));
    SetText(&row, "department",
            RuleCodeText(world.departments, a.department_code()));
    if (a.cost().minor_units() != 0) row.set("cost", FormatMoney(a.cost()));
    if (a.is_sale()) {
      row.set("sale", true);
    } else if (a.cost().minor_units() != 0) {
      row.set("approval", true);
    }
    if (a.for_next_shift()) row.set("next_shift", true);
    if (a.department_task()) row.set("department_task", true);
    if (!a.minibar_item().empty()) {
      for (const auto& m : world.vocabulary.minibar_items()) {
        if (m.code() == a.minibar_item())
          row.set("restock", page.Pick(m.title()));
      }
    }
    if (a.has_teaches())
      row.set("teaches", RulePreferenceText(page, a.teaches()));
    if (a.deadline_minutes() > 0) {
      row.set("deadline", absl::StrReplaceAll(
                              page.Tr("rules.minutes"),
                              {{"{n}", absl::StrCat(a.deadline_minutes())}}));
    }
    definitions.push_back(row);
  }
  data.set("definitions", definitions);
  List observations;
  for (const auto& o : world.vocabulary.observations()) {
    Data row;
    row.set("label", page.Pick(o.label()));
    auto unit = world.units.find(o.code());
    if (unit != world.units.end()) row.set("unit", unit->second);
    observations.push_back(row);
  }
  data.set("observations", observations);
  const Form& q = page.request().query;
  for (const char* done : {"created", "updated", "disabled", "enabled"}) {
    if (q.Has(done))
      data.set("banner", page.Tr(absl::StrCat("rules.done.", done)));
  }
  return page.Render("rules", data, page.Tr("rules.title"));
}

// The form, for a new rule (`rule` null) or to change one.
Response RuleFormPage(Page& page, const RuleWorld& world, const v1::Rule* rule,
                      const FormState& form, int status_code) {
  const Form values = form.active ? form.values
                      : rule      ? RuleToForm(*rule)
                                  : Form();
  Data data = RuleFormData(page, world, values, form);
  if (rule) {
    data.set("rule", RuleData(page, world, *rule));
    data.set("action", "/m/rules/" + LastSegment(rule->name()));
    data.set("etag", rule->etag());
    data.set("editing", true);
    // Sent again after a conflict it is a new change (of the rule as it is
    // now), not a retry of the refused one.
    if (status_code == 409) data.set("rid", NewWebId());
  } else {
    data.set("action", std::string("/m/rules/new"));
    if (!form.active) {
      data.set("observation", true);
      data.set("v_vip_0", true);
    }
  }
  const std::string title = rule ? absl::StrCat(page.Tr("rules.change"), " · ",
                                                page.Pick(rule->title()))
                                 : page.Tr("rules.new");
  return page.Render("rule_form", data, title, status_code);
}

const v1::Rule* FindRule(const RuleWorld& world, const std::string& id) {
  for (const v1::Rule& r : world.rules) {
    if (LastSegment(r.name()) == id) return &r;
  }
  return nullptr;
}

Response NewRule(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  RuleWorld world;
  grpc::Status status = LoadRuleWorld(page, &world);
  if (!status.ok()) return page.Failure(status);
  return RuleFormPage(page, world, nullptr, FormState(), 200);
}

Response EditRule(Page& page, const std::vector<std::string>& args) {
  if (!MayUse(page.session())) return NotAvailable(page);
  RuleWorld world;
  grpc::Status status = LoadRuleWorld(page, &world);
  if (!status.ok()) return page.Failure(status);
  const v1::Rule* rule = FindRule(world, args[0]);
  if (!rule) return NotAvailable(page);
  return RuleFormPage(page, world, rule, FormState(), 200);
}

// After a refused write: the form again as typed, the message beside its
// field.
Response FormAgain(Page& page, const std::string& id, FormState form,
                   int status_code) {
  RuleWorld world;
  grpc::Status status = LoadRuleWorld(page, &world);
  if (!status.ok()) return page.Failure(status);
  const v1::Rule* rule = id.empty() ? nullptr : FindRule(world, id);
  if (!id.empty() && !rule) return NotAvailable(page);
  // The fields that have no input of their own show their message on top.
  for (const char* orphan : {"-", "guest"}) {
    if (auto it = form.errors.find(orphan); it != form.errors.end()) {
      form.general_error = it->second;
      form.errors.erase(it);
    }
  }
  return RuleFormPage(page, world, rule, form, status_code);
}

Response CreateRule(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  FormState form;
  form.active = true;
  form.values = page.request().form;
  v1::CreateRuleRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  *request.mutable_rule() = FormToRule(page, form.values, &form.errors);
  if (!form.errors.empty()) return FormAgain(page, "", form, 422);
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  v1::Rule created;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CreateRule(c, request, &created);
  });
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    form.errors["code"] = page.Tr("rules.code.taken");
    return FormAgain(page, "", form, 422);
  }
  if (page.FieldError(status, RuleFields(), &form)) {
    return FormAgain(page, "", form, 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(
      absl::StrCat("/m/rules?created=1#rule-", LastSegment(created.name())));
}

Response UpdateRule(Page& page, const std::vector<std::string>& args) {
  if (!MayUse(page.session())) return NotAvailable(page);
  FormState form;
  form.active = true;
  form.values = page.request().form;
  v1::UpdateRuleRequest request;
  request.set_request_id(page.FormRequestId());
  *request.mutable_rule() = FormToRule(page, form.values, &form.errors);
  request.mutable_rule()->clear_code();
  request.mutable_rule()->set_name(
      absl::StrCat(page.session().site, "/rules/", args[0]));
  request.mutable_rule()->set_etag(Trimmed(form.values, "etag"));
  for (const char* path : {"title", "trigger", "all_of", "any_of",
                           "numeric_conditions", "profile", "actions"}) {
    request.mutable_update_mask()->add_paths(path);
  }
  if (!form.errors.empty()) return FormAgain(page, args[0], form, 422);
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  v1::Rule updated;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->UpdateRule(c, request, &updated);
  });
  if (page.FieldError(status, RuleFields(), &form)) {
    return FormAgain(page, args[0], form, 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    // Changed by someone else meanwhile: the rule as it is now, with what
    // was typed, and a word about it.
    form.general_error = page.Tr("rules.changed_meanwhile");
    return FormAgain(page, args[0], form, 409);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat("/m/rules?updated=1#rule-", args[0]));
}

Response SetEnabled(Page& page, const std::string& id, bool enable) {
  if (!MayUse(page.session())) return NotAvailable(page);
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  const std::string name = absl::StrCat(page.session().site, "/rules/", id);
  const std::string etag = Trimmed(page.request().form, "etag");
  v1::Rule out;
  grpc::Status status;
  if (enable) {
    v1::UpdateRuleRequest request;
    request.mutable_rule()->set_name(name);
    request.mutable_rule()->set_etag(etag);
    request.mutable_rule()->set_enabled(true);
    request.mutable_update_mask()->add_paths("enabled");
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->UpdateRule(c, request, &out);
    });
  } else {
    v1::DisableRuleRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->DisableRule(c, request, &out);
    });
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat(
      "/m/rules?", enable ? "enabled" : "disabled", "=1#rule-", id));
}

Response Disable(Page& page, const std::vector<std::string>& args) {
  return SetEnabled(page, args[0], false);
}

Response Enable(Page& page, const std::vector<std::string>& args) {
  return SetEnabled(page, args[0], true);
}

}  // namespace

void AddRulePages(App& app) {
  app.Get("/m/rules", RulesList);
  app.Get("/m/rules/new", NewRule);
  app.Post("/m/rules/new", CreateRule);
  app.Get("/m/rules/{}", EditRule);
  app.Post("/m/rules/{}", UpdateRule);
  app.Post("/m/rules/{}/disable", Disable);
  app.Post("/m/rules/{}/enable", Enable);
}

}  // namespace concierge::web
