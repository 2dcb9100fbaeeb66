// The resident's own household.

#include <iostream>

#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/resident/commands.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {
namespace {

int Household(Invocation& inv) {
  absl::StatusOr<v1::Principal> me = WhoAmI(inv);
  if (!me.ok()) return 1;
  auto stub = v1::DirectoryService::NewStub(inv.channel());
  v1::Household household;
  v1::GetHouseholdRequest get;
  get.set_name(me->household());
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetHousehold(context.get(), get, &household);
  });
  if (!status.ok()) return Fail(status);
  v1::ListResidentsRequest list;
  list.set_parent(me->site());
  list.set_household(me->household());
  std::vector<v1::Resident> members;
  status = ForEachPage<v1::ListResidentsRequest, v1::ListResidentsResponse>(
      inv, list,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListResidents(c, r, out);
      },
      [&](const v1::ListResidentsResponse& page) {
        members.insert(members.end(), page.residents().begin(),
                       page.residents().end());
        return true;
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(household);
    return 0;
  }
  Details d;
  d.Add(inv.Tr("住戶", "Household"), household.name());
  d.Add(inv.Tr("樓棟", "Building"), household.building());
  d.Add(inv.Tr("單元", "Unit"), household.unit());
  d.Add(inv.Tr("地址", "Address"), household.address());
  for (const auto& m : members) {
    d.Add(inv.Tr("成員", "Member"), m.display_name() + "  " + m.phone());
  }
  d.Print();
  return 0;
}

}  // namespace

std::vector<Command> ResidentHouseholdCommands() {
  return {{.path = "household",
           .summary = "show my household and its members",
           .run = Household}};
}

}  // namespace concierge::cli
