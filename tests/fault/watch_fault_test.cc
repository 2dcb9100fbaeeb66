// WatchTasks streams across server restarts (SIGTERM, then SIGKILL) while
// requests are created and assigned: each client resumes from the cursor
// of the last event it received and sees every event exactly once.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/fault/fault_fixture.h"
#include "tests/support/test_database.h"

namespace concierge::testing {
namespace {

// The event id in a cursor "c1.<xid>.<id>".
int64_t EventIdOf(const std::string& cursor) {
  const std::vector<std::string> parts = absl::StrSplit(cursor, '.');
  int64_t id = -1;
  if (parts.size() == 3) absl::SimpleAtoi(parts[2], &id);
  return id;
}

// A WatchTasks client, as a handheld would be written: whenever its stream
// ends it opens a new one from the cursor of the last event received.
class ResumingWatcher {
 public:
  ResumingWatcher(const std::string& address, std::string token,
                  std::string site)
      : stub_(
            v1::ServiceRequestService::NewStub(FastReconnectChannel(address))),
        token_(std::move(token)),
        site_(std::move(site)),
        thread_([this] { Run(); }) {}
  ~ResumingWatcher() { Stop(); }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      if (context_ != nullptr) context_->TryCancel();
    }
    if (thread_.joinable()) thread_.join();
  }

  // Event ids in the order received.
  std::vector<int64_t> received() {
    absl::MutexLock lock(&mu_);
    return received_;
  }
  // WatchTasks calls made, those refused while the server was down included.
  int stream_attempts() {
    absl::MutexLock lock(&mu_);
    return attempts_;
  }

 private:
  void Run() {
    for (;;) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + token_);
      v1::WatchTasksRequest request;
      request.set_parent(site_);
      request.set_scope(v1::WATCH_SCOPE_SITE);
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        context_ = &context;
        request.set_resume_cursor(cursor_);
        ++attempts_;
      }
      auto reader = stub_->WatchTasks(&context, request);
      v1::TaskEvent event;
      while (reader->Read(&event)) {
        absl::MutexLock lock(&mu_);
        cursor_ = event.cursor();
        received_.push_back(EventIdOf(event.cursor()));
      }
      reader->Finish();
      {
        absl::MutexLock lock(&mu_);
        context_ = nullptr;
        if (stopping_) return;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  }

  std::unique_ptr<v1::ServiceRequestService::Stub> stub_;
  const std::string token_;
  const std::string site_;
  absl::Mutex mu_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::string cursor_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> received_ ABSL_GUARDED_BY(mu_);
  int attempts_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

std::vector<int64_t> EventIdsInDatabase(const std::string& url,
                                        int64_t site_id) {
  std::vector<int64_t> ids;
  for (const auto& row : QueryRows(
           url, absl::StrCat("SELECT id FROM task_events WHERE site_id = ",
                             site_id, " ORDER BY id"))) {
    ids.push_back(std::stoll(row[0]));
  }
  return ids;
}

// Waits until `watcher` received at least `count` events (or 15 s).
std::vector<int64_t> WaitForEvents(ResumingWatcher& watcher, size_t count) {
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  std::vector<int64_t> got = watcher.received();
  while (got.size() < count && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
    got = watcher.received();
  }
  return got;
}

TEST_F(FaultTest, WatchStreamsResumeAcrossServerRestartsAndSeeEachEventOnce) {
  constexpr int kWatchers = 3;
  TestDatabase db;
  StartServer(db.url(), {{"CONCIERGE_SHUTDOWN_GRACE_MS", "3000"}});
  const World world = MakeWorld(FastReconnectChannel(server_->address()),
                                server_->admin_token(), 2);
  ASSERT_FALSE(HasFailure());

  std::vector<std::unique_ptr<ResumingWatcher>> watchers;
  for (int i = 0; i < kWatchers; ++i) {
    watchers.push_back(std::make_unique<ResumingWatcher>(
        server_->address(), world.manager.token, world.site));
  }
  // A first event every watcher sees proves its stream is open and gives
  // it a cursor; from here on, every event of the site must reach it.
  absl::SleepFor(absl::Milliseconds(500));
  RequestLoad probe(FastReconnectChannel(server_->address()), world,
                    {.workers = 1, .tag = "probe"});
  Booking first{.request_id = "probe-first"};
  ASSERT_TRUE(probe.Create(first, absl::Seconds(5)).ok());
  for (auto& w : watchers) ASSERT_EQ(WaitForEvents(*w, 1).size(), 1u);

  RequestLoad load(FastReconnectChannel(server_->address()), world,
                   {.workers = 2, .tag = "watch"});
  load.Start();
  absl::SleepFor(absl::Seconds(1));
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(absl::Seconds(10)), 0);
  StartServer(db.url());
  absl::SleepFor(absl::Milliseconds(1500));
  server_->Signal(SIGKILL);
  ASSERT_EQ(server_->Wait(absl::Seconds(5)), 128 + SIGKILL);
  StartServer(db.url());
  absl::SleepFor(absl::Milliseconds(1500));
  load.Stop();

  const std::vector<int64_t> expected =
      EventIdsInDatabase(db.url(), world.site_id);
  ASSERT_GT(expected.size(), 10u);
  int missed = 0, repeated = 0, attempts = 0;
  for (auto& w : watchers) {
    std::vector<int64_t> got = WaitForEvents(*w, expected.size());
    absl::SleepFor(absl::Milliseconds(200));  // anything extra shows now
    got = w->received();
    w->Stop();
    attempts += w->stream_attempts();
    EXPECT_GE(w->stream_attempts(), 3) << "the restarts must end the streams";
    std::map<int64_t, int> seen;
    for (int64_t id : got) ++seen[id];
    for (const auto& [id, times] : seen) {
      if (times > 1) ++repeated;
      EXPECT_EQ(times, 1) << "event " << id << " seen " << times << " times";
    }
    for (int64_t id : expected) {
      if (!seen.contains(id)) {
        ++missed;
        ADD_FAILURE() << "event " << id << " never seen";
      }
    }
    EXPECT_EQ(seen.size(), expected.size());
  }
  std::printf(
      "FAULT-FIGURES scenario=watch-restart faults=2 watchers=%d events=%zu "
      "stream_attempts=%d missed=%d repeated=%d\n",
      kWatchers, expected.size(), attempts, missed, repeated);
}

}  // namespace
}  // namespace concierge::testing
