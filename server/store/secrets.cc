#include "server/store/secrets.h"

namespace concierge::store {
namespace {

constexpr char kInsertSecret[] = R"sql(
INSERT INTO server_secrets (name, secret) VALUES (:name, :secret)
ON CONFLICT (name) DO NOTHING)sql";

constexpr char kSelectSecret[] =
    "SELECT secret FROM server_secrets WHERE name = :name";

}  // namespace

std::string GetOrCreateSecret(soci::session& sql, const std::string& name,
                              const std::string& candidate) {
  sql << kInsertSecret, soci::use(name, "name"), soci::use(candidate, "secret");
  std::string secret;
  sql << kSelectSecret, soci::use(name, "name"), soci::into(secret);
  return secret;
}

}  // namespace concierge::store
