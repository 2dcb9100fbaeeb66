// Sign-in, sign-out, the language switch and the home redirect.
//
// Sign-in: the desk hands a person a link (and its QR code) holding their
// token: /signin?token=... The token is checked (WhoAmI, then GetSite for
// the site's zone and name), sealed into the session cookie, and the
// browser is sent on to a clean URL with 303: the token stays in no URL,
// page or log line after that (the response carries Cache-Control:
// no-store and Referrer-Policy: no-referrer, like every response).

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/web/page.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::web {
namespace {

bool PlausibleToken(const std::string& token) {
  if (token.empty() || token.size() > 512) return false;
  for (const char c : token) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

std::string HomeOf(const Session& s) {
  if (s.role == v1::ROLE_RESIDENT) return "/r/requests";
  if (s.role == v1::ROLE_GUEST) return "/room";
  if (s.site_kind == v1::SITE_KIND_HOTEL) {
    return s.role == v1::ROLE_STAFF || s.role == v1::ROLE_SUPERVISOR
               ? "/hk/rooms"
               : "/g/guests";
  }
  if (s.role == v1::ROLE_ADMIN || s.role == v1::ROLE_PARTNER) {
    return "/welcome";
  }
  return "/desk/board";
}

Response SignInPage(Page& page, const std::string& notice_key, int status) {
  Data data;
  if (!notice_key.empty()) data.set("notice", page.Tr(notice_key));
  if (page.signed_in()) {
    data.set("signed_in_as", page.session().display_name);
    data.set("home", HomeOf(page.session()));
  }
  return page.Render("signin", data, page.Tr("signin.title"), status);
}

Response SignIn(Page& page, const std::vector<std::string>&) {
  const Request& request = page.request();
  if (!request.query.Has("token")) {
    std::string notice;
    if (request.query.Has("expired")) notice = "signin.expired";
    if (request.query.Has("signed_out")) notice = "signin.signed_out";
    return SignInPage(page, notice, 200);
  }
  const std::string token = request.query.Get("token");
  if (!PlausibleToken(token)) return SignInPage(page, "signin.invalid", 401);

  Session session;
  session.token = token;
  Page probe(page.app(), request, page.lang(), session);
  auto stub = v1::DirectoryService::NewStub(page.channel());
  v1::Principal who;
  grpc::Status status = probe.Read([&] {
    auto context = probe.Context();
    return stub->WhoAmI(context.get(), v1::WhoAmIRequest(), &who);
  });
  v1::Site site;
  if (status.ok()) {
    if (who.site().empty()) {
      // A group administrator has no pages here.
      status = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "");
    } else {
      v1::GetSiteRequest get;
      get.set_name(who.site());
      status = probe.Read([&] {
        auto context = probe.Context();
        return stub->GetSite(context.get(), get, &site);
      });
    }
  }
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    // The QR code left in a room after its guest checked out.
    if (absl::StrContains(status.error_message(), "stay that has ended")) {
      return page.Redirect("/room/ended");
    }
    return SignInPage(page, "signin.invalid", 401);
  }
  if (!status.ok()) {
    // Never the retry link of the generic page: it would be this URL.
    Data data;
    data.set("text",
             page.Tr(status.error_code() == grpc::StatusCode::PERMISSION_DENIED
                         ? "signin.no_pages"
                         : "signin.unreachable"));
    return page.Render(
        "message", data, page.Tr("signin.title"),
        status.error_code() == grpc::StatusCode::PERMISSION_DENIED ? 403 : 503);
  }
  session.principal = who.name();
  session.display_name = who.display_name();
  session.role = who.role();
  session.site = who.site();
  session.site_name = site.display_name();
  session.site_kind = site.kind();
  session.time_zone = site.time_zone();
  session.currency = site.currency_code();
  session.household = who.household();
  session.department = who.department();
  session.issued_unix = absl::ToUnixSeconds(absl::Now());
  Response response = page.Redirect(HomeOf(session));
  response.AddHeader("Set-Cookie",
                     SessionCookieHeader(page.app().sessions().Seal(session),
                                         page.app().options().cookies));
  return response;
}

Response SignOut(Page& page, const std::vector<std::string>&) {
  Response response = page.Redirect("/signin?signed_out=1");
  response.AddHeader("Set-Cookie",
                     ClearSessionCookieHeader(page.app().options().cookies));
  return response;
}

Response SwitchLang(Page& page, const std::vector<std::string>& args) {
  const std::optional<Lang> lang = ParseLang(args[0]);
  std::string next = page.request().query.Get("next");
  if (!IsLocalPath(next)) next = "/";
  Response response = page.Redirect(next);
  if (lang) {
    response.AddHeader(
        "Set-Cookie",
        LangCookieHeader(LangCode(*lang), page.app().options().cookies));
  }
  return response;
}

Response Home(Page& page, const std::vector<std::string>&) {
  if (!page.signed_in()) return SignInPage(page, "", 200);
  return page.Redirect(HomeOf(page.session()));
}

// Signed in, but this client has no pages for the role yet (the desk's
// board and the manager's dashboard come with a later issue).
Response Welcome(Page& page, const std::vector<std::string>&) {
  Data data;
  data.set("text", page.Tr("welcome.text"));
  return page.Render("message", data, page.Tr("welcome.title"));
}

}  // namespace

void AddCommonPages(App& app) {
  app.Get("/", Home, false);
  app.Get("/signin", SignIn, false);
  app.Post("/signout", SignOut);
  app.Get("/lang/{}", SwitchLang, false);
  app.Get("/welcome", Welcome);
}

}  // namespace concierge::web
