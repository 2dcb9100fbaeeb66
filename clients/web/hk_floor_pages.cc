// The housekeeping supervisor's floor (/hk/floor) and handover notes
// (/hk/handover), for the hotel's supervisors and its manager: the site's
// (or one floor's) rooms by state with who has each today, every
// attendant's progress, the day's open, waiting and expired actions, and
// the notes for the next shift.
//
// The API has no site-wide "rooms today": a room's state, attendant,
// open actions and latest visit come in RoomDay, one attendant's day at a
// time (ListMyRooms). So: the department's attendants (ListStaff), then
// each attendant's day in parallel, plus the rooms (ListRooms) and the
// guests in house (ListStays) for rooms nobody has today, and the day's
// actions whatever became of them (ListRoomActions: done and skipped).
// An attendant's progress is the rooms seen today (a cleaning or turndown
// visit) of those assigned.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::web {
namespace {

bool MayUse(const Session& s) {
  return s.site_kind == v1::SITE_KIND_HOTEL &&
         (s.role == v1::ROLE_SUPERVISOR || s.role == v1::ROLE_MANAGER ||
          s.role == v1::ROLE_ADMIN);
}

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

std::string Lookup(const std::map<std::string, std::string>& names,
                   const std::string& key, const std::string& fallback) {
  auto it = names.find(key);
  return it == names.end() ? fallback : it->second;
}

// The department whose floor this is: a supervisor's own, else
// housekeeping.
const v1::Department* FloorDepartment(const Page& page,
                                      const DeskDirectory& directory) {
  for (const v1::Department& d : directory.departments) {
    if (!page.session().department.empty() &&
        d.name() == page.session().department) {
      return &d;
    }
  }
  for (const v1::Department& d : directory.departments) {
    if (d.code() == "HOUSEKEEPING") return &d;
  }
  return nullptr;
}

// Numbers as a person sorts them ("902" before "1201").
bool NumberBefore(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

struct RoomView {
  const v1::Room* room = nullptr;
  const v1::RoomDay* day = nullptr;  // when an attendant has it today
  v1::RoomState state = v1::ROOM_STATE_VACANT;
  int notes = 0;
};

Data ActionRow(const Page& page, const v1::RoomAction& a,
               const std::map<std::string, std::string>& staff_names,
               const std::map<std::string, std::string>& department_titles,
               const std::map<std::string, std::string>& attendant_of_room) {
  Data row;
  row.set("id", LastSegment(a.name()));
  SetText(&row, "title", page.Pick(a.title()));
  row.set("state", page.EnumLabel(v1::RoomActionState_descriptor(), a.state()));
  row.set("state_css", CssName(v1::RoomActionState_descriptor(), a.state(),
                               "ROOM_ACTION_STATE_"));
  SetText(&row, "room", a.room_number());
  row.set("room_href", "/hk/rooms/" + a.room_number());
  const std::string attendant = Lookup(attendant_of_room, a.room_number(), "");
  SetText(&row, "attendant", attendant);
  // Who asked, when it is not the room's attendant (a proposal, a visit by
  // someone else).
  if (const std::string by = Lookup(staff_names, a.requested_by(), "");
      by != attendant) {
    SetText(&row, "by", by);
  }
  if (a.department_task()) {
    SetText(&row, "department",
            Lookup(department_titles, a.department_code(), ""));
  }
  if (a.total_cost().minor_units() != 0) {
    row.set("cost", FormatMoney(a.total_cost()));
  }
  if (a.has_deadline_time()) {
    SetText(&row, "deadline", page.Time(a.deadline_time()));
  }
  if (a.escalation_level() > 0) row.set("escalated", true);
  if (a.state() == v1::ROOM_ACTION_STATE_EXPIRED) {
    SetText(&row, "expiry_reason", page.Pick(a.expiry_reason()));
    SetText(&row, "expired_at", page.Time(a.expire_time()));
  }
  return row;
}

Response Floor(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  const std::string& site = page.session().site;
  std::optional<int> only_floor;
  if (int f = 0; absl::SimpleAtoi(page.request().query.Get("floor"), &f)) {
    only_floor = f;
  }
  DeskDirectory directory;
  grpc::Status status = LoadDirectory(page, &directory);
  if (!status.ok()) return page.Failure(status);
  const v1::Department* department = FloorDepartment(page, directory);
  std::vector<const v1::Staff*> attendants;
  for (const v1::Staff& s : directory.staff) {
    if (department && s.department() == department->name() && s.active() &&
        (s.role() == v1::ROLE_STAFF || s.role() == v1::ROLE_SUPERVISOR)) {
      attendants.push_back(&s);
    }
  }

  // Everything else at once: the rooms (every floor, for the floor
  // links), the guests in house, the handover notes, the approvals, the
  // department's queue and each attendant's day.
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  auto guests = v1::GuestProfileService::NewStub(page.channel());
  v1::ListRoomsRequest rooms_request;
  rooms_request.set_parent(site);
  rooms_request.set_page_size(500);
  v1::ListStaysRequest stays_request;
  stays_request.set_site(site);
  stays_request.set_open_only(true);
  stays_request.set_page_size(500);
  v1::ListHandoverNotesRequest notes_request;
  notes_request.set_parent(site);
  notes_request.set_page_size(500);
  v1::ListPendingApprovalsRequest approvals_request;
  approvals_request.set_parent(site);
  approvals_request.set_page_size(200);
  v1::ListDepartmentTasksRequest tasks_request;
  tasks_request.set_parent(site);
  if (department) tasks_request.set_department_code(department->code());
  tasks_request.set_page_size(200);
  v1::ListRoomActionsRequest today_request;
  today_request.set_parent(site);
  today_request.set_page_size(500);
  v1::ListRoomActionsResponse today_actions;
  v1::ListRoomsResponse rooms;
  v1::ListStaysResponse stays;
  v1::ListHandoverNotesResponse notes;
  v1::ListPendingApprovalsResponse approvals;
  v1::ListDepartmentTasksResponse tasks;
  std::vector<v1::ListMyRoomsRequest> day_requests(attendants.size());
  std::vector<v1::ListMyRoomsResponse> days(attendants.size());
  for (size_t i = 0; i < attendants.size(); ++i) {
    day_requests[i].set_parent(site);
    day_requests[i].set_attendant(attendants[i]->name());
  }
  status = page.Read([&] {
    const size_t n = 6 + attendants.size();
    std::vector<grpc::Status> results(n);
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    for (size_t i = 0; i < n; ++i) contexts.push_back(page.Context());
    rooms.Clear();
    stays.Clear();
    notes.Clear();
    approvals.Clear();
    tasks.Clear();
    today_actions.Clear();
    Fanout calls;
    housekeeping->async()->ListRooms(contexts[0].get(), &rooms_request, &rooms,
                                     calls.Done(&results[0]));
    guests->async()->ListStays(contexts[1].get(), &stays_request, &stays,
                               calls.Done(&results[1]));
    housekeeping->async()->ListHandoverNotes(contexts[2].get(), &notes_request,
                                             &notes, calls.Done(&results[2]));
    housekeeping->async()->ListPendingApprovals(contexts[3].get(),
                                                &approvals_request, &approvals,
                                                calls.Done(&results[3]));
    housekeeping->async()->ListDepartmentTasks(
        contexts[4].get(), &tasks_request, &tasks, calls.Done(&results[4]));
    housekeeping->async()->ListRoomActions(contexts[5].get(), &today_request,
                                           &today_actions,
                                           calls.Done(&results[5]));
    for (size_t i = 0; i < attendants.size(); ++i) {
      days[i].Clear();
      housekeeping->async()->ListMyRooms(contexts[6 + i].get(),
                                         &day_requests[i], &days[i],
                                         calls.Done(&results[6 + i]));
    }
    calls.Wait();
    for (const grpc::Status& s : results) {
      if (!s.ok()) return s;
    }
    return grpc::Status::OK;
  });
  if (!status.ok()) return page.Failure(status);
  // A hotel of more than 500 rooms or guests in house: the further pages.
  while (!rooms.next_page_token().empty() && status.ok()) {
    rooms_request.set_page_token(rooms.next_page_token());
    v1::ListRoomsResponse more;
    status = page.Read([&] {
      more.Clear();
      auto context = page.Context();
      return housekeeping->ListRooms(context.get(), rooms_request, &more);
    });
    rooms.set_next_page_token(more.next_page_token());
    for (auto& r : *more.mutable_rooms()) *rooms.add_rooms() = std::move(r);
  }
  while (!stays.next_page_token().empty() && status.ok()) {
    stays_request.set_page_token(stays.next_page_token());
    v1::ListStaysResponse more;
    status = page.Read([&] {
      more.Clear();
      auto context = page.Context();
      return guests->ListStays(context.get(), stays_request, &more);
    });
    stays.set_next_page_token(more.next_page_token());
    for (auto& s : *more.mutable_stays()) *stays.add_stays() = std::move(s);
  }
  if (!status.ok()) return page.Failure(status);

  std::map<std::string, std::string> department_titles;  // code -> title
  for (const v1::Department& d : directory.departments) {
    department_titles[d.code()] = page.Pick(d.title());
  }
  // The business date the server works in (the attendants' days say it).
  std::string business_date;
  for (const auto& d : days) {
    if (!d.business_date().empty()) business_date = d.business_date();
  }
  absl::CivilDay today = absl::ToCivilDay(absl::Now(), page.zone());
  if (!business_date.empty()) absl::ParseCivilTime(business_date, &today);

  // Each room: its day when an attendant has it; else from the guests in
  // house, with RoomState's own meaning (due out: the planned departure
  // is today or past, in the site's zone).
  std::map<std::string, RoomView> by_number;
  std::set<int> floors;
  for (const v1::Room& r : rooms.rooms()) {
    floors.insert(r.floor());
    if (only_floor && r.floor() != *only_floor) continue;
    by_number[r.number()].room = &r;
  }
  for (const v1::Stay& s : stays.stays()) {
    auto it = by_number.find(s.room_number());
    if (it == by_number.end()) continue;
    const bool due = !s.has_expected_check_out_time() ||
                     absl::ToCivilDay(ToTime(s.expected_check_out_time()),
                                      page.zone()) <= today;
    it->second.state = due ? v1::ROOM_STATE_DUE_OUT : v1::ROOM_STATE_OCCUPIED;
  }
  std::map<std::string, std::string> attendant_of_room;
  for (size_t i = 0; i < attendants.size(); ++i) {
    for (const v1::RoomDay& d : days[i].rooms()) {
      attendant_of_room[d.room_number()] = attendants[i]->display_name();
      auto it = by_number.find(d.room_number());
      if (it == by_number.end()) continue;
      it->second.day = &d;
      it->second.state = d.state();
    }
  }
  for (const v1::HandoverNote& n : notes.notes()) {
    auto it = by_number.find(n.room_number());
    if (it != by_number.end()) ++it->second.notes;
  }

  Data data;
  SetText(&data, "date", business_date);
  if (department) data.set("dept_title", page.Pick(department->title()));

  // The floor links.
  List floor_links;
  {
    Data all;
    all.set("label", page.Tr("floor.all"));
    all.set("href", std::string("/hk/floor"));
    if (!only_floor) all.set("current", true);
    floor_links.push_back(all);
  }
  for (int f : floors) {
    Data link;
    link.set("label", absl::StrReplaceAll(page.Tr("floor.floor_n"),
                                          {{"{n}", absl::StrCat(f)}}));
    link.set("href", absl::StrCat("/hk/floor?floor=", f));
    if (only_floor && *only_floor == f) link.set("current", true);
    floor_links.push_back(link);
  }
  data.set("floors", floor_links);
  if (only_floor) {
    data.set("scope",
             absl::StrReplaceAll(page.Tr("floor.floor_n"),
                                 {{"{n}", absl::StrCat(*only_floor)}}));
  }

  // Rooms by state, then by floor and number.
  std::map<int, int> state_counts;
  int unassigned_guests = 0;
  std::map<int, std::vector<const RoomView*>> floor_rooms;
  for (const auto& [number, view] : by_number) {
    ++state_counts[view.state];
    if (!view.day && view.state != v1::ROOM_STATE_VACANT) ++unassigned_guests;
    floor_rooms[view.room->floor()].push_back(&view);
  }
  List counts;
  for (v1::RoomState s : {v1::ROOM_STATE_OCCUPIED, v1::ROOM_STATE_DUE_OUT,
                          v1::ROOM_STATE_VACANT}) {
    Data c;
    c.set("label", page.EnumLabel(v1::RoomState_descriptor(), s));
    c.set("css", CssName(v1::RoomState_descriptor(), s, "ROOM_STATE_"));
    c.set("count", absl::StrCat(state_counts[s]));
    counts.push_back(c);
  }
  data.set("counts", counts);
  data.set("room_count", absl::StrCat(by_number.size()));
  if (unassigned_guests > 0) {
    data.set("unassigned_guests",
             absl::StrReplaceAll(page.Tr("floor.unassigned_guests"),
                                 {{"{n}", absl::StrCat(unassigned_guests)}}));
  }
  List floor_list;
  for (auto& [f, views] : floor_rooms) {
    std::sort(views.begin(), views.end(),
              [](const RoomView* a, const RoomView* b) {
                return NumberBefore(a->room->number(), b->room->number());
              });
    List tiles;
    for (const RoomView* v : views) {
      Data tile;
      const std::string& number = v->room->number();
      tile.set("number", number);
      tile.set("href", "/hk/rooms/" + number);
      tile.set("state", page.EnumLabel(v1::RoomState_descriptor(), v->state));
      tile.set("state_css",
               CssName(v1::RoomState_descriptor(), v->state, "ROOM_STATE_"));
      if (v->day) {
        tile.set("attendant", attendant_of_room[number]);
        int waiting = 0;
        for (const auto& a : v->day->open_actions()) {
          if (a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) ++waiting;
        }
        const int open = v->day->open_actions_size() - waiting;
        if (open > 0) tile.set("open", absl::StrCat(open));
        if (waiting > 0) tile.set("waiting", absl::StrCat(waiting));
        if (v->day->expired_actions_size() > 0) {
          tile.set("expired", absl::StrCat(v->day->expired_actions_size()));
        }
        if (v->day->open_actions_size() == 0) tile.set("clear", true);
        if (v->day->has_brief()) {
          if (v->day->brief().vip_level() > 0) {
            tile.set("vip", absl::StrCat(v->day->brief().vip_level()));
          }
          if (v->day->brief().birthday_today()) tile.set("birthday", true);
          if (v->day->brief().travelling_with_infant()) {
            tile.set("infant", true);
          }
        }
      } else {
        tile.set("nobody", true);
        if (v->state != v1::ROOM_STATE_VACANT) tile.set("needs_someone", true);
      }
      if (v->notes > 0) tile.set("notes", absl::StrCat(v->notes));
      tiles.push_back(tile);
    }
    Data group;
    group.set("title", absl::StrReplaceAll(page.Tr("floor.floor_n"),
                                           {{"{n}", absl::StrCat(f)}}));
    group.set("rooms", tiles);
    floor_list.push_back(group);
  }
  data.set("floor_rooms", floor_list);
  if (floor_list.empty()) data.set("no_rooms", true);

  // Each attendant's day: rooms seen today of those assigned, rooms with
  // nothing left open, and what is open, waiting and expired.
  List people;
  for (size_t i = 0; i < attendants.size(); ++i) {
    const auto& day = days[i];
    int seen = 0, clear = 0, open = 0, waiting = 0, expired = 0;
    for (const v1::RoomDay& d : day.rooms()) {
      if (d.has_last_visit_time()) ++seen;
      if (d.open_actions_size() == 0) ++clear;
      for (const auto& a : d.open_actions()) {
        if (a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) {
          ++waiting;
        } else {
          ++open;
        }
      }
      expired += d.expired_actions_size();
    }
    Data row;
    row.set("name", attendants[i]->display_name());
    row.set("assigned", absl::StrCat(day.rooms_size()));
    row.set("clear", absl::StrCat(clear));
    row.set("open", absl::StrCat(open));
    row.set("waiting", absl::StrCat(waiting));
    row.set("expired", absl::StrCat(expired));
    if (day.rooms_size() == 0) {
      row.set("no_rooms", true);
    } else {
      row.set("progress", absl::StrCat(seen));
      row.set("progress_max", absl::StrCat(day.rooms_size()));
      row.set("progress_text",
              absl::StrReplaceAll(page.Tr("floor.progress"),
                                  {{"{done}", absl::StrCat(seen)},
                                   {"{all}", absl::StrCat(day.rooms_size())}}));
    }
    people.push_back(row);
  }
  data.set("attendants", people);
  if (people.empty()) data.set("no_attendants", true);

  // The day's actions: each once, from the rooms' days, the approvals and
  // the department's queue; on the floor shown.
  std::map<std::string, const v1::RoomAction*> open_actions;
  std::vector<const v1::RoomAction*> expired_actions;
  auto shown = [&](const v1::RoomAction& a) {
    return !only_floor || by_number.count(a.room_number()) > 0;
  };
  for (const auto& day : days) {
    for (const v1::RoomDay& d : day.rooms()) {
      for (const auto& a : d.open_actions()) {
        if (shown(a)) open_actions.emplace(a.name(), &a);
      }
      for (const auto& a : d.expired_actions()) {
        if (shown(a)) expired_actions.push_back(&a);
      }
    }
  }
  for (const auto& a : approvals.actions()) {
    if (shown(a)) open_actions.emplace(a.name(), &a);
  }
  for (const auto& a : tasks.actions()) {
    if (shown(a)) open_actions.emplace(a.name(), &a);
  }
  std::vector<const v1::RoomAction*> ordered;
  for (const auto& [name, a] : open_actions) ordered.push_back(a);
  auto older = [](const v1::RoomAction* a, const v1::RoomAction* b) {
    return std::make_pair(a->create_time().seconds(), a->name()) <
           std::make_pair(b->create_time().seconds(), b->name());
  };
  std::sort(ordered.begin(), ordered.end(), older);
  std::sort(expired_actions.begin(), expired_actions.end(), older);
  List waiting_rows, todo_rows, expired_rows;
  for (const v1::RoomAction* a : ordered) {
    Data row = ActionRow(page, *a, directory.staff_names, department_titles,
                         attendant_of_room);
    if (a->state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) {
      waiting_rows.push_back(row);
    } else {
      todo_rows.push_back(row);
    }
  }
  for (const v1::RoomAction* a : expired_actions) {
    expired_rows.push_back(ActionRow(page, *a, directory.staff_names,
                                     department_titles, attendant_of_room));
  }
  // Today's actions done and skipped, as recorded (oldest first).
  List done_rows, skipped_rows;
  for (const v1::RoomAction& a : today_actions.actions()) {
    if (!shown(a)) continue;
    if (a.state() == v1::ROOM_ACTION_STATE_DONE) {
      done_rows.push_back(ActionRow(page, a, directory.staff_names,
                                    department_titles, attendant_of_room));
    } else if (a.state() == v1::ROOM_ACTION_STATE_SKIPPED) {
      skipped_rows.push_back(ActionRow(page, a, directory.staff_names,
                                       department_titles, attendant_of_room));
    }
  }
  data.set("done_count", absl::StrCat(done_rows.size()));
  data.set("skipped_count", absl::StrCat(skipped_rows.size()));
  if (done_rows.empty()) data.set("no_done", true);
  if (skipped_rows.empty()) data.set("no_skipped", true);
  data.set("done_actions", done_rows);
  data.set("skipped_actions", skipped_rows);
  data.set("waiting_count", absl::StrCat(waiting_rows.size()));
  data.set("todo_count", absl::StrCat(todo_rows.size()));
  data.set("expired_count", absl::StrCat(expired_rows.size()));
  if (waiting_rows.empty()) data.set("no_waiting", true);
  if (todo_rows.empty()) data.set("no_todo", true);
  if (expired_rows.empty()) data.set("no_expired", true);
  data.set("waiting_actions", waiting_rows);
  data.set("todo_actions", todo_rows);
  data.set("expired_actions", expired_rows);
  data.set("notes_count", absl::StrCat(notes.notes_size()));
  return page.Render("hk_floor", data, page.Tr("floor.title"));
}

// --- handover notes ---------------------------------------------------------

Response HandoverPage(Page& page, const FormState& form, int status_code) {
  if (!MayUse(page.session())) return NotAvailable(page);
  const std::string& site = page.session().site;
  const std::string room_filter(
      absl::StripAsciiWhitespace(page.request().query.Get("room")));
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  v1::ListHandoverNotesRequest notes_request;
  notes_request.set_parent(site);
  if (IsPlainToken(room_filter)) notes_request.set_room_number(room_filter);
  notes_request.set_page_size(500);
  v1::ListRoomsRequest rooms_request;
  rooms_request.set_parent(site);
  rooms_request.set_page_size(500);
  v1::ListHandoverNotesResponse notes;
  v1::ListRoomsResponse rooms;
  DeskDirectory directory;
  grpc::Status s1, s2;
  grpc::Status status = LoadDirectory(page, &directory);
  if (status.ok()) {
    status = page.Read([&] {
      notes.Clear();
      rooms.Clear();
      Fanout calls;
      auto c1 = page.Context();
      auto c2 = page.Context();
      housekeeping->async()->ListHandoverNotes(c1.get(), &notes_request, &notes,
                                               calls.Done(&s1));
      housekeeping->async()->ListRooms(c2.get(), &rooms_request, &rooms,
                                       calls.Done(&s2));
      calls.Wait();
      return s1.ok() ? s2 : s1;
    });
  }
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData(form);
  std::vector<std::string> numbers;
  for (const v1::Room& r : rooms.rooms()) numbers.push_back(r.number());
  std::sort(numbers.begin(), numbers.end(), NumberBefore);
  const std::string chosen =
      form.active ? form.values.Get("room") : room_filter;
  List room_options, filter_options;
  for (const std::string& n : numbers) {
    Data option;
    option.set("number", n);
    if (n == chosen) option.set("selected", true);
    room_options.push_back(option);
    Data filter;
    filter.set("number", n);
    if (n == room_filter) filter.set("selected", true);
    filter_options.push_back(filter);
  }
  data.set("rooms", room_options);
  data.set("filter_rooms", filter_options);
  if (!room_filter.empty()) data.set("room_filter", room_filter);
  // Newest first: the supervisor reads what was left last.
  List rows;
  for (int i = notes.notes_size() - 1; i >= 0; --i) {
    const v1::HandoverNote& n = notes.notes(i);
    Data row;
    row.set("room", n.room_number());
    row.set("room_href", "/hk/rooms/" + n.room_number());
    SetText(&row, "text", n.text());
    SetText(&row, "author", Lookup(directory.staff_names, n.author(), ""));
    SetText(&row, "time", page.Time(n.create_time()));
    if (!n.room_action().empty()) row.set("from_action", true);
    rows.push_back(row);
  }
  data.set("notes", rows);
  data.set("count", absl::StrCat(rows.size()));
  if (rows.empty()) data.set("none", true);
  if (page.request().query.Has("saved")) {
    data.set("banner", page.Tr("handover.saved"));
  }
  return page.Render("hk_handover", data, page.Tr("handover.title"),
                     status_code);
}

Response Handover(Page& page, const std::vector<std::string>&) {
  return HandoverPage(page, FormState(), 200);
}

Response HandoverCreate(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  const Form& in = page.request().form;
  FormState form;
  form.active = true;
  form.values = in;
  const std::string room(absl::StripAsciiWhitespace(in.Get("room")));
  if (room.empty()) {
    form.errors["room"] = page.Tr("handover.room.choose");
    return HandoverPage(page, form, 422);
  }
  v1::CreateHandoverNoteRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  request.mutable_note()->set_room_number(room);
  request.mutable_note()->set_text(
      std::string(absl::StripAsciiWhitespace(in.Get("text"))));
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  v1::HandoverNote note;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CreateHandoverNote(c, request, &note);
  });
  static const auto* fields =
      new std::vector<FieldMap>{{"note.room_number", "room", "handover.room"},
                                {"note.text", "text", "handover.text"},
                                {"room_number", "room", "handover.room"}};
  if (page.FieldError(status, *fields, &form)) {
    return HandoverPage(page, form, 422);
  }
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    // A room number the hotel does not have: beside the field.
    form.errors["room"] = page.Tr("handover.room.unknown");
    return HandoverPage(page, form, 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/hk/handover?saved=1");
}

}  // namespace

void AddFloorPages(App& app) {
  app.Get("/hk/floor", Floor);
  app.Get("/hk/handover", Handover);
  app.Post("/hk/handover", HandoverCreate);
}

}  // namespace concierge::web
