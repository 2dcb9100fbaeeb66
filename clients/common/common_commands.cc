#include "clients/common/common_commands.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/common/output.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {

absl::StatusOr<v1::Principal> WhoAmI(Invocation& invocation) {
  static std::optional<v1::Principal> cached;
  if (cached) return *cached;
  auto stub = v1::DirectoryService::NewStub(invocation.channel());
  v1::Principal principal;
  grpc::Status status = RetryIdempotent([&] {
    auto context = invocation.NewContext();
    return stub->WhoAmI(context.get(), v1::WhoAmIRequest(), &principal);
  });
  if (!status.ok()) {
    Fail(status);
    return absl::UnknownError("whoami failed");
  }
  cached = principal;
  return principal;
}

std::string QualifiedName(const std::string& parent,
                          const std::string& collection,
                          const std::string& text) {
  if (absl::StrContains(text, "/")) return text;
  return absl::StrCat(parent.empty() ? "" : parent + "/", collection, "/", text);
}

std::string ResolveSite(Invocation& invocation, int* exit_code) {
  *exit_code = 0;
  if (auto site = invocation.Option("site")) {
    return QualifiedName("", "sites", *site);
  }
  absl::StatusOr<v1::Principal> me = WhoAmI(invocation);
  if (!me.ok()) {
    *exit_code = 1;
    return "";
  }
  if (me->site().empty()) {
    *exit_code = UsageError("--site is required for a group administrator");
    return "";
  }
  return me->site();
}

Command WhoAmICommand() {
  return Command{
      .path = "whoami",
      .summary = "show who the token stands for",
      .run = [](Invocation& inv) -> int {
        absl::StatusOr<v1::Principal> me = WhoAmI(inv);
        if (!me.ok()) return 1;
        if (inv.json()) {
          PrintJson(*me);
          return 0;
        }
        Details d;
        d.Add(inv.Tr("身份", "Principal"), me->name());
        d.Add(inv.Tr("名稱", "Name"), me->display_name());
        d.Add(inv.Tr("角色", "Role"),
              EnumLabel(v1::Role_Name(me->role()), "ROLE_"));
        if (!me->site().empty()) d.Add(inv.Tr("場所", "Site"), me->site());
        if (!me->department().empty()) {
          d.Add(inv.Tr("部門", "Department"), me->department());
        }
        if (!me->household().empty()) {
          d.Add(inv.Tr("住戶", "Household"), me->household());
        }
        if (me->scopes_size() > 0) {
          d.Add(inv.Tr("權限範圍", "Scopes"),
                absl::StrJoin(me->scopes(), " "));
        }
        d.Add(inv.Tr("令牌", "Token"), me->token());
        d.Print();
        return 0;
      }};
}

}  // namespace concierge::cli
