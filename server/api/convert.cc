#include "server/api/convert.h"

#include "absl/strings/str_cat.h"
#include "server/common/resource_names.h"

namespace concierge::api {

void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t us = absl::ToUnixMicros(t);
  int64_t seconds = us / 1000000;
  int64_t micros = us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    seconds -= 1;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(micros * 1000));
}

google::protobuf::Timestamp ToProtoTime(absl::Time t) {
  google::protobuf::Timestamp ts;
  ToProto(t, &ts);
  return ts;
}

absl::StatusOr<absl::Time> FromProto(absl::string_view field,
                                     const google::protobuf::Timestamp& ts) {
  // 0001-01-01 .. 9999-12-31 as google.protobuf.Timestamp defines.
  if (ts.seconds() < -62135596800LL || ts.seconds() > 253402300799LL ||
      ts.nanos() < 0 || ts.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a valid timestamp"));
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

absl::StatusOr<absl::Duration> FromProto(absl::string_view field,
                                         const google::protobuf::Duration& d) {
  if (d.seconds() < -315576000000LL || d.seconds() > 315576000000LL ||
      d.nanos() < -999999999 || d.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a valid duration"));
  }
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

std::string PrincipalName(domain::PrincipalKind kind, int64_t site_id,
                          int64_t id) {
  switch (kind) {
    case domain::PrincipalKind::kAdmin:
      return AdminName(id);
    case domain::PrincipalKind::kStaff:
      return StaffName(site_id, id);
    case domain::PrincipalKind::kResident:
      return ResidentName(site_id, id);
    case domain::PrincipalKind::kPartner:
      return PartnerName(site_id, id);
    case domain::PrincipalKind::kGuest:
      return SiteChildName(site_id, "stays", id);
  }
  return "";
}

std::string ActorName(absl::string_view actor_key) {
  std::optional<domain::ActorRef> actor = domain::ParseActorKey(actor_key);
  if (!actor) return std::string(actor_key);
  return PrincipalName(actor->kind, actor->site_id, actor->id);
}

void ToProto(const domain::Money& money, v1::Money* out) {
  out->set_currency_code(money.currency);
  out->set_minor_units(money.minor);
}

domain::Money FromProto(const v1::Money& money,
                        absl::string_view site_currency) {
  return domain::Money{money.currency_code().empty()
                           ? std::string(site_currency)
                           : money.currency_code(),
                       money.minor_units()};
}

v1::Role ToProto(domain::Role role) {
  switch (role) {
    case domain::Role::kGroupAdmin:
    case domain::Role::kAdmin:
      return v1::ROLE_ADMIN;
    case domain::Role::kManager:
      return v1::ROLE_MANAGER;
    case domain::Role::kSupervisor:
      return v1::ROLE_SUPERVISOR;
    case domain::Role::kReception:
      return v1::ROLE_RECEPTION;
    case domain::Role::kStaff:
      return v1::ROLE_STAFF;
    case domain::Role::kFinance:
      return v1::ROLE_FINANCE;
    case domain::Role::kResident:
      return v1::ROLE_RESIDENT;
    case domain::Role::kPartner:
      return v1::ROLE_PARTNER;
    case domain::Role::kGuest:
      return v1::ROLE_GUEST;
  }
  return v1::ROLE_UNSPECIFIED;
}

absl::StatusOr<domain::Role> StaffRoleFromProto(absl::string_view field,
                                                v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return domain::Role::kAdmin;
    case v1::ROLE_MANAGER:
      return domain::Role::kManager;
    case v1::ROLE_SUPERVISOR:
      return domain::Role::kSupervisor;
    case v1::ROLE_RECEPTION:
      return domain::Role::kReception;
    case v1::ROLE_STAFF:
      return domain::Role::kStaff;
    case v1::ROLE_FINANCE:
      return domain::Role::kFinance;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          field,
          ": must be one of ADMIN, MANAGER, SUPERVISOR, RECEPTION, STAFF, "
          "FINANCE"));
  }
}

}  // namespace concierge::api
