// Community events at the desk (issue 21; catalogue rows 15, 16, 35, 36):
// the site's events with their registrations and places (/desk/events),
// scheduling one of a community-event item, and an event's registrations
// with the attendance recorded once it has started
// (/desk/events/{id}). Reception, the manager and the supervisors of a
// residential site; the server decides.

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"

namespace concierge::web {
namespace {

const std::vector<FieldMap>& EventFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"event.item", "item", "events.item"},
      {"event.start_time", "start", "events.start"},
      {"event.end_time", "end", "events.end"},
      {"event.registration_deadline", "deadline", "events.deadline"},
      {"event.place.zh", "place_zh", "events.place_zh"},
      {"event.place.en", "place_en", "events.place_en"},
      {"event.place", "place_zh", "events.place_zh"},
      {"event.capacity", "capacity", "events.capacity"},
      {"event.title.zh", "title_zh", "events.title_zh"},
      {"event.title.en", "title_en", "events.title_en"},
      {"event.title", "title_zh", "events.title_zh"},
  };
  return *fields;
}

// The event's figures as one line: places, households, waiting, came.
void EventFigures(const Page& page, const v1::CommunityEvent& e, Data* row) {
  row->set("title", page.Pick(e.title()));
  SetText(row, "place", page.Pick(e.place()));
  SetText(row, "start", page.Time(e.start_time()));
  SetText(row, "end", page.Time(e.end_time()));
  SetText(row, "deadline", page.Time(e.registration_deadline()));
  row->set("capacity", absl::StrCat(e.capacity()));
  row->set("places_left", absl::StrCat(e.places_left()));
  row->set("households", absl::StrCat(e.registered_households()));
  row->set("people", absl::StrCat(e.registered_people()));
  if (e.waitlisted_households() > 0) {
    row->set("waitlisted", absl::StrCat(e.waitlisted_households()));
  }
  if (e.attended_people() > 0) {
    row->set("attended", absl::StrCat(e.attended_people()));
  }
  if (e.has_cancel_time()) {
    row->set("called_off", true);
    SetText(row, "cancel_reason", e.cancel_reason());
  }
}

Response EventsPage(Page& page, const FormState& form, int status_code) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  auto catalog = v1::CatalogService::NewStub(page.channel());
  v1::ListEventsRequest events_request;
  events_request.set_parent(page.session().site);
  events_request.set_include_past(true);
  events_request.set_page_size(200);
  v1::ListServiceItemsRequest items_request;
  items_request.set_parent(page.session().site);
  items_request.set_page_size(500);
  v1::ListEventsResponse events;
  v1::ListServiceItemsResponse items;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    desk->async()->ListEvents(c1.get(), &events_request, &events,
                              calls.Done(&s1));
    catalog->async()->ListServiceItems(c2.get(), &items_request, &items,
                                       calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  const absl::Time now = absl::Now();
  Data data = page.FormData();
  // The coming ones soonest first, the past ones most recent first.
  std::vector<const v1::CommunityEvent*> sorted;
  for (const v1::CommunityEvent& e : events.events()) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return a->start_time().seconds() < b->start_time().seconds();
  });
  List coming;
  List past;
  for (const v1::CommunityEvent* e : sorted) {
    Data row;
    row.set("id", LastSegment(e->name()));
    EventFigures(page, *e, &row);
    if (ToTime(e->end_time()) < now) {
      past.insert(past.begin(), row);
    } else {
      if (ToTime(e->start_time()) <= now) row.set("now_on", true);
      coming.push_back(row);
    }
  }
  data.set("coming", coming);
  if (coming.empty()) data.set("none_coming", true);
  data.set("past", past);
  if (!past.empty()) data.set("has_past", true);
  // Scheduling one: the catalogue's event items (the server refuses any
  // other).
  Data create = page.FormData(form);
  List item_options;
  for (const v1::ServiceItem& item : items.items()) {
    if (item.category() != v1::ITEM_CATEGORY_COMMUNITY_EVENT &&
        item.fulfilment() != v1::FULFILMENT_RECURRING_EVENT) {
      continue;
    }
    if (item.state() != v1::ITEM_STATE_APPROVED &&
        item.state() != v1::ITEM_STATE_PUBLISHED) {
      continue;
    }
    Data o;
    const std::string id = LastSegment(item.name());
    o.set("value", id);
    o.set("label", page.Pick(item.title()));
    if (form.active && form.values.Get("item") == id) o.set("selected", true);
    item_options.push_back(o);
  }
  create.set("item_options", item_options);
  if (!form.active) create.set("v_capacity", std::string("30"));
  data.set("create", create);
  if (form.active) data.set("create_open", true);
  if (page.request().query.Has("created")) {
    data.set("banner", page.Tr("events.desk.created"));
  }
  return page.Render("desk_events", data, page.Tr("events.desk.title"),
                     status_code);
}

Response Events(Page& page, const std::vector<std::string>&) {
  return EventsPage(page, FormState(), 200);
}

Response CreateEvent(Page& page, const std::vector<std::string>&) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string& site = page.session().site;
  v1::CreateEventRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::CommunityEvent* e = call.mutable_event();
  const std::string item = FormText(page, "item");
  if (!item.empty()) e->set_item(absl::StrCat(site, "/items/", item));
  e->mutable_title()->set_zh(FormText(page, "title_zh"));
  e->mutable_title()->set_en(FormText(page, "title_en"));
  e->mutable_place()->set_zh(FormText(page, "place_zh"));
  e->mutable_place()->set_en(FormText(page, "place_en"));
  FormState form;
  form.values = page.request().form;
  int capacity = 0;
  if (!absl::SimpleAtoi(FormText(page, "capacity"), &capacity)) {
    form.active = true;
    form.errors["capacity"] = page.Tr("err.number");
  }
  e->set_capacity(capacity);
  struct TimeField {
    const char* field;
    google::protobuf::Timestamp* out;
  };
  for (const TimeField& t :
       {TimeField{"start", e->mutable_start_time()},
        TimeField{"end", e->mutable_end_time()},
        TimeField{"deadline", e->mutable_registration_deadline()}}) {
    const std::string text = FormText(page, t.field);
    if (text.empty()) continue;
    std::optional<absl::Time> parsed = ParseDateTimeInput(text, page.zone());
    if (!parsed) {
      form.active = true;
      form.errors[t.field] = page.Tr("register.window_invalid");
      continue;
    }
    SetTimestamp(*parsed, t.out);
  }
  if (form.active) return EventsPage(page, form, 422);
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::CommunityEvent out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->CreateEvent(c, call, &out); });
  if (status.ok()) {
    return page.Redirect(
        absl::StrCat("/desk/events/", LastSegment(out.name()), "?created=1"));
  }
  if (page.FieldError(status, EventFields(), &form)) {
    return EventsPage(page, form, 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    form.active = true;
    form.errors["item"] = page.Tr("events.desk.item_not_ready");
    return EventsPage(page, form, 409);
  }
  return page.Failure(status);
}

// --- one event's registrations and attendance
// ----------------------------------

Response EventPage(Page& page, const std::string& id,
                   const std::string& failed_registration,
                   const FormState& form, int status_code,
                   const std::string& banner) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  const std::string name = absl::StrCat(page.session().site, "/events/", id);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  const v1::ListHouseholdsRequest households_request = SiteHouseholds(page);
  v1::ListEventsRequest events_request;
  events_request.set_parent(page.session().site);
  events_request.set_include_past(true);
  events_request.set_page_size(500);
  v1::ListRegistrationsRequest registrations_request;
  registrations_request.set_parent(name);
  registrations_request.set_page_size(500);
  v1::ListHouseholdsResponse households;
  v1::ListEventsResponse events;
  v1::ListRegistrationsResponse registrations;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    // The API has no GetEvent: the event is found in the site's list.
    desk->async()->ListEvents(c2.get(), &events_request, &events,
                              calls.Done(&s2));
    desk->async()->ListRegistrations(c3.get(), &registrations_request,
                                     &registrations, calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  if (!status.ok()) return page.Failure(status);
  const v1::CommunityEvent* event = nullptr;
  for (const v1::CommunityEvent& e : events.events()) {
    if (e.name() == name) event = &e;
  }
  if (event == nullptr) {
    return page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  }
  std::map<std::string, std::string> units = HouseholdUnits(households);
  Data data = page.FormData();
  data.set("event_id", id);
  EventFigures(page, *event, &data);
  SetText(&data, "description", page.Pick(event->description()));
  // Attendance is taken once the event has started (the server says the
  // same); before that the page is the list of who is coming.
  const bool started = ToTime(event->start_time()) <= absl::Now();
  const bool open = started && !event->has_cancel_time();
  if (!started && !event->has_cancel_time()) data.set("not_started", true);
  List rows;
  for (const v1::EventRegistration& r : registrations.registrations()) {
    const std::string rid = LastSegment(r.name());
    Data row =
        rid == failed_registration ? page.FormData(form) : page.FormData();
    row.set("id", rid);
    row.set("household", units.count(r.household()) ? units[r.household()]
                                                    : std::string("—"));
    row.set("party", absl::StrCat(r.party_size()));
    SetText(&row, "details", r.details());
    row.set("state",
            page.EnumLabel(v1::EventRegistrationState_descriptor(), r.state()));
    row.set("state_css", CssName(v1::EventRegistrationState_descriptor(),
                                 r.state(), "EVENT_REGISTRATION_STATE_"));
    if (r.waitlist_position() > 0) {
      row.set("position", absl::StrCat(r.waitlist_position()));
    }
    if (r.state() == v1::EVENT_REGISTRATION_STATE_ATTENDED) {
      row.set("came", absl::StrCat(r.attended_people()));
    }
    // REGISTERED, or a record to correct (ATTENDED, NO_SHOW).
    if (open && (r.state() == v1::EVENT_REGISTRATION_STATE_REGISTERED ||
                 r.state() == v1::EVENT_REGISTRATION_STATE_ATTENDED ||
                 r.state() == v1::EVENT_REGISTRATION_STATE_NO_SHOW)) {
      row.set("can_record", true);
      if (rid != failed_registration) {
        row.set("v_people",
                absl::StrCat(r.attended_people() > 0 ? r.attended_people()
                                                     : r.party_size()));
      }
    }
    rows.push_back(row);
  }
  data.set("registrations", rows);
  if (rows.empty()) data.set("no_registrations", true);
  if (page.request().query.Has("created")) {
    data.set("banner", page.Tr("events.desk.created"));
  }
  if (page.request().query.Has("recorded")) {
    data.set("banner", page.Tr("events.desk.recorded"));
  }
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render("desk_event", data,
                     absl::StrCat(page.Pick(event->title()), " · ",
                                  page.Time(event->start_time())),
                     status_code);
}

Response Event(Page& page, const std::vector<std::string>& args) {
  return EventPage(page, args[0], "", FormState(), 200, "");
}

Response RecordAttendance(Page& page, const std::vector<std::string>& args) {
  if (!IsCenterDeskOrSupervisor(page.session())) return DeskNotAvailable(page);
  v1::RecordAttendanceRequest call;
  call.set_name(absl::StrCat(page.session().site, "/events/", args[0],
                             "/registrations/", args[1]));
  call.set_request_id(page.FormRequestId());
  call.set_attended(page.request().form.Get("came") != "no");
  FormState form;
  form.values = page.request().form;
  if (call.attended()) {
    int people = 0;
    if (!absl::SimpleAtoi(FormText(page, "people"), &people)) {
      form.active = true;
      form.errors["people"] = page.Tr("err.number");
      return EventPage(page, args[0], args[1], form, 422, "");
    }
    call.set_people(people);
  }
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::EventRegistration out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->RecordAttendance(c, call, &out);
  });
  if (status.ok()) {
    return page.Redirect(absl::StrCat("/desk/events/", args[0], "?recorded=1"));
  }
  if (page.FieldError(status, {{"people", "people", "events.desk.came"}},
                      &form)) {
    return EventPage(page, args[0], args[1], form, 422, "");
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    return EventPage(page, args[0], "", FormState(), 409, "err.conflict.text");
  }
  return page.Failure(status);
}

}  // namespace

void AddDeskEventPages(App& app) {
  app.Get("/desk/events", Events);
  app.Post("/desk/events", CreateEvent);
  app.Get("/desk/events/{}", Event);
  app.Post("/desk/events/{}/registrations/{}/attendance", RecordAttendance);
}

}  // namespace concierge::web
