// A resident's voice: complaints with their outcomes, suggestions, and the
// satisfaction survey.

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/common/quality_view.h"
#include "clients/resident/commands.h"

namespace concierge::cli {
namespace {

using v1::QualityService;

std::unique_ptr<QualityService::Stub> Stub(Invocation& inv) {
  return QualityService::NewStub(inv.channel());
}

int Complain(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateComplaintRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* c = request.mutable_complaint();
  if (auto r = inv.Option("request")) {
    c->set_request(QualifiedName(site, "requests", *r));
  }
  auto category = ParseCategory(inv.OptionOr("category", "service_quality"));
  if (!category) {
    return UsageError(
        "--category: service_quality, timeliness, staff_conduct, charges, "
        "disturbance, privacy, other");
  }
  c->set_category(*category);
  auto severity = ParseSeverity(inv.Flag("major") ? "major" : "minor");
  c->set_severity(*severity);
  c->set_text(inv.positional()[0]);
  v1::Complaint out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateComplaint(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("投訴已受理，編號 ", "Complaint received, number ")
            << ShortId(out.name()) << " ("
            << ComplaintStateLabel(inv, out.state()) << ")\n";
  return 0;
}

int Complaints(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListComplaintsRequest request;
  request.set_parent(site);
  std::vector<v1::Complaint> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListComplaintsRequest, v1::ListComplaintsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListComplaints(c, r, out);
          },
          [&](const v1::ListComplaintsResponse& page) {
            all.insert(all.end(), page.complaints().begin(),
                       page.complaints().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintComplaintTable(inv, all);
  return 0;
}

int Suggest(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateSuggestionRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* s = request.mutable_suggestion();
  s->set_text(inv.positional()[0]);
  s->set_kind(v1::SUGGESTION_KIND_NEW_SERVICE);
  if (auto item = inv.Option("item")) {
    s->set_item(ResolveItem(inv, site, *item, &code));
    if (code) return code;
    s->set_kind(v1::SUGGESTION_KIND_CHANGE);
  }
  v1::Suggestion out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateSuggestion(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("謝謝您的建議，編號 ", "Thank you: suggestion ")
            << ShortId(out.name()) << "\n";
  return 0;
}

int Suggestions(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListSuggestionsRequest request;
  request.set_parent(site);
  std::vector<v1::Suggestion> all;
  auto stub = Stub(inv);
  grpc::Status status =
      ForEachPage<v1::ListSuggestionsRequest, v1::ListSuggestionsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListSuggestions(c, r, out);
          },
          [&](const v1::ListSuggestionsResponse& page) {
            all.insert(all.end(), page.suggestions().begin(),
                       page.suggestions().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintSuggestionTable(inv, all);
  return 0;
}

// Without a survey: the open surveys and their questions. With one and
// --answers: the household's answers (given again, they replace the old).
int Survey(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  auto stub = Stub(inv);
  if (inv.positional().empty()) {
    v1::ListSurveysRequest request;
    request.set_parent(site);
    request.set_open_only(true);
    v1::ListSurveysResponse response;
    grpc::Status status = RetryIdempotent([&] {
      auto context = inv.NewContext();
      return stub->ListSurveys(context.get(), request, &response);
    });
    if (!status.ok()) return Fail(status);
    if (inv.json()) {
      PrintJson(response);
      return 0;
    }
    if (response.surveys().empty()) {
      std::cout << inv.Tr("目前沒有進行中的調查。", "No survey is open now.")
                << "\n";
    }
    for (const auto& s : response.surveys()) PrintSurvey(inv, s);
    return 0;
  }
  if (!inv.Option("answers")) {
    return UsageError("--answers: \"0=5;1=More benches please\"");
  }
  v1::SubmitSurveyResponseRequest request;
  request.set_survey(QualifiedName(site, "surveys", inv.positional()[0]));
  // Which questions are scales decides whether "5" is a score or a text.
  v1::GetSurveyRequest get;
  get.set_name(request.survey());
  v1::Survey survey;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetSurvey(context.get(), get, &survey);
  });
  if (!status.ok()) return Fail(status);
  for (absl::string_view entry :
       absl::StrSplit(*inv.Option("answers"), ';', absl::SkipEmpty())) {
    const size_t eq = entry.find('=');
    int question = -1;
    if (eq == absl::string_view::npos ||
        !absl::SimpleAtoi(entry.substr(0, eq), &question) || question < 0 ||
        question >= survey.questions_size()) {
      return UsageError(
          "--answers: QUESTION=ANSWER;... e.g. \"0=5;1=More benches\"");
    }
    auto* a = request.add_answers();
    a->set_question(question);
    const std::string value(entry.substr(eq + 1));
    if (survey.questions(question).kind() == v1::QUESTION_KIND_SCALE) {
      int score = 0;
      if (!absl::SimpleAtoi(value, &score)) {
        return UsageError("--answers: a scale question is answered 1..5");
      }
      a->set_score(score);
    } else {
      a->set_text(value);
    }
  }
  v1::SurveyResponse out;
  status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->SubmitSurveyResponse(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(out);
    return 0;
  }
  std::cout << inv.Tr("謝謝！您的回覆已記錄（截止前可修改）。",
                      "Thank you: your answers are recorded (you may change "
                      "them until the survey closes).")
            << "\n";
  return 0;
}

}  // namespace

std::vector<Command> ResidentQualityCommands() {
  return {
      {.path = "complain",
       .positional_usage = "<what happened>",
       .summary = "complain about a service (the outcome shows in complaints)",
       .options = {{"request", "the request # it is about"},
                   {"category",
                    "service_quality (default), timeliness, "
                    "staff_conduct, charges, disturbance, privacy, "
                    "other"},
                   {"major", "a serious problem: goes to the manager", true}},
       .run = Complain,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "complaints",
       .summary = "my household's complaints and their outcomes",
       .run = Complaints},
      {.path = "suggest",
       .positional_usage = "<your idea>",
       .summary = "suggest a new service or a change",
       .options = {{"item", "the catalogue item it would change (code)"}},
       .run = Suggest,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "suggestions",
       .summary = "my household's suggestions",
       .run = Suggestions},
      {.path = "survey",
       .positional_usage = "[<survey #>]",
       .summary = "open surveys; with a survey # and --answers, answer it",
       .options = {{"answers",
                    "QUESTION=ANSWER;... e.g. \"0=5;1=More benches\""}},
       .run = Survey,
       .min_positional = 0,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
