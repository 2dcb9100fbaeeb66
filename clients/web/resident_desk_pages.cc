// The resident's desk (parcels and messages waiting), community events,
// complaints and suggestions, the open satisfaction survey and the
// household's history.

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "clients/web/page.h"
#include "clients/web/view_util.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::web {
namespace {

std::string Trimmed(const Page& page, const char* name) {
  return std::string(absl::StripAsciiWhitespace(page.request().form.Get(name)));
}

// --- parcels and messages ----------------------------------------------------

Response Desk(Page& page, const std::vector<std::string>&) {
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  v1::ListMyParcelsRequest parcels_request;
  parcels_request.set_parent(page.session().site);
  parcels_request.set_state(v1::PARCEL_STATE_WAITING);
  parcels_request.set_page_size(100);
  v1::ListMyMessagesRequest messages_request;
  messages_request.set_parent(page.session().site);
  messages_request.set_page_size(30);
  v1::ListParcelsResponse parcels;
  v1::ListMessagesResponse messages;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    stub->async()->ListMyParcels(c1.get(), &parcels_request, &parcels,
                                 calls.Done(&s1));
    stub->async()->ListMyMessages(c2.get(), &messages_request, &messages,
                                  calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData();
  List parcel_rows;
  for (const v1::Parcel& p : parcels.parcels()) {
    Data row;
    row.set("kind", page.EnumLabel(v1::ParcelKind_descriptor(), p.kind()));
    SetText(&row, "carrier", p.carrier());
    SetText(&row, "tracking", p.tracking_number());
    SetText(&row, "shelf", p.shelf());
    SetText(&row, "note", p.note());
    SetText(&row, "since", page.Time(p.log_time()));
    parcel_rows.push_back(row);
  }
  data.set("parcels", parcel_rows);
  if (parcel_rows.empty()) data.set("no_parcels", true);
  List message_rows;
  for (const v1::VisitorMessage& m : messages.messages()) {
    Data row;
    row.set("id", LastSegment(m.name()));
    SetText(&row, "from", m.from_name());
    SetText(&row, "phone", m.from_phone());
    SetText(&row, "text", m.text());
    row.set("channel",
            page.EnumLabel(v1::MessageChannel_descriptor(), m.channel()));
    SetText(&row, "time", page.Time(m.leave_time()));
    if (m.state() == v1::MESSAGE_STATE_UNREAD) {
      row.set("unread", true);
    } else {
      SetText(&row, "acknowledged", page.Time(m.acknowledge_time()));
    }
    message_rows.push_back(row);
  }
  data.set("messages", message_rows);
  if (message_rows.empty()) data.set("no_messages", true);
  const std::string done = page.request().query.Get("done");
  if (done == "ack") data.set("banner", page.Tr("done.ack"));
  return page.Render("desk", data, page.Tr("desk.title"));
}

Response AcknowledgeMessage(Page& page, const std::vector<std::string>& args) {
  v1::AcknowledgeMessageRequest request;
  request.set_name(absl::StrCat(page.session().site, "/messages/", args[0]));
  request.set_request_id(page.FormRequestId());
  v1::VisitorMessage result;
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->AcknowledgeMessage(c, request, &result);
  });
  // Acknowledged already (another tab, the other person of the household):
  // the list shows it.
  if (!status.ok() && PageFor(status.error_code()) != ErrorPage::kConflict) {
    return page.Failure(status);
  }
  return page.Redirect("/r/desk?done=ack");
}

// --- community events --------------------------------------------------------

Response EventsPage(Page& page, const FormState& form, int status_code) {
  v1::ListEventsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(100);
  v1::ListEventsResponse response;
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListEvents(context.get(), request, &response);
  });
  if (!status.ok()) return page.Failure(status);
  Data data = page.FormData();
  const std::string posted_event = form.active ? form.values.Get("event") : "";
  List events;
  for (const v1::CommunityEvent& e : response.events()) {
    const std::string id = LastSegment(e.name());
    Data row = id == posted_event ? page.FormData(form) : page.FormData();
    row.set("id", id);
    SetText(&row, "title", page.Pick(e.title()));
    SetText(&row, "description", page.Pick(e.description()));
    SetText(&row, "place", page.Pick(e.place()));
    SetText(&row, "start", page.Time(e.start_time()));
    SetText(&row, "end", page.Time(e.end_time()));
    SetText(&row, "deadline", page.Time(e.registration_deadline()));
    row.set("places_left", absl::StrCat(e.places_left()));
    row.set("capacity", absl::StrCat(e.capacity()));
    if (e.asks_what_to_repair()) row.set("asks_repair", true);
    if (!e.cancel_reason().empty() || e.has_cancel_time()) {
      row.set("cancelled", page.Tr("events.cancelled"));
      SetText(&row, "cancel_reason", e.cancel_reason());
    }
    const v1::EventRegistration& mine = e.my_registration();
    const bool registered =
        e.has_my_registration() &&
        mine.state() != v1::EVENT_REGISTRATION_STATE_CANCELLED;
    if (registered) {
      row.set("mine", true);
      row.set("mine_state",
              page.EnumLabel(v1::EventRegistrationState_descriptor(),
                             mine.state()));
      row.set("mine_party", absl::StrCat(mine.party_size()));
      SetText(&row, "mine_details", mine.details());
      if (mine.waitlist_position() > 0) {
        row.set("mine_position", absl::StrCat(mine.waitlist_position()));
      }
      row.set("registration", LastSegment(mine.name()));
      if (mine.state() == v1::EVENT_REGISTRATION_STATE_REGISTERED ||
          mine.state() == v1::EVENT_REGISTRATION_STATE_WAITLISTED) {
        row.set("can_cancel", true);
      }
    } else if (!e.has_cancel_time()) {
      row.set("can_register", true);
      if (id != posted_event) row.set("v_party", std::string("1"));
    }
    if (id == posted_event && !form.general_error.empty()) {
      row.set("form_error", form.general_error);
    }
    events.push_back(row);
  }
  data.set("events", events);
  if (events.empty()) data.set("empty", true);
  const std::string done = page.request().query.Get("done");
  if (done == "register" || done == "cancel_registration") {
    data.set("banner", page.Tr("done." + done));
  }
  return page.Render("events", data, page.Tr("events.title"), status_code);
}

Response Events(Page& page, const std::vector<std::string>&) {
  return EventsPage(page, FormState(), 200);
}

Response RegisterForEvent(Page& page, const std::vector<std::string>& args) {
  v1::RegisterForEventRequest request;
  request.set_parent(absl::StrCat(page.session().site, "/events/", args[0]));
  request.set_request_id(page.FormRequestId());
  int party = 0;
  FormState form;
  form.active = true;
  form.values = page.request().form;
  form.values.Add("event", args[0]);
  if (!absl::SimpleAtoi(Trimmed(page, "party"), &party)) {
    form.errors["party"] = page.Tr("err.number");
    return EventsPage(page, form, 422);
  }
  request.mutable_registration()->set_party_size(party);
  request.mutable_registration()->set_details(Trimmed(page, "details"));
  v1::EventRegistration result;
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->RegisterForEvent(c, request, &result);
  });
  static const auto* fields = new std::vector<FieldMap>{
      {"registration.party_size", "party", "events.party"},
      {"registration.details", "details", "events.details"}};
  if (page.FieldError(status, *fields, &form)) {
    form.values.Add("event", args[0]);
    return EventsPage(page, form, 422);
  }
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    form.general_error = page.Tr("err.conflict.event");
    return EventsPage(page, form, 409);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/r/events?done=register");
}

Response CancelRegistration(Page& page, const std::vector<std::string>& args) {
  v1::CancelRegistrationRequest request;
  request.set_name(absl::StrCat(page.session().site, "/events/", args[0],
                                "/registrations/", args[1]));
  request.set_request_id(page.FormRequestId());
  v1::EventRegistration result;
  auto stub = v1::FrontDeskService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* c) {
    return stub->CancelRegistration(c, request, &result);
  });
  if (PageFor(status.error_code()) == ErrorPage::kConflict) {
    FormState form;
    form.active = true;
    form.values.Add("event", args[0]);
    form.general_error = page.Tr("err.conflict.event");
    return EventsPage(page, form, 409);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/r/events?done=cancel_registration");
}

// --- complaints and suggestions ---------------------------------------------

constexpr v1::ComplaintCategory kCategories[] = {
    v1::COMPLAINT_CATEGORY_SERVICE_QUALITY,
    v1::COMPLAINT_CATEGORY_TIMELINESS,
    v1::COMPLAINT_CATEGORY_STAFF_CONDUCT,
    v1::COMPLAINT_CATEGORY_CHARGES,
    v1::COMPLAINT_CATEGORY_DISTURBANCE,
    v1::COMPLAINT_CATEGORY_PRIVACY,
    v1::COMPLAINT_CATEGORY_OTHER};

Response FeedbackPage(Page& page, const FormState& complaint_form,
                      const FormState& suggestion_form, int status_code) {
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::ListComplaintsRequest complaints_request;
  complaints_request.set_parent(page.session().site);
  complaints_request.set_page_size(50);
  v1::ListSuggestionsRequest suggestions_request;
  suggestions_request.set_parent(page.session().site);
  suggestions_request.set_page_size(50);
  v1::ListComplaintsResponse complaints;
  v1::ListSuggestionsResponse suggestions;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    stub->async()->ListComplaints(c1.get(), &complaints_request, &complaints,
                                  calls.Done(&s1));
    stub->async()->ListSuggestions(c2.get(), &suggestions_request, &suggestions,
                                   calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  Data data;
  Data complaint = page.FormData(complaint_form);
  Data suggestion = page.FormData(suggestion_form);
  // A complaint about one request comes from that request's page.
  const std::string about = complaint_form.active
                                ? complaint_form.values.Get("request")
                                : page.request().query.Get("request");
  if (IsPlainToken(about)) {
    complaint.set("about", about);
  }
  List categories;
  const std::string chosen = complaint_form.values.Get("category");
  for (v1::ComplaintCategory c : kCategories) {
    Data option;
    option.set("value", v1::ComplaintCategory_Name(c));
    option.set("label", page.EnumLabel(v1::ComplaintCategory_descriptor(), c));
    if (chosen == v1::ComplaintCategory_Name(c)) option.set("selected", true);
    categories.push_back(option);
  }
  complaint.set("categories", categories);
  if (complaint_form.values.Get("severity") == "MAJOR") {
    complaint.set("major", true);
  }
  if (suggestion_form.values.Get("kind") == "CHANGE") {
    suggestion.set("change", true);
  }
  data.set("complaint", complaint);
  data.set("suggestion", suggestion);
  List complaint_rows;
  for (int i = complaints.complaints_size() - 1; i >= 0; --i) {
    const v1::Complaint& c = complaints.complaints(i);
    Data row;
    row.set("category",
            page.EnumLabel(v1::ComplaintCategory_descriptor(), c.category()));
    row.set("state",
            page.EnumLabel(v1::ComplaintState_descriptor(), c.state()));
    SetText(&row, "text", c.text());
    SetText(&row, "resolution", c.resolution());
    SetText(&row, "time", page.Time(c.create_time()));
    complaint_rows.push_back(row);
  }
  data.set("complaints", complaint_rows);
  List suggestion_rows;
  for (int i = suggestions.suggestions_size() - 1; i >= 0; --i) {
    const v1::Suggestion& s = suggestions.suggestions(i);
    Data row;
    row.set("kind", page.EnumLabel(v1::SuggestionKind_descriptor(), s.kind()));
    row.set("state",
            page.EnumLabel(v1::SuggestionState_descriptor(), s.state()));
    SetText(&row, "text", s.text());
    SetText(&row, "reason", s.reason());
    SetText(&row, "time", page.Time(s.create_time()));
    suggestion_rows.push_back(row);
  }
  data.set("suggestions", suggestion_rows);
  const std::string done = page.request().query.Get("done");
  if (done == "complaint" || done == "suggestion") {
    data.set("banner", page.Tr("done." + done));
  }
  return page.Render("feedback", data, page.Tr("feedback.title"), status_code);
}

Response Feedback(Page& page, const std::vector<std::string>&) {
  return FeedbackPage(page, FormState(), FormState(), 200);
}

Response SubmitComplaint(Page& page, const std::vector<std::string>&) {
  FormState form;
  form.active = true;
  form.values = page.request().form;
  v1::CreateComplaintRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  v1::Complaint* c = request.mutable_complaint();
  v1::ComplaintCategory category = v1::COMPLAINT_CATEGORY_UNSPECIFIED;
  v1::ComplaintCategory_Parse(Trimmed(page, "category"), &category);
  c->set_category(category);
  c->set_severity(Trimmed(page, "severity") == "MAJOR"
                      ? v1::COMPLAINT_SEVERITY_MAJOR
                      : v1::COMPLAINT_SEVERITY_MINOR);
  c->set_text(Trimmed(page, "text"));
  const std::string about = Trimmed(page, "request");
  if (IsPlainToken(about)) {
    c->set_request(absl::StrCat(page.session().site, "/requests/", about));
  }
  v1::Complaint result;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* ctx) {
    return stub->CreateComplaint(ctx, request, &result);
  });
  static const auto* fields = new std::vector<FieldMap>{
      {"complaint.category", "category", "feedback.category"},
      {"complaint.text", "text", "feedback.complaint_text"},
      {"complaint.severity", "severity", "feedback.severity"},
      {"complaint.request", "text", "feedback.about"}};
  if (page.FieldError(status, *fields, &form)) {
    return FeedbackPage(page, form, FormState(), 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/r/feedback?done=complaint");
}

Response SubmitSuggestion(Page& page, const std::vector<std::string>&) {
  FormState form;
  form.active = true;
  form.values = page.request().form;
  v1::CreateSuggestionRequest request;
  request.set_parent(page.session().site);
  request.set_request_id(page.FormRequestId());
  request.mutable_suggestion()->set_kind(Trimmed(page, "kind") == "CHANGE"
                                             ? v1::SUGGESTION_KIND_CHANGE
                                             : v1::SUGGESTION_KIND_NEW_SERVICE);
  request.mutable_suggestion()->set_text(Trimmed(page, "text"));
  v1::Suggestion result;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* ctx) {
    return stub->CreateSuggestion(ctx, request, &result);
  });
  static const auto* fields = new std::vector<FieldMap>{
      {"suggestion.text", "text", "feedback.suggestion_text"},
      {"suggestion.kind", "kind", "feedback.kind"}};
  if (page.FieldError(status, *fields, &form)) {
    return FeedbackPage(page, FormState(), form, 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/r/feedback?done=suggestion");
}

// --- the open survey ---------------------------------------------------------

Response SurveyPage(Page& page, const FormState& form, int status_code) {
  v1::ListSurveysRequest request;
  request.set_parent(page.session().site);
  request.set_open_only(true);
  request.set_page_size(20);
  v1::ListSurveysResponse response;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Read([&] {
    response.Clear();
    auto context = page.Context();
    return stub->ListSurveys(context.get(), request, &response);
  });
  if (!status.ok()) return page.Failure(status);
  const std::string posted = form.active ? form.values.Get("survey") : "";
  List surveys;
  for (const v1::Survey& s : response.surveys()) {
    const std::string id = LastSegment(s.name());
    Data row = id == posted ? page.FormData(form) : page.FormData();
    row.set("id", id);
    SetText(&row, "title", page.Pick(s.title()));
    SetText(&row, "closes", page.Time(s.close_time()));
    List questions;
    for (int i = 0; i < s.questions_size(); ++i) {
      const v1::SurveyQuestion& q = s.questions(i);
      Data question;
      question.set("n", absl::StrCat(i));
      question.set("number", absl::StrCat(i + 1));
      SetText(&question, "text", page.Pick(q.text()));
      const std::string field = absl::StrCat("q", i);
      const std::string value = id == posted ? form.values.Get(field) : "";
      if (q.kind() == v1::QUESTION_KIND_SCALE) {
        question.set("scale", true);
        List scores;
        for (int score = 1; score <= 5; ++score) {
          Data option;
          option.set("score", absl::StrCat(score));
          option.set("label", page.Tr(absl::StrCat("survey.score", score)));
          if (value == absl::StrCat(score)) option.set("checked", true);
          scores.push_back(option);
        }
        question.set("scores", scores);
      } else {
        question.set("value", value);
      }
      if (id == posted) {
        auto error = form.errors.find(field);
        if (error != form.errors.end()) question.set("error", error->second);
      }
      questions.push_back(question);
    }
    row.set("questions", questions);
    surveys.push_back(row);
  }
  Data data;
  data.set("surveys", surveys);
  if (surveys.empty()) data.set("empty", true);
  if (page.request().query.Get("done") == "survey") {
    data.set("banner", page.Tr("done.survey"));
  }
  return page.Render("survey", data, page.Tr("survey.title"), status_code);
}

Response Survey(Page& page, const std::vector<std::string>&) {
  return SurveyPage(page, FormState(), 200);
}

Response SubmitSurvey(Page& page, const std::vector<std::string>& args) {
  FormState form;
  form.active = true;
  form.values = page.request().form;
  form.values.Add("survey", args[0]);
  v1::SubmitSurveyResponseRequest request;
  request.set_survey(absl::StrCat(page.session().site, "/surveys/", args[0]));
  request.set_request_id(page.FormRequestId());
  for (int i = 0; i < 50; ++i) {
    const std::string field = absl::StrCat("q", i);
    if (!page.request().form.Has(field)) continue;
    const std::string value = Trimmed(page, field.c_str());
    if (value.empty()) continue;
    v1::SurveyAnswer* answer = request.add_answers();
    answer->set_question(i);
    int score = 0;
    if (page.request().form.Has(absl::StrCat("scale", i)) &&
        absl::SimpleAtoi(value, &score)) {
      answer->set_score(score);
    } else {
      answer->set_text(value);
    }
  }
  v1::SurveyResponse result;
  auto stub = v1::QualityService::NewStub(page.channel());
  grpc::Status status = page.Write([&](grpc::ClientContext* ctx) {
    return stub->SubmitSurveyResponse(ctx, request, &result);
  });
  if (PageFor(status.error_code()) == ErrorPage::kFieldError) {
    const FieldError parsed = ParseFieldError(status.error_message());
    // "answers[2].score: ..." -> beside question 2.
    std::string field = "form";
    int index = -1;
    if (absl::StartsWith(parsed.field, "answers[")) {
      const size_t close = parsed.field.find(']');
      int k = 0;
      if (close != std::string::npos &&
          absl::SimpleAtoi(parsed.field.substr(8, close - 8), &k) && k >= 0 &&
          k < request.answers_size()) {
        index = request.answers(k).question();
      }
    }
    if (index >= 0) {
      form.errors[absl::StrCat("q", index)] = parsed.text;
    } else {
      form.general_error = parsed.text;
    }
    return SurveyPage(page, form, 422);
  }
  if (!status.ok()) return page.Failure(status);
  return page.Redirect("/r/survey?done=survey");
}

// --- the household's history -------------------------------------------------

Response History(Page& page, const std::vector<std::string>&) {
  auto desk = v1::FrontDeskService::NewStub(page.channel());
  auto requests = v1::ServiceRequestService::NewStub(page.channel());
  v1::ListHouseholdHistoryRequest history_request;
  history_request.set_parent(page.session().household);
  history_request.set_page_size(100);
  history_request.set_page_token(page.request().query.Get("page"));
  v1::GetRepairHistoryRequest repairs_request;
  repairs_request.set_household(page.session().household);
  v1::ListHouseholdHistoryResponse history;
  v1::RepairHistory repairs;
  grpc::Status s1, s2;
  grpc::Status status = page.Read([&] {
    Fanout calls;
    auto c1 = page.Context();
    auto c2 = page.Context();
    desk->async()->ListHouseholdHistory(c1.get(), &history_request, &history,
                                        calls.Done(&s1));
    requests->async()->GetRepairHistory(c2.get(), &repairs_request, &repairs,
                                        calls.Done(&s2));
    calls.Wait();
    return s1.ok() ? s2 : s1;
  });
  if (!status.ok()) return page.Failure(status);
  Data data;
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
  if (!history.next_page_token().empty()) {
    data.set("next", "/r/history?page=" + UrlEncode(history.next_page_token()));
  }
  List repair_rows;
  for (int i = repairs.records_size() - 1; i >= 0; --i) {
    const v1::RepairRecord& r = repairs.records(i);
    Data row;
    SetText(&row, "title", page.Pick(r.item_title()));
    SetText(&row, "time", page.Time(r.complete_time()));
    SetText(&row, "notes", r.notes());
    if (r.minutes_spent() > 0)
      row.set("minutes", absl::StrCat(r.minutes_spent()));
    row.set("href", "/r/requests/" + LastSegment(r.request()));
    repair_rows.push_back(row);
  }
  data.set("repairs", repair_rows);
  if (repair_rows.empty()) data.set("no_repairs", true);
  return page.Render("history", data, page.Tr("history.title"));
}

}  // namespace

void AddResidentDeskPages(App& app) {
  app.Get("/r/desk", Desk);
  app.Post("/r/messages/{}/ack", AcknowledgeMessage);
  app.Get("/r/events", Events);
  app.Post("/r/events/{}/register", RegisterForEvent);
  app.Post("/r/events/{}/registrations/{}/cancel", CancelRegistration);
  app.Get("/r/feedback", Feedback);
  app.Post("/r/complaints", SubmitComplaint);
  app.Post("/r/suggestions", SubmitSuggestion);
  app.Get("/r/survey", Survey);
  app.Post("/r/surveys/{}", SubmitSurvey);
  app.Get("/r/history", History);
}

}  // namespace concierge::web
