#include "server/usecase/directory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/etag.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/store/change_feed.h"
#include "server/store/site_provisioning.h"
#include "server/usecase/loaders.h"

namespace concierge::usecase {
namespace {

absl::Status NotFound(const std::string& name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

// Checks that `subject` exists and that the caller may hold tokens for it.
absl::Status CheckTokenSubject(soci::session& sql, const domain::Principal& p,
                               const TokenSubject& subject,
                               absl::string_view field) {
  const absl::Status not_found = absl::NotFoundError(
      absl::StrCat(field, ": ", subject.name, " not found"));
  switch (subject.kind) {
    case domain::PrincipalKind::kAdmin:
      if (!p.IsGroupAdmin()) {
        return absl::PermissionDeniedError(
            "only a group administrator manages administrators' tokens");
      }
      return absl::OkStatus();
    case domain::PrincipalKind::kStaff: {
      auto staff = store::FindStaff(sql, subject.site_id, subject.id);
      if (!staff) return not_found;
      if (!staff->active) {
        return absl::FailedPreconditionError(
            absl::StrCat(field, ": ", subject.name, " is not active"));
      }
      return CheckMayManage(p, staff->role);
    }
    case domain::PrincipalKind::kResident:
      if (!store::FindResident(sql, subject.site_id, subject.id)) {
        return not_found;
      }
      return absl::OkStatus();
    case domain::PrincipalKind::kPartner:
      if (p.role == domain::Role::kManager) {
        return absl::PermissionDeniedError(
            "partner tokens are issued by administrators");
      }
      if (!store::FindPartner(sql, subject.site_id, subject.id)) {
        return not_found;
      }
      return absl::OkStatus();
    case domain::PrincipalKind::kGuest:
      // Room credentials come from IssueRoomCredential only.
      return not_found;
  }
  return not_found;
}

// `current` with the fields `update.paths` names changed.
absl::StatusOr<domain::Staff> Updated(soci::session& sql,
                                      const domain::Principal& p,
                                      const domain::Site& site,
                                      const domain::Staff& current,
                                      const StaffUpdate& update) {
  domain::Staff updated = current;
  for (const std::string& path : update.paths) {
    if (path == "display_name") {
      updated.display_name = update.given.display_name;
    } else if (path == "role") {
      CONCIERGE_ASSIGN_OR_RETURN(updated.role, update.role);
      CONCIERGE_RETURN_IF_ERROR(CheckMayManage(p, updated.role));
    } else if (path == "department") {
      CONCIERGE_ASSIGN_OR_RETURN(
          updated.department_id,
          ResolveDepartment(sql, update.site_id, "staff.department",
                            update.department));
    } else if (path == "spending_limit") {
      domain::Money limit = update.spending_limit;
      if (limit.currency.empty()) limit.currency = site.currency;
      CONCIERGE_RETURN_IF_ERROR(
          domain::ValidateAmount("staff.spending_limit", limit, site.currency));
      updated.spending_limit_minor = limit.minor;
    } else if (path == "phone") {
      updated.phone = update.given.phone;
    } else if (path == "active") {
      updated.active = update.given.active;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: unknown or read-only field \"", path,
          "\" (allowed: display_name, role, department, spending_limit, "
          "phone, active)"));
    }
  }
  return updated;
}

}  // namespace

// --- sites -------------------------------------------------------------------

absl::StatusOr<domain::Site> CreateSite(store::Database& db, const Actor& actor,
                                        domain::Site site,
                                        const store::CreateKey& key) {
  site.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateSite(site));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateSite", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                site = store::ProvisionSite(sql, site);
                                return SiteName(site.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(int64_t id,
                                   ParseSiteName("site", *existing));
        CONCIERGE_ASSIGN_OR_RETURN(
            site, store::Replayed(*existing, store::FindSite(sql, id)));
        return absl::OkStatus();
      }));
  return site;
}

absl::StatusOr<domain::Site> GetSite(store::Database& db, const Actor& actor,
                                     int64_t site_id) {
  domain::Site out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetSite", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(out, LoadSite(sql, site_id));
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Site>> ListSites(
    store::Database& db, const Actor& actor, const store::PageRequest& page) {
  const int64_t only_site =
      actor.principal.IsGroupAdmin() ? 0 : actor.principal.site_id;
  store::Page<domain::Site> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListSites", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListSites(sql, only_site, page);
        return absl::OkStatus();
      }));
  return out;
}

// --- departments and staff
// ------------------------------------------------------

absl::StatusOr<InCurrency<domain::Department>> CreateDepartment(
    store::Database& db, const Actor& actor, domain::Department department,
    const std::optional<domain::Money>& hourly_cost,
    const store::CreateKey& key) {
  const int64_t site_id = department.site_id;
  department.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateDepartment(department));
  InCurrency<domain::Department> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateDepartment", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        if (hourly_cost) {
          domain::Money cost = *hourly_cost;
          if (cost.currency.empty()) cost.currency = site.currency;
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateAmount(
              "department.hourly_cost", cost, site.currency));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  if (store::FindDepartmentByCode(sql, site_id,
                                                  department.code)) {
                    return absl::AlreadyExistsError(
                        absl::StrCat("department.code: ", department.code,
                                     " already exists in sites/", site_id));
                  }
                  department = store::InsertDepartment(sql, department);
                  return DepartmentName(site_id, department.id);
                }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("department", *existing, "departments"));
          CONCIERGE_ASSIGN_OR_RETURN(
              department, store::Replayed(*existing, store::FindDepartment(
                                                         sql, ids[0], ids[1])));
        }
        out = {department, site.currency};
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<InCurrency<store::Page<domain::Department>>> ListDepartments(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page) {
  InCurrency<store::Page<domain::Department>> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListDepartments", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        out = {store::ListDepartments(sql, site_id, page), site.currency};
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<InCurrency<domain::Staff>> CreateStaff(
    store::Database& db, const Actor& actor, domain::Staff staff,
    const std::string& department, const domain::Money& spending_limit,
    const store::CreateKey& key) {
  const int64_t site_id = staff.site_id;
  staff.active = true;
  staff.create_time = actor.now;
  InCurrency<domain::Staff> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateStaff", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            staff.department_id,
            ResolveDepartment(sql, site_id, "staff.department", department));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateStaff(staff));
        domain::Money limit = spending_limit;
        if (limit.currency.empty()) limit.currency = site.currency;
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateAmount("staff.spending_limit",
                                                         limit, site.currency));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                staff = store::InsertStaff(sql, staff);
                                return StaffName(site_id, staff.id);
                              }));
        if (existing) {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids, ParseSiteChild("staff", *existing, "staff"));
          CONCIERGE_ASSIGN_OR_RETURN(
              staff, store::Replayed(*existing,
                                     store::FindStaff(sql, ids[0], ids[1])));
        }
        out = {staff, site.currency};
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<InCurrency<domain::Staff>> GetStaff(store::Database& db,
                                                   const Actor& actor,
                                                   int64_t site_id,
                                                   int64_t staff_id) {
  InCurrency<domain::Staff> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetStaff", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        auto staff = store::FindStaff(sql, site_id, staff_id);
        if (!staff) return NotFound(StaffName(site_id, staff_id));
        out = {*std::move(staff), site.currency};
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<InCurrency<store::Page<domain::Staff>>> ListStaff(
    store::Database& db, const Actor& actor, int64_t site_id,
    store::StaffFilter filter, const std::string& department,
    const store::PageRequest& page) {
  InCurrency<store::Page<domain::Staff>> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListStaff", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site, LoadSite(sql, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            filter.department_id,
            ResolveDepartment(sql, site_id, "department", department));
        out = {store::ListStaff(sql, site_id, filter, page), site.currency};
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<InCurrency<domain::Staff>> UpdateStaff(
    store::Database& db, const Actor& actor, const StaffUpdate& update,
    const ReplyOf<InCurrency<domain::Staff>>& reply) {
  InCurrency<domain::Staff> out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "UpdateStaff", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(domain::Site site,
                                   LoadSite(sql, update.site_id));
        std::optional<domain::Staff> current =
            store::FindStaff(sql, update.site_id, update.staff_id);
        if (!current) {
          return NotFound(StaffName(update.site_id, update.staff_id));
        }
        CONCIERGE_RETURN_IF_ERROR(
            CheckMayManage(actor.principal, current->role));
        CONCIERGE_ASSIGN_OR_RETURN(
            domain::Staff updated,
            Updated(sql, actor.principal, site, *current, update));
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateStaff(updated));
        if (current->version != update.expected_version) {
          return StaleEtag("staff.etag");
        }
        std::optional<domain::Staff> stored =
            store::UpdateStaff(sql, updated, update.expected_version);
        if (!stored) return StaleEtag("staff.etag");
        store::ChangeFeed::Notify(sql, store::ChangeFeed::kTokensChannel, "");
        out = {*std::move(stored), site.currency};
        if (reply) reply(out);
        return absl::OkStatus();
      }));
  return out;
}

// --- households, residents, partners
// ---------------------------------------------

absl::StatusOr<domain::Household> CreateHousehold(store::Database& db,
                                                  const Actor& actor,
                                                  domain::Household household,
                                                  const store::CreateKey& key) {
  const int64_t site_id = household.site_id;
  household.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateHousehold(household));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateHousehold", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  household = store::InsertHousehold(sql, household);
                  return HouseholdName(site_id, household.id);
                }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("household", *existing, "households"));
        CONCIERGE_ASSIGN_OR_RETURN(
            household, store::Replayed(*existing, store::FindHousehold(
                                                      sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return household;
}

absl::StatusOr<domain::Household> GetHousehold(store::Database& db,
                                               const Actor& actor,
                                               int64_t site_id,
                                               int64_t household_id) {
  domain::Household out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetHousehold", actor.deadline, [&](soci::session& sql) -> absl::Status {
        auto household = store::FindHousehold(sql, site_id, household_id);
        if (!household) return NotFound(HouseholdName(site_id, household_id));
        out = *std::move(household);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Household>> ListHouseholds(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page) {
  store::Page<domain::Household> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read("ListHouseholds", actor.deadline,
                                    [&](soci::session& sql) -> absl::Status {
                                      out = store::ListHouseholds(sql, site_id,
                                                                  page);
                                      return absl::OkStatus();
                                    }));
  return out;
}

absl::StatusOr<domain::Resident> CreateResident(store::Database& db,
                                                const Actor& actor,
                                                domain::Resident resident,
                                                const store::CreateKey& key) {
  const int64_t site_id = resident.site_id;
  resident.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateResident(resident));
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreateResident", actor.deadline,
      [&](soci::session& sql) -> absl::Status {
        if (!store::FindHousehold(sql, site_id, resident.household_id)) {
          return absl::NotFoundError(absl::StrCat(
              "resident.household: ",
              HouseholdName(site_id, resident.household_id), " not found"));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                resident = store::InsertResident(sql, resident);
                                return ResidentName(site_id, resident.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("resident", *existing, "residents"));
        CONCIERGE_ASSIGN_OR_RETURN(
            resident, store::Replayed(
                          *existing, store::FindResident(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return resident;
}

absl::StatusOr<domain::Resident> GetResident(store::Database& db,
                                             const Actor& actor,
                                             int64_t site_id,
                                             int64_t resident_id) {
  const domain::Principal& p = actor.principal;
  domain::Resident out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "GetResident", actor.deadline, [&](soci::session& sql) -> absl::Status {
        auto resident = store::FindResident(sql, site_id, resident_id);
        // A resident learns nothing about other households, not even
        // whether a record exists.
        if (p.role == domain::Role::kResident &&
            (!resident || resident->household_id != p.household_id)) {
          return RequireOwnHousehold(p, -1);
        }
        if (!resident) return NotFound(ResidentName(site_id, resident_id));
        out = *std::move(resident);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::Page<domain::Resident>> ListResidents(
    store::Database& db, const Actor& actor, int64_t site_id,
    int64_t household_id, const store::PageRequest& page) {
  store::Page<domain::Resident> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListResidents", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListResidents(sql, site_id, household_id, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<domain::Partner> CreatePartner(store::Database& db,
                                              const Actor& actor,
                                              domain::Partner partner,
                                              const store::CreateKey& key) {
  const int64_t site_id = partner.site_id;
  partner.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "CreatePartner", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(LoadSite(sql, site_id).status());
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(sql, key, actor.now,
                              [&]() -> absl::StatusOr<std::string> {
                                partner = store::InsertPartner(sql, partner);
                                return PartnerName(site_id, partner.id);
                              }));
        if (!existing) return absl::OkStatus();
        CONCIERGE_ASSIGN_OR_RETURN(
            auto ids, ParseSiteChild("partner", *existing, "partners"));
        CONCIERGE_ASSIGN_OR_RETURN(
            partner, store::Replayed(*existing,
                                     store::FindPartner(sql, ids[0], ids[1])));
        return absl::OkStatus();
      }));
  return partner;
}

absl::StatusOr<store::Page<domain::Partner>> ListPartners(
    store::Database& db, const Actor& actor, int64_t site_id,
    const store::PageRequest& page) {
  store::Page<domain::Partner> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListPartners", actor.deadline, [&](soci::session& sql) -> absl::Status {
        out = store::ListPartners(sql, site_id, page);
        return absl::OkStatus();
      }));
  return out;
}

// --- tokens
// ----------------------------------------------------------------------

absl::StatusOr<store::TokenRecord> IssueToken(store::Database& db,
                                              const Actor& actor,
                                              const TokenSubject& subject,
                                              store::TokenRecord token,
                                              const std::string& token_hash,
                                              const store::CreateKey& key) {
  token.kind = subject.kind;
  token.principal_id = subject.id;
  token.site_id = subject.site_id;
  token.create_time = actor.now;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "IssueToken", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            CheckTokenSubject(sql, actor.principal, subject, "principal"));
        CONCIERGE_ASSIGN_OR_RETURN(
            std::optional<std::string> existing,
            store::CreateOnce(
                sql, key, actor.now, [&]() -> absl::StatusOr<std::string> {
                  token = store::InsertToken(sql, token, token_hash);
                  return TokenName(token.id);
                }));
        if (existing) {
          // The secret is never kept, so it cannot be shown again.
          return absl::AlreadyExistsError(absl::StrCat(
              "request_id: ", *existing,
              " was already issued for this request_id and its secret is "
              "shown only once; revoke it and issue another"));
        }
        return absl::OkStatus();
      }));
  return token;
}

absl::StatusOr<store::Page<store::TokenRecord>> ListTokens(
    store::Database& db, const Actor& actor, const TokenSubject& subject,
    const store::PageRequest& page) {
  store::Page<store::TokenRecord> out;
  CONCIERGE_RETURN_IF_ERROR(db.Read(
      "ListTokens", actor.deadline, [&](soci::session& sql) -> absl::Status {
        CONCIERGE_RETURN_IF_ERROR(
            CheckTokenSubject(sql, actor.principal, subject, "principal"));
        out = store::ListTokens(sql, subject.kind, subject.id, page);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<store::TokenRecord> RevokeToken(
    store::Database& db, const Actor& actor, int64_t token_id,
    const ReplyOf<store::TokenRecord>& reply) {
  store::TokenRecord out;
  CONCIERGE_RETURN_IF_ERROR(db.Transact(
      "RevokeToken", actor.deadline, [&](soci::session& sql) -> absl::Status {
        auto token = store::FindToken(sql, token_id);
        // Tokens of other sites are not the caller's business at all.
        if (token && token->kind != domain::PrincipalKind::kAdmin) {
          CONCIERGE_RETURN_IF_ERROR(
              RequireSite(actor.principal, token->site_id));
        }
        if (!token) return NotFound(TokenName(token_id));
        if (token->kind == domain::PrincipalKind::kStaff) {
          auto staff =
              store::FindStaff(sql, token->site_id, token->principal_id);
          if (staff) {
            CONCIERGE_RETURN_IF_ERROR(
                CheckMayManage(actor.principal, staff->role));
          }
        } else if (token->kind == domain::PrincipalKind::kAdmin &&
                   !actor.principal.IsGroupAdmin()) {
          return absl::PermissionDeniedError(
              "only a group administrator revokes administrators' tokens");
        }
        out = *store::RevokeToken(sql, token_id, actor.now);
        if (reply) reply(out);
        store::ChangeFeed::Notify(sql, store::ChangeFeed::kTokensChannel, "");
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace concierge::usecase
