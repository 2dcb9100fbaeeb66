#include "server/store/stats_repository.h"

#include "server/store/sql_util.h"

namespace concierge::store {
namespace {

// Overdue is the stored overdue_at (the domain's OverdueAt, written on
// every insert and update). Both subqueries are served by partial indexes
// (service_requests_overdue, room_actions_pending).
constexpr char kCountSiteBacklogs[] = R"sql(
SELECT s.id,
  (SELECT count(*) FROM service_requests r
   WHERE r.site_id = s.id AND r.overdue_at < us_to_ts(:now)) AS overdue,
  (SELECT count(*) FROM room_actions a
   WHERE a.site_id = s.id AND a.state = 'PENDING_APPROVAL') AS pending
  -- Room actions whose deadline passed while they waited (ever).
  , (SELECT count(*) FROM room_actions a
     WHERE a.site_id = s.id AND a.state = 'EXPIRED') AS expired
FROM sites s
ORDER BY s.id)sql";

}  // namespace

std::vector<SiteBacklog> CountSiteBacklogs(soci::session& sql, absl::Time now) {
  const long long now_us = ToMicros(now);
  soci::rowset<soci::row> rows =
      (sql.prepare << kCountSiteBacklogs, soci::use(now_us, "now"));
  std::vector<SiteBacklog> out;
  for (const soci::row& r : rows) {
    out.push_back(SiteBacklog{r.get<long long>(0), r.get<long long>(1),
                              r.get<long long>(2), r.get<long long>(3)});
  }
  return out;
}

}  // namespace concierge::store
