#include "tests/fault/fault_fixture.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/message_audit.h"

namespace concierge::testing {
namespace {

std::string ShortId(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

// The content that identifies a booking's request in the database.
std::string ContentOf(const std::string& request_id) {
  return absl::StrCat("fault ", request_id);
}

// Adds a failure naming `what` unless `status` is OK; returns whether it is.
bool Expect(const grpc::Status& status, const std::string& what) {
  EXPECT_TRUE(status.ok()) << what << ": " << status.error_code() << " "
                           << status.error_message();
  return status.ok();
}

// `principal` with a fresh token issued by the admin.
Person WithToken(v1::DirectoryService::Stub& directory,
                 const std::string& admin_token, const std::string& principal) {
  v1::IssueTokenRequest issue;
  issue.set_principal(principal);
  v1::IssueTokenResponse token;
  Expect(directory.IssueToken(Ctx(admin_token, absl::Seconds(10)).get(), issue,
                              &token),
         "IssueToken");
  return Person{principal, token.token()};
}

Person NewStaff(v1::DirectoryService::Stub& directory,
                const std::string& admin_token, const std::string& site,
                v1::Role role, const std::string& department) {
  v1::CreateStaffRequest request;
  request.set_parent(site);
  request.mutable_staff()->set_display_name(
      absl::StrCat(v1::Role_Name(role), " person"));
  request.mutable_staff()->set_role(role);
  request.mutable_staff()->set_department(department);
  v1::Staff staff;
  Expect(directory.CreateStaff(Ctx(admin_token, absl::Seconds(10)).get(),
                               request, &staff),
         "CreateStaff");
  return WithToken(directory, admin_token, staff.name());
}

Person NewResident(v1::DirectoryService::Stub& directory,
                   const std::string& admin_token, const std::string& site,
                   int unit) {
  v1::CreateHouseholdRequest household_request;
  household_request.set_parent(site);
  household_request.mutable_household()->set_building("1");
  household_request.mutable_household()->set_unit(absl::StrCat(101 + unit));
  v1::Household household;
  Expect(directory.CreateHousehold(Ctx(admin_token, absl::Seconds(10)).get(),
                                   household_request, &household),
         "CreateHousehold");
  v1::CreateResidentRequest request;
  request.set_parent(site);
  request.mutable_resident()->set_display_name(absl::StrCat("Resident ", unit));
  request.mutable_resident()->set_household(household.name());
  v1::Resident resident;
  Expect(directory.CreateResident(Ctx(admin_token, absl::Seconds(10)).get(),
                                  request, &resident),
         "CreateResident");
  return WithToken(directory, admin_token, resident.name());
}

std::string FindDepartment(v1::DirectoryService::Stub& directory,
                           const std::string& admin_token,
                           const std::string& site, const std::string& code) {
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  v1::ListDepartmentsResponse response;
  Expect(directory.ListDepartments(Ctx(admin_token, absl::Seconds(10)).get(),
                                   request, &response),
         "ListDepartments");
  for (const auto& d : response.departments()) {
    if (d.code() == code) return d.name();
  }
  ADD_FAILURE() << "no department " << code << " in " << site;
  return "";
}

std::string FindItem(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& token, const std::string& site,
                     const std::string& code) {
  auto catalog = v1::CatalogService::NewStub(channel);
  v1::ListServiceItemsRequest request;
  request.set_parent(site);
  request.set_text(code);
  v1::ListServiceItemsResponse response;
  Expect(catalog->ListServiceItems(Ctx(token, absl::Seconds(10)).get(), request,
                                   &response),
         "ListServiceItems");
  for (const auto& item : response.items()) {
    if (item.code() == code) return item.name();
  }
  ADD_FAILURE() << "no item " << code << " in " << site;
  return "";
}

}  // namespace

std::shared_ptr<grpc::Channel> FastReconnectChannel(
    const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 300);
  // A literal address needs no DNS; through the default dns resolver a
  // refused connection waits for a rate-limited re-resolution (seconds).
  const std::string target = absl::StartsWith(address, "127.0.0.1:")
                                 ? absl::StrCat("ipv4:", address)
                                 : address;
  return AuditedChannel(target, args);
}

std::shared_ptr<grpc::Channel> FreshChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return AuditedChannel(absl::StrCat("ipv4:", address), args);
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token,
                                         absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

std::vector<std::vector<std::string>> QueryRows(const std::string& url,
                                                const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "fault test query failed: %s: %s\n", sql.c_str(),
                 PQerrorMessage(conn));
    std::abort();
  }
  std::vector<std::vector<std::string>> rows;
  for (int r = 0; r < PQntuples(result); ++r) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int c = 0; c < PQnfields(result); ++c) {
      row.push_back(PQgetvalue(result, r, c));
    }
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

// --- the server
// ---------------------------------------------------------------

ServerUnderTest::ServerUnderTest(std::string scratch_dir,
                                 std::map<std::string, std::string> env)
    : scratch_dir_(std::move(scratch_dir)), env_(std::move(env)) {}

ServerUnderTest::~ServerUnderTest() { process_.reset(); }

bool ServerUnderTest::Start(const std::string& database_url) {
  // A fresh port may be taken between FreePort() and the server's listen,
  // and the server then exits: try others. A restart keeps its address.
  const bool fresh_address = address_.empty();
  for (int attempt = 0;; ++attempt) {
    if (fresh_address) address_ = absl::StrCat("127.0.0.1:", FreePort());
    const StartOutcome outcome = StartOnce(database_url);
    if (outcome == StartOutcome::kServing) break;
    if (outcome == StartOutcome::kTimedOut || !fresh_address || attempt == 2) {
      return false;
    }
  }
  // A new channel for every probe: one that saw a refused connection stays
  // in TRANSIENT_FAILURE for seconds, which would count as start-up time.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!IsServing(FreshChannel(address_))) {
    if (!process_->Running() || absl::Now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (admin_token_.empty()) {
    admin_token_ = std::string(absl::StripAsciiWhitespace(
        ReadFileOrEmpty(scratch_dir_ + "/admin-token")));
  }
  return true;
}

StartOutcome ServerUnderTest::StartOnce(const std::string& database_url) {
  // Free ports only: a developer's demo may hold the defaults.
  metrics_port_ = FreePort();
  std::map<std::string, std::string> env = {
      {"CONCIERGE_DATABASE_URL", database_url},
      {"CONCIERGE_LISTEN_ADDRESS", address_},
      {"CONCIERGE_METRICS_ADDRESS", absl::StrCat("127.0.0.1:", metrics_port_)},
      {"CONCIERGE_ADMIN_TOKEN_FILE", scratch_dir_ + "/admin-token"},
      {"CONCIERGE_DB_POOL_SIZE", "8"},
      {"CONCIERGE_SWEEP_INTERVAL_MS", "0"},
  };
  for (const auto& [k, v] : env_) env[k] = v;
  const std::string log =
      absl::StrCat(scratch_dir_, "/server-", ++starts_, ".log");
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{CONCIERGE_SERVER_BIN}, env, log);
  return WaitUntilServing(*process_, log, absl::Seconds(30));
}

void ServerUnderTest::Signal(int signal) {
  if (process_) process_->Signal(signal);
}

int ServerUnderTest::Wait(absl::Duration timeout) {
  return process_ ? process_->Wait(timeout) : -1;
}

bool ServerUnderTest::Running() { return process_ && process_->Running(); }

std::string ServerUnderTest::logs() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i) {
    absl::StrAppend(
        &all, "--- server start ", i, " ---\n",
        ReadFileOrEmpty(absl::StrCat(scratch_dir_, "/server-", i, ".log")));
  }
  return all;
}

// --- the fixture
// --------------------------------------------------------------

void FaultTest::SetUp() {
  char dir_template[] = "/tmp/concierge-fault-XXXXXX";
  scratch_dir_ = mkdtemp(dir_template);
}

void FaultTest::TearDown() {
  std::string logs;
  if (server_) {
    server_.reset();  // stopped first: its last lines are written
    for (const auto& entry :
         std::filesystem::directory_iterator(scratch_dir_)) {
      const std::string file = entry.path().filename().string();
      if (absl::StartsWith(file, "server-") && absl::EndsWith(file, ".log")) {
        ExpectEveryLineIsJson(file, ReadFileOrEmpty(entry.path().string()));
        absl::StrAppend(&logs, "--- ", file, " ---\n",
                        ReadFileOrEmpty(entry.path().string()));
      }
    }
  }
  // FAULT_PRINT_LOGS=1 shows them after a passing test too.
  if (HasFailure() || getenv("FAULT_PRINT_LOGS") != nullptr) {
    std::cerr << "--- server logs ---\n" << logs << "---\n";
  }
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir_, ignored);
}

void ExpectEveryLineIsJson(absl::string_view source, absl::string_view text) {
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    ++number;
    google::protobuf::Struct parsed;
    const auto status =
        google::protobuf::util::JsonStringToMessage(std::string(line), &parsed);
    EXPECT_TRUE(status.ok())
        << source << " line " << number << " is not a JSON object: " << line;
  }
}

void FaultTest::StartServer(const std::string& database_url,
                            const std::map<std::string, std::string>& env) {
  if (!server_) server_ = std::make_unique<ServerUnderTest>(scratch_dir_, env);
  ASSERT_TRUE(server_->Start(database_url)) << server_->logs();
  ASSERT_FALSE(server_->admin_token().empty());
}

// --- the world
// ----------------------------------------------------------------

World MakeWorld(const std::shared_ptr<grpc::Channel>& channel,
                const std::string& admin_token, int residents) {
  auto directory = v1::DirectoryService::NewStub(channel);
  World world;
  v1::CreateSiteRequest create_site;
  create_site.mutable_site()->set_kind(v1::SITE_KIND_RESIDENTIAL);
  create_site.mutable_site()->set_display_name("Fault site");
  create_site.mutable_site()->set_time_zone("Asia/Shanghai");
  v1::Site site;
  if (!Expect(directory->CreateSite(Ctx(admin_token, absl::Seconds(10)).get(),
                                    create_site, &site),
              "CreateSite")) {
    return world;
  }
  world.site = site.name();
  absl::SimpleAtoi(ShortId(site.name()), &world.site_id);
  const std::string maintenance =
      FindDepartment(*directory, admin_token, world.site, "MAINTENANCE");
  world.manager =
      NewStaff(*directory, admin_token, world.site, v1::ROLE_MANAGER, "");
  world.supervisor = NewStaff(*directory, admin_token, world.site,
                              v1::ROLE_SUPERVISOR, maintenance);
  world.plumber = NewStaff(*directory, admin_token, world.site, v1::ROLE_STAFF,
                           maintenance);
  for (int i = 0; i < residents; ++i) {
    world.residents.push_back(
        NewResident(*directory, admin_token, world.site, i));
  }
  // A new community's catalogue is adopted and announced by its manager.
  auto catalog = v1::CatalogService::NewStub(channel);
  v1::AdoptDefaultCatalogueRequest adopt;
  adopt.set_parent(world.site);
  v1::Announcement announcement;
  if (!Expect(catalog->AdoptDefaultCatalogue(
                  Ctx(world.manager.token, absl::Seconds(10)).get(), adopt,
                  &announcement),
              "AdoptDefaultCatalogue")) {
    return world;
  }
  v1::PublishAnnouncementRequest publish;
  publish.set_name(announcement.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_APP);
  if (!Expect(catalog->PublishAnnouncement(
                  Ctx(world.manager.token, absl::Seconds(10)).get(), publish,
                  &announcement),
              "PublishAnnouncement")) {
    return world;
  }
  world.item = FindItem(channel, world.manager.token, world.site,
                        "OUTSIDE_SMALL_REPAIRS");
  return world;
}

// --- the load
// -----------------------------------------------------------------

RequestLoad::RequestLoad(std::shared_ptr<grpc::Channel> channel, World world,
                         Options options)
    : channel_(std::move(channel)),
      world_(std::move(world)),
      options_(std::move(options)) {}

RequestLoad::~RequestLoad() { Stop(); }

void RequestLoad::Start() {
  stop_ = false;
  for (int w = 0; w < options_.workers; ++w) {
    threads_.emplace_back([this, w] { Work(w); });
  }
}

void RequestLoad::Stop() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

grpc::Status RequestLoad::Create(Booking& booking, absl::Duration timeout,
                                 bool wait_for_ready) {
  auto stub = v1::ServiceRequestService::NewStub(channel_);
  v1::CreateServiceRequestRequest request;
  request.set_parent(world_.site);
  request.set_request_id(booking.request_id);
  request.mutable_request()->set_item(world_.item);
  request.mutable_request()->set_content(ContentOf(booking.request_id));
  v1::ServiceRequest created;
  auto context = Ctx(world_.residents[booking.resident].token, timeout);
  context->set_wait_for_ready(wait_for_ready);
  const grpc::Status status =
      stub->CreateServiceRequest(context.get(), request, &created);
  if (status.ok()) booking.name = created.name();
  return status;
}

void RequestLoad::Record(CallRecord record) {
  absl::MutexLock lock(&mu_);
  calls_.push_back(std::move(record));
}

void RequestLoad::Work(int worker) {
  auto stub = v1::ServiceRequestService::NewStub(channel_);
  for (int n = 0; !stop_; ++n) {
    Booking booking;
    booking.request_id = absl::StrCat(options_.tag, "-", worker, "-", n);
    booking.resident = worker % static_cast<int>(world_.residents.size());
    CallRecord create{CallRecord::Kind::kCreate};
    create.start = absl::Now();
    grpc::Status status = Create(booking, options_.deadline);
    create.elapsed = absl::Now() - create.start;
    create.code = status.error_code();
    create.message = status.error_message();
    Record(create);
    booking.acked_by_load = status.ok();
    if (status.ok()) {
      // As a client does (issue 24): one request_id for the intent, sent
      // again after an answer that did not come (the assignment may have
      // been made); a repeat is answered with the assignment, never
      // ABORTED "already assigned".
      v1::AssignServiceRequestRequest assign;
      assign.set_name(booking.name);
      assign.set_assignee(world_.plumber.name);
      assign.set_request_id(absl::StrCat("assign-", booking.request_id));
      v1::ServiceRequest assigned;
      const absl::Time give_up = absl::Now() + options_.assign_retry_budget;
      for (int attempt = 0;; ++attempt) {
        CallRecord call{CallRecord::Kind::kAssign};
        call.retry = attempt > 0;
        call.start = absl::Now();
        status = stub->AssignServiceRequest(
            Ctx(world_.supervisor.token, options_.deadline).get(), assign,
            &assigned);
        call.elapsed = absl::Now() - call.start;
        call.code = status.error_code();
        call.message = status.error_message();
        Record(call);
        const bool ambiguous =
            status.error_code() == grpc::StatusCode::UNAVAILABLE ||
            status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
        if (!ambiguous || absl::Now() > give_up || stop_) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      booking.assigned = status.ok();
    }
    {
      absl::MutexLock lock(&mu_);
      bookings_.push_back(booking);
    }
    if (!status.ok()) {
      std::this_thread::sleep_for(
          absl::ToChronoNanoseconds(options_.pause_after_failure));
    }
  }
}

absl::Time RequestLoad::WaitForOkAfter(absl::Time after,
                                       absl::Duration timeout) {
  const absl::Time give_up = after + timeout;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      absl::Time first = absl::InfiniteFuture();
      for (const CallRecord& c : calls_) {
        if (c.code == grpc::StatusCode::OK && c.start >= after) {
          first = std::min(first, c.start + c.elapsed);
        }
      }
      if (first != absl::InfiniteFuture()) return first;
    }
    if (absl::Now() > give_up) return absl::InfiniteFuture();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int RequestLoad::ok_calls() {
  absl::MutexLock lock(&mu_);
  int ok = 0;
  for (const CallRecord& c : calls_) ok += c.code == grpc::StatusCode::OK;
  return ok;
}

int RequestLoad::ResolveFailedCreates(int attempts) {
  std::vector<Booking> all = bookings();
  std::vector<Booking*> failed;
  for (Booking& b : all) {
    if (b.name.empty()) failed.push_back(&b);
  }
  // As many threads as the load had, each taking every n-th booking.
  std::vector<std::thread> threads;
  for (int w = 0; w < options_.workers; ++w) {
    threads.emplace_back([&, w] {
      for (size_t i = w; i < failed.size(); i += options_.workers) {
        Booking& b = *failed[i];
        for (int a = 0; a < attempts && b.name.empty(); ++a) {
          // Waits for the channel, which may still be backing off from a
          // server that went away.
          if (!Create(b, absl::Seconds(5), /*wait_for_ready=*/true).ok()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const int resent = static_cast<int>(failed.size());
  absl::MutexLock lock(&mu_);
  bookings_ = std::move(all);
  return resent;
}

std::vector<Booking> RequestLoad::bookings() {
  absl::MutexLock lock(&mu_);
  return bookings_;
}

std::vector<CallRecord> RequestLoad::calls() {
  absl::MutexLock lock(&mu_);
  return calls_;
}

// --- figures
// ------------------------------------------------------------------

CallFigures Summarize(const std::vector<CallRecord>& calls,
                      absl::Duration deadline) {
  CallFigures f;
  for (const CallRecord& c : calls) {
    ++f.calls;
    f.max_overrun = std::max(f.max_overrun, c.elapsed - deadline);
    if (c.code == grpc::StatusCode::OK) {
      ++f.ok;
      if (c.retry) ++f.retries_ok;
      continue;
    }
    f.slowest_failure = std::max(f.slowest_failure, c.elapsed);
    if (c.code == grpc::StatusCode::UNAVAILABLE) {
      ++f.unavailable;
    } else if (c.code == grpc::StatusCode::DEADLINE_EXCEEDED) {
      ++f.deadline_exceeded;
    } else {
      if (f.other == 0) {
        f.first_other = absl::StrCat(c.code, ": ", c.message);
      }
      ++f.other;
    }
  }
  return f;
}

StoreFigures CheckStore(const std::string& database_url, const World& world,
                        const std::vector<Booking>& bookings, int retried) {
  StoreFigures f;
  f.retried = retried;
  auto problem = [&f](std::string text) {
    if (f.problems.size() < 10) f.problems.push_back(std::move(text));
  };
  struct Row {
    std::string id;
    std::string assignee_id;
    int registers = 0;
    int assigns = 0;
  };
  std::map<std::string, std::vector<Row>> by_content;
  for (const auto& r : QueryRows(
           database_url,
           absl::StrCat(
               "SELECT r.id, r.content, COALESCE(r.assignee_id, 0), "
               "(SELECT count(*) FROM task_events e WHERE e.request_id = r.id "
               "AND e.action = 'REGISTER'), "
               "(SELECT count(*) FROM task_events e WHERE e.request_id = r.id "
               "AND e.action = 'ASSIGN') "
               "FROM service_requests r WHERE r.site_id = ",
               world.site_id))) {
    by_content[r[1]].push_back(
        Row{r[0], r[2], std::atoi(r[3].c_str()), std::atoi(r[4].c_str())});
  }
  std::map<std::string, std::string> keys;
  for (const auto& r :
       QueryRows(database_url,
                 "SELECT request_id, COALESCE(resource_name, '') FROM "
                 "idempotency_keys")) {
    keys[r[0]] = r[1];
  }

  std::set<std::string> explained;
  for (const Booking& b : bookings) {
    const std::string content = ContentOf(b.request_id);
    explained.insert(content);
    const std::vector<Row>& rows = by_content[content];
    if (b.acked_by_load) ++f.acked_creates;
    if (b.assigned) ++f.acked_assigns;
    if (rows.size() > 1) {
      ++f.duplicates;
      problem(absl::StrCat(b.request_id, ": ", rows.size(), " requests"));
    }
    if (b.name.empty()) {
      ++f.unresolved;
      problem(absl::StrCat(b.request_id, ": no create returned OK, even on ",
                           "retry (", rows.size(), " requests stored)"));
      continue;
    }
    if (rows.empty()) {
      ++f.lost;
      problem(absl::StrCat(b.request_id, ": acknowledged as ", b.name,
                           " but absent"));
      continue;
    }
    const Row& row = rows.front();
    if (ShortId(b.name) != row.id) {
      ++f.lost;
      problem(absl::StrCat(b.request_id, ": acknowledged as ", b.name,
                           " but stored as id ", row.id));
    }
    if (b.assigned &&
        (row.assignee_id != ShortId(world.plumber.name) || row.assigns != 1)) {
      ++f.lost;
      problem(absl::StrCat(b.request_id, ": assignment acknowledged, stored ",
                           "assignee ", row.assignee_id, " with ", row.assigns,
                           " ASSIGN events"));
    }
    if (row.registers != 1 || row.assigns > 1 || keys[b.request_id] != b.name) {
      ++f.half_written;
      problem(absl::StrCat(b.request_id, ": ", row.registers, " REGISTER and ",
                           row.assigns, " ASSIGN events, request_id names \"",
                           keys[b.request_id], "\""));
    }
  }
  for (const auto& [content, rows] : by_content) {
    if (!explained.contains(content)) {
      f.strangers += rows.size();
      problem(absl::StrCat("a request no booking explains: ", content));
    }
  }
  return f;
}

void PrintFigures(const std::string& scenario, int faults,
                  const CallFigures& calls, const StoreFigures& store,
                  absl::Duration max_recovery) {
  std::printf(
      "FAULT-FIGURES scenario=%s faults=%d calls=%d ok=%d unavailable=%d "
      "deadline_exceeded=%d other=%d retries_ok=%d acked=%d checked=%d "
      "retried=%d lost=%d duplicates=%d half_written=%d recovery_max_s=%.2f "
      "max_overrun_ms=%lld slowest_failure_ms=%lld\n",
      scenario.c_str(), faults, calls.calls, calls.ok, calls.unavailable,
      calls.deadline_exceeded, calls.other, calls.retries_ok,
      store.acked_creates, store.checked(), store.retried, store.lost,
      store.duplicates, store.half_written, absl::ToDoubleSeconds(max_recovery),
      static_cast<long long>(absl::ToInt64Milliseconds(calls.max_overrun)),
      static_cast<long long>(absl::ToInt64Milliseconds(calls.slowest_failure)));
  std::fflush(stdout);
}

}  // namespace concierge::testing
