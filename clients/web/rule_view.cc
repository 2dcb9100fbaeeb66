// The hotel's rules for the manager's pages: loading them with the words
// for their codes, a rule in words, and the rule's form both ways
// (rule_view.h).

#include "clients/web/rule_view.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::web {
namespace {

constexpr int kNumericRows = 2;     // empty rows offered on the form
constexpr int kPreferenceRows = 1;  // likewise
constexpr int kMaxRows = 10;        // the server's limit of each

std::string Trimmed(const Form& form, const std::string& name) {
  return std::string(absl::StripAsciiWhitespace(form.Get(name)));
}

const char* ListComma(const Page& page) {
  return page.lang() == Lang::kZh ? "、" : ", ";
}

std::string NumberText(double v) { return absl::StrFormat("%g", v); }

std::string CategoryName(v1::PreferenceCategory c) {
  std::string name = v1::PreferenceCategory_Name(c);
  return name.substr(std::string("PREFERENCE_CATEGORY_").size());
}

List Texts(const std::vector<std::string>& texts) {
  List out;
  for (const std::string& t : texts) out.push_back(Data("text", t));
  return out;
}

List Choices(const google::protobuf::RepeatedPtrField<
                 v1::ObservationDefinition>& observations,
             const Page& page, const std::vector<std::string>& checked) {
  List out;
  for (const auto& o : observations) {
    Data c;
    c.set("code", o.code());
    c.set("label", page.Pick(o.label()));
    if (std::find(checked.begin(), checked.end(), o.code()) != checked.end()) {
      c.set("checked", true);
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

grpc::Status LoadRuleWorld(Page& page, RuleWorld* out) {
  const std::string& site = page.session().site;
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  auto directory = v1::DirectoryService::NewStub(page.channel());
  v1::ListRulesRequest rules_request;
  rules_request.set_parent(site);
  rules_request.set_page_size(500);
  v1::GetVocabularyRequest vocab_request;
  vocab_request.set_site(site);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(site);
  departments_request.set_page_size(100);
  v1::ListStaffRequest staff_request;
  staff_request.set_parent(site);
  staff_request.set_page_size(500);
  v1::ListRulesResponse rules;
  v1::ListDepartmentsResponse departments;
  v1::ListStaffResponse staff;
  grpc::Status s1, s2, s3, s4;
  grpc::Status status = page.Read([&] {
    rules.Clear();
    out->vocabulary.Clear();
    departments.Clear();
    staff.Clear();
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    auto c4 = page.Context();
    housekeeping->async()->ListRules(c1.get(), &rules_request, &rules,
                                     calls.Done(&s1));
    housekeeping->async()->GetVocabulary(c2.get(), &vocab_request,
                                         &out->vocabulary, calls.Done(&s2));
    directory->async()->ListDepartments(c3.get(), &departments_request,
                                        &departments, calls.Done(&s3));
    directory->async()->ListStaff(c4.get(), &staff_request, &staff,
                                  calls.Done(&s4));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : !s3.ok() ? s3 : s4;
  });
  if (!status.ok()) return status;
  out->rules.assign(rules.rules().begin(), rules.rules().end());
  while (!rules.next_page_token().empty()) {
    rules_request.set_page_token(rules.next_page_token());
    status = page.Read([&] {
      rules.Clear();
      auto context = page.Context();
      return housekeeping->ListRules(context.get(), rules_request, &rules);
    });
    if (!status.ok()) return status;
    out->rules.insert(out->rules.end(), rules.rules().begin(),
                      rules.rules().end());
  }
  for (const auto& o : out->vocabulary.observations()) {
    out->observations[o.code()] = page.Pick(o.label());
    if (o.takes_number()) {
      out->units[o.code()] =
          o.unit() == "count" ? page.Tr("unit.count") : o.unit();
    }
  }
  for (const auto& a : out->vocabulary.actions()) {
    out->actions[a.code()] = page.Pick(a.title());
  }
  for (const auto& d : departments.departments()) {
    out->departments[d.code()] = page.Pick(d.title());
  }
  for (const auto& s : staff.staff()) out->staff[s.name()] = s.display_name();
  return grpc::Status::OK;
}

std::string RuleCodeText(const std::map<std::string, std::string>& titles,
                         const std::string& code) {
  auto it = titles.find(code);
  return it != titles.end() ? it->second : Words(absl::AsciiStrToLower(code));
}

std::string RulePreferenceText(const Page& page, const v1::PreferenceFact& p) {
  const std::string key_label = "pref." + p.key();
  const std::string key =
      Labels::Get().Has(key_label) ? page.Tr(key_label) : Words(p.key());
  return absl::StrCat(
      page.EnumLabel(v1::PreferenceCategory_descriptor(), p.category()), " · ",
      key, " = ",
      p.value() == "true"    ? page.Tr("rules.yes")
      : p.value() == "false" ? page.Tr("rules.no")
                             : Words(p.value()));
}

// A rule in words: when, if the guest, then.
Data RuleData(const Page& page, const RuleWorld& world, const v1::Rule& r) {
  Data row;
  const std::string id = LastSegment(r.name());
  row.set("id", id);
  row.set("href", "/m/rules/" + id);
  SetText(&row, "title", page.Pick(r.title()));
  row.set("trigger", page.EnumLabel(v1::RuleTrigger_descriptor(), r.trigger()));
  if (r.enabled()) {
    row.set("enabled", true);
  } else {
    row.set("disabled", true);
  }
  std::vector<std::string> all, any;
  for (const auto& c : r.all_of())
    all.push_back(RuleCodeText(world.observations, c));
  for (const auto& c : r.any_of())
    any.push_back(RuleCodeText(world.observations, c));
  if (!all.empty()) row.set("all", absl::StrJoin(all, ListComma(page)));
  if (!any.empty()) row.set("any", absl::StrJoin(any, ListComma(page)));
  std::vector<std::string> numbers;
  for (const v1::NumericCondition& n : r.numeric_conditions()) {
    auto unit = world.units.find(n.code());
    numbers.push_back(absl::StrCat(
        RuleCodeText(world.observations, n.code()), " ",
        page.EnumLabel(v1::Comparison_descriptor(), n.comparison()), " ",
        NumberText(n.value()),
        unit == world.units.end() ? "" : " " + unit->second));
  }
  row.set("numbers", Texts(numbers));
  std::vector<std::string> guest;
  if (r.profile().birthday_today())
    guest.push_back(page.Tr("fact.birthday_today"));
  if (r.profile().travelling_with_infant())
    guest.push_back(page.Tr("fact.infant"));
  if (r.profile().min_vip_level() > 0) {
    guest.push_back(
        absl::StrCat(page.Tr("fact.vip"), " ≥ ", r.profile().min_vip_level()));
  }
  for (const auto& p : r.profile().preferences()) {
    guest.push_back(RulePreferenceText(page, p));
  }
  row.set("guest", Texts(guest));
  if (!guest.empty()) row.set("has_guest", true);
  std::vector<std::string> then;
  for (const auto& c : r.actions())
    then.push_back(RuleCodeText(world.actions, c));
  row.set("then", Texts(then));
  // How often it fired this month and what became of what it suggested.
  if (r.has_usage_this_month()) {
    const v1::RuleUsage& u = r.usage_this_month();
    Data usage;
    usage.set("fired", absl::StrCat(u.fired()));
    usage.set("done", absl::StrCat(u.done()));
    usage.set("skipped", absl::StrCat(u.skipped()));
    usage.set("waiting", absl::StrCat(u.waiting()));
    if (u.rejected() > 0) usage.set("rejected", absl::StrCat(u.rejected()));
    if (u.expired() > 0) usage.set("expired", absl::StrCat(u.expired()));
    row.set("usage", usage);
  }
  SetText(&row, "updated", page.Time(r.update_time()));
  if (r.updated_by() == "system") {
    row.set("updated_by", page.Tr("rules.by_system"));
  } else if (auto it = world.staff.find(r.updated_by());
             it != world.staff.end()) {
    row.set("updated_by", it->second);
  }
  SetText(&row, "etag", r.etag());
  return row;
}

// --- the form ---------------------------------------------------------------

// A rule as the form's fields, so that the form shown is filled the same
// way from the rule or from what was posted.
Form RuleToForm(const v1::Rule& r) {
  Form f;
  f.Add("title_zh", r.title().zh());
  f.Add("title_en", r.title().en());
  f.Add("trigger",
        r.trigger() == v1::RULE_TRIGGER_STANDING ? "STANDING" : "OBSERVATION");
  for (const auto& c : r.all_of()) f.Add("all", c);
  for (const auto& c : r.any_of()) f.Add("any", c);
  for (int i = 0; i < r.numeric_conditions_size(); ++i) {
    const auto& n = r.numeric_conditions(i);
    f.Add(absl::StrCat("n", i, "_code"), n.code());
    f.Add(absl::StrCat("n", i, "_cmp"),
          v1::Comparison_Name(n.comparison()).substr(11));
    f.Add(absl::StrCat("n", i, "_value"), NumberText(n.value()));
  }
  if (r.profile().birthday_today()) f.Add("birthday", "1");
  if (r.profile().travelling_with_infant()) f.Add("infant", "1");
  f.Add("vip", absl::StrCat(r.profile().min_vip_level()));
  for (int i = 0; i < r.profile().preferences_size(); ++i) {
    const auto& p = r.profile().preferences(i);
    f.Add(absl::StrCat("p", i, "_category"), CategoryName(p.category()));
    f.Add(absl::StrCat("p", i, "_key"), p.key());
    f.Add(absl::StrCat("p", i, "_value"), p.value());
  }
  for (const auto& c : r.actions()) f.Add("then", c);
  return f;
}

// The posted form as a rule; messages for fields the page itself checks
// (a number that is not one).
v1::Rule FormToRule(const Page& page, const Form& in,
                    std::map<std::string, std::string>* errors) {
  v1::Rule r;
  r.set_code(absl::AsciiStrToUpper(Trimmed(in, "code")));
  r.mutable_title()->set_zh(Trimmed(in, "title_zh"));
  r.mutable_title()->set_en(Trimmed(in, "title_en"));
  r.set_trigger(in.Get("trigger") == "STANDING" ? v1::RULE_TRIGGER_STANDING
                                                : v1::RULE_TRIGGER_OBSERVATION);
  for (const auto& c : in.GetAll("all")) {
    if (IsPlainToken(c)) r.add_all_of(c);
  }
  for (const auto& c : in.GetAll("any")) {
    if (IsPlainToken(c)) r.add_any_of(c);
  }
  for (int i = 0; i < kMaxRows; ++i) {
    const std::string code = Trimmed(in, absl::StrCat("n", i, "_code"));
    const std::string value = Trimmed(in, absl::StrCat("n", i, "_value"));
    if (code.empty() && value.empty()) continue;
    v1::NumericCondition* n = r.add_numeric_conditions();
    n->set_code(code);
    v1::Comparison cmp = v1::COMPARISON_LESS_OR_EQUAL;
    v1::Comparison_Parse(
        absl::StrCat("COMPARISON_", in.Get(absl::StrCat("n", i, "_cmp"))),
        &cmp);
    n->set_comparison(cmp);
    double v = 0;
    if (!absl::SimpleAtod(value, &v)) {
      (*errors)["numbers"] = page.Tr("err.number");
    }
    n->set_value(v);
  }
  v1::ProfileConditions* p = r.mutable_profile();
  p->set_birthday_today(in.Has("birthday"));
  p->set_travelling_with_infant(in.Has("infant"));
  int vip = 0;
  if (absl::SimpleAtoi(in.Get("vip"), &vip)) p->set_min_vip_level(vip);
  for (int i = 0; i < kMaxRows; ++i) {
    const std::string key = Trimmed(in, absl::StrCat("p", i, "_key"));
    const std::string value = Trimmed(in, absl::StrCat("p", i, "_value"));
    if (key.empty() && value.empty()) continue;
    v1::PreferenceFact* f = p->add_preferences();
    v1::PreferenceCategory category = v1::PREFERENCE_CATEGORY_ROOM;
    v1::PreferenceCategory_Parse(
        absl::StrCat("PREFERENCE_CATEGORY_",
                     in.Get(absl::StrCat("p", i, "_category"))),
        &category);
    f->set_category(category);
    f->set_key(key);
    f->set_value(value);
  }
  for (const auto& c : in.GetAll("then")) {
    if (IsPlainToken(c)) r.add_actions(c);
  }
  return r;
}

// The form's data: the values (from the rule or as posted) and the
// messages beside the fields.
Data RuleFormData(const Page& page, const RuleWorld& world, const Form& values,
                  const FormState& form) {
  Data data = page.FormData(form);
  data.set("v_code", values.Get("code"));
  data.set("v_title_zh", values.Get("title_zh"));
  data.set("v_title_en", values.Get("title_en"));
  if (values.Get("trigger") == "STANDING") {
    data.set("standing", true);
  } else {
    data.set("observation", true);
  }
  const auto& observations = world.vocabulary.observations();
  data.set("all_options", Choices(observations, page, values.GetAll("all")));
  data.set("any_options", Choices(observations, page, values.GetAll("any")));
  if (!values.GetAll("any").empty() || form.errors.count("any")) {
    data.set("any_open", true);
  }
  // Number rows: those given, and empty ones to add to.
  int numeric_rows = 0;
  for (int i = 0; i < kMaxRows; ++i) {
    if (!values.Get(absl::StrCat("n", i, "_code")).empty() ||
        !values.Get(absl::StrCat("n", i, "_value")).empty()) {
      numeric_rows = i + 1;
    }
  }
  numeric_rows = std::min(kMaxRows, std::max(kNumericRows, numeric_rows + 1));
  List numbers;
  for (int i = 0; i < numeric_rows; ++i) {
    const std::string code = values.Get(absl::StrCat("n", i, "_code"));
    const std::string cmp = values.Get(absl::StrCat("n", i, "_cmp"));
    Data row;
    row.set("i", absl::StrCat(i));
    row.set("row", absl::StrCat(i + 1));
    List codes;
    for (const auto& o : observations) {
      if (!o.takes_number()) continue;
      Data c;
      c.set("code", o.code());
      c.set("label", absl::StrCat(page.Pick(o.label()), " (",
                                  RuleCodeText(world.units, o.code()), ")"));
      if (o.code() == code) c.set("selected", true);
      codes.push_back(c);
    }
    row.set("codes", codes);
    List cmps;
    for (v1::Comparison k :
         {v1::COMPARISON_LESS, v1::COMPARISON_LESS_OR_EQUAL,
          v1::COMPARISON_EQUAL, v1::COMPARISON_GREATER_OR_EQUAL,
          v1::COMPARISON_GREATER}) {
      Data c;
      const std::string name = v1::Comparison_Name(k).substr(11);
      c.set("value", name);
      c.set("label", page.EnumLabel(v1::Comparison_descriptor(), k));
      if (name == cmp || (cmp.empty() && k == v1::COMPARISON_LESS_OR_EQUAL)) {
        c.set("selected", true);
      }
      cmps.push_back(c);
    }
    row.set("cmps", cmps);
    row.set("value", values.Get(absl::StrCat("n", i, "_value")));
    numbers.push_back(row);
  }
  data.set("numbers", numbers);
  if (values.Has("birthday")) data.set("birthday", true);
  if (values.Has("infant")) data.set("infant", true);
  List vips;
  for (int v = 0; v <= 5; ++v) {
    Data o;
    o.set("value", absl::StrCat(v));
    o.set("label", v == 0 ? page.Tr("rules.vip.any")
                          : absl::StrCat(page.Tr("fact.vip"), " ≥ ", v));
    if (values.Get("vip") == absl::StrCat(v)) o.set("selected", true);
    vips.push_back(o);
  }
  data.set("vips", vips);
  int preference_rows = 0;
  for (int i = 0; i < kMaxRows; ++i) {
    if (!values.Get(absl::StrCat("p", i, "_key")).empty() ||
        !values.Get(absl::StrCat("p", i, "_value")).empty()) {
      preference_rows = i + 1;
    }
  }
  preference_rows =
      std::min(kMaxRows, std::max(kPreferenceRows, preference_rows + 1));
  List preferences;
  for (int i = 0; i < preference_rows; ++i) {
    const std::string category = values.Get(absl::StrCat("p", i, "_category"));
    Data row;
    row.set("i", absl::StrCat(i));
    List categories;
    for (v1::PreferenceCategory c :
         {v1::PREFERENCE_CATEGORY_ROOM,
          v1::PREFERENCE_CATEGORY_FOOD_AND_BEVERAGE,
          v1::PREFERENCE_CATEGORY_AMENITY, v1::PREFERENCE_CATEGORY_SERVICE}) {
      Data o;
      o.set("value", CategoryName(c));
      o.set("label", page.EnumLabel(v1::PreferenceCategory_descriptor(), c));
      if (CategoryName(c) == category) o.set("selected", true);
      categories.push_back(o);
    }
    row.set("categories", categories);
    row.set("key", values.Get(absl::StrCat("p", i, "_key")));
    row.set("value", values.Get(absl::StrCat("p", i, "_value")));
    preferences.push_back(row);
  }
  data.set("preferences", preferences);
  const std::vector<std::string> then = values.GetAll("then");
  List actions;
  for (const auto& a : world.vocabulary.actions()) {
    Data c;
    c.set("code", a.code());
    c.set("label", page.Pick(a.title()));
    auto d = world.departments.find(a.department_code());
    if (d != world.departments.end()) c.set("department", d->second);
    if (std::find(then.begin(), then.end(), a.code()) != then.end()) {
      c.set("checked", true);
    }
    actions.push_back(c);
  }
  data.set("action_options", actions);
  return data;
}

// The server's field paths, most specific first, and the page's words for
// the names its messages use.
const std::vector<FieldMap>& RuleFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"rule.code", "code", "rules.code"},
      {"rule.title.zh", "title_zh", "rules.title_zh"},
      {"rule.title.en", "title_en", "rules.title_en"},
      {"rule.title", "title_en", "rules.title_en"},
      {"rule.trigger", "trigger", "rules.trigger"},
      {"rule.all_of", "all", "rules.all"},
      {"rule.any_of", "any", "rules.any"},
      {"rule.numeric_conditions", "numbers", "rules.numbers"},
      {"rule.profile.preferences", "preferences", "rules.preferences"},
      {"rule.profile", "guest", "rules.guest"},
      {"rule.actions", "then", "rules.then"},
      // Names the messages use without the path.
      {"numeric_conditions", "-", "rules.numbers"},
      {"all_of", "-", "rules.all"},
      {"any_of", "-", "rules.any"},
  };
  return *fields;
}

}  // namespace concierge::web
