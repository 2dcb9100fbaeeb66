// concierge-web's pure pieces: escaping, the status-to-page mapping, the
// session cookie and its attributes, CSRF, the security headers, labels in
// both languages, and the App's answers that need no server (sign-in
// redirects, a POST without its CSRF token, an unreachable server).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "clients/web/app.h"
#include "clients/web/desk.h"
#include "clients/web/embedded.h"
#include "clients/web/errors.h"
#include "clients/web/http_server.h"
#include "clients/web/http_util.h"
#include "clients/web/i18n.h"
#include "clients/web/session.h"
#include "clients/web/templates.h"
#include "concierge/v1/catalog.pb.h"
#include "concierge/v1/directory.pb.h"
#include "concierge/v1/frontdesk.pb.h"
#include "concierge/v1/guests.pb.h"
#include "concierge/v1/housekeeping.pb.h"
#include "concierge/v1/quality.pb.h"
#include "concierge/v1/requests.pb.h"

namespace concierge::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test";

Session Resident() {
  Session s;
  s.token = "tok_resident";
  s.principal = "sites/1/residents/1";
  s.display_name = "劉女士 Ms Liu";
  s.role = v1::ROLE_RESIDENT;
  s.site = "sites/1";
  s.site_name = "Garden";
  s.site_kind = v1::SITE_KIND_RESIDENTIAL;
  s.time_zone = "Asia/Shanghai";
  s.currency = "CNY";
  s.household = "sites/1/households/1";
  s.issued_unix = absl::ToUnixSeconds(absl::Now());
  return s;
}

// --- escaping
// ------------------------------------------------------------------

TEST(WebEscaping, ValuesAreHtmlEscaped) {
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &apos;c&apos;");
}

TEST(WebEscaping, TemplatesEscapeEveryValue) {
  auto templates = Templates::Load(WebFiles(), Labels::Get());
  ASSERT_TRUE(templates.ok()) << templates.status();
  Data data;
  data.set("text", std::string("<script>alert(1)</script>"));
  const std::string html = (*templates)->Render(Lang::kEn, "message", data);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

TEST(WebEscaping, TemplatesNeverUseRawValuesButTheRenderedBody) {
  // {{{x}}} and {{&x}} bypass escaping: only the layout's body (HTML this
  // program rendered from another template) may use them.
  for (const EmbeddedFile& f : WebFiles()) {
    if (!absl::EndsWith(f.name, ".mustache")) continue;
    const std::string text(f.text);
    static const std::regex raw(R"(\{\{\{\s*(\w+)|\{\{&)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), raw);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(f.name == "layout.mustache" && (*it)[1] == "body")
          << f.name << ": " << it->str();
    }
  }
}

TEST(WebEscaping, NoInlineScriptOrStyleInTemplates) {
  for (const EmbeddedFile& f : WebFiles()) {
    if (!absl::EndsWith(f.name, ".mustache")) continue;
    const std::string text(f.text);
    EXPECT_FALSE(std::regex_search(text, std::regex("<script>|<script [^s]")))
        << f.name;
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(\son[a-z]+=)")))
        << f.name << " has an inline event handler";
    EXPECT_THAT(text, Not(HasSubstr("style="))) << f.name;
    EXPECT_THAT(text, Not(HasSubstr("<style"))) << f.name;
  }
}

// --- labels
// --------------------------------------------------------------------

TEST(WebLabels, EveryTemplateResolvesInBothLanguages) {
  auto templates = Templates::Load(WebFiles(), Labels::Get());
  ASSERT_TRUE(templates.ok()) << templates.status();
  for (const EmbeddedFile& f : WebFiles()) {
    if (!absl::EndsWith(f.name, ".mustache")) continue;
    const std::string name(f.name.substr(0, f.name.size() - 9));
    EXPECT_FALSE((*templates)->Source(Lang::kZh, name).empty()) << name;
    EXPECT_FALSE((*templates)->Source(Lang::kEn, name).empty()) << name;
  }
}

TEST(WebLabels, AMissingLabelStopsTheStart) {
  std::map<std::string, std::string> raw = {{"t", "<p>[[no.such.label]]</p>"}};
  auto resolved = ResolveTemplate("t", raw, Labels::Get(), Lang::kEn);
  EXPECT_FALSE(resolved.ok());
  EXPECT_THAT(std::string(resolved.status().message()),
              HasSubstr("no.such.label"));
}

TEST(WebLabels, ARowNeedsBothLanguages) {
  Labels labels;
  std::string error;
  EXPECT_FALSE(Labels::Parse("a.b\t中文\t\n", &labels, &error));
  EXPECT_THAT(error, HasSubstr("labels.tsv:1"));
  Labels twice;
  EXPECT_FALSE(Labels::Parse("a\tx\ty\na\tx\ty\n", &twice, &error));
}

// Every literal key the code passes to Tr() is in labels.tsv.
TEST(WebLabels, EveryKeyTheCodeUsesExists) {
  const std::filesystem::path dir =
      std::filesystem::path(CONCIERGE_SOURCE_DIR) / "clients/web";
  const std::regex call(R"(Tr\(\s*"([a-z_.0-9A-Z]+)\"\s*\))");
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cc") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (auto it = std::sregex_iterator(source.begin(), source.end(), call);
         it != std::sregex_iterator(); ++it) {
      ++seen;
      EXPECT_TRUE(Labels::Get().Has((*it)[1].str()))
          << entry.path().filename() << ": " << (*it)[1];
    }
  }
  EXPECT_GT(seen, 20);
}

// Enum values are shown by label: every value of the enums the pages show.
TEST(WebLabels, EveryEnumValueShownHasALabel) {
  for (const google::protobuf::EnumDescriptor* d :
       {v1::RequestState_descriptor(),
        v1::RoomState_descriptor(),
        v1::RoomActionState_descriptor(),
        v1::ItemCategory_descriptor(),
        v1::Role_descriptor(),
        v1::PreferenceCategory_descriptor(),
        v1::PreferenceSource_descriptor(),
        v1::AccessibilityNeed_descriptor(),
        v1::ParcelKind_descriptor(),
        v1::MessageChannel_descriptor(),
        v1::EventRegistrationState_descriptor(),
        v1::FeeKind_descriptor(),
        v1::MarginVerdict_descriptor(),
        v1::RequestChannel_descriptor(),
        v1::RuleTrigger_descriptor(),
        v1::Comparison_descriptor(),
        v1::FrontDeskAction_descriptor(),
        v1::ComplaintCategory_descriptor(),
        v1::ComplaintState_descriptor(),
        v1::ComplaintSeverity_descriptor(),
        v1::ComplaintSource_descriptor(),
        v1::PlanAction_descriptor(),
        v1::PlanState_descriptor(),
        v1::Fulfilment_descriptor()}) {
    for (int i = 0; i < d->value_count(); ++i) {
      const std::string name = d->value(i)->name();
      if (absl::EndsWith(name, "_UNSPECIFIED")) continue;
      EXPECT_TRUE(Labels::Get().Has("e." + name)) << name;
    }
  }
}

TEST(WebLabels, LanguageFromAcceptLanguage) {
  EXPECT_EQ(FromAcceptLanguage("zh-TW,zh;q=0.9,en;q=0.8", Lang::kEn),
            Lang::kZh);
  EXPECT_EQ(FromAcceptLanguage("en-GB,en;q=0.9,zh;q=0.5", Lang::kZh),
            Lang::kEn);
  EXPECT_EQ(FromAcceptLanguage("fr-FR,de;q=0.5", Lang::kZh), Lang::kZh);
  EXPECT_EQ(FromAcceptLanguage("fr,en;q=0.3,zh-Hant;q=0.7", Lang::kEn),
            Lang::kZh);
  EXPECT_EQ(FromAcceptLanguage("", Lang::kEn), Lang::kEn);
}

// --- the status-to-page mapping
// -------------------------------------------------

TEST(WebErrors, PermissionDeniedAndNotFoundAreTheSamePage) {
  EXPECT_EQ(PageFor(grpc::StatusCode::PERMISSION_DENIED),
            PageFor(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(PageFor(grpc::StatusCode::NOT_FOUND), ErrorPage::kNotAvailable);
}

TEST(WebErrors, EachStatusHasItsPage) {
  using grpc::StatusCode;
  EXPECT_EQ(PageFor(StatusCode::OK), ErrorPage::kNone);
  EXPECT_EQ(PageFor(StatusCode::UNAUTHENTICATED), ErrorPage::kSignIn);
  EXPECT_EQ(PageFor(StatusCode::UNAVAILABLE), ErrorPage::kUnreachable);
  EXPECT_EQ(PageFor(StatusCode::DEADLINE_EXCEEDED), ErrorPage::kUnreachable);
  EXPECT_EQ(PageFor(StatusCode::INVALID_ARGUMENT), ErrorPage::kFieldError);
  EXPECT_EQ(PageFor(StatusCode::FAILED_PRECONDITION), ErrorPage::kConflict);
  EXPECT_EQ(PageFor(StatusCode::ABORTED), ErrorPage::kConflict);
  EXPECT_EQ(PageFor(StatusCode::RESOURCE_EXHAUSTED), ErrorPage::kBusy);
  EXPECT_EQ(PageFor(StatusCode::INTERNAL), ErrorPage::kInternal);
  EXPECT_EQ(PageFor(StatusCode::UNKNOWN), ErrorPage::kInternal);
  EXPECT_EQ(HttpStatusFor(ErrorPage::kNotAvailable), 404);
  EXPECT_EQ(HttpStatusFor(ErrorPage::kUnreachable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorPage::kFieldError), 422);
  EXPECT_EQ(HttpStatusFor(ErrorPage::kSignIn), 303);
}

TEST(WebErrors, EveryErrorPageHasItsWordsInBothLanguages) {
  for (ErrorPage p :
       {ErrorPage::kUnreachable, ErrorPage::kNotAvailable, ErrorPage::kConflict,
        ErrorPage::kBusy, ErrorPage::kInternal}) {
    const std::string stem = ErrorLabelStem(p);
    EXPECT_TRUE(Labels::Get().Has(stem + ".title")) << stem;
    EXPECT_TRUE(Labels::Get().Has(stem + ".text")) << stem;
  }
}

TEST(WebErrors, FieldErrorsNameTheirField) {
  FieldError e =
      ParseFieldError("request.window_end: must be after request.window_start");
  EXPECT_EQ(e.field, "request.window_end");
  EXPECT_EQ(e.text, "must be after request.window_start");
  e = ParseFieldError("observations[1].value: out of range");
  EXPECT_EQ(e.field, "observations[1].value");
  e = ParseFieldError("something went wrong: details");
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.text, "something went wrong: details");
}

// --- cookies and sessions
// ---------------------------------------------------------

TEST(WebCookies, SessionCookieIsHttpOnlyStrictAndSecureUnderTls) {
  CookiePolicy plain;
  plain.max_age = absl::Hours(2);
  const std::string header = SessionCookieHeader("abc", plain);
  EXPECT_THAT(header, HasSubstr("concierge_session=abc"));
  EXPECT_THAT(header, HasSubstr("; HttpOnly"));
  EXPECT_THAT(header, HasSubstr("; SameSite=Strict"));
  EXPECT_THAT(header, HasSubstr("; Path=/"));
  EXPECT_THAT(header, HasSubstr("; Max-Age=7200"));
  EXPECT_THAT(header, Not(HasSubstr("Secure")));
  CookiePolicy tls = plain;
  tls.secure = true;
  EXPECT_THAT(SessionCookieHeader("abc", tls), HasSubstr("; Secure"));
  EXPECT_THAT(ClearSessionCookieHeader(tls), HasSubstr("Max-Age=0"));
  EXPECT_THAT(ClearSessionCookieHeader(tls), HasSubstr("; Secure"));
  EXPECT_THAT(LangCookieHeader("en", tls), HasSubstr("concierge_lang=en"));
  EXPECT_THAT(LangCookieHeader("en", tls), HasSubstr("SameSite=Strict"));
}

TEST(WebSessions, SealedSessionOpensOnlyWithTheSameSecret) {
  SessionCodec codec(kSecret, absl::Hours(1));
  const Session s = Resident();
  const std::string sealed = codec.Seal(s);
  // The token is not readable in the cookie.
  EXPECT_THAT(sealed, Not(HasSubstr("tok_resident")));
  auto opened = codec.Open(sealed, absl::Now());
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->token, s.token);
  EXPECT_EQ(opened->display_name, s.display_name);
  EXPECT_EQ(opened->household, s.household);
  // Any replica with the same secret opens it; another secret does not.
  EXPECT_TRUE(SessionCodec(kSecret, absl::Hours(1)).Open(sealed, absl::Now()));
  EXPECT_FALSE(
      SessionCodec("another secret, 32 characters long!", absl::Hours(1))
          .Open(sealed, absl::Now()));
}

TEST(WebSessions, AlteredOrOldSessionsAreRefused) {
  SessionCodec codec(kSecret, absl::Hours(1));
  std::string sealed = codec.Seal(Resident());
  std::string altered = sealed;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(codec.Open(altered, absl::Now()));
  EXPECT_FALSE(codec.Open("", absl::Now()));
  EXPECT_FALSE(codec.Open("not base64 !!", absl::Now()));
  EXPECT_FALSE(codec.Open(sealed, absl::Now() + absl::Hours(2)));
}

TEST(WebSessions, CsrfTokenBelongsToTheSession) {
  SessionCodec codec(kSecret, absl::Hours(1));
  Session a = Resident();
  Session b = Resident();
  b.token = "tok_other";
  const std::string token = codec.CsrfToken(a);
  EXPECT_TRUE(codec.CheckCsrf(a, token));
  EXPECT_FALSE(codec.CheckCsrf(b, token));
  EXPECT_FALSE(codec.CheckCsrf(a, ""));
  EXPECT_FALSE(codec.CheckCsrf(a, token.substr(1)));
}

// --- HTTP pieces
// -------------------------------------------------------------------

TEST(WebHttp, SecurityHeadersForbidInlineScriptAndFraming) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : SecurityHeaders()) headers[name] = value;
  const std::string csp = headers["Content-Security-Policy"];
  EXPECT_THAT(csp, HasSubstr("script-src 'self'"));
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-eval")));
  EXPECT_EQ(headers["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(headers["Referrer-Policy"], "no-referrer");
}

TEST(WebHttp, OnlyLocalPathsAreRedirectTargets) {
  EXPECT_TRUE(IsLocalPath("/r/requests?x=1"));
  EXPECT_FALSE(IsLocalPath("//evil.example/"));
  EXPECT_FALSE(IsLocalPath("/\\evil.example"));
  EXPECT_FALSE(IsLocalPath("https://evil.example/"));
  EXPECT_FALSE(IsLocalPath(""));
  EXPECT_FALSE(IsLocalPath("/a\r\nSet-Cookie: x"));
}

TEST(WebHttp, FormsAndCookiesParse) {
  Form f = Form::Parse("content=tap+drips%21&obs=A&obs=B&empty=");
  EXPECT_EQ(f.Get("content"), "tap drips!");
  EXPECT_THAT(f.GetAll("obs"), ::testing::ElementsAre("A", "B"));
  EXPECT_TRUE(f.Has("empty"));
  auto cookies = ParseCookies("a=1; concierge_lang=en;  b=\"2\"");
  EXPECT_EQ(cookies["concierge_lang"], "en");
  EXPECT_EQ(cookies["b"], "2");
  EXPECT_EQ(UrlEncode("a b/ü"), "a%20b%2F%C3%BC");
}

TEST(WebHttp, ListeningPortsFromAddress) {
  EXPECT_EQ(*ListeningPorts("localhost:8080", false), "127.0.0.1:8080");
  EXPECT_EQ(*ListeningPorts("0.0.0.0:8443", true), "8443s");
  EXPECT_FALSE(ListeningPorts("nohost", false).ok());
}

// --- the App without a server
// ------------------------------------------------------

class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto templates = Templates::Load(WebFiles(), Labels::Get());
    ASSERT_TRUE(templates.ok());
    AppOptions options;
    options.rpc_deadline = absl::Milliseconds(300);
    options.retry_budget = absl::ZeroDuration();
    // Nothing listens on port 1: every call is UNAVAILABLE.
    app_ = std::make_unique<App>(
        options, std::move(*templates),
        std::make_unique<SessionCodec>(kSecret, absl::Hours(1)),
        std::vector<std::shared_ptr<grpc::Channel>>{grpc::CreateChannel(
            "127.0.0.1:1", grpc::InsecureChannelCredentials())});
    session_cookie_ = app_->sessions().Seal(Resident());
  }

  Request Get(const std::string& path, bool signed_in) {
    Request r;
    r.method = "GET";
    r.path = path;
    if (signed_in) r.cookies[kSessionCookie] = session_cookie_;
    return r;
  }

  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  std::unique_ptr<App> app_;
  std::string session_cookie_;
};

TEST_F(WebAppTest, HealthAnswersWithoutTheServer) {
  EXPECT_EQ(app_->Handle(Get("/healthz", false)).status, 200);
  EXPECT_EQ(app_->Handle(Get("/readyz", false)).status, 503);
}

TEST_F(WebAppTest, PagesNeedASession) {
  Response r = app_->Handle(Get("/r/requests", false));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(HeaderOf(r, "Location"), "/signin");
}

TEST_F(WebAppTest, UnreachableServerGivesARetryPageWithoutRawStatus) {
  Request request = Get("/r/requests", true);
  request.accept_language = "en";
  Response r = app_->Handle(request);
  EXPECT_EQ(r.status, 503);
  EXPECT_THAT(r.body, HasSubstr(Tr(Lang::kEn, "err.unreachable.title")));
  EXPECT_THAT(r.body, HasSubstr("href=\"/r/requests\""));  // retry
  EXPECT_THAT(r.body, Not(HasSubstr("UNAVAILABLE")));
  // The status's number (14) is not shown either; the page's random
  // request id, CSRF token and static hash may hold those digits, so they
  // are cut out first.
  std::string shown = r.body;
  for (const std::string& random :
       {std::string("class=\"rid\">"), std::string("name=\"csrf\" value=\""),
        std::string("/static/")}) {
    for (size_t at = shown.find(random); at != std::string::npos;
         at = shown.find(random, at + random.size())) {
      const size_t start = at + random.size();
      const size_t end = shown.find_first_of("<\"/", start);
      shown.erase(start, end - start);
    }
  }
  EXPECT_THAT(shown, Not(HasSubstr("14")));
  EXPECT_THAT(r.body, HasSubstr("class=\"rid\">web-"));
}

TEST_F(WebAppTest, UnknownPathIsTheNotAvailablePage) {
  Request request = Get("/no/such/page", true);
  request.accept_language = "zh-TW";
  Response r = app_->Handle(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(r.body, HasSubstr(Tr(Lang::kZh, "err.notavailable.text")));
}

TEST_F(WebAppTest, PostWithoutCsrfIsRefusedBeforeAnyCall) {
  Request request = Get("/r/book/1", true);
  request.method = "POST";
  request.form = Form::Parse("content=x");
  EXPECT_EQ(app_->Handle(request).status, 403);
  request.form.Add("csrf", "forged");
  EXPECT_EQ(app_->Handle(request).status, 403);
  // With the session's token the form goes on to the (unreachable) server.
  Request good = Get("/r/book/1", true);
  good.method = "POST";
  good.form = Form::Parse("content=x");
  good.form.Add("csrf", app_->sessions().CsrfToken(Resident()));
  EXPECT_EQ(app_->Handle(good).status, 503);
}

TEST_F(WebAppTest, LanguageSwitchIsRememberedInACookie) {
  Request request = Get("/lang/en", false);
  request.query = Form::Parse("next=%2Fr%2Fcatalog");
  Response r = app_->Handle(request);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(HeaderOf(r, "Location"), "/r/catalog");
  EXPECT_THAT(HeaderOf(r, "Set-Cookie"), HasSubstr("concierge_lang=en"));
  request.query = Form::Parse("next=%2F%2Fevil.example");
  EXPECT_EQ(HeaderOf(app_->Handle(request), "Location"), "/");
}

TEST_F(WebAppTest, SignOutClearsTheCookie) {
  Request request = Get("/signout", true);
  request.method = "POST";
  request.form.Add("csrf", app_->sessions().CsrfToken(Resident()));
  Response r = app_->Handle(request);
  EXPECT_EQ(r.status, 303);
  EXPECT_THAT(HeaderOf(r, "Set-Cookie"), HasSubstr("Max-Age=0"));
}

// The floor and handover pages are the hotel's supervisors' and manager's,
// the rules the hotel manager's: anyone else gets the "not available" page
// before any call (the server, unreachable here, would answer 503).
TEST_F(WebAppTest, HotelFloorAndRulesOnlyForTheirRoles) {
  auto hotel = [](v1::Role role) {
    Session s = Resident();
    s.principal = "sites/2/staff/4";
    s.role = role;
    s.site = "sites/2";
    s.site_kind = v1::SITE_KIND_HOTEL;
    s.household.clear();
    s.department = "sites/2/departments/3";
    return s;
  };
  auto status = [&](const Session& s, const std::string& path) {
    Request r = Get(path, false);
    r.cookies[kSessionCookie] = app_->sessions().Seal(s);
    return app_->Handle(r).status;
  };
  const Session attendant = hotel(v1::ROLE_STAFF);
  const Session supervisor = hotel(v1::ROLE_SUPERVISOR);
  const Session manager = hotel(v1::ROLE_MANAGER);
  Session center_manager = hotel(v1::ROLE_MANAGER);
  center_manager.site_kind = v1::SITE_KIND_RESIDENTIAL;
  for (const char* path : {"/hk/floor", "/hk/handover", "/m/rules",
                           "/m/rules/new", "/m/rules/1"}) {
    EXPECT_EQ(status(attendant, path), 404) << path;
    EXPECT_EQ(status(Resident(), path), 404) << path;
    EXPECT_EQ(status(manager, path), 503) << path;
  }
  EXPECT_EQ(status(supervisor, "/hk/floor"), 503);
  EXPECT_EQ(status(supervisor, "/m/rules"), 404);
  EXPECT_EQ(status(center_manager, "/m/rules"), 404);
  EXPECT_EQ(status(center_manager, "/hk/floor"), 404);
}

}  // namespace
}  // namespace concierge::web

namespace concierge::web {
namespace {

// --- the desk's board (issue 21) ---------------------------------------------

TEST(WebBoard, EachOpenStateHasItsColumnAndFinishedOnesNone) {
  v1::ServiceRequest r;
  const std::pair<v1::RequestState, std::string> expected[] = {
      {v1::REQUEST_STATE_AWAITING_QUOTE, "registered"},
      {v1::REQUEST_STATE_QUOTED, "quoted"},
      {v1::REQUEST_STATE_DISPUTED, "quoted"},
      {v1::REQUEST_STATE_PRICE_PROPOSED, "quoted"},
      {v1::REQUEST_STATE_DISPATCHED, "dispatched"},
      {v1::REQUEST_STATE_ASSIGNED, "assigned"},
      {v1::REQUEST_STATE_IN_PROGRESS, "in-progress"},
      {v1::REQUEST_STATE_COMPLETED, "completed"},
      {v1::REQUEST_STATE_SETTLED, ""},
      {v1::REQUEST_STATE_CANCELLED, ""}};
  for (const auto& [state, column] : expected) {
    r.set_state(state);
    EXPECT_EQ(BoardColumn(r), column) << v1::RequestState_Name(state);
  }
  // Signed off: on the board only while a fee waits for finance.
  r.set_state(v1::REQUEST_STATE_SIGNED_OFF);
  EXPECT_EQ(std::string(BoardColumn(r)), "");
  r.mutable_agreed_price()->set_minor_units(5000);
  EXPECT_EQ(std::string(BoardColumn(r)), "signed-off");
}

TEST(WebBoard, WhoSeesTheWholeSite) {
  Session s;
  for (int role : {v1::ROLE_MANAGER, v1::ROLE_RECEPTION, v1::ROLE_FINANCE}) {
    s.role = role;
    EXPECT_TRUE(SeesSite(s)) << role;
    EXPECT_TRUE(IsStaff(s)) << role;
  }
  for (int role : {v1::ROLE_SUPERVISOR, v1::ROLE_STAFF}) {
    s.role = role;
    EXPECT_FALSE(SeesSite(s)) << role;
    EXPECT_TRUE(IsStaff(s)) << role;
  }
  s.role = v1::ROLE_RESIDENT;
  EXPECT_FALSE(IsStaff(s));
  s.role = v1::ROLE_PARTNER;
  EXPECT_FALSE(IsStaff(s));
}

// The board's script and the charts' are files of our own: no inline
// script, and the board page loads them from the versioned static path.
TEST(WebBoard, ScriptsAreStaticFiles) {
  for (const char* name : {"board.js", "dashboard.js", "chart.umd.min.js"}) {
    EXPECT_FALSE(EmbeddedFileText(WebFiles(), name).empty()) << name;
  }
  auto templates = Templates::Load(WebFiles(), Labels::Get());
  ASSERT_TRUE(templates.ok());
  EXPECT_THAT((*templates)->Source(Lang::kEn, "board"),
              HasSubstr("src=\"{{static}}/board.js\""));
  EXPECT_THAT((*templates)->Source(Lang::kEn, "dashboard"),
              HasSubstr("src=\"{{static}}/chart.umd.min.js\""));
}

}  // namespace
}  // namespace concierge::web
