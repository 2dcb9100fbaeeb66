#include "server/store/token_repository.h"

#include <vector>

namespace concierge::store {
namespace {

// One round trip resolves a token to everything authorization needs.
// A room's credential (stay_id) works while its stay is open; it is named
// by its room number (whoever holds the code in the room), never by the
// guest's name.
constexpr char kSelectPrincipal[] = R"sql(
SELECT t.id AS token_id,
       CASE WHEN t.admin_id IS NOT NULL THEN 'ADMIN'
            WHEN t.staff_id IS NOT NULL THEN 'STAFF'
            WHEN t.resident_id IS NOT NULL THEN 'RESIDENT'
            WHEN t.stay_id IS NOT NULL THEN 'GUEST'
            ELSE 'PARTNER' END AS kind,
       COALESCE(t.admin_id, t.staff_id, t.resident_id, t.partner_id,
                t.stay_id) AS pid,
       COALESCE(s.site_id, r.site_id, p.site_id, st.site_id, 0) AS site_id,
       COALESCE(s.role, '') AS staff_role,
       COALESCE(s.department_id, 0) AS department_id,
       COALESCE(r.household_id, 0) AS household_id,
       COALESCE(t.stay_id, 0) AS stay_id,
       COALESCE(a.display_name, s.display_name, r.display_name,
                p.display_name, st.room_number) AS display_name,
       COALESCE(p.scopes, '') AS scopes,
       COALESCE(site.kind, '') AS site_kind
FROM tokens t
LEFT JOIN admins a ON a.id = t.admin_id
LEFT JOIN staff s ON s.id = t.staff_id
LEFT JOIN residents r ON r.id = t.resident_id
LEFT JOIN partners p ON p.id = t.partner_id
LEFT JOIN stays st ON st.id = t.stay_id
LEFT JOIN sites site
  ON site.id = COALESCE(s.site_id, r.site_id, p.site_id, st.site_id)
WHERE t.token_hash = :hash
  AND t.revoked_at IS NULL
  AND (t.expires_at IS NULL OR t.expires_at > us_to_ts(:now))
  AND (t.staff_id IS NULL OR s.active)
  AND (t.stay_id IS NULL OR st.check_out_at IS NULL))sql";

constexpr char kSelectEndedStayToken[] = R"sql(
SELECT 1 FROM tokens t JOIN stays st ON st.id = t.stay_id
WHERE t.token_hash = :hash AND t.revoked_at IS NULL
  AND st.check_out_at IS NOT NULL)sql";

constexpr char kInsertToken[] = R"sql(
INSERT INTO tokens (token_hash, admin_id, staff_id, resident_id, partner_id,
                    stay_id, label, created_at, expires_at)
VALUES (:hash, :admin_id, :staff_id, :resident_id, :partner_id, :stay_id,
        :label, us_to_ts(:created_us), us_to_ts(:expires_us))
RETURNING id)sql";

constexpr char kTokenColumns[] = R"sql(
SELECT t.id,
       CASE WHEN t.admin_id IS NOT NULL THEN 'ADMIN'
            WHEN t.staff_id IS NOT NULL THEN 'STAFF'
            WHEN t.resident_id IS NOT NULL THEN 'RESIDENT'
            WHEN t.stay_id IS NOT NULL THEN 'GUEST'
            ELSE 'PARTNER' END AS kind,
       COALESCE(t.admin_id, t.staff_id, t.resident_id, t.partner_id,
                t.stay_id) AS pid,
       COALESCE(s.site_id, r.site_id, p.site_id, st.site_id, 0) AS site_id,
       t.label, ts_to_us(t.created_at) AS created_us,
       ts_to_us(t.expires_at) AS expires_us,
       ts_to_us(t.revoked_at) AS revoked_us
FROM tokens t
LEFT JOIN staff s ON s.id = t.staff_id
LEFT JOIN residents r ON r.id = t.resident_id
LEFT JOIN partners p ON p.id = t.partner_id
LEFT JOIN stays st ON st.id = t.stay_id )sql";

constexpr char kSelectToken[] = "WHERE t.id = :id";
constexpr char kListTokens[] = R"sql(
WHERE COALESCE(t.admin_id, t.staff_id, t.resident_id, t.partner_id,
               t.stay_id) = :pid
  AND CASE WHEN t.admin_id IS NOT NULL THEN 'ADMIN'
           WHEN t.staff_id IS NOT NULL THEN 'STAFF'
           WHEN t.resident_id IS NOT NULL THEN 'RESIDENT'
           WHEN t.stay_id IS NOT NULL THEN 'GUEST'
           ELSE 'PARTNER' END = :kind
  AND t.id > :after
ORDER BY t.id LIMIT :lim)sql";

constexpr char kRevokeToken[] = R"sql(
UPDATE tokens SET revoked_at = COALESCE(revoked_at, us_to_ts(:now))
WHERE id = :id RETURNING id)sql";

constexpr char kRevokeByLabel[] = R"sql(
UPDATE tokens SET revoked_at = us_to_ts(:now)
WHERE label = :label AND revoked_at IS NULL)sql";

constexpr char kSelectFirstAdmin[] =
    "SELECT id FROM admins ORDER BY id LIMIT 1";
constexpr char kInsertAdmin[] = R"sql(
INSERT INTO admins (display_name, created_at)
VALUES (:display_name, us_to_ts(:created_us)) RETURNING id)sql";

absl::string_view KindName(domain::PrincipalKind kind) {
  switch (kind) {
    case domain::PrincipalKind::kAdmin:
      return "ADMIN";
    case domain::PrincipalKind::kStaff:
      return "STAFF";
    case domain::PrincipalKind::kResident:
      return "RESIDENT";
    case domain::PrincipalKind::kPartner:
      return "PARTNER";
    case domain::PrincipalKind::kGuest:
      return "GUEST";
  }
  return "";
}

domain::PrincipalKind KindFromName(const std::string& name) {
  if (name == "ADMIN") return domain::PrincipalKind::kAdmin;
  if (name == "RESIDENT") return domain::PrincipalKind::kResident;
  if (name == "PARTNER") return domain::PrincipalKind::kPartner;
  if (name == "GUEST") return domain::PrincipalKind::kGuest;
  return domain::PrincipalKind::kStaff;
}

TokenRecord TokenFromRow(const soci::row& r) {
  TokenRecord t;
  t.id = r.get<long long>("id");
  t.kind = KindFromName(r.get<std::string>("kind"));
  t.principal_id = r.get<long long>("pid");
  t.site_id = r.get<long long>("site_id");
  t.label = r.get<std::string>("label");
  t.create_time = FromMicros(r.get<long long>("created_us"));
  t.expire_time = FromMicros(r.get<std::optional<long long>>("expires_us"));
  t.revoke_time = FromMicros(r.get<std::optional<long long>>("revoked_us"));
  return t;
}

}  // namespace

std::optional<domain::Principal> FindPrincipalByTokenHash(
    soci::session& sql, const std::string& hash, absl::Time now) {
  soci::row r;
  const long long now_us = ToMicros(now);
  sql << kSelectPrincipal, soci::use(hash, "hash"), soci::use(now_us, "now"),
      soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  domain::Principal p;
  p.token_id = r.get<long long>("token_id");
  p.kind = KindFromName(r.get<std::string>("kind"));
  p.id = r.get<long long>("pid");
  p.site_id = r.get<long long>("site_id");
  p.department_id = r.get<long long>("department_id");
  p.household_id = r.get<long long>("household_id");
  p.stay_id = r.get<long long>("stay_id");
  p.display_name = r.get<std::string>("display_name");
  p.scopes = SplitWords(r.get<std::string>("scopes"));
  p.site_kind = r.get<std::string>("site_kind");
  switch (p.kind) {
    case domain::PrincipalKind::kAdmin:
      p.role = domain::Role::kGroupAdmin;
      break;
    case domain::PrincipalKind::kResident:
      p.role = domain::Role::kResident;
      break;
    case domain::PrincipalKind::kPartner:
      p.role = domain::Role::kPartner;
      break;
    case domain::PrincipalKind::kGuest:
      p.role = domain::Role::kGuest;
      break;
    case domain::PrincipalKind::kStaff:
      p.role = domain::RoleFromName(r.get<std::string>("staff_role"))
                   .value_or(domain::Role::kStaff);
      break;
  }
  return p;
}

bool IsEndedStayToken(soci::session& sql, const std::string& hash) {
  int found = 0;
  sql << kSelectEndedStayToken, soci::use(hash, "hash"), soci::into(found);
  return sql.got_data();
}

TokenRecord InsertToken(soci::session& sql, const TokenRecord& token,
                        const std::string& hash) {
  TokenRecord stored = token;
  auto id_if = [&](domain::PrincipalKind kind) -> std::optional<long long> {
    if (token.kind != kind) return std::nullopt;
    return token.principal_id;
  };
  const std::optional<long long> admin_id =
      id_if(domain::PrincipalKind::kAdmin);
  const std::optional<long long> staff_id =
      id_if(domain::PrincipalKind::kStaff);
  const std::optional<long long> resident_id =
      id_if(domain::PrincipalKind::kResident);
  const std::optional<long long> partner_id =
      id_if(domain::PrincipalKind::kPartner);
  const std::optional<long long> stay_id = id_if(domain::PrincipalKind::kGuest);
  const long long created_us = ToMicros(token.create_time);
  const std::optional<long long> expires_us = ToMicros(token.expire_time);
  sql << kInsertToken, soci::use(hash, "hash"), soci::use(admin_id, "admin_id"),
      soci::use(staff_id, "staff_id"), soci::use(resident_id, "resident_id"),
      soci::use(partner_id, "partner_id"), soci::use(stay_id, "stay_id"),
      soci::use(token.label, "label"), soci::use(created_us, "created_us"),
      soci::use(expires_us, "expires_us"), soci::into(stored.id);
  return stored;
}

std::optional<TokenRecord> FindToken(soci::session& sql, int64_t token_id) {
  soci::row r;
  sql << std::string(kTokenColumns) + kSelectToken, soci::use(token_id, "id"),
      soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return TokenFromRow(r);
}

Page<TokenRecord> ListTokens(soci::session& sql, domain::PrincipalKind kind,
                             int64_t principal_id, PageRequest page) {
  const int fetch = page.limit + 1;
  const std::string kind_name(KindName(kind));
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kTokenColumns) + kListTokens,
       soci::use(principal_id, "pid"), soci::use(kind_name, "kind"),
       soci::use(page.after_id, "after"), soci::use(fetch, "lim"));
  std::vector<TokenRecord> out;
  for (const soci::row& r : rows) out.push_back(TokenFromRow(r));
  return MakePage(std::move(out), page.limit);
}

std::optional<TokenRecord> RevokeToken(soci::session& sql, int64_t token_id,
                                       absl::Time now) {
  long long id = 0;
  const long long now_us = ToMicros(now);
  sql << kRevokeToken, soci::use(now_us, "now"), soci::use(token_id, "id"),
      soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return FindToken(sql, token_id);
}

long long RevokeTokensByLabel(soci::session& sql, const std::string& label,
                              absl::Time now) {
  const long long now_us = ToMicros(now);
  soci::statement st = (sql.prepare << kRevokeByLabel, soci::use(now_us, "now"),
                        soci::use(label, "label"));
  st.execute(true);
  return st.get_affected_rows();
}

std::optional<int64_t> FindFirstAdmin(soci::session& sql) {
  long long id = 0;
  sql << kSelectFirstAdmin, soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

int64_t InsertAdmin(soci::session& sql, const std::string& display_name,
                    absl::Time now) {
  long long id = 0;
  const long long created_us = ToMicros(now);
  sql << kInsertAdmin, soci::use(display_name, "display_name"),
      soci::use(created_us, "created_us"), soci::into(id);
  return id;
}

}  // namespace concierge::store
