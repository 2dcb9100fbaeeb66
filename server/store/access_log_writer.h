#ifndef CONCIERGE_SERVER_STORE_ACCESS_LOG_WRITER_H_
#define CONCIERGE_SERVER_STORE_ACCESS_LOG_WRITER_H_

// Group commit for the guest-profile access log.
//
// Every room brief (the handhelds' hottest read) must be in the access log
// before its data leaves the server, but a durable commit per read costs a
// WAL flush each and made the brief a write transaction. Instead, concurrent
// callers share commits: the first caller to find no commit in progress
// writes every row waiting at that moment in one transaction; rows arriving
// meanwhile wait for the next one, which one of their callers writes. Each
// caller returns once its own row is durable (or with the error that kept its
// batch out).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/database.h"

namespace concierge::store {

struct AccessLogEntry {
  int64_t guest_id = 0;
  std::string principal;  // resource name of the reader
  std::string method;     // RPC name
  int64_t site_id = 0;    // 0: none (group admin)
  absl::Time time;
};

class AccessLogWriter {
 public:
  explicit AccessLogWriter(Database* db) : db_(db) {}

  // Returns once `entry` is committed. DEADLINE_EXCEEDED if `deadline`
  // passes first (the row may still be written a moment later: a read is
  // then logged that its caller never saw, never the reverse).
  absl::Status Write(AccessLogEntry entry, absl::Time deadline);

  // Rows written and commits made so far (for the benchmark's notes).
  struct Stats {
    int64_t rows = 0;
    int64_t commits = 0;
  };
  Stats stats() const;

 private:
  struct Batch {
    std::vector<AccessLogEntry> entries;
    bool done = false;
    absl::Status status;
  };
  absl::Status Flush(Batch& batch, absl::Time deadline);

  Database* const db_;
  mutable absl::Mutex mu_;
  absl::CondVar committed_;
  std::shared_ptr<Batch> open_ ABSL_GUARDED_BY(mu_);
  bool flushing_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

// Writes `entries` in one statement (profile reads that log inside their own
// unit of work use it directly).
void InsertAccessLog(soci::session& sql,
                     const std::vector<AccessLogEntry>& entries);
// The same statement as a command (for ExecuteAtCommit).
pg::Command InsertAccessLogCommand(const std::vector<AccessLogEntry>& entries);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_ACCESS_LOG_WRITER_H_
