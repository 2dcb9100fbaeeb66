// The front desk of a service center: register a request for a resident
// who phones or walks in (/desk/register); parcels and registered mail
// (/desk/parcels: log, the waiting list, pickup with the collector's name
// and the name signed); a household's history (/desk/households/{id}).

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/web/desk.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

std::string Trimmed(const Page& page, const char* name) {
  return FormText(page, name);
}

bool IsDesk(const Session& s) {
  return s.role == v1::ROLE_RECEPTION || s.role == v1::ROLE_MANAGER;
}

Response NotAvailable(Page& page) { return DeskNotAvailable(page); }

}  // namespace

std::string FormText(const Page& page, const char* name) {
  return std::string(absl::StripAsciiWhitespace(page.request().form.Get(name)));
}

Response DeskNotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

bool IsCenterDesk(const Session& s) {
  return s.site_kind == v1::SITE_KIND_RESIDENTIAL && IsDesk(s);
}

bool IsCenterDeskOrSupervisor(const Session& s) {
  return s.site_kind == v1::SITE_KIND_RESIDENTIAL &&
         (IsDesk(s) || s.role == v1::ROLE_SUPERVISOR);
}

v1::ListHouseholdsRequest SiteHouseholds(const Page& page) {
  v1::ListHouseholdsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(500);
  return request;
}

std::string HouseholdLabel(const v1::Household& h) {
  std::string label =
      absl::StrCat(h.building(), h.building().empty() ? "" : " ", h.unit());
  if (label.empty()) label = h.address();
  return label;
}

List HouseholdOptions(const v1::ListHouseholdsResponse& households,
                      const std::string& chosen) {
  List options;
  for (const v1::Household& h : households.households()) {
    Data o;
    const std::string id = LastSegment(h.name());
    o.set("value", id);
    o.set("label", HouseholdLabel(h));
    if (id == chosen) o.set("selected", true);
    options.push_back(o);
  }
  return options;
}

std::map<std::string, std::string> HouseholdUnits(
    const v1::ListHouseholdsResponse& households) {
  std::map<std::string, std::string> units;
  for (const v1::Household& h : households.households()) {
    units[h.name()] = HouseholdLabel(h);
  }
  return units;
}

namespace {

// --- register a request ----------------------------------------------------

Response RegisterForm(Page& page, const FormState& form) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto catalog = v1::CatalogService::NewStub(page.channel());
  v1::ListHouseholdsRequest households_request;
  households_request.set_parent(page.session().site);
  households_request.set_page_size(500);
  v1::ListServiceItemsRequest items_request;
  items_request.set_parent(page.session().site);
  items_request.set_page_size(500);
  items_request.set_state(v1::ITEM_STATE_PUBLISHED);
  v1::ListResidentsRequest residents_request;
  residents_request.set_parent(page.session().site);
  residents_request.set_page_size(1000);
  v1::ListHouseholdsResponse households;
  v1::ListServiceItemsResponse items;
  v1::ListResidentsResponse residents;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    catalog->async()->ListServiceItems(c2.get(), &items_request, &items,
                                       calls.Done(&s2));
    directory->async()->ListResidents(c3.get(), &residents_request, &residents,
                                      calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData(form);
  // Who asks: a resident of a household ("<household>-<resident>"), so the
  // contact name and phone default to the resident's record.
  std::map<std::string, std::string> unit_of;
  for (const v1::Household& h : households.households()) {
    unit_of[h.name()] = HouseholdLabel(h);
  }
  const std::string chosen_household = page.request().query.Get("household");
  const std::string chosen = form.active ? form.values.Get("who") : "";
  List who;
  for (const v1::Resident& r : residents.residents()) {
    Data o;
    const std::string value =
        absl::StrCat(LastSegment(r.household()), "-", LastSegment(r.name()));
    o.set("value", value);
    o.set("label",
          absl::StrCat(unit_of[r.household()], " · ", r.display_name()));
    if (value == chosen || (chosen.empty() && !chosen_household.empty() &&
                            LastSegment(r.household()) == chosen_household)) {
      o.set("selected", true);
    }
    who.push_back(o);
  }
  data.set("residents", who);
  List item_options;
  for (const v1::ServiceItem& item : items.items()) {
    Data o;
    const std::string id = LastSegment(item.name());
    o.set("value", id);
    o.set("label", absl::StrCat(page.Pick(item.title()), " · ",
                                ItemFeeText(page, item)));
    if (form.active && form.values.Get("item") == id) o.set("selected", true);
    item_options.push_back(o);
  }
  data.set("items", item_options);
  if (!form.active || form.values.Get("channel") != "walk_in") {
    data.set("v_channel_phone", true);
  }
  return page.Render("desk_register", data, page.Tr("register.title"),
                     form.active ? 422 : 200);
}

Response Register(Page& page, const std::vector<std::string>&) {
  return RegisterForm(page, FormState());
}

Response CreateRequest(Page& page, const std::vector<std::string>&) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  const std::string& site = page.session().site;
  v1::CreateServiceRequestRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::ServiceRequest* r = call.mutable_request();
  r->set_item(absl::StrCat(site, "/items/", page.request().form.Get("item")));
  const std::vector<std::string> who =
      absl::StrSplit(page.request().form.Get("who"), '-');
  if (who.size() == 2) {
    r->set_household(absl::StrCat(site, "/households/", who[0]));
    r->set_resident(absl::StrCat(site, "/residents/", who[1]));
  }
  r->set_channel(page.request().form.Get("channel") == "walk_in"
                     ? v1::REQUEST_CHANNEL_WALK_IN
                     : v1::REQUEST_CHANNEL_PHONE);
  r->set_contact_name(Trimmed(page, "contact_name"));
  r->set_phone(Trimmed(page, "phone"));
  r->set_place(Trimmed(page, "place"));
  r->set_content(Trimmed(page, "content"));
  FormState form;
  for (const char* field : {"window_start", "window_end"}) {
    const std::string text = Trimmed(page, field);
    if (text.empty()) continue;
    std::optional<absl::Time> t = ParseDateTimeInput(text, page.zone());
    if (!t) {
      form.active = true;
      form.errors[field] = page.Tr("register.window_invalid");
      continue;
    }
    SetTimestamp(*t, std::string(field) == "window_start"
                         ? r->mutable_window_start()
                         : r->mutable_window_end());
  }
  if (form.active) {
    form.values = page.request().form;
    return RegisterForm(page, form);
  }
  auto stub = v1::ServiceRequestService::NewStub(page.channel());
  v1::ServiceRequest out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CreateServiceRequest(c, call, &out);
  });
  if (status.ok()) {
    return page.Redirect("/desk/requests/" + LastSegment(out.name()) +
                         "?done=1");
  }
  if (page.FieldError(
          status,
          {{"request.item", "item", "register.item"},
           {"request.household", "who", "register.household"},
           {"request.resident", "who", "register.household"},
           {"request.contact_name", "contact_name", "register.contact_name"},
           {"request.phone", "phone", "register.phone"},
           {"request.content", "content", "book.content"},
           {"request.window_start", "window_start", "register.window_start"},
           {"request.window_end", "window_end", "register.window_end"}},
          &form)) {
    return RegisterForm(page, form);
  }
  return page.Failure(status);
}

// --- parcels -----------------------------------------------------------------

Response ParcelsPage(Page& page, const FormState& form) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  v1::ListHouseholdsRequest households_request;
  households_request.set_parent(page.session().site);
  households_request.set_page_size(500);
  v1::ListParcelsRequest parcels_request;
  parcels_request.set_parent(page.session().site);
  parcels_request.set_state(v1::PARCEL_STATE_WAITING);
  parcels_request.set_page_size(200);
  v1::ListHouseholdsResponse households;
  v1::ListParcelsResponse parcels;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    directory->async()->ListHouseholds(c1.get(), &households_request,
                                       &households, calls.Done(&s1));
    desk->async()->ListParcels(c2.get(), &parcels_request, &parcels,
                               calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  std::map<std::string, std::string> unit_of;
  for (const v1::Household& h : households.households()) {
    unit_of[h.name()] = HouseholdLabel(h);
  }
  Data data = page.FormData(form);
  data.set(
      "households",
      HouseholdOptions(households, form.active ? form.values.Get("household")
                                               : std::string()));
  List kinds;
  for (v1::ParcelKind k :
       {v1::PARCEL_KIND_PARCEL, v1::PARCEL_KIND_REGISTERED_LETTER,
        v1::PARCEL_KIND_REMITTANCE_SLIP, v1::PARCEL_KIND_PARCEL_NOTICE}) {
    Data o;
    o.set("value", absl::StrCat(static_cast<int>(k)));
    o.set("label", page.EnumLabel(v1::ParcelKind_descriptor(), k));
    kinds.push_back(o);
  }
  data.set("kinds", kinds);
  List rows;
  const std::string pickup_of = form.active ? form.values.Get("parcel") : "";
  for (const v1::Parcel& p : parcels.parcels()) {
    Data row;
    const std::string id = LastSegment(p.name());
    row.set("id", id);
    row.set("kind", page.EnumLabel(v1::ParcelKind_descriptor(), p.kind()));
    row.set("household", unit_of.count(p.household()) ? unit_of[p.household()]
                                                      : std::string("—"));
    row.set("household_id", LastSegment(p.household()));
    SetText(&row, "carrier", p.carrier());
    SetText(&row, "tracking", p.tracking_number());
    SetText(&row, "shelf", p.shelf());
    SetText(&row, "note", p.note());
    SetText(&row, "since", page.Time(p.log_time()));
    if (id == pickup_of) {
      row.set("pickup_error", form.general_error.empty()
                                  ? page.Tr("parcels.pickup.missing")
                                  : form.general_error);
    }
    rows.push_back(row);
  }
  data.set("parcels", rows);
  if (rows.empty()) data.set("no_parcels", true);
  data.set("waiting", absl::StrCat(rows.size()));
  if (page.request().query.Has("logged")) {
    data.set("banner", page.Tr("parcels.logged"));
  }
  if (page.request().query.Has("collected")) {
    data.set("banner", page.Tr("parcels.collected"));
  }
  return page.Render("desk_parcels", data, page.Tr("parcels.title"),
                     form.active ? 422 : 200);
}

Response Parcels(Page& page, const std::vector<std::string>&) {
  return ParcelsPage(page, FormState());
}

Response LogParcel(Page& page, const std::vector<std::string>&) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  const std::string& site = page.session().site;
  v1::LogParcelRequest call;
  call.set_parent(site);
  call.set_request_id(page.FormRequestId());
  v1::Parcel* p = call.mutable_parcel();
  p->set_household(
      absl::StrCat(site, "/households/", page.request().form.Get("household")));
  int kind = 0;
  if (absl::SimpleAtoi(page.request().form.Get("kind"), &kind) &&
      v1::ParcelKind_IsValid(kind)) {
    p->set_kind(static_cast<v1::ParcelKind>(kind));
  }
  p->set_carrier(Trimmed(page, "carrier"));
  p->set_tracking_number(Trimmed(page, "tracking"));
  p->set_shelf(Trimmed(page, "shelf"));
  p->set_note(Trimmed(page, "note"));
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::Parcel out;
  grpc::Status status = page.Write(
      [&](grpc::ClientContext* c) { return stub->LogParcel(c, call, &out); });
  if (status.ok()) return page.Redirect("/desk/parcels?logged=1");
  FormState form;
  if (page.FieldError(
          status,
          {{"parcel.household", "household", "parcels.household"},
           {"parcel.kind", "kind", "parcels.kind"},
           {"parcel.carrier", "carrier", "parcels.carrier"},
           {"parcel.tracking_number", "tracking", "parcels.tracking"},
           {"parcel.shelf", "shelf", "parcels.shelf"}},
          &form)) {
    return ParcelsPage(page, form);
  }
  return page.Failure(status);
}

Response Pickup(Page& page, const std::vector<std::string>& args) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  v1::RecordPickupRequest call;
  call.set_name(absl::StrCat(page.session().site, "/parcels/", args[0]));
  call.set_collected_by(Trimmed(page, "collected_by"));
  call.set_signature_name(Trimmed(page, "signature_name"));
  call.set_request_id(page.FormRequestId());
  FormState form;
  if (call.collected_by().empty() || call.signature_name().empty()) {
    form.active = true;
    form.values = page.request().form;
    form.values.Add("parcel", args[0]);
    return ParcelsPage(page, form);
  }
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::Parcel out;
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->RecordPickup(c, call, &out);
  });
  if (status.ok()) return page.Redirect("/desk/parcels?collected=1");
  if (page.FieldError(status, {}, &form)) {
    form.values.Add("parcel", args[0]);
    return ParcelsPage(page, form);
  }
  return page.Failure(status);
}

// --- a household's history ---------------------------------------------------

Response Household(Page& page, const std::vector<std::string>& args) {
  if (!IsDesk(page.session())) return NotAvailable(page);
  const std::string name =
      absl::StrCat(page.session().site, "/households/", args[0]);
  auto directory = v1::DirectoryService::NewStub(page.channel());
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  v1::GetHouseholdRequest get;
  get.set_name(name);
  v1::ListHouseholdHistoryRequest list;
  list.set_parent(name);
  list.set_page_size(100);
  v1::Household household;
  v1::ListHouseholdHistoryResponse history;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    directory->async()->GetHousehold(c1.get(), &get, &household,
                                     calls.Done(&s1));
    desk->async()->ListHouseholdHistory(c2.get(), &list, &history,
                                        calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  Data data;
  data.set("id", args[0]);
  List entries;
  for (const v1::HouseholdHistoryEntry& e : history.entries()) {
    Data row;
    SetText(&row, "time", page.Time(e.time()));
    row.set("action",
            page.EnumLabel(v1::FrontDeskAction_descriptor(), e.action()));
    SetText(&row, "summary", page.Pick(e.summary()));
    entries.push_back(row);
  }
  data.set("entries", entries);
  if (entries.empty()) data.set("no_entries", true);
  return page.Render(
      "desk_household", data,
      absl::StrCat(page.Tr("household.title"), " ", HouseholdLabel(household)));
}

}  // namespace

void AddFrontDeskPages(App& app) {
  app.Get("/desk/register", Register);
  app.Post("/desk/register", CreateRequest);
  app.Get("/desk/parcels", Parcels);
  app.Post("/desk/parcels", LogParcel);
  app.Post("/desk/parcels/{}/pickup", Pickup);
  app.Get("/desk/households/{}", Household);
}

}  // namespace concierge::web
