#ifndef CONCIERGE_CLIENTS_WEB_DESK_H_
#define CONCIERGE_CLIENTS_WEB_DESK_H_

// What the staff's and managers' pages (desk_*.cc, manager_pages.cc,
// guest_pages.cc) share: who sees what, and the site's people and
// departments by name.

#include <map>
#include <string>
#include <vector>

#include "clients/web/page.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/directory.pb.h"
#include "concierge/v1/requests.pb.h"

namespace concierge::web {

// The site's staff and departments (ListStaff + ListDepartments, together):
// names are shown as people say them, never as resource names.
struct DeskDirectory {
  std::map<std::string, std::string> staff_names;        // name -> person
  std::map<std::string, std::string> department_titles;  // name -> title
  std::vector<v1::Staff> staff;
  std::vector<v1::Department> departments;
};
grpc::Status LoadDirectory(Page& page, DeskDirectory* out);

// Managers, reception, finance: the whole site's board. Supervisors and
// staff: their department's (and what is assigned to them).
bool SeesSite(const Session& s);
// Anyone signed in who is not a resident or a partner system.
bool IsStaff(const Session& s);
// The board column of a request ("" when it is not on the board: finished,
// cancelled, or a free request signed off).
const char* BoardColumn(const v1::ServiceRequest& r);
// A card of the board (templates/board_card.mustache).
Data CardData(const Page& page, const DeskDirectory& directory,
              const v1::ServiceRequest& r);

// A household as the desk says it: "1棟 Building 1 101" (or its address).
std::string HouseholdLabel(const v1::Household& h);
// The households as select options (the one whose id is `chosen` selected).
List HouseholdOptions(const v1::ListHouseholdsResponse& households,
                      const std::string& chosen);
// Household resource name -> HouseholdLabel.
std::map<std::string, std::string> HouseholdUnits(
    const v1::ListHouseholdsResponse& households);
// The site's households (up to 500) for ListHouseholds.
v1::ListHouseholdsRequest SiteHouseholds(const Page& page);

// A posted field without the spaces around it.
std::string FormText(const Page& page, const char* name);
// The "not available to you" page (the same as for a missing thing).
Response DeskNotAvailable(Page& page);
// The front desk of a residential site: reception and the manager.
bool IsCenterDesk(const Session& s);
// The front desk and the department supervisors of a residential site
// (lending, events, complaints).
bool IsCenterDeskOrSupervisor(const Session& s);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_DESK_H_
