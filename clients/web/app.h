#ifndef CONCIERGE_CLIENTS_WEB_APP_H_
#define CONCIERGE_CLIENTS_WEB_APP_H_

// concierge-web's request handling: the routes, the session and CSRF
// checks, and the one place that turns a failed call into a page. Pages
// (resident_*.cc, housekeeping_pages.cc, common_pages.cc) register their
// routes here; each renders what the RPCs return and posts forms back as
// RPCs. No business rule lives here: the server decides, the page shows.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/web/errors.h"
#include "clients/web/http_server.h"
#include "clients/web/i18n.h"
#include "clients/web/render_pool.h"
#include "clients/web/session.h"
#include "clients/web/templates.h"

namespace concierge::web {

struct AppOptions {
  CookiePolicy cookies;
  // How often an open page asks for changes (the resident's requests, a
  // request, the attendant's rooms).
  int poll_seconds = 10;
  // Each RPC's deadline, and how long a write is retried on UNAVAILABLE
  // (with its request_id, by the clients' one policy).
  absl::Duration rpc_deadline = absl::Seconds(5);
  absl::Duration retry_budget = absl::Seconds(3);
  // Language for browsers whose Accept-Language names neither.
  Lang default_lang = Lang::kZh;
};

class App;
class Page;

using PageHandler =
    std::function<Response(Page& page, const std::vector<std::string>& args)>;

class App {
 public:
  App(AppOptions options, std::unique_ptr<Templates> templates,
      std::unique_ptr<SessionCodec> sessions,
      std::vector<std::shared_ptr<grpc::Channel>> channels);

  // The one HTTP handler.
  Response Handle(const Request& request);

  // Routes: "/r/requests/{}" matches one path segment per "{}", handed to
  // the handler in order. `signed_in`: without a session the person is sent
  // to sign-in. Every POST needs a session and its CSRF token.
  void Get(const std::string& pattern, PageHandler handler,
           bool signed_in = true);
  void Post(const std::string& pattern, PageHandler handler);

  const AppOptions& options() const { return options_; }
  const Templates& templates() const { return *templates_; }
  const SessionCodec& sessions() const { return *sessions_; }
  std::shared_ptr<grpc::Channel> channel();
  // Where a long-lived connection does its heavy, short work (render_pool.h).
  RenderPool& render_pool() { return render_pool_; }
  // HTML shared by many connections (render_pool.h): boards' cards.
  SharedRenders& shared_renders() { return shared_renders_; }
  // Static files' URL prefix, e.g. "/static/3f9a2c1b" (a hash of their
  // contents, so they can be cached for a year).
  const std::string& static_prefix() const { return static_prefix_; }
  // /readyz: concierge-server answers its health check (SERVING).
  bool Ready();

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    PageHandler handler;
    bool signed_in;
  };
  Response Static(const std::string& name) const;

  AppOptions options_;
  std::unique_ptr<Templates> templates_;
  std::unique_ptr<SessionCodec> sessions_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::atomic<uint64_t> next_channel_{0};
  RenderPool render_pool_{2};
  SharedRenders shared_renders_{render_pool_};
  std::vector<Route> routes_;
  std::string static_prefix_;
  std::map<std::string, std::pair<std::string, std::string>> static_files_;
};

// Registers every page (defined in the *_pages.cc files).
void AddCommonPages(App& app);
void AddResidentRequestPages(App& app);
void AddResidentDeskPages(App& app);
void AddHousekeepingPages(App& app);
void AddDeskBoardPages(App& app);
void AddDeskRequestPages(App& app);
void AddFrontDeskPages(App& app);
void AddManagerPages(App& app);
void AddGuestPages(App& app);
// The supervisors' follow-up calls (followup_pages.cc).
void AddFollowUpPages(App& app);
// The housekeeping supervisor's floor and handover notes (hk_floor_pages.cc).
void AddFloorPages(App& app);
// The hotel manager's rules (rule_pages.cc).
void AddRulePages(App& app);
// The hotel guest's room page (room_pages.cc).
void AddRoomPages(App& app);
// The service center's desk: valuables custody and visitors' messages
// (desk_custody_pages.cc), lending (desk_lending_pages.cc), community
// events and attendance (desk_event_pages.cc), complaints
// (desk_complaint_pages.cc).
void AddDeskCustodyPages(App& app);
void AddDeskLendingPages(App& app);
void AddDeskEventPages(App& app);
void AddDeskComplaintPages(App& app);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_APP_H_
