// QualityService against a real database: follow-ups scheduled by
// completion, complaints and their table, the quality report against
// hand-computed figures, evaluations, praise (hotels too), one survey
// response per household, the annual review's cost and margin, and service
// plans applied through the catalogue's rules.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/quality.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class QualityTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(channel());
    requests_ = v1::ServiceRequestService::NewStub(channel());
    quality_ = v1::QualityService::NewStub(channel());
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony").name();
    manager_ = CreateStaff(site_, v1::ROLE_MANAGER);
    AdoptDefaultCatalogue(site_, manager_.token);
    reception_ = CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION");
    maint_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE");
    plumber_ = CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE");
    clean_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "CLEANING");
    cleaner_ = CreateStaff(site_, v1::ROLE_STAFF, "CLEANING");
    finance_ = CreateStaff(site_, v1::ROLE_FINANCE);
    liu_ = CreateResident(site_, "Liu");
    zhou_ = CreateResident(site_, "Zhou");
    t0_ = clock_.Now();
  }

  std::string Count(const std::string& table) {
    return QueryValue(db_->url(), "SELECT count(*) FROM " + table);
  }

  v1::ServiceItem GetItem(const std::string& name) {
    v1::GetServiceItemRequest request;
    request.set_name(name);
    v1::ServiceItem item;
    EXPECT_THAT(
        catalog_->GetServiceItem(Ctx(manager_.token).get(), request, &item),
        IsOk());
    return item;
  }

  std::string Item(const std::string& code) {
    return ItemCoded(site_, manager_.token, code);
  }

  // A published FIXED maintenance item whose price is in force now.
  std::string FixedItem(int64_t minor) {
    return PublishFixedItem(site_, manager_.token, minor);
  }

  std::string Book(const testing::Actor& resident, const std::string& item) {
    v1::CreateServiceRequestRequest request;
    request.set_parent(site_);
    request.mutable_request()->set_item(item);
    request.mutable_request()->set_content("Please help");
    v1::ServiceRequest out;
    EXPECT_THAT(requests_->CreateServiceRequest(Ctx(resident.token).get(),
                                                request, &out),
                IsOk());
    return out.name();
  }

  // Assigned to `worker` by `supervisor` and started.
  void Dispatch(const std::string& name, const testing::Actor& supervisor,
                const testing::Actor& worker) {
    v1::AssignServiceRequestRequest assign;
    assign.set_name(name);
    assign.set_assignee(worker.name);
    v1::ServiceRequest out;
    EXPECT_THAT(requests_->AssignServiceRequest(Ctx(supervisor.token).get(),
                                                assign, &out),
                IsOk());
    v1::StartServiceRequestRequest start;
    start.set_name(name);
    EXPECT_THAT(
        requests_->StartServiceRequest(Ctx(worker.token).get(), start, &out),
        IsOk());
  }

  void Complete(const std::string& name, const testing::Actor& worker,
                int minutes = 30, int64_t material_minor = 0) {
    v1::CompleteServiceRequestRequest request;
    request.set_name(name);
    request.set_notes("done");
    request.set_minutes_spent(minutes);
    if (material_minor > 0) {
      auto* m = request.add_materials();
      m->mutable_description()->set_en("parts");
      m->mutable_cost()->set_minor_units(material_minor);
    }
    v1::ServiceRequest out;
    EXPECT_THAT(requests_->CompleteServiceRequest(Ctx(worker.token).get(),
                                                  request, &out),
                IsOk());
  }

  // Every pending follow-up due within a year, as the manager sees them.
  std::vector<v1::FollowUp> AllPending() {
    v1::ListDueFollowUpsRequest request;
    request.set_parent(site_);
    *request.mutable_due_before() = Ts(clock_.Now() + absl::Hours(24 * 365));
    v1::ListDueFollowUpsResponse response;
    EXPECT_THAT(quality_->ListDueFollowUps(Ctx(manager_.token).get(), request,
                                           &response),
                IsOk());
    return {response.follow_ups().begin(), response.follow_ups().end()};
  }

  std::string FollowUpOf(const std::string& request) {
    for (const v1::FollowUp& f : AllPending()) {
      if (f.request() == request) return f.name();
    }
    ADD_FAILURE() << "no pending follow-up for " << request;
    return "";
  }

  grpc::Status Record(
      const testing::Actor& who, const std::string& follow_up, int satisfaction,
      v1::FollowUp* out, const std::string& complaint = "",
      v1::ComplaintSeverity severity = v1::COMPLAINT_SEVERITY_MINOR) {
    v1::RecordFollowUpRequest request;
    request.set_name(follow_up);
    request.set_method(v1::FOLLOW_UP_METHOD_PHONE);
    request.set_satisfaction(satisfaction);
    request.set_comment("called");
    if (!complaint.empty()) {
      request.set_complained(true);
      request.mutable_complaint()->set_category(
          v1::COMPLAINT_CATEGORY_TIMELINESS);
      request.mutable_complaint()->set_severity(severity);
      request.mutable_complaint()->set_text(complaint);
    }
    return quality_->RecordFollowUp(Ctx(who.token).get(), request, out);
  }

  grpc::Status Complain(const testing::Actor& who, const std::string& request,
                        v1::ComplaintSeverity severity, v1::Complaint* out,
                        const std::string& request_id = "") {
    v1::CreateComplaintRequest create;
    create.set_parent(site_);
    create.set_request_id(request_id);
    create.mutable_complaint()->set_request(request);
    create.mutable_complaint()->set_category(
        v1::COMPLAINT_CATEGORY_SERVICE_QUALITY);
    create.mutable_complaint()->set_severity(severity);
    create.mutable_complaint()->set_text("The tap still drips");
    return quality_->CreateComplaint(Ctx(who.token).get(), create, out);
  }

  grpc::Status Move(const testing::Actor& who, const v1::Complaint& c,
                    v1::ComplaintAction action, const std::string& note,
                    const std::string& resolution, v1::Complaint* out,
                    const std::string& etag = "") {
    v1::UpdateComplaintRequest request;
    request.set_name(c.name());
    request.set_etag(etag.empty() ? c.etag() : etag);
    request.set_action(action);
    request.set_note(note);
    request.set_resolution(resolution);
    return quality_->UpdateComplaint(Ctx(who.token).get(), request, out);
  }

  grpc::Status Report(const testing::Actor& who, const std::string& subject,
                      absl::Time start, absl::Time end,
                      v1::QualityReport* out) {
    v1::GetQualityReportRequest request;
    request.set_subject(subject);
    *request.mutable_start_time() = Ts(start);
    *request.mutable_end_time() = Ts(end);
    return quality_->GetQualityReport(Ctx(who.token).get(), request, out);
  }

  void Praise(const testing::Actor& staff, v1::PraiseSource source) {
    v1::RecordPraiseRequest request;
    request.set_parent(site_);
    request.mutable_praise()->set_staff(staff.name);
    request.mutable_praise()->set_source(source);
    request.mutable_praise()->set_text("Fixed it quickly and tidied up");
    request.mutable_praise()->set_praised_by("Ms Liu, 1-101");
    v1::Praise out;
    EXPECT_THAT(
        quality_->RecordPraise(Ctx(reception_.token).get(), request, &out),
        IsOk());
  }

  std::string Suggest(const testing::Actor& resident, const std::string& text,
                      const std::string& item = "") {
    v1::CreateSuggestionRequest request;
    request.set_parent(site_);
    request.mutable_suggestion()->set_kind(item.empty()
                                               ? v1::SUGGESTION_KIND_NEW_SERVICE
                                               : v1::SUGGESTION_KIND_CHANGE);
    request.mutable_suggestion()->set_item(item);
    request.mutable_suggestion()->set_text(text);
    v1::Suggestion out;
    EXPECT_THAT(
        quality_->CreateSuggestion(Ctx(resident.token).get(), request, &out),
        IsOk());
    return out.name();
  }

  grpc::Status Triage(const std::string& name, v1::TriageDecision decision,
                      const std::string& reason, v1::Suggestion* out) {
    v1::TriageSuggestionRequest request;
    request.set_name(name);
    request.set_decision(decision);
    request.set_reason(reason);
    return quality_->TriageSuggestion(Ctx(manager_.token).get(), request, out);
  }

  // A survey open now for a week: a 1-5 overall score and a text question
  // (about `text_item` when given).
  v1::Survey CreateSurvey(const std::string& text_item = "") {
    v1::CreateSurveyRequest request;
    request.set_parent(site_);
    auto* s = request.mutable_survey();
    s->mutable_title()->set_zh("住戶滿意率調查");
    s->mutable_title()->set_en("Resident satisfaction survey");
    auto* q0 = s->add_questions();
    q0->mutable_text()->set_zh("總體滿意度");
    q0->mutable_text()->set_en("Overall satisfaction");
    q0->set_kind(v1::QUESTION_KIND_SCALE);
    auto* q1 = s->add_questions();
    q1->mutable_text()->set_zh("意見");
    q1->mutable_text()->set_en("Comments");
    q1->set_kind(v1::QUESTION_KIND_TEXT);
    q1->set_item(text_item);
    *s->mutable_open_time() = Ts(clock_.Now());
    *s->mutable_close_time() = Ts(clock_.Now() + absl::Hours(24 * 7));
    v1::Survey out;
    EXPECT_THAT(
        quality_->CreateSurvey(Ctx(manager_.token).get(), request, &out),
        IsOk());
    return out;
  }

  grpc::Status Answer(const testing::Actor& who, const std::string& survey,
                      std::vector<v1::SurveyAnswer> answers,
                      const std::string& household = "") {
    v1::SubmitSurveyResponseRequest request;
    request.set_survey(survey);
    request.set_household(household);
    for (const auto& a : answers) *request.add_answers() = a;
    v1::SurveyResponse out;
    return quality_->SubmitSurveyResponse(Ctx(who.token).get(), request, &out);
  }

  static v1::SurveyAnswer Score(int question, int score) {
    v1::SurveyAnswer a;
    a.set_question(question);
    a.set_score(score);
    return a;
  }
  static v1::SurveyAnswer Text(int question, const std::string& text) {
    v1::SurveyAnswer a;
    a.set_question(question);
    a.set_text(text);
    return a;
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::ServiceRequestService::Stub> requests_;
  std::unique_ptr<v1::QualityService::Stub> quality_;
  std::string site_;
  testing::Actor manager_, reception_, maint_supervisor_, plumber_,
      clean_supervisor_, cleaner_, finance_, liu_, zhou_;
  absl::Time t0_;
};

// --- follow-ups ------------------------------------------------------------

TEST_F(QualityTest, CompletingARequestSchedulesItsFollowUp) {
  const std::string r = Book(liu_, Item("OUTSIDE_SMALL_REPAIRS"));
  Dispatch(r, maint_supervisor_, plumber_);
  EXPECT_EQ(Count("follow_ups"), "0");
  clock_.Advance(absl::Hours(1));
  Complete(r, plumber_);
  // One follow-up, due the default three days after completion.
  EXPECT_EQ(Count("follow_ups"), "1");
  EXPECT_EQ(
      QueryValue(db_->url(),
                 "SELECT extract(epoch FROM due_at - completed_at)::bigint"
                 " FROM follow_ups"),
      "259200");

  // Nothing is due yet.
  v1::ListDueFollowUpsRequest list;
  list.set_parent(site_);
  v1::ListDueFollowUpsResponse due;
  ASSERT_THAT(quality_->ListDueFollowUps(Ctx(maint_supervisor_.token).get(),
                                         list, &due),
              IsOk());
  EXPECT_THAT(due.follow_ups(), IsEmpty());
  // Planning four days ahead shows it, with the call list's details.
  *list.mutable_due_before() = Ts(clock_.Now() + absl::Hours(96));
  ASSERT_THAT(quality_->ListDueFollowUps(Ctx(maint_supervisor_.token).get(),
                                         list, &due),
              IsOk());
  ASSERT_EQ(due.follow_ups_size(), 1);
  const v1::FollowUp& f = due.follow_ups(0);
  EXPECT_EQ(f.request(), r);
  EXPECT_EQ(f.department(), DepartmentNamed(site_, "MAINTENANCE"));
  EXPECT_EQ(f.contact_name(), "Liu");
  EXPECT_EQ(f.household(), liu_.household);
  EXPECT_EQ(f.state(), v1::FOLLOW_UP_STATE_PENDING);
  EXPECT_EQ(f.due_time().seconds(),
            absl::ToUnixSeconds(clock_.Now() + absl::Hours(72)));

  // Another department's supervisor sees only their own department's.
  ASSERT_THAT(quality_->ListDueFollowUps(Ctx(clean_supervisor_.token).get(),
                                         list, &due),
              IsOk());
  EXPECT_THAT(due.follow_ups(), IsEmpty());
  list.set_department(DepartmentNamed(site_, "MAINTENANCE"));
  EXPECT_THAT(
      quality_->ListDueFollowUps(Ctx(clean_supervisor_.token).get(), list,
                                 &due),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("department")));

  // Three days later it is due.
  clock_.Advance(absl::Hours(72) + absl::Minutes(1));
  v1::ListDueFollowUpsRequest now;
  now.set_parent(site_);
  ASSERT_THAT(
      quality_->ListDueFollowUps(Ctx(maint_supervisor_.token).get(), now, &due),
      IsOk());
  EXPECT_EQ(due.follow_ups_size(), 1);
}

TEST_F(QualityTest, TheItemsDelayAndDeskCompletionsCountToo) {
  // A shorter delay for this item (a descriptive field of a published item).
  v1::UpdateServiceItemRequest update;
  update.mutable_item()->set_name(Item("OUTSIDE_SMALL_REPAIRS"));
  update.mutable_item()->set_etag(
      GetItem(Item("OUTSIDE_SMALL_REPAIRS")).etag());
  update.mutable_item()->mutable_follow_up_delay()->set_seconds(24 * 3600);
  update.mutable_update_mask()->add_paths("follow_up_delay");
  v1::ServiceItem item;
  ASSERT_THAT(
      catalog_->UpdateServiceItem(Ctx(manager_.token).get(), update, &item),
      IsOk());
  const std::string r = Book(liu_, item.name());
  Dispatch(r, maint_supervisor_, plumber_);
  Complete(r, plumber_);
  EXPECT_EQ(
      QueryValue(db_->url(),
                 "SELECT extract(epoch FROM due_at - completed_at)::bigint"
                 " FROM follow_ups"),
      "86400");

  // Done at the desk in the registering call: followed up by reception.
  v1::CreateServiceRequestRequest desk;
  desk.set_parent(site_);
  desk.set_complete_at_desk(true);
  desk.mutable_request()->set_item(Item("CALL_TAXI"));
  desk.mutable_request()->set_household(zhou_.household);
  desk.mutable_request()->set_channel(v1::REQUEST_CHANNEL_WALK_IN);
  desk.mutable_request()->set_contact_name("Zhou");
  v1::ServiceRequest taxi;
  ASSERT_THAT(
      requests_->CreateServiceRequest(Ctx(reception_.token).get(), desk, &taxi),
      IsOk());
  EXPECT_EQ(Count("follow_ups"), "2");
  bool found = false;
  for (const v1::FollowUp& f : AllPending()) {
    if (f.request() != taxi.name()) continue;
    found = true;
    EXPECT_EQ(f.department(), DepartmentNamed(site_, "RECEPTION"));
  }
  EXPECT_TRUE(found);

  // A cancelled request is never followed up.
  const std::string cancelled = Book(zhou_, Item("CARRY_SMALL_ITEMS"));
  v1::CancelServiceRequestRequest cancel;
  cancel.set_name(cancelled);
  v1::ServiceRequest out;
  ASSERT_THAT(
      requests_->CancelServiceRequest(Ctx(zhou_.token).get(), cancel, &out),
      IsOk());
  EXPECT_EQ(Count("follow_ups"), "2");
}

TEST_F(QualityTest, RecordingAFollowUpAndTheComplaintHeardThere) {
  const std::string a = Book(liu_, Item("OUTSIDE_SMALL_REPAIRS"));
  const std::string b = Book(zhou_, Item("OUTSIDE_SMALL_REPAIRS"));
  for (const std::string& r : {a, b}) {
    Dispatch(r, maint_supervisor_, plumber_);
    Complete(r, plumber_);
  }
  const std::string fa = FollowUpOf(a);
  const std::string fb = FollowUpOf(b);
  v1::FollowUp out;

  // Bad inputs: the code, the field, and nothing stored.
  EXPECT_THAT(
      Record(maint_supervisor_, fa, 0, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("satisfaction")));
  v1::RecordFollowUpRequest no_method;
  no_method.set_name(fa);
  no_method.set_satisfaction(4);
  EXPECT_THAT(
      quality_->RecordFollowUp(Ctx(maint_supervisor_.token).get(), no_method,
                               &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("method")));
  v1::RecordFollowUpRequest empty_complaint = no_method;
  empty_complaint.set_method(v1::FOLLOW_UP_METHOD_VISIT);
  empty_complaint.set_complained(true);
  EXPECT_THAT(quality_->RecordFollowUp(Ctx(maint_supervisor_.token).get(),
                                       empty_complaint, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("complaint.category")));
  EXPECT_THAT(Record(clean_supervisor_, fa, 4, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("supervisor of the request's department")));
  EXPECT_THAT(Record(liu_, fa, 4, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM follow_ups WHERE state = 'DONE'"),
            "0");
  EXPECT_EQ(Count("complaints"), "0");

  ASSERT_THAT(Record(maint_supervisor_, fa, 4, &out), IsOk());
  EXPECT_EQ(out.state(), v1::FOLLOW_UP_STATE_DONE);
  EXPECT_EQ(out.method(), v1::FOLLOW_UP_METHOD_PHONE);
  EXPECT_EQ(out.satisfaction(), 4);
  EXPECT_TRUE(out.on_time());
  EXPECT_EQ(out.recorded_by(), maint_supervisor_.name);
  EXPECT_EQ(out.complaint(), "");
  EXPECT_THAT(
      Record(maint_supervisor_, fa, 5, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("DONE")));

  // Four days on, late, Zhou complains during the call.
  clock_.Advance(absl::Hours(96));
  ASSERT_THAT(Record(manager_, fb, 2, &out, "Came a day late"), IsOk());
  EXPECT_FALSE(out.on_time());
  ASSERT_FALSE(out.complaint().empty());
  v1::GetComplaintRequest get;
  get.set_name(out.complaint());
  v1::Complaint c;
  ASSERT_THAT(quality_->GetComplaint(Ctx(manager_.token).get(), get, &c),
              IsOk());
  EXPECT_EQ(c.source(), v1::COMPLAINT_SOURCE_FOLLOW_UP);
  EXPECT_EQ(c.follow_up(), fb);
  EXPECT_EQ(c.request(), b);
  EXPECT_EQ(c.household(), zhou_.household);
  EXPECT_EQ(c.department(), DepartmentNamed(site_, "MAINTENANCE"));
  EXPECT_EQ(c.staff(), plumber_.name);
  EXPECT_EQ(c.category(), v1::COMPLAINT_CATEGORY_TIMELINESS);
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_OPEN);
  ASSERT_EQ(c.history_size(), 1);
  EXPECT_EQ(c.history(0).action(), "CREATE");
}

// The follow-up register (拜回訪住戶記錄, seed §5(5), §7(3)): recorded
// visits and calls by period, department, method and outcome, with the
// satisfaction and complaint; the annual review links to it.
TEST_F(QualityTest, TheFollowUpRegisterListsRecordedVisitsAndCalls) {
  const std::string repair = Item("OUTSIDE_SMALL_REPAIRS");  // MAINTENANCE
  const std::string carry = Item("CARRY_SMALL_ITEMS");       // CLEANING
  std::vector<std::string> follow_ups;
  for (int i = 0; i < 4; ++i) {
    const std::string r = Book(i % 2 ? zhou_ : liu_, repair);
    Dispatch(r, maint_supervisor_, plumber_);
    Complete(r, plumber_);
    follow_ups.push_back(FollowUpOf(r));
  }
  const std::string cleaning = Book(liu_, carry);
  Dispatch(cleaning, clean_supervisor_, cleaner_);
  Complete(cleaning, cleaner_);
  const std::string unrecorded = Book(zhou_, repair);
  Dispatch(unrecorded, maint_supervisor_, plumber_);
  Complete(unrecorded, plumber_);

  const absl::Time recorded_from = clock_.Now();
  v1::FollowUp out;
  ASSERT_THAT(Record(maint_supervisor_, follow_ups[0], 5, &out), IsOk());
  ASSERT_THAT(Record(maint_supervisor_, follow_ups[1], 3, &out), IsOk());
  ASSERT_THAT(Record(maint_supervisor_, follow_ups[2], 2, &out,
                     "Left a mess in the hall"),
              IsOk());
  EXPECT_EQ(out.outcome(), v1::FOLLOW_UP_OUTCOME_COMPLAINED);
  v1::RecordFollowUpRequest visit;
  visit.set_name(follow_ups[3]);
  visit.set_method(v1::FOLLOW_UP_METHOD_VISIT);
  visit.set_satisfaction(1);
  ASSERT_THAT(
      quality_->RecordFollowUp(Ctx(maint_supervisor_.token).get(), visit, &out),
      IsOk());
  EXPECT_EQ(out.outcome(), v1::FOLLOW_UP_OUTCOME_DISSATISFIED);
  ASSERT_THAT(Record(clean_supervisor_, FollowUpOf(cleaning), 4, &out), IsOk());
  clock_.Advance(absl::Hours(24 * 30));  // the unrecorded one is overdue

  auto list = [&](const testing::Actor& who, v1::ListFollowUpsRequest request,
                  v1::ListFollowUpsResponse* all) {
    request.set_parent(site_);
    request.set_page_size(2);
    all->Clear();
    for (;;) {
      v1::ListFollowUpsResponse page;
      grpc::Status status =
          quality_->ListFollowUps(Ctx(who.token).get(), request, &page);
      if (!status.ok()) return status;
      all->mutable_follow_ups()->MergeFrom(page.follow_ups());
      all->set_total_count(page.total_count());
      all->set_mean_satisfaction(page.mean_satisfaction());
      all->set_complaints(page.complaints());
      if (page.next_page_token().empty()) return status;
      request.set_page_token(page.next_page_token());
    }
  };
  v1::ListFollowUpsRequest request;
  v1::ListFollowUpsResponse all;
  ASSERT_THAT(list(manager_, request, &all), IsOk());
  EXPECT_EQ(all.follow_ups_size(), 5);
  EXPECT_EQ(all.total_count(), 5);
  EXPECT_DOUBLE_EQ(all.mean_satisfaction(), (5 + 3 + 2 + 1 + 4) / 5.0);
  EXPECT_EQ(all.complaints(), 1);
  for (const auto& f : all.follow_ups()) {
    EXPECT_EQ(f.state(), v1::FOLLOW_UP_STATE_DONE);
    EXPECT_NE(f.outcome(), v1::FOLLOW_UP_OUTCOME_UNSPECIFIED);
  }

  request.set_department(DepartmentNamed(site_, "MAINTENANCE"));
  request.set_outcome(v1::FOLLOW_UP_OUTCOME_COMPLAINED);
  ASSERT_THAT(list(manager_, request, &all), IsOk());
  ASSERT_EQ(all.follow_ups_size(), 1);
  EXPECT_EQ(all.follow_ups(0).name(), follow_ups[2]);
  EXPECT_FALSE(all.follow_ups(0).complaint().empty());
  request.set_outcome(v1::FOLLOW_UP_OUTCOME_DISSATISFIED);
  request.set_method(v1::FOLLOW_UP_METHOD_VISIT);
  ASSERT_THAT(list(manager_, request, &all), IsOk());
  ASSERT_EQ(all.follow_ups_size(), 1);
  EXPECT_EQ(all.follow_ups(0).name(), follow_ups[3]);
  request.clear_outcome();
  request.clear_method();
  request.set_item(carry);
  ASSERT_THAT(list(manager_, request, &all), IsOk());
  EXPECT_EQ(all.follow_ups_size(), 0) << "a cleaning item in maintenance";

  // Supervisors see their own department's register.
  v1::ListFollowUpsRequest own;
  ASSERT_THAT(list(clean_supervisor_, own, &all), IsOk());
  EXPECT_EQ(all.follow_ups_size(), 1);
  own.set_department(DepartmentNamed(site_, "MAINTENANCE"));
  EXPECT_THAT(
      list(clean_supervisor_, own, &all),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("department")));
  EXPECT_THAT(
      list(liu_, v1::ListFollowUpsRequest(), &all),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("RESIDENT")));
  // By period.
  v1::ListFollowUpsRequest period;
  *period.mutable_start_time() = Ts(recorded_from - absl::Hours(24));
  *period.mutable_end_time() = Ts(recorded_from - absl::Hours(1));
  ASSERT_THAT(list(manager_, period, &all), IsOk());
  EXPECT_EQ(all.follow_ups_size(), 0);
  *period.mutable_end_time() = Ts(recorded_from - absl::Hours(48));
  EXPECT_THAT(
      list(manager_, period, &all),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("end_time")));

  // The annual review sums the same register.
  v1::GetAnnualReviewRequest review_request;
  review_request.set_site(site_);
  review_request.set_year(2026);
  v1::AnnualReview review;
  ASSERT_THAT(quality_->GetAnnualReview(Ctx(manager_.token).get(),
                                        review_request, &review),
              IsOk());
  const v1::FollowUpRegisterSummary& reg = review.follow_up_register();
  EXPECT_EQ(reg.recorded(), 5);
  EXPECT_EQ(reg.by_visit(), 1);
  EXPECT_EQ(reg.by_phone(), 4);
  EXPECT_EQ(reg.satisfied(), 2);
  EXPECT_EQ(reg.neutral(), 1);
  EXPECT_EQ(reg.dissatisfied(), 1);
  EXPECT_EQ(reg.complained(), 1);
  EXPECT_DOUBLE_EQ(reg.mean_satisfaction(), 3.0);
  EXPECT_EQ(reg.pending_overdue(), 1);
}

// --- complaints ------------------------------------------------------------

TEST_F(QualityTest, ComplaintsMoveByTheirOneTableAndResidentsSeeTheOutcome) {
  const std::string r = Book(liu_, Item("OUTSIDE_SMALL_REPAIRS"));
  Dispatch(r, maint_supervisor_, plumber_);
  Complete(r, plumber_);

  v1::Complaint c;
  // Another household cannot complain about Liu's request.
  EXPECT_THAT(Complain(zhou_, r, v1::COMPLAINT_SEVERITY_MINOR, &c),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("complaint.request")));
  EXPECT_EQ(Count("complaints"), "0");

  ASSERT_THAT(Complain(liu_, r, v1::COMPLAINT_SEVERITY_MINOR, &c, "k1"),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_OPEN);
  EXPECT_EQ(c.source(), v1::COMPLAINT_SOURCE_RESIDENT);
  EXPECT_EQ(c.resident(), liu_.name);
  EXPECT_EQ(c.department(), DepartmentNamed(site_, "MAINTENANCE"));
  EXPECT_EQ(c.staff(), plumber_.name);
  EXPECT_THAT(c.history(), IsEmpty()) << "residents see the outcome only";
  // A retried create returns the same complaint.
  v1::Complaint again;
  ASSERT_THAT(Complain(liu_, r, v1::COMPLAINT_SEVERITY_MINOR, &again, "k1"),
              IsOk());
  EXPECT_EQ(again.name(), c.name());
  EXPECT_EQ(Count("complaints"), "1");

  v1::Complaint out;
  EXPECT_THAT(
      Move(clean_supervisor_, c, v1::COMPLAINT_ACTION_HANDLE, "", "", &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("HANDLE")));
  EXPECT_THAT(Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_HANDLE, "", "",
                   &out, "999"),
              StatusIs(grpc::StatusCode::ABORTED, HasSubstr("etag")));
  EXPECT_THAT(
      Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_RESOLVE, "", "", &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("resolution")));
  EXPECT_THAT(
      Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_RESOLVE, "", "Fixed",
           &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("OPEN")));
  ASSERT_THAT(Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_HANDLE,
                   "Calling the resident", "", &c),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_IN_HANDLING);
  EXPECT_EQ(c.handler(), maint_supervisor_.name);
  // The supervisor cannot settle it and reports it to the manager.
  ASSERT_THAT(Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_ESCALATE,
                   "Wants a new tap at our cost", "", &c),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_ESCALATED);
  EXPECT_EQ(c.escalation_reason(), "Wants a new tap at our cost");
  EXPECT_THAT(
      Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_RESOLVE, "", "Fixed",
           &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("ESCALATED")));
  ASSERT_THAT(Move(manager_, c, v1::COMPLAINT_ACTION_RESOLVE, "",
                   "A new tap was fitted free of charge", &c),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_RESOLVED);
  EXPECT_EQ(c.resolved_by(), manager_.name);
  std::vector<std::string> actions;
  for (const auto& e : c.history()) actions.push_back(e.action());
  EXPECT_THAT(actions, ElementsAre("CREATE", "HANDLE", "ESCALATE", "RESOLVE"));
  EXPECT_THAT(
      Move(manager_, c, v1::COMPLAINT_ACTION_UNSPECIFIED, "late note", "",
           &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("RESOLVED")));

  // Liu sees the outcome; Zhou sees nothing of it.
  v1::ListComplaintsRequest list;
  list.set_parent(site_);
  v1::ListComplaintsResponse mine;
  ASSERT_THAT(quality_->ListComplaints(Ctx(liu_.token).get(), list, &mine),
              IsOk());
  ASSERT_EQ(mine.complaints_size(), 1);
  EXPECT_EQ(mine.complaints(0).resolution(),
            "A new tap was fitted free of charge");
  EXPECT_EQ(mine.complaints(0).state(), v1::COMPLAINT_STATE_RESOLVED);
  v1::GetComplaintRequest get;
  get.set_name(c.name());
  v1::Complaint seen;
  ASSERT_THAT(quality_->GetComplaint(Ctx(liu_.token).get(), get, &seen),
              IsOk());
  EXPECT_THAT(seen.history(), IsEmpty());
  EXPECT_EQ(seen.resolution(), "A new tap was fitted free of charge");
  EXPECT_THAT(quality_->GetComplaint(Ctx(zhou_.token).get(), get, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  get.set_name(site_ + "/complaints/999");
  EXPECT_THAT(quality_->GetComplaint(Ctx(zhou_.token).get(), get, &seen),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  ASSERT_THAT(quality_->ListComplaints(Ctx(zhou_.token).get(), list, &mine),
              IsOk());
  EXPECT_THAT(mine.complaints(), IsEmpty());
}

TEST_F(QualityTest, AMajorComplaintGoesStraightToTheManager) {
  v1::CreateComplaintRequest create;
  create.set_parent(site_);
  create.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_PRIVACY);
  create.mutable_complaint()->set_severity(v1::COMPLAINT_SEVERITY_MAJOR);
  create.mutable_complaint()->set_text(
      "A worker told neighbours about my flat");
  v1::Complaint c;
  ASSERT_THAT(quality_->CreateComplaint(Ctx(zhou_.token).get(), create, &c),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_ESCALATED);
  EXPECT_TRUE(c.has_escalate_time());
  EXPECT_EQ(c.department(), "");
  EXPECT_EQ(c.household(), zhou_.household);
  v1::Complaint out;
  EXPECT_THAT(
      Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_HANDLE, "", "", &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("HANDLE")));
  ASSERT_THAT(Move(manager_, c, v1::COMPLAINT_ACTION_RESOLVE, "",
                   "Apologised in person; staff retrained on privacy", &c),
              IsOk());
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_RESOLVED);

  // Reception records one on a resident's behalf; it is the manager's when
  // it names no department.
  create.mutable_complaint()->set_severity(v1::COMPLAINT_SEVERITY_MINOR);
  create.mutable_complaint()->set_household(liu_.household);
  ASSERT_THAT(
      quality_->CreateComplaint(Ctx(reception_.token).get(), create, &c),
      IsOk());
  EXPECT_EQ(c.source(), v1::COMPLAINT_SOURCE_STAFF);
  EXPECT_EQ(c.state(), v1::COMPLAINT_STATE_OPEN);
  EXPECT_THAT(Move(reception_, c, v1::COMPLAINT_ACTION_HANDLE, "", "", &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_THAT(
      Move(maint_supervisor_, c, v1::COMPLAINT_ACTION_HANDLE, "", "", &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("HANDLE")));
  ASSERT_THAT(Move(manager_, c, v1::COMPLAINT_ACTION_HANDLE, "", "", &out),
              IsOk());

  v1::ListComplaintsRequest list;
  list.set_parent(site_);
  list.set_severity(v1::COMPLAINT_SEVERITY_MAJOR);
  v1::ListComplaintsResponse response;
  ASSERT_THAT(
      quality_->ListComplaints(Ctx(manager_.token).get(), list, &response),
      IsOk());
  EXPECT_EQ(response.complaints_size(), 1);
}

// --- the quality report, evaluation and praise -----------------------------

// The fixture (t0 = start; OUTSIDE_SMALL_REPAIRS and CARRY_SMALL_ITEMS have
// a 72 h completion target and a 72 h follow-up delay):
//   A (Liu, maintenance)   completed t0+1h   on time   follow-up t0+80h (3,
//   late, complaint MINOR) B (Liu, maintenance)   completed t0+2h   on time
//   follow-up t0+3h  (5, on time) C (Zhou, maintenance)  completed t0+80h  LATE
//   follow-up due t0+152h, pending D (Zhou, cleaning)     completed t0+2h   on
//   time   follow-up due t0+74h, pending (missed) complaint MAJOR about C
//   (maintenance, the plumber) at t0+80h praise: the plumber and the cleaner at
//   t0+81h; the report is at t0+81h.
class QualityReportTest : public QualityTest {
 protected:
  void SetUp() override {
    QualityTest::SetUp();
    const std::string repair = Item("OUTSIDE_SMALL_REPAIRS");
    a_ = Book(liu_, repair);
    b_ = Book(liu_, repair);
    c_ = Book(zhou_, repair);
    d_ = Book(zhou_, Item("CARRY_SMALL_ITEMS"));
    for (const std::string& r : {a_, b_, c_}) {
      Dispatch(r, maint_supervisor_, plumber_);
    }
    Dispatch(d_, clean_supervisor_, cleaner_);
    clock_.Advance(absl::Hours(1));
    Complete(a_, plumber_);
    clock_.Advance(absl::Hours(1));
    Complete(b_, plumber_);
    Complete(d_, cleaner_);
    clock_.Advance(absl::Hours(1));
    v1::FollowUp out;
    ASSERT_THAT(Record(maint_supervisor_, FollowUpOf(b_), 5, &out), IsOk());
    const std::string fa = FollowUpOf(a_);
    clock_.Advance(absl::Hours(77));
    Complete(c_, plumber_);
    ASSERT_THAT(Record(maint_supervisor_, fa, 3, &out, "Too slow"), IsOk());
    v1::Complaint c;
    ASSERT_THAT(Complain(zhou_, c_, v1::COMPLAINT_SEVERITY_MAJOR, &c), IsOk());
    clock_.Advance(absl::Hours(1));
    Praise(plumber_, v1::PRAISE_SOURCE_RESIDENT_LETTER);
    Praise(cleaner_, v1::PRAISE_SOURCE_WORK_LOG_CHECK);
    maintenance_ = DepartmentNamed(site_, "MAINTENANCE");
  }

  std::string a_, b_, c_, d_, maintenance_;
};

TEST_F(QualityReportTest, FiguresMatchTheHandComputedOnes) {
  const absl::Time end = t0_ + absl::Hours(100);
  v1::QualityReport r;
  ASSERT_THAT(Report(manager_, maintenance_, t0_, end, &r), IsOk());
  EXPECT_EQ(r.subject(), maintenance_);
  EXPECT_EQ(r.requests_completed(), 3);
  EXPECT_EQ(r.with_target(), 3);
  EXPECT_EQ(r.on_time(), 2);
  EXPECT_DOUBLE_EQ(r.on_time_rate(), 2.0 / 3.0);
  EXPECT_EQ(r.satisfaction_count(), 2);
  EXPECT_DOUBLE_EQ(r.mean_satisfaction(), 4.0);  // (3 + 5) / 2
  EXPECT_EQ(r.complaints_minor(), 1);
  EXPECT_EQ(r.complaints_major(), 1);
  EXPECT_EQ(r.praise(), 1);
  // A (late) and B (on time) were due; C is not due yet.
  EXPECT_EQ(r.follow_ups_due(), 2);
  EXPECT_EQ(r.follow_ups_on_time(), 1);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage(), 0.5);

  ASSERT_THAT(Report(manager_, site_, t0_, end, &r), IsOk());
  EXPECT_EQ(r.requests_completed(), 4);
  EXPECT_EQ(r.on_time(), 3);
  EXPECT_DOUBLE_EQ(r.on_time_rate(), 0.75);
  EXPECT_EQ(r.praise(), 2);
  // D's follow-up was due at t0+74h and missed.
  EXPECT_EQ(r.follow_ups_due(), 3);
  EXPECT_EQ(r.follow_ups_on_time(), 1);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage(), 1.0 / 3.0);

  ASSERT_THAT(Report(manager_, cleaner_.name, t0_, end, &r), IsOk());
  EXPECT_EQ(r.requests_completed(), 1);
  EXPECT_DOUBLE_EQ(r.on_time_rate(), 1.0);
  EXPECT_EQ(r.satisfaction_count(), 0);
  EXPECT_EQ(r.mean_satisfaction(), 0);
  EXPECT_EQ(r.complaints_minor() + r.complaints_major(), 0);
  EXPECT_EQ(r.praise(), 1);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage(), 0.0);

  // A period starting after A was completed: B and C only.
  ASSERT_THAT(Report(maint_supervisor_, plumber_.name, t0_ + absl::Minutes(90),
                     end, &r),
              IsOk());
  EXPECT_EQ(r.requests_completed(), 2);
  EXPECT_EQ(r.on_time(), 1);
  EXPECT_EQ(r.satisfaction_count(), 1);
  EXPECT_DOUBLE_EQ(r.mean_satisfaction(), 5.0);
  EXPECT_EQ(r.follow_ups_due(), 1);
  EXPECT_DOUBLE_EQ(r.follow_up_coverage(), 1.0);

  // Supervisors see their own department and its staff only.
  EXPECT_THAT(Report(clean_supervisor_, maintenance_, t0_, end, &r),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own department")));
  EXPECT_THAT(Report(maint_supervisor_, site_, t0_, end, &r),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own department")));
  EXPECT_THAT(
      Report(manager_, site_, end, t0_, &r),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("end_time")));
  EXPECT_THAT(Report(manager_, site_ + "/staff/999", t0_, end, &r),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("subject")));
}

TEST_F(QualityReportTest, AnEvaluationKeepsTheFiguresItWasMadeFrom) {
  v1::CreateEvaluationRequest create;
  create.set_parent(site_);
  create.set_request_id("eval-1");
  auto* e = create.mutable_evaluation();
  e->set_subject(plumber_.name);
  *e->mutable_start_time() = Ts(t0_);
  *e->mutable_end_time() = Ts(t0_ + absl::Hours(100));
  e->set_score(86);
  e->set_note("Quick and tidy; one late job");
  v1::Evaluation out;
  EXPECT_THAT(quality_->CreateEvaluation(Ctx(maint_supervisor_.token).get(),
                                         create, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ASSERT_THAT(
      quality_->CreateEvaluation(Ctx(manager_.token).get(), create, &out),
      IsOk());
  EXPECT_EQ(out.score(), 86);
  EXPECT_EQ(out.evaluator(), manager_.name);
  EXPECT_EQ(out.report().subject(), plumber_.name);
  EXPECT_EQ(out.report().requests_completed(), 3);
  EXPECT_DOUBLE_EQ(out.report().mean_satisfaction(), 4.0);
  EXPECT_EQ(out.report().praise(), 1);

  // Later praise changes the report, not the evaluation's figures.
  Praise(plumber_, v1::PRAISE_SOURCE_TEAM_REVIEW);
  v1::QualityReport now;
  ASSERT_THAT(
      Report(manager_, plumber_.name, t0_, t0_ + absl::Hours(100), &now),
      IsOk());
  EXPECT_EQ(now.praise(), 2);
  v1::ListEvaluationsRequest list;
  list.set_parent(site_);
  v1::ListEvaluationsResponse evaluations;
  ASSERT_THAT(quality_->ListEvaluations(Ctx(maint_supervisor_.token).get(),
                                        list, &evaluations),
              IsOk());
  ASSERT_EQ(evaluations.evaluations_size(), 1);
  EXPECT_EQ(evaluations.evaluations(0).report().praise(), 1);
  // The cleaning supervisor sees none of maintenance's appraisals.
  ASSERT_THAT(quality_->ListEvaluations(Ctx(clean_supervisor_.token).get(),
                                        list, &evaluations),
              IsOk());
  EXPECT_THAT(evaluations.evaluations(), IsEmpty());
  list.set_subject(plumber_.name);
  EXPECT_THAT(quality_->ListEvaluations(Ctx(clean_supervisor_.token).get(),
                                        list, &evaluations),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own department")));

  // A retry creates nothing new; a bad score stores nothing.
  ASSERT_THAT(
      quality_->CreateEvaluation(Ctx(manager_.token).get(), create, &out),
      IsOk());
  EXPECT_EQ(Count("evaluations"), "1");
  create.set_request_id("");
  e->set_score(101);
  EXPECT_THAT(
      quality_->CreateEvaluation(Ctx(manager_.token).get(), create, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("evaluation.score")));
  e->set_score(50);
  e->set_subject(site_);
  EXPECT_THAT(
      quality_->CreateEvaluation(Ctx(manager_.token).get(), create, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("evaluation.subject")));
  EXPECT_EQ(Count("evaluations"), "1");
}

TEST_F(QualityTest, HotelStaffArePraisedAndReportedToo) {
  const std::string hotel = CreateSite(v1::SITE_KIND_HOTEL, "Seaview").name();
  const testing::Actor hotel_manager = CreateStaff(hotel, v1::ROLE_MANAGER);
  const testing::Actor attendant =
      CreateStaff(hotel, v1::ROLE_STAFF, "HOUSEKEEPING");
  v1::RecordPraiseRequest request;
  request.set_parent(hotel);
  request.mutable_praise()->set_staff(attendant.name);
  request.mutable_praise()->set_source(v1::PRAISE_SOURCE_GUEST_LETTER);
  request.mutable_praise()->set_text(
      "Noticed I was cold and brought a blanket");
  request.mutable_praise()->set_subject("guests/12");
  v1::Praise praise;
  ASSERT_THAT(
      quality_->RecordPraise(Ctx(hotel_manager.token).get(), request, &praise),
      IsOk());
  EXPECT_EQ(praise.department(), attendant.department);
  EXPECT_EQ(praise.subject(), "guests/12");
  v1::QualityReport r;
  ASSERT_THAT(Report(hotel_manager, attendant.name, t0_ - absl::Hours(1),
                     t0_ + absl::Hours(1), &r),
              IsOk());
  EXPECT_EQ(r.praise(), 1);
  EXPECT_EQ(r.requests_completed(), 0);

  // Praise names staff of the site it is recorded for.
  request.mutable_praise()->set_staff(plumber_.name);
  EXPECT_THAT(
      quality_->RecordPraise(Ctx(hotel_manager.token).get(), request, &praise),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("praise.staff")));
  request.mutable_praise()->set_staff(attendant.name);
  request.mutable_praise()->set_source(v1::PRAISE_SOURCE_UNSPECIFIED);
  EXPECT_THAT(
      quality_->RecordPraise(Ctx(hotel_manager.token).get(), request, &praise),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("praise.source")));
  EXPECT_EQ(Count("praise"), "1");
  // Complaints and follow-ups are the residential service center's.
  v1::CreateComplaintRequest complaint;
  complaint.set_parent(hotel);
  v1::Complaint c;
  EXPECT_THAT(
      quality_->CreateComplaint(Ctx(hotel_manager.token).get(), complaint, &c),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("RESIDENTIAL")));
  // Residents do not record praise.
  request.set_parent(site_);
  EXPECT_THAT(quality_->RecordPraise(Ctx(liu_.token).get(), request, &praise),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
}

// --- surveys ---------------------------------------------------------------

TEST_F(QualityTest, OneSurveyResponsePerHouseholdChangeableUntilClose) {
  const testing::Actor wang = CreateResident(site_, "Wang");
  const v1::Survey survey = CreateSurvey();
  EXPECT_TRUE(survey.open());
  EXPECT_EQ(survey.item(), Item("SATISFACTION_SURVEY"));

  ASSERT_THAT(
      Answer(liu_, survey.name(), {Score(0, 4), Text(1, "More benches")}),
      IsOk());
  // Liu changes her mind: still one response, with the new answers only.
  ASSERT_THAT(Answer(liu_, survey.name(), {Score(0, 2)}), IsOk());
  EXPECT_EQ(Count("survey_responses"), "1");
  EXPECT_EQ(Count("survey_answers"), "1");
  ASSERT_THAT(Answer(zhou_, survey.name(), {Score(0, 5), Text(1, "Quieter")}),
              IsOk());
  // Residents answer for their own household only; reception enters a
  // paper form for one.
  EXPECT_THAT(Answer(zhou_, survey.name(), {Score(0, 1)}, wang.household),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  EXPECT_THAT(
      Answer(reception_, survey.name(), {Score(0, 3)}),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("household")));
  // Bad answers: the field, and nothing stored.
  EXPECT_THAT(Answer(wang, survey.name(), {Score(0, 6)}),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(Answer(wang, survey.name(), {Score(1, 3)}),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("answers[0].score")));
  EXPECT_THAT(
      Answer(wang, survey.name(), {}),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("answers")));
  EXPECT_EQ(Count("survey_responses"), "2");

  v1::GetSurveyResultsRequest get;
  get.set_survey(survey.name());
  v1::SurveyResults results;
  EXPECT_THAT(quality_->GetSurveyResults(Ctx(liu_.token).get(), get, &results),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ASSERT_THAT(
      quality_->GetSurveyResults(Ctx(manager_.token).get(), get, &results),
      IsOk());
  EXPECT_EQ(results.responding_households(), 2);
  EXPECT_EQ(results.households(), 3);
  EXPECT_DOUBLE_EQ(results.response_rate(), 2.0 / 3.0);
  ASSERT_EQ(results.questions_size(), 2);
  EXPECT_THAT(results.questions(0).score_counts(), ElementsAre(0, 1, 0, 0, 1));
  EXPECT_DOUBLE_EQ(results.questions(0).mean_score(), 3.5);
  EXPECT_THAT(results.questions(1).texts(), ElementsAre("Quieter"));

  ASSERT_THAT(Answer(reception_, survey.name(), {Score(0, 3)}, wang.household),
              IsOk());
  // After the close nothing can be given or changed.
  clock_.Advance(absl::Hours(24 * 8));
  EXPECT_THAT(
      Answer(liu_, survey.name(), {Score(0, 5)}),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("closed")));
  ASSERT_THAT(
      quality_->GetSurveyResults(Ctx(manager_.token).get(), get, &results),
      IsOk());
  EXPECT_EQ(results.responding_households(), 3);
  EXPECT_DOUBLE_EQ(results.response_rate(), 1.0);
  EXPECT_THAT(results.questions(0).score_counts(), ElementsAre(0, 1, 1, 0, 1));

  v1::ListSurveysRequest list;
  list.set_parent(site_);
  list.set_open_only(true);
  v1::ListSurveysResponse open;
  ASSERT_THAT(quality_->ListSurveys(Ctx(liu_.token).get(), list, &open),
              IsOk());
  EXPECT_THAT(open.surveys(), IsEmpty());
}

// --- the annual review -----------------------------------------------------

TEST_F(QualityTest, AnnualReviewCostRevenueAndMarginOnAKnownYear) {
  // Maintenance costs 40.00 an hour (set as the directory sets it).
  QueryValue(db_->url(),
             "UPDATE departments SET hourly_cost_minor = 4000 WHERE code = "
             "'MAINTENANCE'");
  const std::string tap = FixedItem(5000);
  // R1: 30 min + 3.00 materials, settled 50.00; R2: 45 min, settled 50.00;
  // R3: 60 min + 12.00, completed, not settled.
  const std::string r1 = Book(liu_, tap), r2 = Book(liu_, tap),
                    r3 = Book(zhou_, tap);
  const std::pair<std::string, std::pair<int, int64_t>> work[] = {
      {r1, {30, 300}}, {r2, {45, 0}}, {r3, {60, 1200}}};
  for (const auto& [r, spent] : work) {
    Dispatch(r, maint_supervisor_, plumber_);
    Complete(r, plumber_, spent.first, spent.second);
  }
  for (const std::string& r : {r1, r2}) {
    v1::SignOffServiceRequestRequest sign;
    sign.set_name(r);
    v1::ServiceRequest out;
    ASSERT_THAT(
        requests_->SignOffServiceRequest(Ctx(liu_.token).get(), sign, &out),
        IsOk());
    v1::SettleServiceRequestRequest settle;
    settle.set_name(r);
    settle.mutable_amount()->set_minor_units(5000);
    ASSERT_THAT(requests_->SettleServiceRequest(Ctx(finance_.token).get(),
                                                settle, &out),
                IsOk());
  }
  v1::FollowUp followed;
  ASSERT_THAT(Record(maint_supervisor_, FollowUpOf(r1), 4, &followed), IsOk());
  v1::Complaint complaint;
  ASSERT_THAT(Complain(liu_, r2, v1::COMPLAINT_SEVERITY_MINOR, &complaint),
              IsOk());
  Suggest(liu_, "Cheaper tap repairs please", tap);
  const v1::Survey survey = CreateSurvey(tap);
  ASSERT_THAT(Answer(liu_, survey.name(), {Score(0, 5), Text(1, "Quick work")}),
              IsOk());
  // Two hospital lookups.
  for (int i = 0; i < 2; ++i) {
    v1::SearchProvidersRequest search;
    search.set_parent(site_);
    search.set_item("HOSPITALS_INFO");
    v1::SearchProvidersResponse found;
    ASSERT_THAT(
        catalog_->SearchProviders(Ctx(liu_.token).get(), search, &found),
        IsOk());
  }

  v1::GetAnnualReviewRequest request;
  request.set_site(site_);
  request.set_year(2026);
  v1::AnnualReview review;
  ASSERT_THAT(
      quality_->GetAnnualReview(Ctx(manager_.token).get(), request, &review),
      IsOk());
  // 2026 in Asia/Shanghai: from 2025-12-31 16:00 UTC.
  EXPECT_EQ(
      review.start_time().seconds(),
      absl::ToUnixSeconds(absl::FromCivil(
          absl::CivilSecond(2025, 12, 31, 16, 0, 0), absl::UTCTimeZone())));
  EXPECT_EQ(review.items_size(), 47);  // the default 46 and TAP_REPAIR
  std::map<std::string, v1::ItemReview> by_code;
  for (const auto& i : review.items()) by_code[i.code()] = i;

  const v1::ItemReview& t = by_code["TAP_REPAIR"];
  EXPECT_EQ(t.requests(), 3);
  EXPECT_EQ(t.completed(), 3);
  EXPECT_EQ(t.revenue().minor_units(), 10000);
  EXPECT_EQ(t.unsettled(), 1);
  // (30 + 45 + 60) min x 40.00/h = 90.00; materials 15.00.
  EXPECT_EQ(t.labour_cost().minor_units(), 9000);
  EXPECT_EQ(t.materials_cost().minor_units(), 1500);
  EXPECT_EQ(t.cost().minor_units(), 10500);
  EXPECT_EQ(t.margin().minor_units(), -500);
  EXPECT_EQ(t.markup_basis_points(), -476);
  EXPECT_EQ(t.verdict(), v1::MARGIN_VERDICT_BELOW_COST);
  EXPECT_EQ(t.satisfaction_count(), 1);
  EXPECT_DOUBLE_EQ(t.mean_satisfaction(), 4.0);
  EXPECT_EQ(t.complaints(), 1);
  EXPECT_THAT(t.suggestions(), ElementsAre("Cheaper tap repairs please"));
  EXPECT_THAT(t.survey_comments(), ElementsAre("Quick work"));
  EXPECT_FALSE(t.necessity_check());

  EXPECT_EQ(by_code["HOSPITALS_INFO"].lookups(), 2);
  EXPECT_FALSE(by_code["HOSPITALS_INFO"].necessity_check());
  EXPECT_EQ(by_code["SATISFACTION_SURVEY"].survey_responses(), 1);
  EXPECT_FALSE(by_code["SATISFACTION_SURVEY"].necessity_check());
  EXPECT_TRUE(by_code["WEDDING_FLOWERS"].necessity_check());
  EXPECT_EQ(by_code["WEDDING_FLOWERS"].verdict(),
            v1::MARGIN_VERDICT_FREE_SERVICE);
  EXPECT_EQ(by_code["OTHER_REASONABLE"].verdict(), v1::MARGIN_VERDICT_NO_DATA);
  EXPECT_EQ(review.total_revenue().minor_units(), 10000);
  EXPECT_EQ(review.total_cost().minor_units(), 10500);

  // 2025 ended before the site existed: nothing to review.
  request.set_year(2025);
  ASSERT_THAT(
      quality_->GetAnnualReview(Ctx(manager_.token).get(), request, &review),
      IsOk());
  EXPECT_THAT(review.items(), IsEmpty());
  request.set_year(1990);
  EXPECT_THAT(
      quality_->GetAnnualReview(Ctx(manager_.token).get(), request, &review),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("year")));
  request.set_year(2026);
  EXPECT_THAT(
      quality_->GetAnnualReview(Ctx(liu_.token).get(), request, &review),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
}

// --- suggestions and the plan ----------------------------------------------

v1::PlanEntry Entry(v1::PlanAction action, const std::string& item,
                    const std::string& note = "") {
  v1::PlanEntry e;
  e.set_action(action);
  e.set_item(item);
  e.set_note(note);
  return e;
}

TEST_F(QualityTest, SuggestionsAreTriaged) {
  const std::string s = Suggest(liu_, "A bicycle repair corner");
  v1::Suggestion out;
  EXPECT_THAT(
      Triage(s, v1::TRIAGE_DECISION_DECLINE, "", &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT state FROM suggestions"),
            "SUBMITTED");
  ASSERT_THAT(Triage(s, v1::TRIAGE_DECISION_DECLINE, "No room for it", &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::SUGGESTION_STATE_DECLINED);
  EXPECT_EQ(out.reason(), "No room for it");
  EXPECT_THAT(
      Triage(s, v1::TRIAGE_DECISION_ACCEPT, "", &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("DECLINED")));
  // Residents see their own household's suggestions with the reason.
  v1::ListSuggestionsRequest list;
  list.set_parent(site_);
  v1::ListSuggestionsResponse mine;
  ASSERT_THAT(quality_->ListSuggestions(Ctx(liu_.token).get(), list, &mine),
              IsOk());
  ASSERT_EQ(mine.suggestions_size(), 1);
  EXPECT_EQ(mine.suggestions(0).reason(), "No room for it");
  ASSERT_THAT(quality_->ListSuggestions(Ctx(zhou_.token).get(), list, &mine),
              IsOk());
  EXPECT_THAT(mine.suggestions(), IsEmpty());
  // A change names its item; nothing is stored without one.
  v1::CreateSuggestionRequest change;
  change.set_parent(site_);
  change.mutable_suggestion()->set_kind(v1::SUGGESTION_KIND_CHANGE);
  change.mutable_suggestion()->set_text("Lend umbrellas at the gate too");
  EXPECT_THAT(quality_->CreateSuggestion(Ctx(liu_.token).get(), change, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("suggestion.item")));
  EXPECT_EQ(Count("suggestions"), "1");
}

class PlanTest : public QualityTest {
 protected:
  void SetUp() override {
    QualityTest::SetUp();
    tap_ = FixedItem(5000);
    flowers_ = Item("WEDDING_FLOWERS");
    hospitals_ = Item("HOSPITALS_INFO");
    accepted_ = Suggest(liu_, "A bicycle repair corner");
    v1::Suggestion out;
    EXPECT_THAT(Triage(accepted_, v1::TRIAGE_DECISION_ACCEPT, "", &out),
                IsOk());
    submitted_ = Suggest(zhou_, "A rooftop garden");
    new_year_ = absl::FromCivil(absl::CivilDay(2027, 1, 1), Shanghai());
  }

  static absl::TimeZone Shanghai() {
    absl::TimeZone zone;
    absl::LoadTimeZone("Asia/Shanghai", &zone);
    return zone;
  }

  v1::PlanEntry Reprice(const std::string& item, int64_t minor, absl::Time at) {
    v1::PlanEntry e = Entry(v1::PLAN_ACTION_REPRICE, item);
    e.mutable_price()->set_minor_units(minor);
    *e.mutable_effective_time() = Ts(at);
    return e;
  }

  v1::PlanEntry AddBikeRepair(const std::string& suggestion) {
    v1::PlanEntry e;
    e.set_action(v1::PLAN_ACTION_ADD);
    e.set_suggestion(suggestion);
    auto* n = e.mutable_new_item();
    n->set_code("BIKE_REPAIR");
    n->mutable_title()->set_zh("單車維修");
    n->mutable_title()->set_en("Bicycle repair");
    n->set_category(v1::ITEM_CATEGORY_ON_SITE);
    n->set_fee_kind(v1::FEE_KIND_FIXED);
    n->set_fulfilment(v1::FULFILMENT_SCHEDULED);
    n->set_department(DepartmentNamed(site_, "MAINTENANCE"));
    e.mutable_price()->set_minor_units(2000);
    *e.mutable_effective_time() = Ts(new_year_);
    return e;
  }

  grpc::Status CreatePlan(int year, std::vector<v1::PlanEntry> entries,
                          v1::ServicePlan* out) {
    v1::CreateServicePlanRequest request;
    request.set_parent(site_);
    request.mutable_plan()->set_year(year);
    for (auto& e : entries) *request.mutable_plan()->add_entries() = e;
    return quality_->CreateServicePlan(Ctx(manager_.token).get(), request, out);
  }

  grpc::Status Approve(const std::string& plan, v1::ServicePlan* out) {
    v1::ApproveServicePlanRequest request;
    request.set_name(plan);
    return quality_->ApproveServicePlan(Ctx(manager_.token).get(), request,
                                        out);
  }

  std::string tap_, flowers_, hospitals_, accepted_, submitted_;
  absl::Time new_year_;
};

TEST_F(PlanTest, ApprovingAPlanUpdatesTheCatalogueAndDraftsTheAnnouncement) {
  v1::ServicePlan plan;
  ASSERT_THAT(
      CreatePlan(2027,
                 {Entry(v1::PLAN_ACTION_RETIRE, flowers_, "Nobody asked"),
                  Reprice(tap_, 6000, new_year_), AddBikeRepair(accepted_),
                  Entry(v1::PLAN_ACTION_KEEP, hospitals_)},
                 &plan),
      IsOk());
  EXPECT_EQ(plan.state(), v1::PLAN_STATE_DRAFT);
  EXPECT_EQ(plan.title().en(), "Personalised service plan 2027");
  // A draft changes nothing.
  EXPECT_EQ(GetItem(flowers_).state(), v1::ITEM_STATE_PUBLISHED);
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM service_items WHERE "
                       "code = 'BIKE_REPAIR'"),
            "0");
  const std::string announcements = Count("announcements");
  const std::string prices = Count("service_prices");

  v1::ServicePlan approved;
  EXPECT_THAT(quality_->ApproveServicePlan(
                  Ctx(maint_supervisor_.token).get(),
                  [&] {
                    v1::ApproveServicePlanRequest r;
                    r.set_name(plan.name());
                    return r;
                  }(),
                  &approved),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ASSERT_THAT(Approve(plan.name(), &approved), IsOk());
  EXPECT_EQ(approved.state(), v1::PLAN_STATE_APPROVED);
  EXPECT_EQ(approved.approved_by(), manager_.name);
  ASSERT_FALSE(approved.announcement().empty());
  const std::string bike = approved.entries(2).item();
  ASSERT_FALSE(bike.empty());
  EXPECT_FALSE(approved.entries(2).price_version().empty());
  EXPECT_FALSE(approved.entries(1).price_version().empty());

  // The catalogue, through its own life cycle and price rules.
  const v1::ServiceItem flowers = GetItem(flowers_);
  EXPECT_EQ(flowers.state(), v1::ITEM_STATE_RETIRED);
  EXPECT_EQ(flowers.retire_reason(), "Nobody asked");
  const v1::ServiceItem added = GetItem(bike);
  EXPECT_EQ(added.code(), "BIKE_REPAIR");
  EXPECT_EQ(added.state(), v1::ITEM_STATE_APPROVED);
  EXPECT_EQ(added.approved_by(), manager_.name);
  EXPECT_TRUE(added.has_completion_target()) << "default targets applied";
  EXPECT_EQ(Count("service_prices"), absl::StrCat(std::stoi(prices) + 2));
  // Prices take effect only once announced: not yet.
  v1::ServiceItem tap = GetItem(tap_);
  EXPECT_EQ(tap.current_price().minor_units(), 5000);
  EXPECT_FALSE(tap.has_next_price());
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT state FROM service_prices WHERE amount_minor = "
                       "6000"),
            "APPROVED");

  v1::GetAnnouncementRequest get;
  get.set_name(approved.announcement());
  v1::Announcement a;
  ASSERT_THAT(catalog_->GetAnnouncement(Ctx(manager_.token).get(), get, &a),
              IsOk());
  EXPECT_EQ(Count("announcements"), absl::StrCat(std::stoi(announcements) + 1));
  EXPECT_EQ(a.state(), v1::ANNOUNCEMENT_STATE_DRAFT);
  EXPECT_THAT(a.items(), ElementsAre(bike));
  EXPECT_THAT(a.prices(), ElementsAre(approved.entries(1).price_version(),
                                      approved.entries(2).price_version()));
  EXPECT_THAT(a.body().en(),
              HasSubstr("No longer offered: Congratulatory flowers"));
  EXPECT_THAT(a.body().zh(),
              HasSubstr("停止提供：向舉行結婚典禮的業主送賀鮮花"));

  // The suggestion became the item.
  v1::ListSuggestionsRequest list;
  list.set_parent(site_);
  list.add_states(v1::SUGGESTION_STATE_ADOPTED);
  v1::ListSuggestionsResponse adopted;
  ASSERT_THAT(
      quality_->ListSuggestions(Ctx(manager_.token).get(), list, &adopted),
      IsOk());
  ASSERT_EQ(adopted.suggestions_size(), 1);
  EXPECT_EQ(adopted.suggestions(0).adopted_item(), bike);
  EXPECT_EQ(adopted.suggestions(0).plan(), plan.name());

  // The manager publishes; from the new year the new prices are in force.
  v1::PublishAnnouncementRequest publish;
  publish.set_name(a.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
  ASSERT_THAT(
      catalog_->PublishAnnouncement(Ctx(manager_.token).get(), publish, &a),
      IsOk());
  EXPECT_EQ(GetItem(bike).state(), v1::ITEM_STATE_PUBLISHED);
  EXPECT_EQ(GetItem(tap_).next_price().minor_units(), 6000);
  clock_.Set(new_year_ + absl::Hours(1));
  EXPECT_EQ(GetItem(tap_).current_price().minor_units(), 6000);
  EXPECT_EQ(GetItem(bike).current_price().minor_units(), 2000);

  // Approved once; one approved plan per year.
  EXPECT_THAT(
      Approve(plan.name(), &approved),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("APPROVED")));
  v1::ServicePlan second;
  ASSERT_THAT(
      CreatePlan(2027, {Entry(v1::PLAN_ACTION_KEEP, hospitals_)}, &second),
      IsOk());
  EXPECT_THAT(Approve(second.name(), &approved),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("already approved")));
}

TEST_F(PlanTest, APlanIsAppliedWhollyOrNotAtAll) {
  const std::string carry = Item("CARRY_SMALL_ITEMS");
  v1::ServicePlan plan;
  ASSERT_THAT(CreatePlan(2026,
                         {Entry(v1::PLAN_ACTION_RETIRE, carry),
                          Reprice(tap_, 6000, clock_.Now() + absl::Hours(1))},
                         &plan),
              IsOk());
  const std::string announcements = Count("announcements");
  const std::string prices = Count("service_prices");
  // The price's time passes before approval: the catalogue refuses it, and
  // the retirement earlier in the plan is not applied either.
  clock_.Advance(absl::Hours(2));
  v1::ServicePlan out;
  EXPECT_THAT(Approve(plan.name(), &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("plan.entries[1]: price.effective_time")));
  EXPECT_EQ(GetItem(carry).state(), v1::ITEM_STATE_PUBLISHED);
  EXPECT_EQ(Count("announcements"), announcements);
  EXPECT_EQ(Count("service_prices"), prices);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT state FROM service_plans"), "DRAFT");
}

TEST_F(PlanTest, BadPlansAreRefusedWithTheEntryNamedAndNothingStored) {
  v1::ServicePlan out;
  EXPECT_THAT(
      CreatePlan(2030, {Entry(v1::PLAN_ACTION_KEEP, hospitals_)}, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("plan.year")));
  EXPECT_THAT(
      CreatePlan(2027, {}, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("plan.entries")));
  EXPECT_THAT(CreatePlan(2027,
                         {Entry(v1::PLAN_ACTION_KEEP, hospitals_),
                          AddBikeRepair(submitted_)},
                         &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("plan.entries[1]: suggestion is SUBMITTED")));
  EXPECT_THAT(
      CreatePlan(2027, {Reprice(flowers_, 1000, new_year_)}, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("plan.entries[0]: item WEDDING_FLOWERS is FREE")));
  v1::PlanEntry duplicate = AddBikeRepair(accepted_);
  duplicate.mutable_new_item()->set_code("TAP_REPAIR");
  EXPECT_THAT(CreatePlan(2027, {duplicate}, &out),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS,
                       HasSubstr("plan.entries[0]: item.code")));
  v1::PlanEntry unpriced = AddBikeRepair(accepted_);
  unpriced.clear_price();
  EXPECT_THAT(CreatePlan(2027, {unpriced}, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("plan.entries[0].price")));
  EXPECT_THAT(CreatePlan(2027,
                         {Entry(v1::PLAN_ACTION_KEEP, hospitals_),
                          Entry(v1::PLAN_ACTION_RETIRE, hospitals_)},
                         &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("plan.entries[1].item")));
  EXPECT_EQ(Count("service_plans"), "0");
  EXPECT_EQ(Count("service_plan_entries"), "0");
}

// --- bad inputs ------------------------------------------------------------

TEST_F(QualityTest, BadInputsNameTheFieldAndStoreNothing) {
  v1::Complaint c;
  v1::CreateComplaintRequest create;
  create.set_parent(site_);
  create.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_OTHER);
  create.mutable_complaint()->set_severity(v1::COMPLAINT_SEVERITY_MINOR);
  EXPECT_THAT(quality_->CreateComplaint(Ctx(liu_.token).get(), create, &c),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("complaint.text")));
  create.mutable_complaint()->set_text("Noise at night");
  create.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_UNSPECIFIED);
  EXPECT_THAT(quality_->CreateComplaint(Ctx(liu_.token).get(), create, &c),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("complaint.category")));
  create.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_DISTURBANCE);
  create.mutable_complaint()->set_staff(plumber_.name);
  EXPECT_THAT(quality_->CreateComplaint(Ctx(liu_.token).get(), create, &c),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("complaint.department")));
  create.mutable_complaint()->clear_staff();
  EXPECT_THAT(
      quality_->CreateComplaint(Ctx(reception_.token).get(), create, &c),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("complaint.household")));
  create.mutable_complaint()->set_household(zhou_.household);
  EXPECT_THAT(quality_->CreateComplaint(Ctx(liu_.token).get(), create, &c),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                       HasSubstr("own household")));
  create.mutable_complaint()->set_household(site_ + "/households/999");
  EXPECT_THAT(
      quality_->CreateComplaint(Ctx(reception_.token).get(), create, &c),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("complaint.household")));
  EXPECT_EQ(Count("complaints"), "0");

  v1::UpdateComplaintRequest update;
  update.set_name(site_ + "/complaints/1");
  EXPECT_THAT(quality_->UpdateComplaint(Ctx(manager_.token).get(), update, &c),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("etag")));

  v1::CreateSurveyRequest survey;
  survey.set_parent(site_);
  survey.mutable_survey()->mutable_title()->set_zh("調查");
  survey.mutable_survey()->mutable_title()->set_en("Survey");
  auto* q = survey.mutable_survey()->add_questions();
  q->mutable_text()->set_zh("滿意嗎");
  q->mutable_text()->set_en("Satisfied?");
  q->set_kind(v1::QUESTION_KIND_SCALE);
  *survey.mutable_survey()->mutable_open_time() = Ts(clock_.Now());
  *survey.mutable_survey()->mutable_close_time() =
      Ts(clock_.Now() - absl::Hours(1));
  v1::Survey s;
  EXPECT_THAT(quality_->CreateSurvey(Ctx(manager_.token).get(), survey, &s),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("survey.close_time")));
  *survey.mutable_survey()->mutable_close_time() =
      Ts(clock_.Now() + absl::Hours(1));
  q->set_kind(v1::QUESTION_KIND_UNSPECIFIED);
  EXPECT_THAT(quality_->CreateSurvey(Ctx(manager_.token).get(), survey, &s),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("survey.questions[0].kind")));
  q->set_kind(v1::QUESTION_KIND_SCALE);
  EXPECT_THAT(quality_->CreateSurvey(Ctx(liu_.token).get(), survey, &s),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(Count("surveys"), "0");
  EXPECT_EQ(Count("survey_questions"), "0");

  v1::ListDueFollowUpsRequest list;
  list.set_parent(site_);
  list.set_page_size(-1);
  v1::ListDueFollowUpsResponse due;
  EXPECT_THAT(
      quality_->ListDueFollowUps(Ctx(manager_.token).get(), list, &due),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("page_size")));
  v1::RecordFollowUpRequest record;
  record.set_name(site_ + "/followups/1");
  record.set_method(v1::FOLLOW_UP_METHOD_VISIT);
  record.set_satisfaction(3);
  v1::FollowUp f;
  EXPECT_THAT(quality_->RecordFollowUp(Ctx(manager_.token).get(), record, &f),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("followups/1")));
  record.set_name("followups/1");
  EXPECT_THAT(quality_->RecordFollowUp(Ctx(manager_.token).get(), record, &f),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("name")));
}

}  // namespace
}  // namespace concierge
