// The room attendant's handheld and the housekeeping supervisor: my rooms
// today, a room's brief exactly as the server gives it, observations as
// large tap buttons (a number pad for the codes that take a number), the
// suggested actions each with why and done / skip, a handover note, and
// the supervisor's approvals with the amount and why.

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::web {

Response ApprovalsPage(Page& page, const FormState& form, int status_code);

namespace {

using Titles = std::map<std::string, std::string>;

std::string Trimmed(const Page& page, const char* name) {
  return std::string(absl::StripAsciiWhitespace(page.request().form.Get(name)));
}

// "room_temperature_c" -> its label, else "room temperature c".
std::string KeyText(const Page& page, const std::string& key) {
  const std::string label = "pref." + key;
  if (Labels::Get().Has(label)) return page.Tr(label);
  return absl::StrReplaceAll(key, {{"_", " "}});
}

std::string CategoryText(const Page& page, absl::string_view category) {
  v1::PreferenceCategory c = v1::PREFERENCE_CATEGORY_UNSPECIFIED;
  if (v1::PreferenceCategory_Parse(
          absl::StrCat("PREFERENCE_CATEGORY_", category), &c)) {
    return page.EnumLabel(v1::PreferenceCategory_descriptor(), c);
  }
  return std::string(category);
}

// The profile facts a rule used, as a person reads them:
// "birthday_today", "vip_level>=1", "ROOM:curtains=gap", "infants=1".
std::string FactText(const Page& page, const std::string& fact) {
  if (fact == "birthday_today") return page.Tr("fact.birthday_today");
  if (fact == "travelling_with_infant" || absl::StartsWith(fact, "infants")) {
    return page.Tr("fact.infant");
  }
  if (absl::StartsWith(fact, "vip_level>=")) {
    return absl::StrCat(page.Tr("fact.vip"), " ≥ ", fact.substr(11));
  }
  const size_t colon = fact.find(':');
  const size_t eq = fact.find('=');
  if (colon != std::string::npos && eq != std::string::npos && eq > colon) {
    return absl::StrCat(page.Tr("fact.preference"), " ",
                        CategoryText(page, fact.substr(0, colon)), ": ",
                        KeyText(page, fact.substr(colon + 1, eq - colon - 1)),
                        " = ", Words(fact.substr(eq + 1)));
  }
  return fact;
}

struct Vocab {
  Titles observations;  // code -> label
  Titles minibar;       // item code -> title
};

Vocab VocabOf(const Page& page, const v1::Vocabulary& v) {
  Vocab out;
  for (const auto& o : v.observations()) {
    out.observations[o.code()] = page.Pick(o.label());
  }
  for (const auto& m : v.minibar_items()) {
    out.minibar[m.code()] = page.Pick(m.title());
  }
  return out;
}

std::string Lookup(const Titles& titles, const std::string& code) {
  auto it = titles.find(code);
  return it == titles.end() ? code : it->second;
}

List Reasons(const Page& page,
             const google::protobuf::RepeatedPtrField<v1::SuggestionReason>& in,
             const Vocab* vocab) {
  List reasons;
  for (const v1::SuggestionReason& r : in) {
    Data reason;
    SetText(&reason, "rule", page.Pick(r.rule_title()));
    std::vector<std::string> seen;
    for (const v1::Observation& o : r.observations()) {
      std::string text =
          vocab ? Lookup(vocab->observations, o.code()) : o.code();
      if (o.has_value()) absl::StrAppend(&text, ": ", o.value());
      seen.push_back(text);
    }
    // Lists read "A、B" in Chinese and "A, B" in English.
    const char* comma = page.lang() == Lang::kZh ? "、" : ", ";
    if (!seen.empty()) reason.set("seen", absl::StrJoin(seen, comma));
    std::vector<std::string> facts;
    for (const std::string& f : r.facts()) facts.push_back(FactText(page, f));
    if (!facts.empty()) reason.set("facts", absl::StrJoin(facts, comma));
    reasons.push_back(reason);
  }
  return reasons;
}

Data ActionData(const Page& page, const v1::RoomAction& a, const Vocab* vocab,
                const Titles& departments) {
  Data row;
  row.set("id", LastSegment(a.name()));
  SetText(&row, "title", page.Pick(a.title()));
  row.set("state", page.EnumLabel(v1::RoomActionState_descriptor(), a.state()));
  row.set("state_css", CssName(v1::RoomActionState_descriptor(), a.state(),
                               "ROOM_ACTION_STATE_"));
  SetText(&row, "room", a.room_number());
  if (a.quantity() > 1) row.set("quantity", absl::StrCat(a.quantity()));
  if (a.total_cost().minor_units() != 0) {
    row.set("cost", FormatMoney(a.total_cost()));
  }
  if (a.is_sale()) row.set("sale", true);
  if (a.for_next_shift()) row.set("next_shift", true);
  if (a.department_task()) {
    row.set("department", Lookup(departments, a.department_code()));
  }
  if (!a.minibar_item().empty()) {
    row.set("restock", vocab ? Lookup(vocab->minibar, a.minibar_item())
                             : a.minibar_item());
  }
  if (a.has_deadline_time())
    SetText(&row, "deadline", page.Time(a.deadline_time()));
  if (a.escalation_level() > 0) row.set("escalated", true);
  if (a.proposed()) {
    row.set("proposed", true);
    SetText(&row, "proposal_reason", a.proposal_reason());
  }
  row.set("reasons", Reasons(page, a.reasons(), vocab));
  SetText(&row, "etag", a.etag());
  switch (a.state()) {
    case v1::ROOM_ACTION_STATE_SUGGESTED:
    case v1::ROOM_ACTION_STATE_APPROVED:
      if (!a.department_task()) row.set("can_do", true);
      row.set("can_skip", true);
      break;
    case v1::ROOM_ACTION_STATE_PENDING_APPROVAL:
      row.set("waiting", true);
      row.set("can_skip", true);
      break;
    default:
      break;
  }
  if (a.state() == v1::ROOM_ACTION_STATE_EXPIRED) {
    SetText(&row, "expiry_reason", page.Pick(a.expiry_reason()));
  }
  return row;
}

Titles DepartmentTitles(const Page& page,
                        const v1::ListDepartmentsResponse& departments) {
  Titles titles;
  for (const auto& d : departments.departments()) {
    titles[d.code()] = page.Pick(d.title());
  }
  return titles;
}

Data BriefData(const Page& page, const v1::RoomGuestBrief& b,
               const Titles& departments) {
  Data brief;
  SetText(&brief, "address", page.Pick(b.form_of_address()));
  std::vector<std::string> names;
  if (!b.chinese_name().empty()) names.push_back(b.chinese_name());
  if (!b.latin_name().empty()) names.push_back(b.latin_name());
  brief.set("names", absl::StrJoin(names, " · "));
  // "zh-CN" -> "簡體中文" / "Chinese (Simplified)" where labelled.
  const std::string language_label = "language." + b.language();
  SetText(&brief, "language",
          Labels::Get().Has(language_label) ? page.Tr(language_label)
                                            : b.language());
  if (b.vip_level() > 0) brief.set("vip", absl::StrCat(b.vip_level()));
  if (b.regular()) brief.set("regular", true);
  if (b.birthday_today()) brief.set("birthday", true);
  if (b.travelling_with_infant()) brief.set("infant", true);
  brief.set("adults", absl::StrCat(b.party().adults()));
  if (b.party().children() > 0) {
    brief.set("children", absl::StrCat(b.party().children()));
  }
  if (b.party().infants() > 0) {
    brief.set("infants", absl::StrCat(b.party().infants()));
  }
  List needs;
  for (int n : b.accessibility_needs()) {
    needs.push_back(
        Data("text", page.EnumLabel(v1::AccessibilityNeed_descriptor(), n)));
  }
  brief.set("needs", needs);
  SetText(&brief, "accessibility_note", b.accessibility_note());
  if (!needs.empty() || !b.accessibility_note().empty()) {
    brief.set("accessibility", true);
  }
  List preferences;
  for (const v1::Preference& p : b.preferences()) {
    Data pref;
    pref.set("category",
             page.EnumLabel(v1::PreferenceCategory_descriptor(), p.category()));
    pref.set("key", KeyText(page, p.key()));
    SetText(&pref, "value", Words(p.value()));
    pref.set("source",
             page.EnumLabel(v1::PreferenceSource_descriptor(), p.source()));
    preferences.push_back(pref);
  }
  if (!preferences.empty()) brief.set("has_preferences", true);
  brief.set("preferences", preferences);
  List notes;
  for (const v1::Note& n : b.recent_notes()) {
    Data note;
    SetText(&note, "text", n.text());
    note.set("department", n.department().empty()
                               ? page.Tr("room.note.nodept")
                               : Lookup(departments, n.department()));
    SetText(&note, "time", page.Time(n.create_time()));
    notes.push_back(note);
  }
  if (!notes.empty()) brief.set("has_notes", true);
  brief.set("notes", notes);
  SetText(&brief, "check_in", page.Time(b.check_in_time()));
  SetText(&brief, "check_out", page.Time(b.expected_check_out_time()));
  return brief;
}

// --- my rooms
// ------------------------------------------------------------------

Response Rooms(Page& page, const std::vector<std::string>&) {
  v1::ListMyRoomsRequest request;
  request.set_parent(page.session().site);
  v1::ListMyRoomsResponse response;
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListMyRooms(context.get(), request, &response);
  });
  if (!status.ok()) return page.Failure(status);
  List rooms;
  for (const v1::RoomDay& day : response.rooms()) {
    Data row;
    SetText(&row, "number", day.room_number());
    row.set("href", "/hk/rooms/" + day.room_number());
    row.set("state", page.EnumLabel(v1::RoomState_descriptor(), day.state()));
    row.set("state_css",
            CssName(v1::RoomState_descriptor(), day.state(), "ROOM_STATE_"));
    if (day.has_brief()) {
      SetText(&row, "guest", page.Pick(day.brief().form_of_address()));
      if (day.brief().vip_level() > 0) {
        row.set("vip", absl::StrCat(day.brief().vip_level()));
      }
      if (day.brief().birthday_today()) row.set("birthday", true);
      if (day.brief().travelling_with_infant()) row.set("infant", true);
      if (day.brief().accessibility_needs_size() > 0) {
        row.set("accessibility", true);
      }
    }
    int waiting = 0;
    for (const auto& a : day.open_actions()) {
      if (a.state() == v1::ROOM_ACTION_STATE_PENDING_APPROVAL) ++waiting;
    }
    const int open = day.open_actions_size();
    if (open > 0) row.set("open", absl::StrCat(open));
    if (waiting > 0) row.set("waiting", absl::StrCat(waiting));
    if (day.checklist_size() > 0) {
      row.set("checklist", absl::StrCat(day.checklist_size()));
    }
    if (day.handover_notes_size() > 0) {
      row.set("handover", absl::StrCat(day.handover_notes_size()));
    }
    if (open == 0 && day.checklist_size() == 0 &&
        day.handover_notes_size() == 0) {
      row.set("nothing", true);
    }
    rooms.push_back(row);
  }
  Data data;
  data.set("rooms", rooms);
  if (rooms.empty()) data.set("empty", true);
  SetText(&data, "date", response.business_date());
  return page.Render("rooms", data, page.Tr("rooms.title"));
}

// --- one room
// ------------------------------------------------------------------

Response RoomPage(Page& page, const std::string& number, const FormState& form,
                  const std::string& banner, int status_code) {
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  auto directory = v1::DirectoryService::NewStub(page.channel());
  v1::GetRoomDayRequest day_request;
  day_request.set_site(page.session().site);
  day_request.set_room_number(number);
  v1::GetVocabularyRequest vocab_request;
  vocab_request.set_site(page.session().site);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(page.session().site);
  departments_request.set_page_size(100);
  v1::RoomDay day;
  v1::Vocabulary vocabulary;
  v1::ListDepartmentsResponse departments;
  grpc::Status s1, s2, s3;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    housekeeping->async()->GetRoomDay(c1.get(), &day_request, &day,
                                      calls.Done(&s1));
    housekeeping->async()->GetVocabulary(c2.get(), &vocab_request, &vocabulary,
                                         calls.Done(&s2));
    directory->async()->ListDepartments(c3.get(), &departments_request,
                                        &departments, calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : s3;
  });
  if (!status.ok()) return page.Failure(status);
  const Vocab vocab = VocabOf(page, vocabulary);
  const Titles department_titles = DepartmentTitles(page, departments);

  Data data = page.FormData();
  SetText(&data, "number", day.room_number());
  data.set("state", page.EnumLabel(v1::RoomState_descriptor(), day.state()));
  data.set("state_css",
           CssName(v1::RoomState_descriptor(), day.state(), "ROOM_STATE_"));
  if (day.has_room()) {
    data.set("floor", absl::StrCat(day.room().floor()));
    if (day.room().accessible()) data.set("accessible_room", true);
  }
  if (day.has_brief()) {
    data.set("brief", BriefData(page, day.brief(), department_titles));
  }
  List checklist;
  for (const v1::ChecklistItem& c : day.checklist()) {
    Data item;
    SetText(&item, "title", page.Pick(c.title()));
    if (c.for_next_shift()) item.set("next_shift", true);
    item.set("reasons", Reasons(page, c.reasons(), &vocab));
    checklist.push_back(item);
  }
  if (!checklist.empty()) data.set("has_checklist", true);
  data.set("checklist", checklist);
  const std::string posted_action =
      form.active ? form.values.Get("action") : "";
  List actions;
  for (const v1::RoomAction& a : day.open_actions()) {
    Data row = ActionData(page, a, &vocab, department_titles);
    Data forms = LastSegment(a.name()) == posted_action ? page.FormData(form)
                                                        : page.FormData();
    row.set("form", forms);
    actions.push_back(row);
  }
  data.set("actions", actions);
  if (actions.empty()) data.set("no_actions", true);
  List expired;
  for (const v1::RoomAction& a : day.expired_actions()) {
    expired.push_back(ActionData(page, a, &vocab, department_titles));
  }
  if (!expired.empty()) data.set("has_expired", true);
  data.set("expired", expired);
  List notes;
  for (const v1::HandoverNote& n : day.handover_notes()) {
    Data note;
    SetText(&note, "text", n.text());
    SetText(&note, "time", page.Time(n.create_time()));
    notes.push_back(note);
  }
  data.set("notes", notes);
  List minibar;
  for (const v1::MinibarQuantity& q : day.minibar()) {
    Data item;
    item.set("item", Lookup(vocab.minibar, q.item_code()));
    item.set("count", absl::StrCat(q.count()));
    minibar.push_back(item);
  }
  if (!minibar.empty()) data.set("has_minibar", true);
  data.set("minibar", minibar);

  // The observation buttons, in the vocabulary's order: taps first, then
  // the codes that take a number (AC setpoint, drinks) with a number pad.
  const bool observe_form = form.active && form.values.Get("form") == "observe";
  const std::vector<std::string> ticked =
      observe_form ? form.values.GetAll("obs") : std::vector<std::string>();
  List taps, numbers;
  for (const v1::ObservationDefinition& o : vocabulary.observations()) {
    Data button;
    SetText(&button, "code", o.code());
    SetText(&button, "label", page.Pick(o.label()));
    if (o.takes_number()) {
      button.set("unit",
                 o.unit() == "count" ? page.Tr("unit.count") : o.unit());
      if (observe_form) button.set("value", form.values.Get("n_" + o.code()));
      auto error = form.errors.find("n_" + o.code());
      if (observe_form && error != form.errors.end()) {
        button.set("error", error->second);
      }
      numbers.push_back(button);
    } else {
      if (std::find(ticked.begin(), ticked.end(), o.code()) != ticked.end()) {
        button.set("checked", true);
      }
      taps.push_back(button);
    }
  }
  Data observe = observe_form ? page.FormData(form) : page.FormData();
  observe.set("taps", taps);
  observe.set("numbers", numbers);
  if (observe_form && form.values.Get("kind") == "TURNDOWN") {
    observe.set("turndown", true);
  }
  data.set("observe", observe);
  const bool handover_form =
      form.active && form.values.Get("form") == "handover";
  data.set("handover", handover_form ? page.FormData(form) : page.FormData());
  if (!banner.empty()) data.set("banner", banner);
  return page.Render(
      "room", data, absl::StrCat(page.Tr("room.title"), " ", day.room_number()),
      status_code);
}

Response Room(Page& page, const std::vector<std::string>& args) {
  const Form& q = page.request().query;
  std::string banner;
  if (q.Has("reported")) {
    banner = absl::StrCat(page.Tr("done.observed"), " ",
                          absl::StrReplaceAll(page.Tr("done.observed.count"),
                                              {{"{n}", q.Get("reported")}}));
  } else if (q.Get("done") == "done" || q.Get("done") == "skip" ||
             q.Get("done") == "handover") {
    banner = page.Tr("done.action." + q.Get("done"));
  }
  return RoomPage(page, args[0], FormState(), banner, 200);
}

Response Observe(Page& page, const std::vector<std::string>& args) {
  const std::string& number = args[0];
  const Form& in = page.request().form;
  FormState form;
  form.active = true;
  form.values = in;
  form.values.Add("form", "observe");
  v1::SubmitObservationsRequest request;
  request.set_site(page.session().site);
  request.set_room_number(number);
  request.set_kind(in.Get("kind") == "TURNDOWN" ? v1::VISIT_KIND_TURNDOWN
                                                : v1::VISIT_KIND_CLEANING);
  request.set_note(Trimmed(page, "note"));
  request.set_request_id(page.FormRequestId());
  std::vector<std::string> sent;  // form field of each observation sent
  for (const std::string& code : in.GetAll("obs")) {
    if (!IsPlainToken(code)) continue;
    request.add_observations()->set_code(code);
    sent.push_back("obs");
  }
  for (const auto& [name, value] : in.fields()) {
    if (!absl::StartsWith(name, "n_")) continue;
    const std::string text(absl::StripAsciiWhitespace(value));
    if (text.empty()) continue;
    double number_value = 0;
    if (!absl::SimpleAtod(text, &number_value)) {
      form.errors[name] = page.Tr("err.number");
      continue;
    }
    v1::Observation* o = request.add_observations();
    o->set_code(name.substr(2));
    o->set_value(number_value);
    sent.push_back(name);
  }
  if (!form.errors.empty()) return RoomPage(page, number, form, "", 422);
  if (request.observations_size() == 0 && request.note().empty()) {
    form.general_error = page.Tr("room.observe.none");
    return RoomPage(page, number, form, "", 422);
  }
  v1::Visit visit;
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->SubmitObservations(c, request, &visit);
  });
  if (PageFor(status.error_code()) == ErrorPage::kFieldError) {
    const FieldError parsed = ParseFieldError(status.error_message());
    // "observations[1].value: ..." -> beside that observation's field.
    if (absl::StartsWith(parsed.field, "observations[")) {
      const size_t close = parsed.field.find(']');
      size_t k = 0;
      if (close != std::string::npos &&
          absl::SimpleAtoi(parsed.field.substr(13, close - 13), &k) &&
          k < sent.size() && sent[k] != "obs") {
        form.errors[sent[k]] = parsed.text;
        return RoomPage(page, number, form, "", 422);
      }
    }
    form.general_error = parsed.text;
    return RoomPage(page, number, form, "", 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat(
      "/hk/rooms/", number, "?reported=", visit.actions_size(), "#actions"));
}

Response ActionOutcome(Page& page, const std::vector<std::string>& args) {
  const std::string& id = args[0];
  const std::string& move = args[1];
  const std::string room = Trimmed(page, "room");
  v1::RoomAction result;
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  const std::string name =
      absl::StrCat(page.session().site, "/roomActions/", id);
  grpc::Status status;
  if (move == "done" || move == "skip") {
    v1::RecordActionOutcomeRequest request;
    request.set_name(name);
    request.set_etag(Trimmed(page, "etag"));
    request.set_request_id(page.FormRequestId());
    request.set_outcome(move == "done" ? v1::ACTION_OUTCOME_DONE
                                       : v1::ACTION_OUTCOME_SKIPPED);
    request.set_reason(Trimmed(page, "reason"));
    int quantity = 0;
    if (absl::SimpleAtoi(Trimmed(page, "quantity"), &quantity)) {
      request.set_quantity(quantity);
    }
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->RecordActionOutcome(c, request, &result);
    });
  } else if (move == "approve") {
    v1::ApproveActionRequest request;
    request.set_name(name);
    request.set_etag(Trimmed(page, "etag"));
    request.set_note(Trimmed(page, "note"));
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->ApproveAction(c, request, &result);
    });
  } else if (move == "reject") {
    v1::RejectActionRequest request;
    request.set_name(name);
    request.set_etag(Trimmed(page, "etag"));
    request.set_reason(Trimmed(page, "reason"));
    request.set_request_id(page.FormRequestId());
    status = page.Write([&](grpc::ClientContext* c) {
      return stub->RejectAction(c, request, &result);
    });
  } else {
    return page.Failure(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  }
  const bool from_approvals = move == "approve" || move == "reject";
  static const auto* fields =
      new std::vector<FieldMap>{{"reason", "reason", "room.reason"},
                                {"quantity", "quantity", "room.quantity"},
                                {"note", "note", "approvals.note"}};
  FormState form;
  const bool field_error = page.FieldError(status, *fields, &form);
  const bool conflict = PageFor(status.error_code()) == ErrorPage::kConflict;
  if (field_error || conflict) {
    form.active = true;
    form.values = page.request().form;
    form.values.Add("action", id);
    if (conflict) form.general_error = page.Tr("err.conflict.action");
    if (from_approvals) {
      return ApprovalsPage(page, form, field_error ? 422 : 409);
    }
    if (IsPlainToken(room)) {
      return RoomPage(page, room, form, "", field_error ? 422 : 409);
    }
  }
  if (!status.ok()) return page.Failure(status);
  if (from_approvals) return page.Redirect("/hk/approvals?done=" + move);
  const std::string back = IsPlainToken(room) ? room : result.room_number();
  return page.Redirect(
      absl::StrCat("/hk/rooms/", back, "?done=", move, "#actions"));
}

Response Handover(Page& page, const std::vector<std::string>& args) {
  v1::CreateHandoverNoteRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  request.mutable_note()->set_room_number(args[0]);
  request.mutable_note()->set_text(Trimmed(page, "text"));
  v1::HandoverNote note;
  auto stub = v1::HousekeepingService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CreateHandoverNote(c, request, &note);
  });
  static const auto* fields =
      new std::vector<FieldMap>{{"note.text", "text", "room.handover.text"}};
  FormState form;
  if (page.FieldError(status, *fields, &form)) {
    form.values.Add("form", "handover");
    return RoomPage(page, args[0], form, "", 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect(absl::StrCat("/hk/rooms/", args[0], "?done=handover"));
}

}  // namespace

// --- the supervisor's approvals
// -------------------------------------------------

Response ApprovalsPage(Page& page, const FormState& form, int status_code) {
  auto housekeeping = v1::HousekeepingService::NewStub(page.channel());
  auto directory = v1::DirectoryService::NewStub(page.channel());
  v1::ListPendingApprovalsRequest pending_request;
  pending_request.set_parent(page.session().site);
  pending_request.set_page_size(100);
  v1::ListStaffRequest staff_request;
  staff_request.set_parent(page.session().site);
  staff_request.set_page_size(500);
  v1::ListDepartmentsRequest departments_request;
  departments_request.set_parent(page.session().site);
  departments_request.set_page_size(100);
  // The vocabulary names what was seen ("A gift in the room", not
  // GIFT_IN_ROOM).
  v1::GetVocabularyRequest vocab_request;
  vocab_request.set_site(page.session().site);
  v1::ListPendingApprovalsResponse pending;
  v1::ListStaffResponse staff;
  v1::ListDepartmentsResponse departments;
  v1::Vocabulary vocabulary;
  grpc::Status s1, s2, s3, s4;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    auto c3 = page.Context();
    auto c4 = page.Context();
    housekeeping->async()->GetVocabulary(c4.get(), &vocab_request, &vocabulary,
                                         calls.Done(&s4));
    housekeeping->async()->ListPendingApprovals(c1.get(), &pending_request,
                                                &pending, calls.Done(&s1));
    directory->async()->ListStaff(c2.get(), &staff_request, &staff,
                                  calls.Done(&s2));
    directory->async()->ListDepartments(c3.get(), &departments_request,
                                        &departments, calls.Done(&s3));
    calls.Wait();
    return !s1.ok() ? s1 : !s2.ok() ? s2 : !s3.ok() ? s3 : s4;
  });
  if (!status.ok()) return page.Failure(status);
  const Vocab vocab = VocabOf(page, vocabulary);
  Titles names;
  for (const v1::Staff& s : staff.staff()) names[s.name()] = s.display_name();
  const Titles department_titles = DepartmentTitles(page, departments);
  const std::string posted_action =
      form.active ? form.values.Get("action") : "";
  List rows;
  for (const v1::RoomAction& a : pending.actions()) {
    Data row = ActionData(page, a, &vocab, department_titles);
    row.set("requested_by", Lookup(names, a.requested_by()));
    SetText(&row, "asked", page.Time(a.create_time()));
    row.set("cost", FormatMoney(a.total_cost()));
    row.set("form", LastSegment(a.name()) == posted_action ? page.FormData(form)
                                                           : page.FormData());
    rows.push_back(row);
  }
  Data data;
  data.set("actions", rows);
  if (rows.empty()) data.set("empty", true);
  const std::string done = page.request().query.Get("done");
  if (done == "approve" || done == "reject") {
    data.set("banner", page.Tr("done.action." + done));
  }
  return page.Render("approvals", data, page.Tr("approvals.title"),
                     status_code);
}

namespace {

Response Approvals(Page& page, const std::vector<std::string>&) {
  return ApprovalsPage(page, FormState(), 200);
}

}  // namespace

void AddHousekeepingPages(App& app) {
  app.Get("/hk/rooms", Rooms);
  app.Get("/hk/rooms/{}", Room);
  app.Post("/hk/rooms/{}/observe", Observe);
  app.Post("/hk/rooms/{}/handover", Handover);
  app.Post("/hk/actions/{}/{}", ActionOutcome);
  app.Get("/hk/approvals", Approvals);
}

}  // namespace concierge::web
