// The manager's pages' shared helpers (manager.h).

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "clients/web/manager.h"
#include "concierge/v1/quality.grpc.pb.h"

namespace concierge::web {

bool IsManager(const Session& s) {
  return s.role == v1::ROLE_MANAGER || s.role == v1::ROLE_ADMIN;
}

Response NotAvailable(Page& page) {
  return page.Failure(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""));
}

int YearOf(const Page& page) {
  int year = 0;
  if (absl::SimpleAtoi(page.request().query.Get("year"), &year) &&
      year >= 2000 && year <= 2100) {
    return year;
  }
  return static_cast<int>(absl::ToCivilYear(absl::Now(), page.zone()).year());
}

absl::Time YearStart(const Page& page, int year) {
  return absl::FromCivil(absl::CivilYear(year), page.zone());
}

absl::Time YearEndSoFar(const Page& page, int year) {
  const absl::Time end =
      absl::FromCivil(absl::CivilYear(year + 1), page.zone());
  const absl::Time now = absl::Now();
  return end > now ? now : end;
}

std::string Decimal(const v1::Money& m) {
  const int64_t v = m.minor_units();
  const int64_t a = v < 0 ? -v : v;
  return absl::StrFormat("%s%d.%02d", v < 0 ? "-" : "", a / 100, a % 100);
}

std::string Percent(int64_t basis_points) {
  return absl::StrFormat("%.1f", basis_points / 100.0);
}

std::string RateText(double rate, bool has) {
  return has ? absl::StrFormat("%.0f", rate * 100) : std::string("—");
}

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

}  // namespace

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t f = 0; f < fields.size(); ++f) {
    absl::StrAppend(&line, f ? "," : "", CsvField(fields[f]));
  }
  line += "\r\n";
  return line;
}

Response CsvResponse(const std::string& csv, const std::string& filename) {
  Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = "\xEF\xBB\xBF" + csv;
  response.AddHeader("Content-Disposition",
                     absl::StrCat("attachment; filename=\"", filename, "\""));
  return response;
}

grpc::Status GetReview(Page& page, int year, v1::AnnualReview* review) {
  auto stub = v1::QualityService::NewStub(page.channel());
  v1::GetAnnualReviewRequest request;
  request.set_site(page.session().site);
  request.set_year(year);
  return page.Read([&] {
    auto context = page.Context();
    return stub->GetAnnualReview(context.get(), request, review);
  });
}

}  // namespace concierge::web
