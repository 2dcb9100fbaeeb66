#ifndef CONCIERGE_CLIENTS_WEB_MANAGER_H_
#define CONCIERGE_CLIENTS_WEB_MANAGER_H_

// What the manager's pages (manager_pages.cc, manager_quality_pages.cc,
// manager_plan_pages.cc, manager_print_pages.cc) share: who may open them, the
// year asked for, figures as plain decimals, CSV answers and the annual review.

#include <string>
#include <vector>

#include "clients/web/page.h"
#include "concierge/v1/directory.pb.h"
#include "concierge/v1/quality.pb.h"

namespace concierge::web {

// The site's manager (and an admin).
bool IsManager(const Session& s);
// The "not available to you" page (the same as a missing page).
Response NotAvailable(Page& page);
// ?year= (2000..2100), else this year in the site's zone.
int YearOf(const Page& page);
// The year's start in the site's zone and its end, never after now.
absl::Time YearStart(const Page& page, int year);
absl::Time YearEndSoFar(const Page& page, int year);

// Minor units as a plain decimal ("1234.50"), for tables, charts and CSV.
std::string Decimal(const v1::Money& m);
// Basis points as a percentage with one decimal ("12.5").
std::string Percent(int64_t basis_points);
// A 0..1 rate as a whole percentage ("83"), "—" when `has` is false.
std::string RateText(double rate, bool has);

// One CSV line (RFC 4180 quoting) ending in CRLF.
std::string CsvLine(const std::vector<std::string>& fields);
// A CSV download: UTF-8 with a byte-order mark (spreadsheet programs then
// read the Chinese titles).
Response CsvResponse(const std::string& csv, const std::string& filename);

grpc::Status GetReview(Page& page, int year, v1::AnnualReview* review);
// One item's row of the review (templates: title, figures, verdict, flags).
Data ReviewRowData(const Page& page, const v1::ItemReview& item);

// The dashboard (manager_pages.cc), with the plan's form as typed when it
// failed.
Response DashboardPage(Page& page, const FormState& plan_form, int status_code,
                       const std::string& banner);
// The plan for the year after `year`, drafted from the review's rows
// (manager_plan_pages.cc): the form's rows into `data`.
void SetPlanFormData(Page& page, int year, const v1::AnnualReview& review,
                     const std::vector<v1::Department>& departments,
                     const FormState& form, Data* data);

void AddManagerQualityPages(App& app);
void AddManagerPlanPages(App& app);
void AddManagerPrintPages(App& app);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_MANAGER_H_
