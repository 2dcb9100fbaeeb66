// Complaints at the desk (issue 21; seed §5 step 6): the site's complaints
// (a supervisor's department's) with state, severity and escalation, the
// most urgent first (/desk/complaints), a complaint recorded for a resident
// who phones or comes in, and one complaint's page with its history and the
// moves the person's role may make on it now (/desk/complaints/{id}):
// handle, escalate to the manager with why, resolve with what the resident
// is told, or add a note. Reception, the supervisors and the manager of a
// residential site; the server decides (the one transition table in
// server/domain/quality.cc), a form is offered only where it could succeed.

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {
namespace {

constexpr v1::ComplaintCategory kCategories[] = {
    v1::COMPLAINT_CATEGORY_SERVICE_QUALITY,
    v1::COMPLAINT_CATEGORY_TIMELINESS,
    v1::COMPLAINT_CATEGORY_STAFF_CONDUCT,
    v1::COMPLAINT_CATEGORY_CHARGES,
    v1::COMPLAINT_CATEGORY_DISTURBANCE,
    v1::COMPLAINT_CATEGORY_PRIVACY,
    v1::COMPLAINT_CATEGORY_OTHER};

// Most urgent first: with the manager, waiting for a supervisor, being
// handled, settled.
int Urgency(const v1::Complaint& c) {
  switch (c.state()) {
    case v1::COMPLAINT_STATE_ESCALATED:
      return 0;
    case v1::COMPLAINT_STATE_OPEN:
      return 1;
    case v1::COMPLAINT_STATE_IN_HANDLING:
      return 2;
    default:
      return 3;
  }
}

std::string StateCss(v1::ComplaintState s) {
  return CssName(v1::ComplaintState_descriptor(), s, "COMPLAINT_STATE_");
}

const std::vector<FieldMap>& CreateFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"complaint.household", "household", "complaints.household"},
      {"complaint.request", "request", "complaints.request"},
      {"complaint.category", "category", "feedback.category"},
      {"complaint.severity", "severity", "feedback.severity"},
      {"complaint.text", "text", "feedback.complaint_text"},
  };
  return *fields;
}

Response ListPage(Page& page, const FormState& form, int status_code) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto quality = v1::QualityService::NewStub(page.channel());
  const v1::ListHouseholdsRequest households_request = SiteHouseholds(page);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(page.session().site);
  departments_request.set_page_size(100);
  v1::ListComplaintsRequest complaints_request;
  complaints_request.set_parent(page.session().site);
  complaints_request.set_page_size(500);
  // A supervisor's list is the department's complaints.
  if (page.session().role == v1::ROLE_SUPERVISOR) {
    complaints_request.set_department(page.session().department);
  }
  v1::ListHouseholdsResponse households;
  v1::ListDepartmentsResponse departments;
  v1::ListComplaintsResponse complaints;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    directory->async()->ListDepartments(c2.get(), &departments_request,
                                        &departments, calls.Done(&s2));
    quality->async()->ListComplaints(c3.get(), &complaints_request, &complaints,
                                     calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> units = HouseholdUnits(households);
  std::map<std::string, std::string> titles;
  for (const v1::Department& d : departments.departments()) {
    titles[d.name()] = page.Pick(d.title());
  }
  std::vector<const v1::Complaint*> sorted;
  for (const v1::Complaint& c : complaints.complaints()) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    const int ua = Urgency(*a);
    const int ub = Urgency(*b);
    if (ua != ub) return ua < ub;
    if (ua == 3) {  // settled: the latest first
      return a->create_time().seconds() > b->create_time().seconds();
    }
    if (a->severity() != b->severity()) {
      return a->severity() == v1::COMPLAINT_SEVERITY_MAJOR;
    }
    return a->create_time().seconds() < b->create_time().seconds();
  });
  List open;
  List settled;
  for (const v1::Complaint* c : sorted) {
    Data row;
    row.set("id", LastSegment(c->name()));
    row.set("household", units.count(c->household()) ? units[c->household()]
                                                     : std::string("—"));
    row.set("category",
            page.EnumLabel(v1::ComplaintCategory_descriptor(), c->category()));
    row.set("state",
            page.EnumLabel(v1::ComplaintState_descriptor(), c->state()));
    row.set("state_css", StateCss(c->state()));
    if (c->severity() == v1::COMPLAINT_SEVERITY_MAJOR) row.set("major", true);
    if (c->state() == v1::COMPLAINT_STATE_ESCALATED || c->has_escalate_time()) {
      row.set("escalated", true);
    }
    if (auto it = titles.find(c->department()); it != titles.end()) {
      row.set("department", it->second);
    }
    SetText(&row, "time", page.Time(c->create_time()));
    SetText(&row, "text", c->text());
    if (c->state() == v1::COMPLAINT_STATE_RESOLVED) {
      if (settled.size() < 30) settled.push_back(row);
    } else {
      open.push_back(row);
    }
  }
  Data data = page.FormData();
  data.set("open", open);
  data.set("open_count", absl::StrCat(open.size()));
  if (open.empty()) data.set("none_open", true);
  data.set("settled", settled);
  if (!settled.empty()) data.set("has_settled", true);
  if (page.session().role == v1::ROLE_SUPERVISOR) {
    if (auto it = titles.find(page.session().department); it != titles.end()) {
      data.set("scope", it->second);
    }
  }
  // Recording a complaint for a resident who phones or comes in.
  Data create = page.FormData(form);
  create.set(
      "households",
      HouseholdOptions(households, form.active ? form.values.Get("household")
                                               : std::string()));
  List categories;
  const std::string chosen = form.values.Get("category");
  for (v1::ComplaintCategory c : kCategories) {
    Data option;
    option.set("value", v1::ComplaintCategory_Name(c));
    option.set("label", page.EnumLabel(v1::ComplaintCategory_descriptor(), c));
    if (chosen == v1::ComplaintCategory_Name(c)) option.set("selected", true);
    categories.push_back(option);
  }
  create.set("categories", categories);
  if (form.values.Get("severity") == "MAJOR") create.set("major", true);
  data.set("create", create);
  if (form.active) data.set("create_open", true);
  return page.Render("desk_complaints", data, page.Tr("complaints.title"),
                     status_code);
}

Response Index(Page& page, const std::vector<std::string>&) {
  return ListPage(page, FormState(), 200);
}

Response Create(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::CreateComplaintRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::Complaint* c = call.mutable_complaint();
  const std::string household = FormText(page, "household");
  if (!household.empty()) {
    c->set_household(absl::StrCat(site, "/households/", household));
  }
  std::string request = FormText(page, "request");
  if (absl::StartsWith(request, "#")) request.erase(0, 1);
  if (!request.empty())
    c->set_request(absl::StrCat(site, "/requests/", request));
  v1::ComplaintCategory category = v1::COMPLAINT_CATEGORY_UNSPECIFIED;
  v1::ComplaintCategory_Parse(FormText(page, "category"), &category);
  c->set_category(category);
  c->set_severity(FormText(page, "severity") == "MAJOR"
                      ? v1::COMPLAINT_SEVERITY_MAJOR
                      : v1::COMPLAINT_SEVERITY_MINOR);
  c->set_text(FormText(page, "text"));
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::Complaint out;
  grpc::Status status = page.Write([&](grpc::ClientContext* ctx) {
    return stub->CreateComplaint(ctx, call, &out);
  });
  if (status.ok()) {
    return page.Redirect(
        absl::StrCat("/desk/complaints/", LastSegment(out.name()), "?done=1"));
  }
  FormState form;
  if (page.FieldError(status, CreateFields(), &form)) {
    return ListPage(page, form, 422);
  }
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    // A request number that is not this household's (or no request):
    // beside the field, nothing recorded.
    if (!request.empty()) {
      form.active = true;
      form.values = page.request().form;
      form.errors["request"] = page.Tr("complaints.request.unknown");
      return ListPage(page, form, 422);
    }
  }
  return page.Failure(status);
}

// --- one complaint
// ---------------------------------------------------------------

Response ComplaintPage(Page& page, const std::string& id, const FormState& form,
                       const std::string& banner, int status_code) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto quality = v1::QualityService::NewStub(page.channel());
  v1::GetComplaintRequest get;
  get.set_name(absl::StrCat(site, "/complaints/", id));
  const v1::ListHouseholdsRequest households_request = SiteHouseholds(page);
  v1::ListResidentsRequest residents_request;
  residents_request.set_parent(site);
  residents_request.set_page_size(1000);
  v1::Complaint c;
  v1::ListHouseholdsResponse households;
  v1::ListResidentsResponse residents;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    quality->async()->GetComplaint(c1.get(), &get, &c, calls.Done(&s1));
    directory->async()->ListHouseholds(c2.get(), &households_request,
                                       &households, calls.Done(&s2));
    directory->async()->ListResidents(c3.get(), &residents_request, &residents,
                                      calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  DeskDirectory people;
  if (status.ok()) status = LoadDirectory(page, &people);
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> units = HouseholdUnits(households);
  std::map<std::string, std::string> resident_names;
  for (const v1::Resident& r : residents.residents()) {
    resident_names[r.name()] = r.display_name();
  }
  // Who did something, as people say it.
  auto who = [&](const std::string& actor) -> std::string {
    if (auto it = people.staff_names.find(actor);
        it != people.staff_names.end()) {
      return it->second;
    }
    if (auto it = resident_names.find(actor); it != resident_names.end()) {
      return it->second;
    }
    if (absl::StrContains(actor, "/residents/")) {
      return page.Tr("complaints.the_resident");
    }
    return page.EnumLabel(v1::Role_descriptor(), v1::ROLE_UNSPECIFIED);
  };

  Data data = page.FormData();
  data.set("id", id);
  data.set("household", units.count(c.household()) ? units[c.household()]
                                                   : std::string("—"));
  data.set("household_id", LastSegment(c.household()));
  if (!c.resident().empty()) data.set("resident", who(c.resident()));
  data.set("category",
           page.EnumLabel(v1::ComplaintCategory_descriptor(), c.category()));
  data.set("severity",
           page.EnumLabel(v1::ComplaintSeverity_descriptor(), c.severity()));
  if (c.severity() == v1::COMPLAINT_SEVERITY_MAJOR) data.set("major", true);
  data.set("source",
           page.EnumLabel(v1::ComplaintSource_descriptor(), c.source()));
  data.set("state", page.EnumLabel(v1::ComplaintState_descriptor(), c.state()));
  data.set("state_css", StateCss(c.state()));
  if (c.state() == v1::COMPLAINT_STATE_ESCALATED || c.has_escalate_time()) {
    data.set("escalated", true);
  }
  SetText(&data, "text", c.text());
  SetText(&data, "time", page.Time(c.create_time()));
  if (!c.request().empty()) data.set("request", LastSegment(c.request()));
  if (auto it = people.department_titles.find(c.department());
      it != people.department_titles.end()) {
    data.set("department", it->second);
  }
  if (!c.staff().empty()) data.set("staff", who(c.staff()));
  if (!c.handler().empty()) data.set("handler", who(c.handler()));
  SetText(&data, "escalation_reason", c.escalation_reason());
  SetText(&data, "escalate_time", page.Time(c.escalate_time()));
  SetText(&data, "resolution", c.resolution());
  if (!c.resolved_by().empty()) data.set("resolved_by", who(c.resolved_by()));
  SetText(&data, "resolve_time", page.Time(c.resolve_time()));
  data.set("etag", c.etag());

  // The moves the person's role may make from this state (the server's
  // table, server/domain/quality.cc): a form only where it could succeed.
  const int role = page.session().role;
  const bool dept_supervisor = role == v1::ROLE_SUPERVISOR &&
                               !c.department().empty() &&
                               c.department() == page.session().department;
  const bool manager = role == v1::ROLE_MANAGER;
  const v1::ComplaintState s = c.state();
  if ((dept_supervisor || manager) && s == v1::COMPLAINT_STATE_OPEN) {
    data.set("can_handle", true);
  }
  if (dept_supervisor &&
      (s == v1::COMPLAINT_STATE_OPEN || s == v1::COMPLAINT_STATE_IN_HANDLING)) {
    data.set("can_escalate", true);
  }
  if (((dept_supervisor || manager) && s == v1::COMPLAINT_STATE_IN_HANDLING) ||
      (manager && s == v1::COMPLAINT_STATE_ESCALATED)) {
    data.set("can_resolve", true);
  }
  if ((dept_supervisor || manager) && s != v1::COMPLAINT_STATE_RESOLVED) {
    data.set("can_note", true);
  }
  if (data.get("can_handle") || data.get("can_escalate") ||
      data.get("can_resolve") || data.get("can_note")) {
    data.set("can_act", true);
  }
  // Each form in its own section: only the one posted shows what was
  // typed and the server's message.
  const std::string posted = form.active ? form.values.Get("action") : "";
  for (const char* action : {"handle", "escalate", "resolve", "note"}) {
    Data f = page.FormData(posted == action ? form : FormState());
    f.set("etag", c.etag());
    if (posted == action) data.set(absl::StrCat("open_", action), true);
    data.set(absl::StrCat("f_", action), f);
  }

  List history;
  for (int i = c.history_size() - 1; i >= 0; --i) {
    const v1::ComplaintEvent& e = c.history(i);
    Data entry;
    SetText(&entry, "time", page.Time(e.event_time()));
    entry.set("action", page.Tr(absl::StrCat("complaints.act.", e.action())));
    entry.set("who", who(e.actor()));
    SetText(&entry, "note", e.note());
    history.push_back(entry);
  }
  data.set("history", history);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render(
      "desk_complaint", data,
      absl::StrCat(page.Tr("complaints.one"), " #", id, " · ",
                   units.count(c.household()) ? units[c.household()] : ""),
      status_code);
}

Response Show(Page& page, const std::vector<std::string>& args) {
  std::string banner;
  const std::string done = page.request().query.Get("done");
  if (done == "1") banner = "complaints.done.created";
  if (done == "update") banner = "complaints.done.updated";
  return ComplaintPage(page, args[0], FormState(), banner, 200);
}

Response Update(Page& page, const std::vector<std::string>& args) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string& id = args[0];
  v1::UpdateComplaintRequest call;
  call.set_name(absl::StrCat(page.session().site, "/complaints/", id));
  call.set_etag(page.request().form.Get("etag"));
  call.set_request_id(page.FormRequestId());
  const std::string action = page.request().form.Get("action");
  if (action == "handle") {
    call.set_action(v1::COMPLAINT_ACTION_HANDLE);
  } else if (action == "escalate") {
    call.set_action(v1::COMPLAINT_ACTION_ESCALATE);
  } else if (action == "resolve") {
    call.set_action(v1::COMPLAINT_ACTION_RESOLVE);
    call.set_resolution(FormText(page, "resolution"));
  } else if (action != "note") {
    return page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  }
  call.set_note(FormText(page, "note"));
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::Complaint out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->UpdateComplaint(c, call, &out);
  });
  if (status.ok()) {
    return page.Redirect(absl::StrCat("/desk/complaints/", id, "?done=update"));
  }
  FormState form;
  if (page.FieldError(status,
                      {{"resolution", "resolution", "complaints.resolution"},
                       {"note", "note", "complaints.note"}},
                      &form)) {
    return ComplaintPage(page, id, form, "", 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    return ComplaintPage(page, id, FormState(), "err.conflict.text", 409);
  }
  return page.Failure(status);
}

}  // namespace

void AddDeskComplaintPages(App& app) {
  app.Get("/desk/complaints", Index);
  app.Post("/desk/complaints", Create);
  app.Get("/desk/complaints/{}", Show);
  app.Post("/desk/complaints/{}", Update);
}

}  // namespace concierge::web
