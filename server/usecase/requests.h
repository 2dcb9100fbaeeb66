#ifndef CONCIERGE_SERVER_USECASE_REQUESTS_H_
#define CONCIERGE_SERVER_USECASE_REQUESTS_H_

// What people do with a service request, each one transaction: register it
// (alone or in a shared batch: one implementation), move it through the
// state machine (domain/requests.h holds the table), and read it, its
// history and its records. Functions take ids and domain values and return
// domain values or a status; the api layer parses the wire, authorizes the
// method and converts the result.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/money.h"
#include "server/domain/principal.h"
#include "server/domain/requests.h"
#include "server/store/batcher.h"
#include "server/store/database.h"
#include "server/store/idempotency.h"
#include "server/store/request_repository.h"
#include "server/usecase/actor.h"

namespace concierge::usecase {

// Who `principal` is to `r`: the relations the transition table and the
// masking of contact details go by.
domain::Relations RelationsOf(const domain::Principal& principal,
                              const domain::ServiceRequest& r);

// --- registering ---------------------------------------------------------

// A request as the caller registers it, parsed from the wire.
struct NewRequest {
  int64_t site_id = 0;
  // A community's request is for a household (and a resident of it).
  int64_t household_id = 0;
  int64_t resident_id = 0;  // 0: none named
  // A hotel's is for a stay: named, or the open stay of `room_number`.
  int64_t stay_id = 0;
  std::string room_number;
  int64_t item_id = 0;
  domain::RequestChannel channel = domain::RequestChannel::kApp;
  // What the caller wrote: contact, window, place, content, requirements
  // and entry permission (entry_grant_time unset: now).
  domain::ServiceRequest details;
  bool complete_at_desk = false;
  // The desk's decision for a case-by-case item (FREE or QUOTED).
  std::optional<domain::FeeKind> desk_fee;
  // The idempotency key (empty without a request_id) and the id that
  // correlates the first event with the call.
  store::CreateKey key;
  std::string correlation_id;
};

// Registers requests. Most creates of a moment share one transaction and
// two database round trips (docs/PERFORMANCE.md); a create the batch cannot
// take (completed at the desk, its key already claimed, the batch failed)
// runs alone, through the same preparation.
class RequestRegistrar {
 public:
  // `max_batches` run at a time.
  RequestRegistrar(store::Database* db, int max_batches);
  ~RequestRegistrar();

  absl::StatusOr<domain::ServiceRequest> Register(const Actor& actor,
                                                  const NewRequest& request);

  // One create waiting in a shared batch (request_registration.cc).
  struct Job;

 private:
  absl::StatusOr<domain::ServiceRequest> RegisterAlone(
      const Actor& actor, const NewRequest& request);

  store::Database* const db_;
  std::unique_ptr<store::Batcher<Job>> batches_;
};

// --- moves ---------------------------------------------------------------

// The request a move is for, the version the caller read ("" for any), and
// the note the move's event keeps (a reason, where the move has one).
struct MoveOf {
  int64_t site_id = 0;
  int64_t request_id = 0;
  std::string etag;
  std::string note;
};

// Money as sent: an empty currency means the request's.
using SentMoney = domain::Money;

// One staff member or department named by the caller: {site, id}.
using SiteChild = std::array<int64_t, 2>;

// Each returns the request after the move, and gives it to `reply` inside
// the move's transaction, before COMMIT: a call sent with a request_id
// records its answer with the write (store::WriteKey), so the api converts
// the reply there.
using MoveResult = absl::StatusOr<domain::ServiceRequest>;
using Reply = std::function<void(const domain::ServiceRequest&)>;
MoveResult QuoteRequest(store::Database& db, const Actor& actor,
                        const MoveOf& move,
                        const std::optional<SentMoney>& estimate,
                        const Reply& reply = nullptr);
MoveResult DeclareRequestFree(store::Database& db, const Actor& actor,
                              const MoveOf& move, const Reply& reply = nullptr);
MoveResult AcceptQuote(store::Database& db, const Actor& actor,
                       const MoveOf& move, const Reply& reply = nullptr);
MoveResult DisputePrice(store::Database& db, const Actor& actor,
                        const MoveOf& move, const Reply& reply = nullptr);
MoveResult ProposePrice(store::Database& db, const Actor& actor,
                        const MoveOf& move, const SentMoney& price,
                        const Reply& reply = nullptr);
MoveResult DecidePrice(store::Database& db, const Actor& actor,
                       const MoveOf& move, const SentMoney& price,
                       const Reply& reply = nullptr);
MoveResult DispatchRequest(store::Database& db, const Actor& actor,
                           const MoveOf& move,
                           const std::optional<SiteChild>& department,
                           const Reply& reply = nullptr);
MoveResult AssignRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move, const SiteChild& staff,
                         const Reply& reply = nullptr);
MoveResult StartRequest(store::Database& db, const Actor& actor,
                        const MoveOf& move, bool enters_home,
                        const Reply& reply = nullptr);

// What the assignee reports on completing: materials' costs as sent.
struct Completion {
  std::string notes;
  int32_t minutes_spent = 0;
  struct Material {
    std::string description_zh, description_en;
    SentMoney cost;
  };
  std::vector<Material> materials;
};
MoveResult CompleteRequest(store::Database& db, const Actor& actor,
                           const MoveOf& move, const Completion& completion,
                           const Reply& reply = nullptr);
MoveResult SignOffRequest(store::Database& db, const Actor& actor,
                          const MoveOf& move, const std::string& signature_name,
                          const Reply& reply = nullptr);
MoveResult DeclineSignOff(store::Database& db, const Actor& actor,
                          const MoveOf& move, const Reply& reply = nullptr);
MoveResult SettleRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move,
                         const std::optional<SentMoney>& amount,
                         const Reply& reply = nullptr);
MoveResult CancelRequest(store::Database& db, const Actor& actor,
                         const MoveOf& move, const Reply& reply = nullptr);

// --- reads ---------------------------------------------------------------

absl::StatusOr<domain::ServiceRequest> GetRequest(store::Database& db,
                                                  const Actor& actor,
                                                  int64_t site_id,
                                                  int64_t request_id);

// The filter as the caller sent it: `department` named ({0, 0}: any) and
// `appointment_date` ("" none) still to be checked against the site.
struct RequestQuery {
  store::RequestFilter filter;
  SiteChild department = {0, 0};
  std::string appointment_date;
};
absl::StatusOr<store::Page<domain::ServiceRequest>> ListRequests(
    store::Database& db, const Actor& actor, int64_t site_id,
    RequestQuery query, const store::PageRequest& page);

absl::StatusOr<store::Page<domain::RequestEvent>> ListRequestEvents(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t request_id, const store::PageRequest& page);

// The printable task sheet in both languages (contact masked unless the
// caller may see it).
struct TaskSheet {
  std::string zh, en;
};
absl::StatusOr<TaskSheet> GetTaskSheet(store::Database& db, const Actor& actor,
                                       int64_t site_id, int64_t request_id);

struct PaidRecords {
  std::string currency;
  store::Page<domain::ServiceRequest> page;
  store::PaidTotals totals;
};
absl::StatusOr<PaidRecords> ListPaidRecords(store::Database& db,
                                            const Actor& actor, int64_t site_id,
                                            std::optional<absl::Time> start,
                                            std::optional<absl::Time> end,
                                            const store::PageRequest& page);

struct RepairHistory {
  std::string currency;
  std::vector<store::RepairRecord> records;
};
absl::StatusOr<RepairHistory> GetRepairHistory(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t household_id);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_REQUESTS_H_
