#ifndef CONCIERGE_SERVER_USECASE_DIRECTORY_H_
#define CONCIERGE_SERVER_USECASE_DIRECTORY_H_

// The directory, each one transaction: sites, departments, staff,
// households, residents, partners and access tokens. Functions take ids and
// domain values (the api parses the wire and checks the caller's site) and
// return domain values or a status. Creates run once per store::CreateKey;
// writes give their result to a ReplyOf inside the transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/directory.h"
#include "server/domain/money.h"
#include "server/domain/principal.h"
#include "server/store/database.h"
#include "server/store/directory_repository.h"
#include "server/store/idempotency.h"
#include "server/store/token_repository.h"
#include "server/usecase/access.h"
#include "server/usecase/actor.h"
#include "server/usecase/reply_of.h"

namespace concierge::usecase {

// A value with the currency of its site (money is shown in it).
template <typename T>
struct InCurrency {
  T value;
  std::string currency;
};

// --- sites -----------------------------------------------------------------

// `site` as sent (kind, display name, zone, currency).
absl::StatusOr<domain::Site> CreateSite(store::Database& db, const Actor& actor,
                                        domain::Site site,
                                        const store::CreateKey& key);
absl::StatusOr<domain::Site> GetSite(store::Database& db, const Actor& actor,
                                     int64_t site_id);
// The caller's site, or every site for a group administrator.
absl::StatusOr<store::Page<domain::Site>> ListSites(
    store::Database& db, const Actor& actor, const store::PageRequest& page);

// --- departments and staff -------------------------------------------------

// `department` as sent; `hourly_cost` as sent (no currency: the site's).
absl::StatusOr<InCurrency<domain::Department>> CreateDepartment(
    store::Database& db, const Actor& actor, domain::Department department,
    const std::optional<domain::Money>& hourly_cost,
    const store::CreateKey& key);
absl::StatusOr<InCurrency<store::Page<domain::Department>>> ListDepartments(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page);

// `staff` as sent (role checked); `department` a name ("" none);
// `spending_limit` as sent (no currency: the site's).
absl::StatusOr<InCurrency<domain::Staff>> CreateStaff(
    store::Database& db, const Actor& actor, domain::Staff staff,
    const std::string& department, const domain::Money& spending_limit,
    const store::CreateKey& key);
absl::StatusOr<InCurrency<domain::Staff>> GetStaff(store::Database& db,
                                                   const Actor& actor,
                                                   int64_t site_id,
                                                   int64_t staff_id);
// `department` a name ("" any).
absl::StatusOr<InCurrency<store::Page<domain::Staff>>> ListStaff(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::StaffFilter filter, const std::string& department,
    const store::PageRequest& page);

// An update as sent: the fields `paths` names take their values from
// `given` (role parsed lazily: `role` unset when it did not parse), the
// department as a name and the spending limit as sent.
struct StaffUpdate {
  int64_t site_id = 0;
  int64_t staff_id = 0;
  int64_t expected_version = 0;
  std::vector<std::string> paths;
  domain::Staff given;
  absl::StatusOr<domain::Role> role = domain::Role::kStaff;
  std::string department;
  domain::Money spending_limit;
};
absl::StatusOr<InCurrency<domain::Staff>> UpdateStaff(
    store::Database& db, const Actor& actor, const StaffUpdate& update,
    const ReplyOf<InCurrency<domain::Staff>>& reply);

// --- households, residents, partners ---------------------------------------

absl::StatusOr<domain::Household> CreateHousehold(store::Database& db,
                                                  const Actor& actor,
                                                  domain::Household household,
                                                  const store::CreateKey& key);
absl::StatusOr<domain::Household> GetHousehold(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t household_id);
absl::StatusOr<store::Page<domain::Household>> ListHouseholds(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page);
absl::StatusOr<domain::Resident> CreateResident(store::Database& db,
                                                const Actor& actor,
                                                domain::Resident resident,
                                                const store::CreateKey& key);
absl::StatusOr<domain::Resident> GetResident(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id,
                                             int64_t resident_id);
// `household_id` 0: every household's.
absl::StatusOr<store::Page<domain::Resident>> ListResidents(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t household_id, const store::PageRequest& page);
absl::StatusOr<domain::Partner> CreatePartner(store::Database& db,
                                              const Actor& actor,
                                              domain::Partner partner,
                                              const store::CreateKey& key);
absl::StatusOr<store::Page<domain::Partner>> ListPartners(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page);

// --- tokens ----------------------------------------------------------------

// Whom a token is for, by kind, site and id (`name` as the caller named it,
// for errors).
struct TokenSubject {
  domain::PrincipalKind kind = domain::PrincipalKind::kStaff;
  int64_t site_id = 0;
  int64_t id = 0;
  std::string name;
};
// `token` as sent (subject, label, expiry), stored with the hash of its
// secret.
absl::StatusOr<store::TokenRecord> IssueToken(store::Database& db,
                                              const Actor& actor,
                                              const TokenSubject& subject,
                                              store::TokenRecord token,
                                              const std::string& token_hash,
                                              const store::CreateKey& key);
absl::StatusOr<store::Page<store::TokenRecord>> ListTokens(
    store::Database& db, const Actor& actor, const TokenSubject& subject,
    const store::PageRequest& page);
absl::StatusOr<store::TokenRecord> RevokeToken(
    store::Database& db, const Actor& actor, int64_t token_id,
    const ReplyOf<store::TokenRecord>& reply);

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_DIRECTORY_H_
