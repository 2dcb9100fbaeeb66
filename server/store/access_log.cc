#include "server/store/access_log.h"

#include "absl/strings/str_cat.h"
#include "server/store/pg.h"
#include "server/store/sql_util.h"

namespace concierge::store {
namespace {

// One row per element of the parallel arrays.
const pg::Statement kInsertAccessLog("insert access log", R"sql(
INSERT INTO guest_access_log (guest_id, principal, method, site_id,
                              accessed_at)
SELECT guest_id, principal, method, NULLIF(site_id, 0), us_to_ts(at_us)
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
  AS e(guest_id, principal, method, site_id, at_us))sql");

pg::Command InsertAccessLogCommand(const std::vector<AccessLogEntry>& entries) {
  std::vector<int64_t> guests, sites, times;
  std::vector<std::string> principals, methods;
  for (const AccessLogEntry& e : entries) {
    guests.push_back(e.guest_id);
    principals.push_back(e.principal);
    methods.push_back(e.method);
    sites.push_back(e.site_id);
    times.push_back(ToMicros(e.time));
  }
  return {kInsertAccessLog,
          {pg::ArrayLiteral(guests), pg::ArrayLiteral(principals),
           pg::ArrayLiteral(methods), pg::ArrayLiteral(sites),
           pg::ArrayLiteral(times)}};
}

}  // namespace

void InsertAccessLog(soci::session& sql,
                     const std::vector<AccessLogEntry>& entries) {
  if (entries.empty()) return;
  pg::Execute(sql, InsertAccessLogCommand(entries));
}

}  // namespace concierge::store
