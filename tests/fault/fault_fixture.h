#ifndef CONCIERGE_TESTS_FAULT_FAULT_FIXTURE_H_
#define CONCIERGE_TESTS_FAULT_FAULT_FIXTURE_H_

// The fault suite's machinery: the real concierge-server as a child process
// that can be killed and restarted on the same address, a residential site
// with people to book and assign, a load of creates and assignments made by
// several client threads, and the checks that every acknowledged write is in
// the database exactly once.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/support/process.h"

namespace concierge::testing {

// A channel that reconnects within 100-300 ms (gRPC's defaults may wait for
// seconds), so recovery times measure the server, not the client.
std::shared_ptr<grpc::Channel> FastReconnectChannel(const std::string& address);

// A channel of its own (no subchannel shared with other channels), that
// connects afresh: for probing a server that has just started.
std::shared_ptr<grpc::Channel> FreshChannel(const std::string& address);

// A context carrying `token` with a deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token,
                                         absl::Duration timeout);

// Every row of `sql` against `url`, each column as text (NULL as "").
// Aborts the test binary when the query fails.
std::vector<std::vector<std::string>> QueryRows(const std::string& url,
                                                const std::string& sql);

// concierge-server as a child process; every start uses the same address,
// so clients reconnect to the restarted server by themselves.
class ServerUnderTest {
 public:
  // `env` is added to the server's environment on every start.
  ServerUnderTest(std::string scratch_dir,
                  std::map<std::string, std::string> env);
  ~ServerUnderTest();  // SIGKILL if still running

  // Starts it against `database_url`; true once it serves (30 s at most).
  bool Start(const std::string& database_url);
  void Signal(int signal);
  // Exit code, 128+signal when killed, -1 on timeout.
  int Wait(absl::Duration timeout);
  bool Running();

  const std::string& address() const { return address_; }
  // The metrics endpoint's port of the latest start (a free port, never the
  // default 9464, which the demo may hold).
  int metrics_port() const { return metrics_port_; }
  // The bootstrap administrator's token (written by the first start).
  const std::string& admin_token() const { return admin_token_; }
  // The logs of every start, oldest first.
  std::string logs() const;

 private:
  // One start on address_; kServing once its log says it listens.
  StartOutcome StartOnce(const std::string& database_url);

  std::string scratch_dir_;
  std::map<std::string, std::string> env_;
  std::string address_;
  std::string admin_token_;
  int metrics_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  int starts_ = 0;
};

struct Person {
  std::string name;  // resource name
  std::string token;
};

// A residential site with a maintenance supervisor and plumber, a manager,
// and residents (each in a household of their own) who book a free
// maintenance item.
struct World {
  std::string site;  // "sites/N"
  int64_t site_id = 0;
  std::string item;  // OUTSIDE_SMALL_REPAIRS: free, MAINTENANCE
  Person manager;
  Person supervisor;
  Person plumber;
  std::vector<Person> residents;
};

// Builds a World through the API with the administrator's token. Adds a
// test failure and returns an incomplete World when a call fails.
World MakeWorld(const std::shared_ptr<grpc::Channel>& channel,
                const std::string& admin_token, int residents);

// One RPC the load made.
struct CallRecord {
  enum class Kind { kCreate, kAssign };
  Kind kind = Kind::kCreate;
  // A repeat of a call whose answer did not come (same request_id).
  bool retry = false;
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  absl::Time start;
  absl::Duration elapsed;
};

// One create the load sent. Its body follows from the request_id and the
// resident, so it can be sent again with the same request_id.
struct Booking {
  std::string request_id;
  int resident = 0;
  // Set once a create with this request_id returned OK.
  std::string name;
  // The first OK came from the load itself (not from a later retry).
  bool acked_by_load = false;
  // An AssignServiceRequest of it returned OK.
  bool assigned = false;
};

// Clients creating requests (each with a request_id) and assigning each
// created one to the plumber, on `workers` threads, until stopped. A failed
// call is recorded and the worker moves on after a short pause (as a client
// would give up on this request for now).
class RequestLoad {
 public:
  struct Options {
    int workers = 4;
    absl::Duration deadline = absl::Seconds(2);
    // Request ids are "<tag>-<worker>-<n>": unique per test.
    std::string tag = "load";
    absl::Duration pause_after_failure = absl::Milliseconds(50);
    // How long an assignment keeps being sent again (with its request_id)
    // after UNAVAILABLE or DEADLINE_EXCEEDED, as the clients' policy does.
    absl::Duration assign_retry_budget = absl::Seconds(10);
  };

  RequestLoad(std::shared_ptr<grpc::Channel> channel, World world,
              Options options);
  ~RequestLoad();

  void Start();
  void Stop();

  // When the first call started after `after` returned OK; InfiniteFuture
  // when none did within `timeout` of `after`.
  absl::Time WaitForOkAfter(absl::Time after, absl::Duration timeout);
  // How many calls returned OK so far.
  int ok_calls();

  // Sends every create that never returned OK again with its request_id
  // (after Stop), up to `attempts` times each; returns how many it resent.
  int ResolveFailedCreates(int attempts);

  // The outcome of one create, sent now (`timeout` deadline); sets
  // booking.name when it is OK. `wait_for_ready`: wait for the channel to
  // connect rather than fail at once while it cannot.
  grpc::Status Create(Booking& booking, absl::Duration timeout,
                      bool wait_for_ready = false);

  std::vector<Booking> bookings();
  std::vector<CallRecord> calls();
  const Options& options() const { return options_; }

 private:
  void Work(int worker);
  void Record(CallRecord record);

  std::shared_ptr<grpc::Channel> channel_;
  const World world_;
  const Options options_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::vector<Booking> bookings_ ABSL_GUARDED_BY(mu_);
  std::vector<CallRecord> calls_ ABSL_GUARDED_BY(mu_);
};

// What the calls' outcomes add up to.
struct CallFigures {
  int calls = 0;
  int ok = 0;
  int unavailable = 0;
  int deadline_exceeded = 0;
  // Failures with any other code.
  int other = 0;
  std::string first_other;  // "CODE: message" of the first one
  // Repeats answered OK (the first try's outcome was unknown).
  int retries_ok = 0;
  // The slowest failed call, and how far the slowest call ran past its
  // deadline (zero when none did).
  absl::Duration slowest_failure;
  absl::Duration max_overrun;
};
CallFigures Summarize(const std::vector<CallRecord>& calls,
                      absl::Duration deadline);

// Every acknowledged write checked against the database.
struct StoreFigures {
  int acked_creates = 0;
  int acked_assigns = 0;
  int retried = 0;  // creates that failed and were resolved by a retry
  // Acknowledged but absent (a create without its request, an assignment
  // not in the request).
  int lost = 0;
  // request_ids with more than one request.
  int duplicates = 0;
  // request_ids that have no request even after their retries.
  int unresolved = 0;
  // Requests without exactly one REGISTER event, with more than one ASSIGN
  // event, or whose request_id is not recorded with the request's name.
  int half_written = 0;
  // Requests in the site that no booking explains.
  int strangers = 0;
  std::vector<std::string> problems;  // the first few, for messages

  int checked() const { return acked_creates + acked_assigns; }
  bool clean() const {
    return lost == 0 && duplicates == 0 && unresolved == 0 &&
           half_written == 0 && strangers == 0;
  }
};
StoreFigures CheckStore(const std::string& database_url, const World& world,
                        const std::vector<Booking>& bookings, int retried);

// Prints the greppable line the docs quote:
// FAULT-FIGURES scenario=db-kill faults=3 calls=... acked=... lost=0 ...
void PrintFigures(const std::string& scenario, int faults,
                  const CallFigures& calls, const StoreFigures& store,
                  absl::Duration max_recovery);

// Each test gets a scratch directory, and the server's logs when it fails.
// Every line the server wrote to stderr is one JSON object (issue 24: libpq's
// notices included); a failure names `source` and the line.
void ExpectEveryLineIsJson(absl::string_view source, absl::string_view text);

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts the server (first call: a new one with `env`; later calls: the
  // same one again) against `database_url`; asserts that it serves.
  void StartServer(const std::string& database_url,
                   const std::map<std::string, std::string>& env = {});

  std::string scratch_dir_;
  std::unique_ptr<ServerUnderTest> server_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_FAULT_FAULT_FIXTURE_H_
