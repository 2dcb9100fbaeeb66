#include "server/store/room_brief_reader.h"

#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "server/common/log.h"

namespace concierge::store {
namespace {

// Reads and logs every brief of the batch in one statement. Outside
// BEGIN/COMMIT it commits on its own before its answer returns.
// Database::Read runs it again on a new connection if the first was found
// dead, so a read may be logged twice, never not at all.
absl::Status RunBriefBatch(
    Database* db, const std::vector<std::shared_ptr<RoomBriefJob>>& jobs,
    absl::Time deadline) {
  // The batch's log lines carry its first call's request id.
  RequestIdScope scope(jobs.front()->request_id);
  std::vector<RoomBriefQuery> queries;
  queries.reserve(jobs.size());
  for (const auto& job : jobs) queries.push_back(job->query);
  return db->Read("GetRoomGuestBrief", deadline,
                  [&](soci::session& sql) -> absl::Status {
                    auto briefs = LoadLoggedRoomBriefs(sql, queries);
                    if (!briefs.ok()) return briefs.status();
                    for (size_t i = 0; i < jobs.size(); ++i) {
                      jobs[i]->brief = std::move((*briefs)[i]);
                    }
                    return absl::OkStatus();
                  });
}

}  // namespace

RoomBriefReader::RoomBriefReader(Database* db, int max_batches_running)
    : batches_("room_brief", max_batches_running,
               [db](const auto& jobs, absl::Time deadline) {
                 return RunBriefBatch(db, jobs, deadline);
               }) {}

void RoomBriefReader::ReadLater(RoomBriefQuery query, absl::Time deadline,
                                Done done) {
  auto job = std::make_shared<RoomBriefJob>();
  job->query = std::move(query);
  job->request_id = std::string(CurrentRequestId());
  batches_.Submit(job, deadline,
                  [job, done = std::move(done)](absl::Status status) {
                    if (!status.ok()) return done(status);
                    done(std::move(job->brief));
                  });
}

RoomBriefReader::Result RoomBriefReader::Read(RoomBriefQuery query,
                                              absl::Time deadline) {
  Result result;
  absl::Notification finished;
  ReadLater(std::move(query), deadline, [&](Result r) {
    result = std::move(r);
    finished.Notify();
  });
  finished.WaitForNotification();
  return result;
}

}  // namespace concierge::store
