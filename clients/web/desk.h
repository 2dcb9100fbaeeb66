#ifndef CONCIERGE_CLIENTS_WEB_DESK_H_
#define CONCIERGE_CLIENTS_WEB_DESK_H_

// What the staff's and managers' pages (desk_*.cc, manager_pages.cc,
// guest_pages.cc) share: who sees what, and the site's people and
// departments by name.

#include <map>
#include <string>
#include <vector>

#include "clients/web/page.h"
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

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_DESK_H_
