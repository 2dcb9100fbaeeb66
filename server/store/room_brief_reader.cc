#include "server/store/room_brief_reader.h"

#include <utility>
#include <vector>

namespace concierge::store {
namespace {

// Reads and logs every brief of the batch in one statement. Outside
// BEGIN/COMMIT it commits on its own before its answer returns.
// Database::Read runs it again on a new connection if the first was found
// dead, so a read may be logged twice, never not at all.
absl::Status RunBriefBatch(
    Database* db, const std::vector<std::shared_ptr<RoomBriefJob>>& jobs,
    absl::Time deadline) {
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
    : batcher_("room_brief", max_batches_running,
               [db](const auto& jobs, absl::Time deadline) {
                 return RunBriefBatch(db, jobs, deadline);
               }) {}

absl::StatusOr<std::optional<RoomBrief>> RoomBriefReader::Read(
    RoomBriefQuery query, absl::Time deadline) {
  auto job = std::make_shared<RoomBriefJob>();
  job->query = std::move(query);
  const absl::Status status = batcher_.Submit(job, deadline);
  if (!status.ok()) return status;
  return std::move(job->brief);
}

}  // namespace concierge::store
