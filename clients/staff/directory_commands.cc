// Administration: sites, departments, staff, households, residents,
// partners and tokens.

#include <cstdlib>
#include <iostream>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/staff/commands.h"
#include "clients/staff/signin_link.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::DirectoryService;

std::unique_ptr<DirectoryService::Stub> Stub(Invocation& inv) {
  return DirectoryService::NewStub(inv.channel());
}

// "manager" -> ROLE_MANAGER; false when unknown.
bool ParseRole(const std::string& text, v1::Role* role) {
  return v1::Role_Parse("ROLE_" + absl::AsciiStrToUpper(text), role) &&
         *role != v1::ROLE_UNSPECIFIED;
}

// A department given as a code (MAINTENANCE) or a resource name.
std::string ResolveDepartment(Invocation& inv, const std::string& site,
                              const std::string& text, int* exit_code) {
  *exit_code = 0;
  if (absl::StrContains(text, "/")) return text;
  std::string found;
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListDepartmentsRequest, v1::ListDepartmentsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListDepartments(c, r, out);
          },
          [&](const v1::ListDepartmentsResponse& page) {
            for (const auto& d : page.departments()) {
              if (absl::EqualsIgnoreCase(d.code(), text)) found = d.name();
            }
            return found.empty();
          });
  if (!status.ok()) {
    *exit_code = Fail(status);
  } else if (found.empty()) {
    *exit_code = UsageError(absl::StrCat("no department ", text, " in ", site));
  }
  return found;
}

void PrintSite(Invocation& inv, const v1::Site& s) {
  if (inv.json()) return PrintJson(s);
  Details d;
  d.Add(inv.Tr("場所", "Site"), s.name());
  d.Add(inv.Tr("名稱", "Name"), s.display_name());
  d.Add(inv.Tr("類型", "Kind"),
        EnumLabel(v1::SiteKind_Name(s.kind()), "SITE_KIND_"));
  d.Add(inv.Tr("時區", "Time zone"), s.time_zone());
  d.Add(inv.Tr("貨幣", "Currency"), s.currency_code());
  d.Print();
}

void PrintStaff(Invocation& inv, const v1::Staff& s) {
  if (inv.json()) return PrintJson(s);
  Details d;
  d.Add(inv.Tr("員工", "Staff"), s.name());
  d.Add(inv.Tr("姓名", "Name"), s.display_name());
  d.Add(inv.Tr("角色", "Role"), EnumLabel(v1::Role_Name(s.role()), "ROLE_"));
  d.Add(inv.Tr("部門", "Department"), s.department());
  d.Add(inv.Tr("單次限額", "Spending limit"), FormatMoney(s.spending_limit()));
  d.Add(inv.Tr("電話", "Phone"), s.phone());
  d.Add(inv.Tr("在職", "Active"),
        s.active() ? inv.Tr("是", "yes") : inv.Tr("否", "no"));
  d.Add("etag", s.etag());
  d.Print();
}

int SiteCreate(Invocation& inv) {
  v1::CreateSiteRequest request;
  const std::string kind = absl::AsciiStrToUpper(inv.OptionOr("kind", ""));
  v1::SiteKind parsed;
  if (!v1::SiteKind_Parse("SITE_KIND_" + kind, &parsed) ||
      parsed == v1::SITE_KIND_UNSPECIFIED) {
    return UsageError("--kind must be residential or hotel");
  }
  request.mutable_site()->set_kind(parsed);
  request.mutable_site()->set_display_name(inv.OptionOr("name", ""));
  request.mutable_site()->set_time_zone(
      inv.OptionOr("time-zone", "Asia/Shanghai"));
  request.mutable_site()->set_currency_code(inv.OptionOr("currency", ""));
  request.set_request_id(NewRequestId());
  v1::Site site;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateSite(context.get(), request, &site);
  });
  if (!status.ok()) return Fail(status);
  PrintSite(inv, site);
  return 0;
}

int SiteList(Invocation& inv) {
  auto stub = Stub(inv);
  std::vector<v1::Site> sites;
  grpc::Status status =
      ForEachPage<v1::ListSitesRequest, v1::ListSitesResponse>(
          inv, v1::ListSitesRequest(),
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListSites(c, r, out);
          },
          [&](const v1::ListSitesResponse& page) {
            sites.insert(sites.end(), page.sites().begin(), page.sites().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> all;
    for (const auto& s : sites) all.push_back(&s);
    PrintJsonArray(all);
    return 0;
  }
  Table table({inv.Tr("場所", "Site"), inv.Tr("類型", "Kind"),
               inv.Tr("名稱", "Name"), inv.Tr("時區", "Time zone")});
  for (const auto& s : sites) {
    table.AddRow({s.name(),
                  EnumLabel(v1::SiteKind_Name(s.kind()), "SITE_KIND_"),
                  s.display_name(), s.time_zone()});
  }
  table.Print();
  return 0;
}

int SiteShow(Invocation& inv) {
  v1::GetSiteRequest request;
  request.set_name(QualifiedName("", "sites", inv.positional()[0]));
  v1::Site site;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetSite(context.get(), request, &site);
  });
  if (!status.ok()) return Fail(status);
  PrintSite(inv, site);
  return 0;
}

int DepartmentCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateDepartmentRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* d = request.mutable_department();
  d->set_code(absl::AsciiStrToUpper(inv.OptionOr("code", "")));
  d->mutable_title()->set_zh(inv.OptionOr("zh", ""));
  d->mutable_title()->set_en(inv.OptionOr("en", ""));
  if (auto cost = inv.Option("hourly-cost")) {
    int64_t minor = 0;
    if (!ParseAmount(*cost, &minor))
      return UsageError("--hourly-cost: e.g. 40.00");
    d->mutable_hourly_cost()->set_minor_units(minor);
  }
  v1::Department department;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateDepartment(context.get(), request, &department);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(department);
  } else {
    std::cout << department.name() << "  " << department.code() << "  "
              << inv.Tr(department.title().zh(), department.title().en())
              << "\n";
  }
  return 0;
}

int DepartmentList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListDepartmentsRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  std::vector<v1::Department> all;
  grpc::Status status =
      ForEachPage<v1::ListDepartmentsRequest, v1::ListDepartmentsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListDepartments(c, r, out);
          },
          [&](const v1::ListDepartmentsResponse& page) {
            all.insert(all.end(), page.departments().begin(),
                       page.departments().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& d : all) out.push_back(&d);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("部門", "Department"), inv.Tr("代碼", "Code"),
               inv.Tr("名稱", "Title"), inv.Tr("時薪成本", "Hourly cost")});
  for (const auto& d : all) {
    table.AddRow({d.name(), d.code(), inv.Tr(d.title().zh(), d.title().en()),
                  FormatMoney(d.hourly_cost())});
  }
  table.Print();
  return 0;
}

int StaffCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateStaffRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* s = request.mutable_staff();
  s->set_display_name(inv.OptionOr("name", ""));
  v1::Role role;
  if (!ParseRole(inv.OptionOr("role", ""), &role)) {
    return UsageError(
        "--role must be admin, manager, supervisor, reception, staff or "
        "finance");
  }
  s->set_role(role);
  if (auto department = inv.Option("department")) {
    s->set_department(ResolveDepartment(inv, site, *department, &code));
    if (code) return code;
  }
  s->set_phone(inv.OptionOr("phone", ""));
  if (auto limit = inv.Option("spending-limit")) {
    int64_t minor = 0;
    if (!ParseAmount(*limit, &minor))
      return UsageError("--spending-limit: e.g. 50.00");
    s->mutable_spending_limit()->set_minor_units(minor);
  }
  v1::Staff staff;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateStaff(context.get(), request, &staff);
  });
  if (!status.ok()) return Fail(status);
  PrintStaff(inv, staff);
  return 0;
}

int StaffList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListStaffRequest request;
  request.set_parent(site);
  if (auto department = inv.Option("department")) {
    request.set_department(ResolveDepartment(inv, site, *department, &code));
    if (code) return code;
  }
  if (auto role_text = inv.Option("role")) {
    v1::Role role;
    if (!ParseRole(*role_text, &role))
      return UsageError("--role: unknown role");
    request.set_role(role);
  }
  auto stub = Stub(inv);
  std::vector<v1::Staff> all;
  grpc::Status status =
      ForEachPage<v1::ListStaffRequest, v1::ListStaffResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListStaff(c, r, out);
          },
          [&](const v1::ListStaffResponse& page) {
            all.insert(all.end(), page.staff().begin(), page.staff().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& s : all) out.push_back(&s);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("員工", "Staff"), inv.Tr("姓名", "Name"),
               inv.Tr("角色", "Role"), inv.Tr("部門", "Department"),
               inv.Tr("在職", "Active")});
  for (const auto& s : all) {
    table.AddRow({s.name(), s.display_name(),
                  EnumLabel(v1::Role_Name(s.role()), "ROLE_"), s.department(),
                  s.active() ? inv.Tr("是", "yes") : inv.Tr("否", "no")});
  }
  table.Print();
  return 0;
}

int StaffUpdate(Invocation& inv) {
  int code = 0;
  auto stub = Stub(inv);
  v1::Staff current;
  const std::string name = inv.positional()[0];
  if (!absl::StrContains(name, "/")) {
    return UsageError(
        "give the staff member's full name, e.g. sites/1/staff/4");
  }
  std::string etag = inv.OptionOr("etag", "");
  if (etag.empty()) {
    // Read-modify-write: the etag just read still protects against a
    // change made between this read and the update.
    v1::GetStaffRequest get;
    get.set_name(name);
    grpc::Status status = RetryIdempotent([&] {
      auto context = inv.NewContext();
      return stub->GetStaff(context.get(), get, &current);
    });
    if (!status.ok()) return Fail(status);
    etag = current.etag();
  }
  v1::UpdateStaffRequest request;
  auto* s = request.mutable_staff();
  s->set_name(name);
  s->set_etag(etag);
  auto* mask = request.mutable_update_mask();
  if (auto v = inv.Option("name")) {
    s->set_display_name(*v);
    mask->add_paths("display_name");
  }
  if (auto v = inv.Option("role")) {
    v1::Role role;
    if (!ParseRole(*v, &role)) return UsageError("--role: unknown role");
    s->set_role(role);
    mask->add_paths("role");
  }
  if (auto v = inv.Option("department")) {
    const std::string site = name.substr(0, name.find("/staff/"));
    s->set_department(ResolveDepartment(inv, site, *v, &code));
    if (code) return code;
    mask->add_paths("department");
  }
  if (auto v = inv.Option("phone")) {
    s->set_phone(*v);
    mask->add_paths("phone");
  }
  if (auto v = inv.Option("spending-limit")) {
    int64_t minor = 0;
    if (!ParseAmount(*v, &minor))
      return UsageError("--spending-limit: e.g. 50.00");
    s->mutable_spending_limit()->set_minor_units(minor);
    mask->add_paths("spending_limit");
  }
  if (auto v = inv.Option("active")) {
    if (*v != "true" && *v != "false")
      return UsageError("--active: true or false");
    s->set_active(*v == "true");
    mask->add_paths("active");
  }
  if (mask->paths_size() == 0) return UsageError("nothing to change");
  v1::Staff updated;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->UpdateStaff(c, request, &updated);
  });
  if (!status.ok()) return Fail(status);
  PrintStaff(inv, updated);
  return 0;
}

int HouseholdCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateHouseholdRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  request.mutable_household()->set_building(inv.OptionOr("building", ""));
  request.mutable_household()->set_unit(inv.OptionOr("unit", ""));
  request.mutable_household()->set_address(inv.OptionOr("address", ""));
  v1::Household household;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateHousehold(context.get(), request, &household);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(household);
  } else {
    std::cout << household.name() << "  " << household.building() << " "
              << household.unit() << "\n";
  }
  return 0;
}

int HouseholdList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListHouseholdsRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  std::vector<v1::Household> all;
  grpc::Status status =
      ForEachPage<v1::ListHouseholdsRequest, v1::ListHouseholdsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListHouseholds(c, r, out);
          },
          [&](const v1::ListHouseholdsResponse& page) {
            all.insert(all.end(), page.households().begin(),
                       page.households().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& h : all) out.push_back(&h);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("住戶", "Household"), inv.Tr("樓棟", "Building"),
               inv.Tr("單元", "Unit"), inv.Tr("地址", "Address")});
  for (const auto& h : all) {
    table.AddRow({h.name(), h.building(), h.unit(), h.address()});
  }
  table.Print();
  return 0;
}

int ResidentCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateResidentRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  request.mutable_resident()->set_display_name(inv.OptionOr("name", ""));
  request.mutable_resident()->set_phone(inv.OptionOr("phone", ""));
  request.mutable_resident()->set_household(
      QualifiedName(site, "households", inv.OptionOr("household", "")));
  v1::Resident resident;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateResident(context.get(), request, &resident);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(resident);
  } else {
    std::cout << resident.name() << "  " << resident.display_name() << "  "
              << resident.household() << "\n";
  }
  return 0;
}

int ResidentList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListResidentsRequest request;
  request.set_parent(site);
  if (auto h = inv.Option("household")) {
    request.set_household(QualifiedName(site, "households", *h));
  }
  auto stub = Stub(inv);
  std::vector<v1::Resident> all;
  grpc::Status status =
      ForEachPage<v1::ListResidentsRequest, v1::ListResidentsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListResidents(c, r, out);
          },
          [&](const v1::ListResidentsResponse& page) {
            all.insert(all.end(), page.residents().begin(),
                       page.residents().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& r : all) out.push_back(&r);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("住戶人", "Resident"), inv.Tr("姓名", "Name"),
               inv.Tr("電話", "Phone"), inv.Tr("住戶", "Household")});
  for (const auto& r : all) {
    table.AddRow({r.name(), r.display_name(), r.phone(), r.household()});
  }
  table.Print();
  return 0;
}

int PartnerCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreatePartnerRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  request.mutable_partner()->set_display_name(inv.OptionOr("name", ""));
  for (absl::string_view scope :
       absl::StrSplit(inv.OptionOr("scopes", ""), ',', absl::SkipEmpty())) {
    request.mutable_partner()->add_scopes(std::string(scope));
  }
  v1::Partner partner;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreatePartner(context.get(), request, &partner);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(partner);
  } else {
    std::cout << partner.name() << "  " << partner.display_name() << "  "
              << absl::StrJoin(partner.scopes(), ",") << "\n";
  }
  return 0;
}

int PartnerList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListPartnersRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  std::vector<v1::Partner> all;
  grpc::Status status =
      ForEachPage<v1::ListPartnersRequest, v1::ListPartnersResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListPartners(c, r, out);
          },
          [&](const v1::ListPartnersResponse& page) {
            all.insert(all.end(), page.partners().begin(),
                       page.partners().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& p : all) out.push_back(&p);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("夥伴", "Partner"), inv.Tr("名稱", "Name"),
               inv.Tr("權限範圍", "Scopes")});
  for (const auto& p : all) {
    table.AddRow({p.name(), p.display_name(), absl::StrJoin(p.scopes(), ",")});
  }
  table.Print();
  return 0;
}

void PrintToken(Invocation& inv, const v1::Token& t) {
  Details d;
  d.Add(inv.Tr("令牌", "Token"), t.name());
  d.Add(inv.Tr("身份", "Principal"), t.principal());
  d.Add(inv.Tr("標籤", "Label"), t.label());
  d.Add(inv.Tr("建立", "Created"), FormatTime(t.create_time()));
  if (t.has_expire_time())
    d.Add(inv.Tr("到期", "Expires"), FormatTime(t.expire_time()));
  if (t.has_revoke_time())
    d.Add(inv.Tr("撤銷", "Revoked"), FormatTime(t.revoke_time()));
  d.Print();
}

}  // namespace

int PrintSignIn(Invocation& inv, const std::string& token) {
  std::string web = inv.OptionOr("web", "");
  if (web.empty() && std::getenv("CONCIERGE_WEB_URL") != nullptr) {
    web = std::getenv("CONCIERGE_WEB_URL");
  }
  if (web.empty()) return 0;
  const std::optional<std::string> link = SignInLink(web, token);
  if (!link) return UsageError("--web: e.g. https://concierge.example");
  const std::optional<QrCode> qr = EncodeQr(*link);
  if (!qr) return UsageError("the sign-in link is too long for a QR code");
  if (auto file = inv.Option("qr")) {
    std::string error;
    if (!WriteQrFile(*qr, *file, &error)) return UsageError("--qr: " + error);
  }
  if (inv.json()) {
    std::cout << "{\"signin_url\":\"" << *link << "\"}\n";
    return 0;
  }
  std::cout
      << inv.Tr("登入連結（連同令牌，請交給本人）：",
                "Sign-in link (holds the token: hand it to the person only):")
      << "\n"
      << *link << "\n";
  if (!inv.Flag("no-qr")) std::cout << QrTerminalText(*qr);
  if (auto file = inv.Option("qr")) {
    std::cout << inv.Tr("二維碼已寫入 ", "QR code written to ") << *file
              << "\n";
  }
  return 0;
}

namespace {

// `signin link`: the link for a token already issued, read from stdin so it
// stays out of process lists and shell history.
int SignInLinkCommand(Invocation& inv) {
  std::string token;
  std::getline(std::cin, token);
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) return UsageError("give the token on standard input");
  if (!inv.Option("web") && std::getenv("CONCIERGE_WEB_URL") == nullptr) {
    return UsageError("--web (or CONCIERGE_WEB_URL): concierge-web's address");
  }
  return PrintSignIn(inv, token);
}

int TokenIssue(Invocation& inv) {
  v1::IssueTokenRequest request;
  request.set_principal(inv.positional()[0]);
  request.set_label(inv.OptionOr("label", ""));
  if (auto ttl = inv.Option("ttl")) {
    absl::Duration d;
    if (!absl::ParseDuration(*ttl, &d)) return UsageError("--ttl: e.g. 720h");
    request.mutable_ttl()->set_seconds(absl::ToInt64Seconds(d));
  }
  v1::IssueTokenResponse response;
  auto stub = Stub(inv);
  // Not retried: a retry after a lost answer would issue a second token.
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->IssueToken(c, request, &response);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(response);
    return PrintSignIn(inv, response.token());
  }
  PrintToken(inv, response.token_info());
  std::cout << inv.Tr("令牌內容（只顯示這一次）：",
                      "Token (shown only this once):")
            << "\n"
            << response.token() << "\n";
  return PrintSignIn(inv, response.token());
}

int TokenList(Invocation& inv) {
  v1::ListTokensRequest request;
  request.set_principal(inv.positional()[0]);
  auto stub = Stub(inv);
  std::vector<v1::Token> all;
  grpc::Status status =
      ForEachPage<v1::ListTokensRequest, v1::ListTokensResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListTokens(c, r, out);
          },
          [&](const v1::ListTokensResponse& page) {
            all.insert(all.end(), page.tokens().begin(), page.tokens().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& t : all) out.push_back(&t);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("令牌", "Token"), inv.Tr("標籤", "Label"),
               inv.Tr("建立", "Created"), inv.Tr("狀態", "State")});
  for (const auto& t : all) {
    table.AddRow({t.name(), t.label(), FormatTime(t.create_time()),
                  t.has_revoke_time() ? inv.Tr("已撤銷", "revoked")
                                      : inv.Tr("有效", "active")});
  }
  table.Print();
  return 0;
}

int TokenRevoke(Invocation& inv) {
  v1::RevokeTokenRequest request;
  request.set_name(QualifiedName("", "tokens", inv.positional()[0]));
  v1::Token token;
  auto stub = Stub(inv);
  grpc::Status status =
      SendWrite(inv, request, [&](grpc::ClientContext* context) {
        return stub->RevokeToken(context, request, &token);
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(token);
  } else {
    PrintToken(inv, token);
  }
  return 0;
}

const OptionSpec kSiteOption{"site", "site id or name (default: your own)"};

}  // namespace

const OptionSpec kWebOption{
    "web",
    "concierge-web's address, e.g. https://concierge.example "
    "(default: CONCIERGE_WEB_URL): print a sign-in link and QR code"};
const OptionSpec kQrOption{"qr", "also write the QR code to this .png or .svg"};
const OptionSpec kNoQrOption{"no-qr", "no QR code in the terminal", true};

std::vector<Command> DirectoryCommands() {
  return {
      {.path = "site create",
       .summary = "create a site (group administrators)",
       .options = {{"kind", "residential or hotel", false, true},
                   {"name", "display name", false, true},
                   {"time-zone", "IANA zone (default Asia/Shanghai)"},
                   {"currency", "ISO 4217 (default CNY)"}},
       .run = SiteCreate},
      {.path = "site list",
       .summary = "list the sites you may see",
       .run = SiteList},
      {.path = "site show",
       .positional_usage = "<site>",
       .summary = "show one site",
       .run = SiteShow,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "department create",
       .summary = "add a department",
       .options = {kSiteOption,
                   {"code", "e.g. SECURITY", false, true},
                   {"zh", "Chinese title", false, true},
                   {"en", "English title", false, true},
                   {"hourly-cost", "cost of one hour, e.g. 40.00"}},
       .run = DepartmentCreate},
      {.path = "department list",
       .summary = "list departments",
       .options = {kSiteOption},
       .run = DepartmentList},
      {.path = "staff create",
       .summary = "add a staff member",
       .options = {kSiteOption,
                   {"name", "display name", false, true},
                   {"role",
                    "manager, supervisor, reception, staff, finance, admin",
                    false, true},
                   {"department", "department code or name"},
                   {"phone", "phone number"},
                   {"spending-limit", "most one action may cost, e.g. 50.00"}},
       .run = StaffCreate},
      {.path = "staff list",
       .summary = "list staff",
       .options = {kSiteOption,
                   {"department", "only this department"},
                   {"role", "only this role"}},
       .run = StaffList},
      {.path = "staff update",
       .positional_usage = "<sites/S/staff/N>",
       .summary = "change a staff member",
       .options = {{"etag", "etag you read (default: read it now)"},
                   {"name", "display name"},
                   {"role", "new role"},
                   {"department", "department code or name"},
                   {"phone", "phone number"},
                   {"spending-limit", "e.g. 50.00"},
                   {"active", "true or false"}},
       .run = StaffUpdate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "household create",
       .summary = "register a household",
       .options = {kSiteOption,
                   {"building", "building", false, true},
                   {"unit", "unit", false, true},
                   {"address", "address"}},
       .run = HouseholdCreate},
      {.path = "household list",
       .summary = "list households",
       .options = {kSiteOption},
       .run = HouseholdList},
      {.path = "resident create",
       .summary = "register a resident",
       .options = {kSiteOption,
                   {"household", "household id or name", false, true},
                   {"name", "name", false, true},
                   {"phone", "phone number"}},
       .run = ResidentCreate},
      {.path = "resident list",
       .summary = "list residents",
       .options = {kSiteOption, {"household", "only this household"}},
       .run = ResidentList},
      {.path = "partner create",
       .summary = "register a partner system",
       .options = {kSiteOption,
                   {"name", "name", false, true},
                   {"scopes", "comma-separated scopes", false, true}},
       .run = PartnerCreate},
      {.path = "partner list",
       .summary = "list partner systems",
       .options = {kSiteOption},
       .run = PartnerList},
      {.path = "token issue",
       .positional_usage = "<principal>",
       .summary = "issue a token for staff, a resident or a partner",
       .options = {{"label", "a note, e.g. front desk 2"},
                   {"ttl", "lifetime, e.g. 720h (default: until revoked)"},
                   kWebOption,
                   kQrOption,
                   kNoQrOption},
       .run = TokenIssue,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "token list",
       .positional_usage = "<principal>",
       .summary = "list a principal's tokens",
       .run = TokenList,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "signin link",
       .summary = "a concierge-web sign-in link and QR code for a token "
                  "given on standard input",
       .options = {kWebOption, kQrOption, kNoQrOption},
       .run = SignInLinkCommand,
       .offline = true},
      {.path = "token revoke",
       .positional_usage = "<token>",
       .summary = "revoke a token at once",
       .run = TokenRevoke,
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
