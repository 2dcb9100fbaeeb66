#ifndef CONCIERGE_CLIENTS_COMMON_QUALITY_VIEW_H_
#define CONCIERGE_CLIENTS_COMMON_QUALITY_VIEW_H_

// Complaints, suggestions and surveys as the resident and staff clients
// print them, and the words both accept for the quality vocabulary.

#include <optional>
#include <string>
#include <vector>

#include "clients/common/cli.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::cli {

std::string ComplaintStateLabel(const Invocation& inv, v1::ComplaintState s);
std::string SeverityLabel(const Invocation& inv, v1::ComplaintSeverity s);
std::string CategoryLabel(const Invocation& inv, v1::ComplaintCategory c);
std::string SuggestionStateLabel(const Invocation& inv, v1::SuggestionState s);

// "service_quality", "timeliness", ... (the enum without its prefix, any
// case); nullopt when unknown.
std::optional<v1::ComplaintCategory> ParseCategory(const std::string& text);
// "minor" or "major".
std::optional<v1::ComplaintSeverity> ParseSeverity(const std::string& text);

// One complaint in detail; `history` when the server sent it.
void PrintComplaint(const Invocation& inv, const v1::Complaint& c);
void PrintComplaintTable(const Invocation& inv,
                         const std::vector<v1::Complaint>& complaints);
void PrintSuggestionTable(const Invocation& inv,
                          const std::vector<v1::Suggestion>& suggestions);
// A survey with its numbered questions.
void PrintSurvey(const Invocation& inv, const v1::Survey& s);

// "42" or a full name -> "sites/{site}/<collection>/42" under the caller's
// site (or --site); exit code in *code.
std::string SiteChildArg(Invocation& inv, const std::string& collection,
                         const std::string& text, int* code);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_QUALITY_VIEW_H_
