#include "clients/web/page.h"

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/common/cli.h"
#include "clients/web/format.h"
#include "clients/web/log.h"
#include "concierge/v1/directory.pb.h"

namespace concierge::web {
namespace {

struct NavItem {
  const char* path;
  const char* label;
};

constexpr NavItem kResidentNav[] = {
    {"/r/requests", "nav.requests"}, {"/r/catalog", "nav.catalog"},
    {"/r/desk", "nav.desk"},         {"/r/events", "nav.events"},
    {"/r/feedback", "nav.feedback"}, {"/r/survey", "nav.survey"},
    {"/r/history", "nav.history"},
};
constexpr NavItem kAttendantNav[] = {{"/hk/rooms", "nav.rooms"}};
// The hotel's guests' requests are on the same live board (issue 22).
constexpr NavItem kSupervisorNav[] = {
    {"/hk/rooms", "nav.rooms"},         {"/hk/floor", "nav.floor"},
    {"/hk/approvals", "nav.approvals"}, {"/hk/handover", "nav.handover"},
    {"/desk/board", "nav.board"},       {"/g/guests", "nav.guests"}};
constexpr NavItem kHotelDeskNav[] = {{"/g/guests", "nav.guests"},
                                     {"/desk/board", "nav.board"}};
// The hotel's manager: the desk's pages, the floor, the rules and the
// dashboard.
constexpr NavItem kHotelManagerNav[] = {
    {"/g/guests", "nav.guests"},       {"/desk/board", "nav.board"},
    {"/hk/floor", "nav.floor"},        {"/hk/approvals", "nav.approvals"},
    {"/hk/handover", "nav.handover"},  {"/m/rules", "nav.rules"},
    {"/m/dashboard", "nav.dashboard"}, {"/m/quality", "nav.quality"}};
constexpr NavItem kCenterStaffNav[] = {{"/desk/board", "nav.board"}};
constexpr NavItem kCenterSupervisorNav[] = {
    {"/desk/board", "nav.board"},
    {"/desk/followups", "nav.followups"},
    {"/desk/complaints", "nav.complaints"},
    {"/desk/events", "nav.desk_events"},
    {"/desk/lending", "nav.lending"}};
constexpr NavItem kCenterDeskNav[] = {{"/desk/board", "nav.board"},
                                      {"/desk/register", "nav.register"},
                                      {"/desk/parcels", "nav.parcels"},
                                      {"/desk/custody", "nav.custody"},
                                      {"/desk/lending", "nav.lending"},
                                      {"/desk/messages", "nav.messages"},
                                      {"/desk/events", "nav.desk_events"},
                                      {"/desk/complaints", "nav.complaints"}};
constexpr NavItem kCenterManagerNav[] = {{"/desk/board", "nav.board"},
                                         {"/desk/register", "nav.register"},
                                         {"/desk/parcels", "nav.parcels"},
                                         {"/desk/custody", "nav.custody"},
                                         {"/desk/lending", "nav.lending"},
                                         {"/desk/messages", "nav.messages"},
                                         {"/desk/events", "nav.desk_events"},
                                         {"/desk/followups", "nav.followups"},
                                         {"/desk/complaints", "nav.complaints"},
                                         {"/m/dashboard", "nav.dashboard"},
                                         {"/m/quality", "nav.quality"}};

template <size_t N>
void AddNav(const NavItem (&items)[N], const Page& page, List* out) {
  for (const NavItem& item : items) {
    Data entry;
    entry.set("href", std::string(item.path));
    entry.set("label", page.Tr(item.label));
    if (absl::StartsWith(page.request().path, item.path)) {
      entry.set("current", true);
    }
    out->push_back(entry);
  }
}

}  // namespace

std::string NewWebId() {
  static constexpr char kHex[] = "0123456789abcdef";
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string id = "web-";
  for (int i = 0; i < 24; ++i) id.push_back(kHex[random() % 16]);
  return id;
}

std::function<void(grpc::Status)> Fanout::Done(grpc::Status* out) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++pending_;
  }
  return [this, out](grpc::Status status) {
    *out = std::move(status);
    std::lock_guard<std::mutex> lock(mutex_);
    if (--pending_ == 0) cv_.notify_all();
  };
}

void Fanout::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait(lock, [this] { return pending_ == 0; });
}

Page::Page(App& app, const Request& request, Lang lang,
           std::optional<Session> session)
    : app_(app),
      request_(request),
      lang_(lang),
      session_(std::move(session)),
      request_id_(NewWebId()),
      zone_(ZoneNamed(session_ ? session_->time_zone : "")) {}

std::unique_ptr<grpc::ClientContext> Page::Context() const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (session_) {
    context->AddMetadata("authorization",
                         absl::StrCat("Bearer ", session_->token));
  }
  context->AddMetadata("x-request-id", request_id_);
  context->set_deadline(
      absl::ToChronoTime(absl::Now() + app_.options().rpc_deadline));
  return context;
}

grpc::Status Page::Read(const std::function<grpc::Status()>& run) {
  return cli::RetryIdempotent(run, app_.options().retry_budget);
}

grpc::Status Page::Write(
    const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  return cli::RetryIdempotent(
      [&] {
        auto context = Context();
        return call(context.get());
      },
      app_.options().retry_budget);
}

std::string Page::FormRequestId() const {
  const std::string rid = request_.form.Get("rid");
  if (!rid.empty() && rid.size() <= 64 && IsPlainToken(rid)) return rid;
  return NewWebId();
}

std::string Page::Time(const google::protobuf::Timestamp& t) const {
  return FormatTime(t, zone_, lang_);
}

Data Page::FormData() const {
  Data data;
  if (session_) data.set("csrf", app_.sessions().CsrfToken(*session_));
  data.set("rid", NewWebId());
  return data;
}

Data Page::FormData(const FormState& form) const {
  Data data = FormData();
  if (!form.active) return data;
  // The same request_id again: a retry of a form that failed to reach the
  // server must not be carried out twice.
  const std::string rid = request_.form.Get("rid");
  if (IsPlainToken(rid)) data.set("rid", rid);
  for (const auto& [name, value] : form.values.fields()) {
    if (name == "csrf" || name == "rid") continue;
    data.set("v_" + name, value);
    data.set("v_" + name + "_" + value, true);  // selects and radios
  }
  for (const auto& [field, message] : form.errors) {
    data.set("e_" + field, message);
  }
  if (!form.general_error.empty()) data.set("form_error", form.general_error);
  return data;
}

std::string Page::CurrentPath() const {
  if (request_.method != "GET") return "/";
  // The query too (a search, a year), except sign-in's: it holds a token.
  if (request_.path == "/signin" || request_.query.fields().empty()) {
    return request_.path;
  }
  std::string path = request_.path;
  char sep = '?';
  for (const auto& [name, value] : request_.query.fields()) {
    absl::StrAppend(&path, std::string(1, sep), UrlEncode(name), "=",
                    UrlEncode(value));
    sep = '&';
  }
  return path;
}

Response Page::Render(const std::string& body, Data data,
                      const std::string& title, int status) {
  const AppOptions& options = app_.options();
  data.set("static", app_.static_prefix());
  data.set("poll_seconds", absl::StrCat(options.poll_seconds));
  std::string error;
  const std::string html = app_.templates().Render(lang_, body, data, &error);
  if (!error.empty()) {
    Log("error", "template failed", {{"template", body}, {"detail", error}});
  }
  Data layout;
  layout.set("title", title);
  layout.set("body", html);
  layout.set("lang", std::string(lang_ == Lang::kZh ? "zh-Hant" : "en"));
  layout.set("static", app_.static_prefix());
  layout.set("request_id", request_id_);
  const Lang other = lang_ == Lang::kZh ? Lang::kEn : Lang::kZh;
  layout.set("other_lang", std::string(LangCode(other)));
  layout.set("other_lang_label", web::Tr(other, "lang.self"));
  layout.set("here", CurrentPath());
  const std::string& path = request_.path;
  if (absl::StartsWith(path, "/desk") || absl::StartsWith(path, "/m/") ||
      absl::StartsWith(path, "/g/") || absl::StartsWith(path, "/hk/floor") ||
      absl::StartsWith(path, "/hk/handover")) {
    layout.set("wide", true);
  }
  if (session_) {
    layout.set("signed_in", true);
    layout.set("person", session_->display_name);
    layout.set("site_name", session_->site_name);
    layout.set("csrf", app_.sessions().CsrfToken(*session_));
    List nav;
    if (session_->role == v1::ROLE_GUEST) {
      // The room's page is the guest's only page; the code in the room,
      // not a sign-out, ends it. The code is named by its room number.
      layout.set("guest", true);
      layout.set("person", absl::StrCat(Tr("guestroom.room"), " ",
                                        session_->display_name));
    } else if (session_->role == v1::ROLE_RESIDENT) {
      AddNav(kResidentNav, *this, &nav);
    } else if (session_->site_kind == v1::SITE_KIND_HOTEL) {
      if (session_->role == v1::ROLE_STAFF) {
        AddNav(kAttendantNav, *this, &nav);
      } else if (session_->role == v1::ROLE_SUPERVISOR) {
        AddNav(kSupervisorNav, *this, &nav);
      } else if (session_->role == v1::ROLE_MANAGER) {
        AddNav(kHotelManagerNav, *this, &nav);
      } else {
        AddNav(kHotelDeskNav, *this, &nav);
      }
    } else if (session_->role == v1::ROLE_MANAGER) {
      AddNav(kCenterManagerNav, *this, &nav);
    } else if (session_->role == v1::ROLE_RECEPTION) {
      AddNav(kCenterDeskNav, *this, &nav);
    } else if (session_->role == v1::ROLE_SUPERVISOR) {
      AddNav(kCenterSupervisorNav, *this, &nav);
    } else {
      AddNav(kCenterStaffNav, *this, &nav);
    }
    layout.set("nav", nav);
  }
  Response response;
  response.status = status;
  response.body = app_.templates().Render(lang_, "layout", layout);
  return response;
}

Response Page::Fragment(const std::string& body, const Data& data, int status) {
  Response response;
  response.status = status;
  std::string error;
  response.body = app_.templates().Render(lang_, body, data, &error);
  if (!error.empty()) {
    Log("error", "template failed", {{"template", body}, {"detail", error}});
  }
  return response;
}

Response Page::Redirect(const std::string& path) {
  Response response;
  response.status = 303;
  response.AddHeader("Location", IsLocalPath(path) ? path : "/");
  return response;
}

Response Page::Failure(const grpc::Status& status) {
  const ErrorPage kind = PageFor(status.error_code());
  if (kind != ErrorPage::kNotAvailable || !status.error_message().empty()) {
    Log("info", "call failed",
        {{"path", request_.path},
         {"code", cli::StatusCodeName(status.error_code())},
         {"request_id", request_id_}});
  }
  if (kind == ErrorPage::kSignIn) {
    // A room's code stops working at checkout: its guest is told the stay
    // has ended, not asked to sign in.
    const std::string next = session_ && session_->role == v1::ROLE_GUEST
                                 ? "/room/ended"
                                 : "/signin?expired=1";
    Response response;
    response.AddHeader("Set-Cookie",
                       ClearSessionCookieHeader(app_.options().cookies));
    if (request_.htmx) {
      response.AddHeader("HX-Redirect", next);
      return response;
    }
    response.status = 303;
    response.AddHeader("Location", next);
    return response;
  }
  const int http_status = HttpStatusFor(kind);
  if (request_.htmx) {
    // A live region keeps what it shows; the next poll tries again.
    Response response;
    response.status = http_status;
    return response;
  }
  const std::string stem = ErrorLabelStem(kind);
  Data data;
  data.set("text", Tr(stem + ".text"));
  if (kind == ErrorPage::kUnreachable || kind == ErrorPage::kBusy ||
      kind == ErrorPage::kInternal) {
    // Retry: the same page again (a GET), or the page the form was on.
    data.set("retry",
             request_.method == "GET" ? request_.path : std::string("/"));
  }
  data.set("back", std::string("/"));
  return Render("message", data, Tr(stem + ".title"), http_status);
}

bool Page::FieldError(const grpc::Status& status,
                      const std::vector<FieldMap>& fields,
                      FormState* form) const {
  if (PageFor(status.error_code()) != ErrorPage::kFieldError) return false;
  form->active = true;
  form->values = request_.form;
  const web::FieldError parsed = ParseFieldError(status.error_message());
  std::string text = parsed.text;
  // The server's field paths read as the page's labels.
  for (const FieldMap& f : fields) {
    text = absl::StrReplaceAll(text, {{f.server_field, Tr(f.label_key)}});
  }
  for (const FieldMap& f : fields) {
    if (!parsed.field.empty() &&
        absl::StartsWith(parsed.field, f.server_field)) {
      form->errors[f.form_field] = text;
      return true;
    }
  }
  form->general_error = text;
  return true;
}

}  // namespace concierge::web
