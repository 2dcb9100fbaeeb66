// Hotel guests, for the front desk and every department: search by name
// (/g/guests?q=), the profile (/g/guests/{id}) exactly as the server masks
// it for the viewer's role (concierge-web shows what GetGuestProfile
// returns, nothing more), and an observation or note from any department
// (RecordObservation: the restaurant's waiter noting a guest's habit).

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/guests.grpc.pb.h"

namespace concierge::web {
namespace {

bool MayUse(const Session& s) {
  return s.site_kind == v1::SITE_KIND_HOTEL && IsStaff(s) &&
         s.role != v1::ROLE_FINANCE;
}

// Check-in and check-out are the front desk's (reception, the manager).
bool MayCheckIn(const Session& s) {
  return s.role == v1::ROLE_RECEPTION || s.role == v1::ROLE_MANAGER;
}

// Where the check-in form's fields are in the server's words.
const std::vector<FieldMap>& CheckInFields() {
  static const auto* fields = new std::vector<FieldMap>{
      {"stay.room_number", "room", "guests.checkin.room"},
      {"stay.party.adults", "adults", "guests.checkin.adults"},
      {"stay.party.children", "children", "guests.checkin.children"},
      {"stay.party.infants", "infants", "guests.checkin.infants"},
      {"stay.expected_check_out_time", "until", "guests.checkin.until"},
  };
  return *fields;
}

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

std::string GuestName(const v1::Guest& g) {
  std::vector<std::string> names;
  if (!g.chinese_name().empty()) names.push_back(g.chinese_name());
  if (!g.latin_name().empty()) names.push_back(g.latin_name());
  return names.empty() ? std::string("—") : absl::StrJoin(names, " ");
}

Response Search(Page& page, const std::vector<std::string>&) {
  if (!MayUse(page.session())) return NotAvailable(page);
  const std::string query(
      absl::StripAsciiWhitespace(page.request().query.Get("q")));
  Data data;
  data.set("q", query);
  if (!query.empty()) {
    auto stub = v1::GuestProfileService::NewStub(page.channel());
    v1::SearchGuestsRequest request;
    request.set_query(query);
    request.set_page_size(50);
    v1::SearchGuestsResponse response;
    grpc::Status status = page.Read([&] {
      auto context = page.Context();
      return stub->SearchGuests(context.get(), request, &response);
    });
    if (!status.ok()) return page.Failure(status);
    List rows;
    for (const v1::Guest& g : response.guests()) {
      Data row;
      row.set("id", LastSegment(g.name()));
      row.set("guest_name", GuestName(g));
      SetText(&row, "address", page.Pick(g.form_of_address()));
      SetText(&row, "phone", g.phone());
      if (g.vip_level() > 0) row.set("vip", absl::StrCat(g.vip_level()));
      rows.push_back(row);
    }
    data.set("guests", rows);
    data.set("searched", true);
    if (rows.empty()) data.set("none", true);
  }
  return page.Render("guests", data, page.Tr("guests.title"));
}

Response ProfilePage(Page& page, const std::string& id, const FormState& form,
                     const std::string& banner) {
  if (!MayUse(page.session())) return NotAvailable(page);
  auto stub = v1::GuestProfileService::NewStub(page.channel());
  v1::GetGuestProfileRequest request;
  request.set_name("guests/" + id);
  v1::GuestProfile profile;
  grpc::Status status = page.Read([&] {
    auto context = page.Context();
    return stub->GetGuestProfile(context.get(), request, &profile);
  });
  DeskDirectory directory;
  if (status.ok()) status = LoadDirectory(page, &directory);
  if (!status.ok()) return page.Failure(status);
  const v1::Guest& g = profile.guest();
  Data data = page.FormData(form);
  data.set("id", id);
  SetText(&data, "address", page.Pick(g.form_of_address()));
  SetText(&data, "phone", g.phone());
  SetText(&data, "email", g.email());
  SetText(&data, "language", g.language());
  if (g.vip_level() > 0) data.set("vip", absl::StrCat(g.vip_level()));
  SetText(&data, "loyalty", g.loyalty_number());
  SetText(&data, "accessibility", g.accessibility_note());
  if (profile.regular()) data.set("regular", true);
  data.set("stays", absl::StrCat(profile.completed_stays()));
  const bool desk = MayCheckIn(page.session());
  List open_stays;
  for (const v1::Stay& s : profile.open_stays()) {
    Data row;
    row.set("room", s.room_number());
    SetText(&row, "since", page.Time(s.check_in_time()));
    SetText(&row, "until", page.Time(s.expected_check_out_time()));
    if (desk) {
      row.set("checkout", absl::StrCat("/g/guests/", id, "/checkout/",
                                       LastSegment(s.name())));
    }
    open_stays.push_back(row);
  }
  data.set("open_stays", open_stays);
  if (desk && profile.open_stays().empty() && !g.erased()) {
    data.set("can_check_in", true);
    if (!form.active) data.set("v_adults", std::string("1"));
  }
  List preferences;
  for (const v1::Preference& p : profile.preferences()) {
    Data row;
    row.set("category",
            page.EnumLabel(v1::PreferenceCategory_descriptor(), p.category()));
    row.set("key", Words(p.key()));
    SetText(&row, "value", Words(p.value()));
    SetText(&row, "time", page.Time(p.record_time()));
    preferences.push_back(row);
  }
  data.set("preferences", preferences);
  if (preferences.empty()) data.set("no_preferences", true);
  List notes;
  for (const v1::Note& n : profile.notes()) {
    Data row;
    SetText(&row, "text", n.text());
    if (n.redacted()) row.set("redacted", true);
    // The author's department comes as its code.
    for (const v1::Department& d : directory.departments) {
      if (d.code() == n.department())
        row.set("department", page.Pick(d.title()));
    }
    if (auto it = directory.staff_names.find(n.author());
        it != directory.staff_names.end()) {
      row.set("author", it->second);
    }
    SetText(&row, "time", page.Time(n.create_time()));
    notes.push_back(row);
  }
  data.set("notes", notes);
  if (notes.empty()) data.set("no_notes", true);
  List consumption;
  for (const v1::ConsumptionEntry& c : profile.consumption()) {
    Data row;
    SetText(&row, "what", c.description());
    row.set("amount", FormatMoney(c.amount()));
    SetText(&row, "time", page.Time(c.record_time()));
    consumption.push_back(row);
  }
  if (!consumption.empty()) data.set("has_consumption", true);
  data.set("consumption", consumption);
  if (!banner.empty()) data.set("banner", page.Tr(banner));
  return page.Render("guest", data, GuestName(g), form.active ? 422 : 200);
}

Response Profile(Page& page, const std::vector<std::string>& args) {
  const Request& http = page.request();
  const char* banner = http.query.Has("saved")         ? "guests.note.saved"
                       : http.query.Has("checked_in")  ? "guests.checked_in"
                       : http.query.Has("checked_out") ? "guests.checked_out"
                                                       : "";
  return ProfilePage(page, args[0], FormState(), banner);
}

Response AddNote(Page& page, const std::vector<std::string>& args) {
  if (!MayUse(page.session())) return NotAvailable(page);
  v1::RecordObservationRequest call;
  // The guest by name: the server takes a guest, or a site and the room of
  // an open stay, not both.
  call.set_guest("guests/" + args[0]);
  call.set_note(
      std::string(absl::StripAsciiWhitespace(page.request().form.Get("note"))));
  call.set_request_id(page.FormRequestId());
  auto stub = v1::GuestProfileService::NewStub(page.channel());
  v1::RecordObservationResponse out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->RecordObservation(c, call, &out);
  });
  if (status.ok()) return page.Redirect("/g/guests/" + args[0] + "?saved=1");
  FormState form;
  if (page.FieldError(status, {{"note", "note", "guests.note"}}, &form)) {
    return ProfilePage(page, args[0], form, "");
  }
  return page.Failure(status);
}

// Check-in at the desk: the room, the party and the expected check-out.
Response CheckIn(Page& page, const std::vector<std::string>& args) {
  if (!MayUse(page.session()) || !MayCheckIn(page.session())) {
    return NotAvailable(page);
  }
  const Form& in = page.request().form;
  FormState form;
  form.values = in;
  form.active = true;
  auto trimmed = [&](const char* name) {
    return std::string(absl::StripAsciiWhitespace(in.Get(name)));
  };
  v1::CheckInRequest call;
  call.set_parent(page.session().site);
  call.set_request_id(page.FormRequestId());
  v1::Stay* stay = call.mutable_stay();
  stay->set_guest("guests/" + args[0]);
  stay->set_room_number(trimmed("room"));
  for (const auto& [field, set] :
       {std::pair<const char*, void (v1::Party::*)(int32_t)>{
            "adults", &v1::Party::set_adults},
        {"children", &v1::Party::set_children},
        {"infants", &v1::Party::set_infants}}) {
    int32_t n = 0;
    const std::string text = trimmed(field);
    if (!text.empty() && !absl::SimpleAtoi(text, &n)) {
      form.errors[field] = page.Tr("guests.checkin.number");
      continue;
    }
    (stay->mutable_party()->*set)(n);
  }
  if (const std::string until = trimmed("until"); !until.empty()) {
    std::optional<absl::Time> t = ParseDateTimeInput(until, page.zone());
    if (!t) {
      form.errors["until"] = page.Tr("err.datetime");
    } else {
      SetTimestamp(*t, stay->mutable_expected_check_out_time());
    }
  }
  if (!form.errors.empty()) return ProfilePage(page, args[0], form, "");
  auto stub = v1::GuestProfileService::NewStub(page.channel());
  v1::Stay out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->CheckIn(c, call, &out); });
  if (page.FieldError(status, CheckInFields(), &form)) {
    return ProfilePage(page, args[0], form, "");
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/g/guests/" + args[0] + "?checked_in=1");
}

Response CheckOut(Page& page, const std::vector<std::string>& args) {
  if (!MayUse(page.session()) || !MayCheckIn(page.session())) {
    return NotAvailable(page);
  }
  v1::CheckOutRequest call;
  call.set_name(absl::StrCat(page.session().site, "/stays/", args[1]));
  call.set_request_id(page.FormRequestId());
  auto stub = v1::GuestProfileService::NewStub(page.channel());
  v1::Stay out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->CheckOut(c, call, &out); });
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/g/guests/" + args[0] + "?checked_out=1");
}

}  // namespace

void AddGuestPages(App& app) {
  app.Post("/g/guests/{}/checkin", CheckIn);
  app.Post("/g/guests/{}/checkout/{}", CheckOut);
  app.Get("/g/guests", Search);
  app.Get("/g/guests/{}", Profile);
  app.Post("/g/guests/{}/notes", AddNote);
}

}  // namespace concierge::web
