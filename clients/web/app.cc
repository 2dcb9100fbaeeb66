#include "clients/web/app.h"

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/web/embedded.h"
#include "clients/web/log.h"
#include "clients/web/page.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concierge::web {
namespace {

std::string ContentTypeOf(absl::string_view name) {
  if (absl::EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (absl::EndsWith(name, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(name, ".svg")) return "image/svg+xml";
  if (absl::EndsWith(name, ".txt")) return "text/plain; charset=utf-8";
  return "";
}

std::vector<std::string> Segments(absl::string_view path) {
  return absl::StrSplit(path, '/', absl::SkipEmpty());
}

Response PlainText(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace

App::App(AppOptions options, std::unique_ptr<Templates> templates,
         std::unique_ptr<SessionCodec> sessions,
         std::vector<std::shared_ptr<grpc::Channel>> channels)
    : options_(std::move(options)),
      templates_(std::move(templates)),
      sessions_(std::move(sessions)),
      channels_(std::move(channels)) {
  // FNV-1a over the static files: their URL changes whenever one does.
  uint64_t hash = 1469598103934665603ull;
  for (const EmbeddedFile& f : WebFiles()) {
    const std::string type = ContentTypeOf(f.name);
    if (type.empty() || absl::EndsWith(f.name, ".mustache")) continue;
    static_files_[std::string(f.name)] = {type, std::string(f.text)};
    for (const char c : f.name)
      hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ull;
    for (const char c : f.text)
      hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  }
  static_prefix_ = absl::StrFormat("/static/%010x", hash & 0xffffffffffull);
  AddCommonPages(*this);
  AddResidentRequestPages(*this);
  AddResidentDeskPages(*this);
  AddHousekeepingPages(*this);
  AddDeskBoardPages(*this);
  AddDeskRequestPages(*this);
  AddFrontDeskPages(*this);
  AddManagerPages(*this);
  AddGuestPages(*this);
  AddRoomPages(*this);
  AddFollowUpPages(*this);
  AddFloorPages(*this);
  AddRulePages(*this);
  AddDeskCustodyPages(*this);
  AddDeskLendingPages(*this);
  AddDeskEventPages(*this);
  AddDeskComplaintPages(*this);
}

void App::Get(const std::string& pattern, PageHandler handler, bool signed_in) {
  routes_.push_back({"GET", Segments(pattern), std::move(handler), signed_in});
}

void App::Post(const std::string& pattern, PageHandler handler) {
  routes_.push_back({"POST", Segments(pattern), std::move(handler), true});
}

std::shared_ptr<grpc::Channel> App::channel() {
  return channels_[next_channel_.fetch_add(1, std::memory_order_relaxed) %
                   channels_.size()];
}

bool App::Ready() {
  auto stub = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

Response App::Static(const std::string& name) const {
  auto it = static_files_.find(name);
  if (it == static_files_.end()) return PlainText(404, "not found\n");
  Response r;
  r.content_type = it->second.first;
  r.body = it->second.second;
  r.cacheable = true;
  return r;
}

Response App::Handle(const Request& request) {
  const absl::Time start = absl::Now();
  const std::string& path = request.path;
  if (request.method != "GET" && request.method != "HEAD" &&
      request.method != "POST") {
    return PlainText(405, "method not allowed\n");
  }
  if (path == "/healthz") return PlainText(200, "ok\n");
  if (path == "/readyz") {
    return Ready() ? PlainText(200, "ready\n")
                   : PlainText(503, "concierge-server does not answer\n");
  }
  if (absl::StartsWith(path, "/static/")) {
    // /static/<version>/<file>: any version is served (a page rendered by
    // an older replica during a rollout still gets its files).
    std::vector<std::string> parts = Segments(path);
    if (parts.size() == 3) return Static(parts[2]);
    return PlainText(404, "not found\n");
  }
  if (path == "/favicon.ico") return Static("icon.svg");

  // The language: the person's choice, else the browser's.
  Lang lang =
      FromAcceptLanguage(request.accept_language, options_.default_lang);
  if (auto it = request.cookies.find(kLangCookie);
      it != request.cookies.end()) {
    if (auto chosen = ParseLang(it->second)) lang = *chosen;
  }
  std::optional<Session> session;
  if (auto it = request.cookies.find(kSessionCookie);
      it != request.cookies.end() && !it->second.empty()) {
    session = sessions_->Open(it->second, absl::Now());
  }
  Page page(*this, request, lang, session);

  const std::vector<std::string> segments = Segments(path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  const Route* found = nullptr;
  std::vector<std::string> args;
  for (const Route& route : routes_) {
    if (route.method != method || route.segments.size() != segments.size()) {
      continue;
    }
    std::vector<std::string> captured;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      if (route.segments[i] == "{}") {
        match = IsPlainToken(segments[i]);
        captured.push_back(segments[i]);
      } else {
        match = route.segments[i] == segments[i];
      }
    }
    if (match) {
      found = &route;
      args = std::move(captured);
      break;
    }
  }

  Response response;
  if (found == nullptr) {
    response = page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  } else if (found->signed_in && !session) {
    if (request.htmx) {
      response.status = 200;
      response.AddHeader("HX-Redirect", "/signin");
    } else {
      response = page.Redirect("/signin");
    }
  } else if (method == "POST" && request.body_too_large) {
    response =
        page.Render("message", Data{"text", page.Tr("err.toolarge.text")},
                    page.Tr("err.toolarge.title"), 413);
  } else if (method == "POST" &&
             !sessions_->CheckCsrf(*session, request.form.Get("csrf"))) {
    // Refused before any call: nothing is stored.
    Log("info", "form refused: no valid CSRF token",
        {{"path", path}, {"request_id", page.request_id()}});
    Data data;
    data.set("text", page.Tr("err.csrf.text"));
    data.set("back", std::string("/"));
    response = page.Render("message", data, page.Tr("err.csrf.title"), 403);
  } else {
    response = found->handler(page, args);
  }

  const int64_t micros = absl::ToInt64Microseconds(absl::Now() - start);
  const char* level = response.status >= 400 ? "info" : "debug";
  if (LogEnabled(level)) {
    // The path only: never the query string (a sign-in link's token).
    Log(level, "http",
        {{"method", request.method},
         {"path", path},
         {"status", absl::StrCat(response.status)},
         {"us", absl::StrCat(micros)},
         {"request_id", page.request_id()}});
  }
  return response;
}

}  // namespace concierge::web
