// How a caller stands to a request or a room action: the "who" the domain's
// transition tables take, decided by the use cases without the wire.

#include <gtest/gtest.h>

#include "server/usecase/hotel.h"
#include "server/usecase/requests.h"

namespace concierge::usecase {
namespace {

domain::Principal StaffOf(int64_t site, int64_t id, domain::Role role,
                          int64_t department) {
  domain::Principal p;
  p.kind = domain::PrincipalKind::kStaff;
  p.site_id = site;
  p.id = id;
  p.role = role;
  p.department_id = department;
  return p;
}

domain::ServiceRequest RequestOf(int64_t site, int64_t household,
                                 int64_t department, int64_t assignee) {
  domain::ServiceRequest r;
  r.site_id = site;
  r.household_id = household;
  r.department_id = department;
  r.assignee_id = assignee;
  return r;
}

TEST(RequestRelations, TheAssigneeAndTheDepartmentsSupervisor) {
  const domain::ServiceRequest r = RequestOf(1, 10, 3, 7);
  const domain::Relations plumber =
      RelationsOf(StaffOf(1, 7, domain::Role::kStaff, 3), r);
  EXPECT_TRUE(plumber.Has(domain::Relation::kAssignee));
  EXPECT_TRUE(plumber.Has(domain::Relation::kDeptStaff));
  EXPECT_FALSE(plumber.Has(domain::Relation::kDeptSupervisor));
  const domain::Relations supervisor =
      RelationsOf(StaffOf(1, 8, domain::Role::kSupervisor, 3), r);
  EXPECT_TRUE(supervisor.Has(domain::Relation::kDeptSupervisor));
  EXPECT_FALSE(supervisor.Has(domain::Relation::kAssignee));
  // Another department's supervisor is nobody to this request.
  EXPECT_FALSE(RelationsOf(StaffOf(1, 9, domain::Role::kSupervisor, 4), r)
                   .Has(domain::Relation::kDeptSupervisor));
}

TEST(RequestRelations, ResidentsOfTheHouseholdOnlyAndNothingAcrossSites) {
  const domain::ServiceRequest r = RequestOf(1, 10, 3, 0);
  domain::Principal liu;
  liu.kind = domain::PrincipalKind::kResident;
  liu.role = domain::Role::kResident;
  liu.site_id = 1;
  liu.household_id = 10;
  EXPECT_TRUE(RelationsOf(liu, r).Has(domain::Relation::kResident));
  liu.household_id = 11;
  EXPECT_FALSE(RelationsOf(liu, r).Has(domain::Relation::kResident));
  // A manager of another site has no relation at all.
  EXPECT_FALSE(RelationsOf(StaffOf(2, 1, domain::Role::kManager, 0), r)
                   .Has(domain::Relation::kManager));
  EXPECT_TRUE(RelationsOf(StaffOf(1, 1, domain::Role::kManager, 0), r)
                  .Has(domain::Relation::kManager));
}

TEST(ActionRelations, RequesterDepartmentApproverAndManager) {
  domain::RoomAction action;
  action.requester_staff_id = 5;
  action.requester_department_id = 2;
  action.department_id = 6;
  const auto attendant =
      RelationsOf(StaffOf(1, 5, domain::Role::kStaff, 2), action);
  EXPECT_TRUE(attendant.Has(domain::ActionRelation::kRequester));
  EXPECT_FALSE(attendant.Has(domain::ActionRelation::kApprover));
  const auto engineer =
      RelationsOf(StaffOf(1, 9, domain::Role::kStaff, 6), action);
  EXPECT_TRUE(engineer.Has(domain::ActionRelation::kDepartment));
  const auto supervisor =
      RelationsOf(StaffOf(1, 3, domain::Role::kSupervisor, 2), action);
  EXPECT_TRUE(supervisor.Has(domain::ActionRelation::kApprover));
  const auto manager =
      RelationsOf(StaffOf(1, 1, domain::Role::kManager, 0), action);
  EXPECT_TRUE(manager.Has(domain::ActionRelation::kManager));
  EXPECT_TRUE(IsManagement(StaffOf(1, 1, domain::Role::kManager, 0)));
  EXPECT_FALSE(IsManagement(StaffOf(1, 3, domain::Role::kSupervisor, 2)));
  // A department task has no requester: the proposer is one of the
  // department's staff like any other.
  action.department_task = true;
  EXPECT_FALSE(RelationsOf(StaffOf(1, 5, domain::Role::kStaff, 2), action)
                   .Has(domain::ActionRelation::kRequester));
}

}  // namespace
}  // namespace concierge::usecase
