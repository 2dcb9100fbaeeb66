// Follow-up calls (seed §5 step 5, 拜回訪): the supervisor's calls due
// today, the most overdue first, each with the request it follows and a
// form for the outcome (how the resident was reached, satisfaction 1-5,
// what they said). The server decides whose calls they are (a supervisor
// sees their department's) and validates the outcome.

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/web/format.h"
#include "clients/web/http_util.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.pb.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {
namespace {

bool MayFollowUp(const Session& s) {
  return s.site_kind == v1::SITE_KIND_RESIDENTIAL &&
         (s.role == v1::ROLE_SUPERVISOR || s.role == v1::ROLE_MANAGER);
}

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

// The outcome form's fields in the server's words.
const std::vector<FieldMap>& OutcomeFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"satisfaction", "satisfaction", "followups.satisfaction"},
      {"method", "method", "followups.method"},
      {"comment", "comment", "followups.comment"},
      {"complaint.text", "complaint_text", "followups.complaint.text"},
      {"complaint.category", "category", "feedback.category"},
      {"complaint.severity", "severity", "feedback.severity"},
  };
  return *fields;
}

constexpr v1::ComplaintCategory kCategories[] = {
    v1::COMPLAINT_CATEGORY_SERVICE_QUALITY,
    v1::COMPLAINT_CATEGORY_TIMELINESS,
    v1::COMPLAINT_CATEGORY_STAFF_CONDUCT,
    v1::COMPLAINT_CATEGORY_CHARGES,
    v1::COMPLAINT_CATEGORY_DISTURBANCE,
    v1::COMPLAINT_CATEGORY_PRIVACY,
    v1::COMPLAINT_CATEGORY_OTHER};

// The complaint part of the outcome form: the categories (the posted one
// chosen).
List CategoryOptions(const Page& page, const std::string& chosen) {
  List options;
  for (v1::ComplaintCategory c : kCategories) {
    Data option;
    option.set("value", v1::ComplaintCategory_Name(c));
    option.set("label", page.EnumLabel(v1::ComplaintCategory_descriptor(), c));
    if (chosen == v1::ComplaintCategory_Name(c)) option.set("selected", true);
    options.push_back(option);
  }
  return options;
}

Data CallData(const Page& page, const v1::FollowUp& f, absl::Time now) {
  Data call;
  call.set("id", LastSegment(f.name()));
  call.set("etag", f.etag());
  SetText(&call, "title", page.Pick(f.item_title()));
  SetText(&call, "contact", f.contact_name());
  SetText(&call, "unit", f.unit());
  SetText(&call, "phone", f.phone());
  SetText(&call, "completed", page.Time(f.complete_time()));
  SetText(&call, "due", page.Time(f.due_time()));
  if (absl::FromUnixSeconds(f.due_time().seconds()) < now) {
    call.set("overdue", true);
  }
  call.set("request_href",
           absl::StrCat("/desk/requests/", LastSegment(f.request())));
  return call;
}

Response CallList(Page& page, const FormState& form,
                  const std::string& failed_id, const std::string& banner,
                  int status_code) {
  v1::ListDueFollowUpsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(200);
  // Due by the end of today in the site's zone.
  const absl::Time now = absl::Now();
  const absl::CivilDay today = absl::ToCivilDay(now, page.zone());
  request.mutable_due_before()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(today + 1, page.zone())));
  v1::ListDueFollowUpsResponse response;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListDueFollowUps(context.get(), request, &response);
  });
  if (!status.ok()) return page.Failure(status);
  std::vector<const v1::FollowUp*> due;
  for (const auto& f : response.follow_ups()) due.push_back(&f);
  std::stable_sort(due.begin(), due.end(), [](auto* a, auto* b) {
    return a->due_time().seconds() < b->due_time().seconds();
  });
  Data data = page.FormData();
  List calls;
  for (const v1::FollowUp* f : due) {
    Data call = CallData(page, *f, now);
    if (LastSegment(f->name()) == failed_id) {
      const Data with_form = page.FormData(form);
      for (const char* key :
           {"form_error", "e_satisfaction", "e_method", "e_comment",
            "v_comment", "e_complaint_text", "v_complaint_text", "e_category",
            "e_severity", "v_satisfaction_1", "v_satisfaction_2",
            "v_satisfaction_3", "v_satisfaction_4", "v_satisfaction_5",
            "v_method_visit"}) {
        if (with_form.get(key) != nullptr) call.set(key, *with_form.get(key));
      }
      call.set("open", true);
      if (form.values.Has("complained")) {
        call.set("complained", true);
        if (form.values.Get("severity") == "MAJOR") call.set("major", true);
      }
    }
    call.set("categories",
             CategoryOptions(page, LastSegment(f->name()) == failed_id
                                       ? form.values.Get("category")
                                       : std::string()));
    calls.push_back(call);
  }
  data.set("calls", calls);
  data.set("count", absl::StrCat(calls.size()));
  if (calls.empty()) data.set("none", true);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  const std::string complaint = page.request().query.Get("complaint");
  if (!complaint.empty() && IsPlainToken(complaint)) {
    data.set("complaint", complaint);
  }
  return page.Render("desk_followups", data, page.Tr("followups.title"),
                     status_code);
}

Response Calls(Page& page, const std::vector<std::string>&) {
  if (!MayFollowUp(page.session())) return NotAvailable(page);
  return CallList(page, FormState(), "",
                  page.request().query.Has("done") ? "followups.recorded" : "",
                  200);
}

Response Record(Page& page, const std::vector<std::string>& args) {
  if (!MayFollowUp(page.session())) return NotAvailable(page);
  const Form& in = page.request().form;
  FormState form;
  form.values = in;
  form.active = true;
  v1::RecordFollowUpRequest request;
  request.set_name(absl::StrCat(page.session().site, "/followups/", args[0]));
  request.set_etag(in.Get("etag"));
  request.set_request_id(page.FormRequestId());
  request.set_method(in.Get("method") == "visit" ? v1::FOLLOW_UP_METHOD_VISIT
                                                 : v1::FOLLOW_UP_METHOD_PHONE);
  int satisfaction = 0;
  if (!absl::SimpleAtoi(in.Get("satisfaction"), &satisfaction)) {
    form.errors["satisfaction"] = page.Tr("followups.satisfaction.required");
    return CallList(page, form, args[0], "", 422);
  }
  request.set_satisfaction(satisfaction);
  request.set_comment(
      std::string(absl::StripAsciiWhitespace(in.Get("comment"))));
  // The resident complained during the call: the complaint is created
  // against the request in the same transaction (RecordFollowUp).
  if (in.Has("complained")) {
    request.set_complained(true);
    v1::ComplaintDetails* complaint = request.mutable_complaint();
    v1::ComplaintCategory category = v1::COMPLAINT_CATEGORY_UNSPECIFIED;
    v1::ComplaintCategory_Parse(in.Get("category"), &category);
    complaint->set_category(category);
    complaint->set_severity(in.Get("severity") == "MAJOR"
                                ? v1::COMPLAINT_SEVERITY_MAJOR
                                : v1::COMPLAINT_SEVERITY_MINOR);
    complaint->set_text(
        std::string(absl::StripAsciiWhitespace(in.Get("complaint_text"))));
  }
  v1::FollowUp recorded;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* context) {
    return stub->RecordFollowUp(context, request, &recorded);
  });
  if (page.FieldError(status, OutcomeFields(), &form)) {
    return CallList(page, form, args[0], "", 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    return CallList(page, FormState(), "", "err.conflict.request", 409);
  }
  if (!status.ok()) return page.Failure(status);
  if (!recorded.complaint().empty()) {
    return page.Redirect(absl::StrCat("/desk/followups?done=1&complaint=",
                                      LastSegment(recorded.complaint())));
  }
  return page.Redirect("/desk/followups?done=1");
}

}  // namespace

void AddFollowUpPages(App& app) {
  app.Get("/desk/followups", Calls);
  app.Post("/desk/followups/{}", Record);
}

}  // namespace concierge::web
