// The service center's live board and a request as the desk sees it.
//
// /desk/board renders the open requests of the site (managers, reception)
// or of the person's department (supervisors, staff) in columns by state;
// board.js then opens /desk/board/events, a Server-Sent Events stream that
// concierge-web feeds from WatchTasks with the person's own token:
//  - a fresh stream (no Last-Event-ID) first waits until the server has
//    admitted the watch (its initial metadata), then lists the board and
//    sends it whole ("snapshot"): every move after the admission arrives as
//    an event, so nothing falls between the list and the stream;
//  - each TaskEvent becomes a "card" event whose SSE id is the WatchTasks
//    cursor: a browser that reconnects sends it back as Last-Event-ID and
//    the watch resumes after it; when concierge-server goes away the stream
//    here resumes from the same cursor without the browser noticing;
//  - a card carries its request's update time: the browser keeps the newer
//    of two versions of a card, so an event repeated around a snapshot or a
//    resume never doubles or rewinds it.
// Each open board holds one civetweb worker thread (--threads) and one
// WatchTasks stream to the server; its snapshot is made on the render pool
// (render_pool.h).

#include <malloc.h>

#include <algorithm>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/log.h"
#include "clients/web/page.h"
#include "clients/web/task_watch.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

using v1::RequestState;

struct Column {
  const char* key;
  const char* label;
};
constexpr Column kColumns[] = {
    {"registered", "board.col.registered"},
    {"quoted", "board.col.quoted"},
    {"dispatched", "board.col.dispatched"},
    {"assigned", "board.col.assigned"},
    {"in-progress", "board.col.in_progress"},
    {"completed", "board.col.completed"},
    {"signed-off", "board.col.signed_off"},
};

constexpr RequestState kOpenStates[] = {
    v1::REQUEST_STATE_AWAITING_QUOTE, v1::REQUEST_STATE_QUOTED,
    v1::REQUEST_STATE_DISPUTED,       v1::REQUEST_STATE_PRICE_PROPOSED,
    v1::REQUEST_STATE_DISPATCHED,     v1::REQUEST_STATE_ASSIGNED,
    v1::REQUEST_STATE_IN_PROGRESS,    v1::REQUEST_STATE_COMPLETED,
    v1::REQUEST_STATE_SIGNED_OFF};

bool Paid(const v1::ServiceRequest& r) {
  return r.has_agreed_price() && r.agreed_price().minor_units() > 0;
}

bool OnThisBoard(const Session& s, const v1::ServiceRequest& r) {
  if (SeesSite(s)) return true;
  return r.department() == s.department || r.assignee() == s.principal;
}

}  // namespace

bool SeesSite(const Session& s) {
  return s.role == v1::ROLE_MANAGER || s.role == v1::ROLE_RECEPTION ||
         s.role == v1::ROLE_ADMIN || s.role == v1::ROLE_FINANCE;
}

bool IsStaff(const Session& s) {
  return s.role != v1::ROLE_RESIDENT && s.role != v1::ROLE_PARTNER &&
         s.role != v1::ROLE_GUEST && s.role != v1::ROLE_UNSPECIFIED;
}

const char* BoardColumn(const v1::ServiceRequest& r) {
  switch (r.state()) {
    case v1::REQUEST_STATE_AWAITING_QUOTE:
      return "registered";
    case v1::REQUEST_STATE_QUOTED:
    case v1::REQUEST_STATE_DISPUTED:
    case v1::REQUEST_STATE_PRICE_PROPOSED:
      return "quoted";
    case v1::REQUEST_STATE_DISPATCHED:
      return "dispatched";
    case v1::REQUEST_STATE_ASSIGNED:
      return "assigned";
    case v1::REQUEST_STATE_IN_PROGRESS:
      return "in-progress";
    case v1::REQUEST_STATE_COMPLETED:
      return "completed";
    case v1::REQUEST_STATE_SIGNED_OFF:
      // A free request signed off is finished; a paid one waits for finance.
      return Paid(r) ? "signed-off" : "";
    default:
      return "";
  }
}

grpc::Status LoadDirectory(Page& page, DeskDirectory* out) {
  auto stub = v1::DirectoryService::NewStub(page.channel());
  v1::ListStaffRequest staff_request;
  staff_request.set_parent(page.session().site);
  staff_request.set_page_size(500);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(page.session().site);
  departments_request.set_page_size(100);
  v1::ListStaffResponse staff;
  v1::ListDepartmentsResponse departments;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    stub->async()->ListStaff(c1.get(), &staff_request, &staff, calls.Done(&s1));
    stub->async()->ListDepartments(c2.get(), &departments_request, &departments,
                                   calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return status;
  for (const v1::Staff& s : staff.staff()) {
    out->staff_names[s.name()] = s.display_name();
    out->staff.push_back(s);
  }
  for (const v1::Department& d : departments.departments()) {
    out->department_titles[d.name()] = page.Pick(d.title());
    out->departments.push_back(d);
  }
  return grpc::Status::OK;
}

Data CardData(const Page& page, const DeskDirectory& directory,
              const v1::ServiceRequest& r) {
  Data card;
  const std::string id = LastSegment(r.name());
  card.set("id", id);
  card.set("col",
           std::string(OnThisBoard(page.session(), r) ? BoardColumn(r) : ""));
  card.set("version", absl::StrCat(r.update_time().seconds() * 1000000 +
                                   r.update_time().nanos() / 1000));
  card.set("title", page.Pick(r.item_title()));
  card.set("state", page.EnumLabel(v1::RequestState_descriptor(), r.state()));
  SetText(&card, "unit", r.unit());
  SetText(&card, "contact", r.contact_name());
  if (r.overdue()) card.set("overdue", true);
  if (r.escalation_level() > 0) card.set("escalated", true);
  const bool started = r.state() >= v1::REQUEST_STATE_IN_PROGRESS;
  SetText(
      &card, "due",
      page.Time(started || !r.has_response_due_time() ? r.completion_due_time()
                                                      : r.response_due_time()));
  if (auto it = directory.staff_names.find(r.assignee());
      it != directory.staff_names.end()) {
    SetText(&card, "assignee", it->second);
  }
  if (auto it = directory.department_titles.find(r.department());
      it != directory.department_titles.end()) {
    SetText(&card, "department", it->second);
  }
  SetText(&card, "fee", RequestFeeText(page, r));
  return card;
}

namespace {

// The open requests of the board, every page of them.
grpc::Status ListBoard(Page& page, std::vector<v1::ServiceRequest>* out) {
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  v1::ListServiceRequestsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(500);
  for (RequestState s : kOpenStates) request.add_states(s);
  if (!SeesSite(page.session())) {
    request.set_department(page.session().department);
  }
  out->clear();
  do {
    v1::ListServiceRequestsResponse response;
    grpc::Status status = page.Read([&] {
      auto context = page.Context();
      return stub->ListServiceRequests(context.get(), request, &response);
    });
    if (!status.ok()) return status;
    for (auto& r : *response.mutable_requests()) out->push_back(std::move(r));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

Data ColumnsData(const Page& page, const DeskDirectory& directory,
                 const std::vector<v1::ServiceRequest>& requests) {
  std::map<std::string, List> cards;
  for (const v1::ServiceRequest& r : requests) {
    Data card = CardData(page, directory, r);
    const std::string col = BoardColumn(r);
    if (col.empty() || !OnThisBoard(page.session(), r)) continue;
    cards[col].push_back(std::move(card));
  }
  List columns;
  for (const Column& c : kColumns) {
    Data column;
    column.set("key", std::string(c.key));
    column.set("label", page.Tr(c.label));
    List& list = cards[c.key];
    column.set("count", absl::StrCat(list.size()));
    column.set("cards", list);
    columns.push_back(std::move(column));
  }
  Data data;
  data.set("columns", columns);
  return data;
}

Response Board(Page& page, const std::vector<std::string>&) {
  if (!IsStaff(page.session())) {
    return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
  }
  DeskDirectory directory;
  std::vector<v1::ServiceRequest> requests;
  grpc::Status status = LoadDirectory(page, &directory);
  if (status.ok()) status = ListBoard(page, &requests);
  if (!status.ok()) return page.Failure(status);
  Data data = ColumnsData(page, directory, requests);
  if (!SeesSite(page.session())) {
    if (auto it = directory.department_titles.find(page.session().department);
        it != directory.department_titles.end()) {
      data.set("scope", it->second);
    }
  }
  return page.Render("board", data, page.Tr("board.title"));
}

// "data: " before every line of `text`.
std::string SseData(absl::string_view text) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::StrAppend(&out, "data: ", line, "\n");
  }
  return out;
}

bool PlausibleCursor(const std::string& c) {
  if (c.size() > 100) return false;
  for (char ch : c) {
    if (!absl::ascii_isalnum(ch) && ch != '.' && ch != '-' && ch != '_') {
      return false;
    }
  }
  return true;
}

constexpr absl::Duration kHeartbeat = absl::Seconds(15);

// The board whole, as one SSE "snapshot" message. Runs on the render pool:
// the list of hundreds of requests, their template data and the HTML are
// made and freed there, not on the worker that holds the stream for hours.
std::string SnapshotMessage(Page& page, const DeskDirectory& directory,
                            grpc::Status* status) {
  std::vector<v1::ServiceRequest> requests;
  *status = ListBoard(page, &requests);
  if (!status->ok()) return "";
  const std::string html = page.app().templates().Render(
      page.lang(), "board_columns", ColumnsData(page, directory, requests));
  return absl::StrCat("event: snapshot\n", SseData(html), "\n");
}

void StreamBoard(Page& page, std::string cursor,
                 const Response::Writer& write) {
  if (!write("retry: 1000\n\n")) return;
  DeskDirectory directory;
  grpc::Status status;
  // On the pool, as the snapshot: the staff and department lists are
  // parsed and dropped there, not on the worker that holds the board.
  page.app().render_pool().Run(
      [&] { status = LoadDirectory(page, &directory); });
  if (!status.ok()) {
    if (PageFor(status.error_code()) == ErrorPage::kSignIn ||
        PageFor(status.error_code()) == ErrorPage::kNotAvailable) {
      write("event: gone\ndata: \n\n");
    }
    return;  // the browser comes back after `retry`
  }
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  absl::Duration backoff = absl::Milliseconds(250);
  while (true) {
    v1::WatchTasksRequest request;
    request.set_parent(page.session().site);
    request.set_resume_cursor(cursor);
    auto context = page.Context();
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Hours(12)));
    TaskWatch watch(stub.get(), std::move(context), request);
    v1::TaskEvent event;
    bool opened = false;
    while (true) {
      const TaskWatch::Next next = watch.Wait(kHeartbeat, &event, &status);
      if (next == TaskWatch::Next::kTimeout) {
        if (!write(": alive\n\n")) return;
        continue;
      }
      if (next == TaskWatch::Next::kDone) break;
      if (next == TaskWatch::Next::kOpened) {
        opened = true;
        backoff = absl::Milliseconds(250);
        if (!cursor.empty()) continue;
        std::string message;
        grpc::Status listed;
        page.app().render_pool().Run(
            [&] { message = SnapshotMessage(page, directory, &listed); });
        if (!listed.ok()) {
          status = listed;
          break;
        }
        if (!write(message)) return;
        // The message (hundreds of KB for a busy site) is freed now, but
        // malloc keeps such memory for the thread's arena: hand it back,
        // or a thousand open boards hold a snapshot's worth each.
        message = std::string();
        malloc_trim(0);
        continue;
      }
      // An event: after it, the watch resumes from its cursor.
      cursor = event.cursor();
      std::string message = absl::StrCat("id: ", cursor, "\n");
      if (event.has_request()) {
        // Every board of the site in this language that shows the card in
        // the same column sends the same HTML: rendered once, on the pool.
        const std::string key =
            absl::StrCat(page.session().site, "|", cursor, "|",
                         static_cast<int>(page.lang()), "|",
                         OnThisBoard(page.session(), event.request()));
        const std::string html = page.app().shared_renders().Get(key, [&] {
          return page.app().templates().Render(
              page.lang(), "board_card",
              CardData(page, directory, event.request()));
        });
        absl::StrAppend(&message, "event: card\n", SseData(html), "\n");
      } else {
        absl::StrAppend(&message, "event: skip\ndata: \n\n");
      }
      if (!write(message)) return;
    }
    // The watch ended: the person may no longer watch, the cursor is
    // unknown (start afresh), or the server is away (try again, resuming).
    const ErrorPage kind = PageFor(status.error_code());
    if (kind == ErrorPage::kSignIn || kind == ErrorPage::kNotAvailable) {
      write("event: gone\ndata: \n\n");
      return;
    }
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      cursor.clear();
    }
    if (!write(": reconnecting\n\n")) return;
    if (!opened) {
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(2));
    }
  }
}

Response BoardEvents(Page& page, const std::vector<std::string>&) {
  if (!IsStaff(page.session())) {
    return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
  }
  std::string cursor = page.request().last_event_id;
  if (!PlausibleCursor(cursor)) cursor.clear();
  Response response;
  response.content_type = "text/event-stream; charset=utf-8";
  // The page outlives the handler's return: the stream runs after it, on
  // the same worker thread, before civetweb closes the connection.
  auto copy = std::make_shared<Page>(page.app(), page.request(), page.lang(),
                                     page.session());
  response.stream = [copy, cursor](const Response::Writer& write) {
    StreamBoard(*copy, cursor, write);
  };
  return response;
}

}  // namespace

void AddDeskBoardPages(App& app) {
  app.Get("/desk/board", Board);
  app.Get("/desk/board/events", BoardEvents);
}

}  // namespace concierge::web
