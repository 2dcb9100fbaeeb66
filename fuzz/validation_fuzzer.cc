// Request validation: the domain checks every create and update runs before
// anything reaches the database. Fuzzed strings, numbers and times go into
// directory, request and text validators; a refusal must be a deliberate
// code naming the field, and whatever is accepted must be storable text.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_check.h"
#include "server/domain/arrivals.h"
#include "server/domain/directory.h"
#include "server/domain/money.h"
#include "server/domain/requests.h"
#include "server/domain/text.h"

namespace concierge::fuzz {
namespace {

// Strings shaped like what a client may send: often short, sometimes long.
std::string FuzzString(FuzzedDataProvider& in) {
  return in.ConsumeRandomLengthString(in.ConsumeBool() ? 64 : 5000);
}

void FuzzSite(FuzzedDataProvider& in) {
  domain::Site site;
  site.display_name = FuzzString(in);
  site.time_zone = in.ConsumeBool() ? "Asia/Shanghai" : FuzzString(in);
  site.currency = in.ConsumeBool() ? "CNY" : FuzzString(in);
  const absl::Status status = domain::ValidateSite(site);
  RequireDeliberate(status, "ValidateSite");
  if (!status.ok()) return;
  RequireCleanText(site.display_name, false, "site.display_name");
  // Only zone names are read from the zoneinfo tree: no paths.
  Require(site.time_zone.front() != '/' &&
              site.time_zone.find("..") == std::string::npos &&
              site.time_zone.find(':') == std::string::npos,
          "site.time_zone accepted a path: " + site.time_zone);
}

void FuzzStaff(FuzzedDataProvider& in) {
  domain::Staff staff;
  staff.display_name = FuzzString(in);
  staff.phone = FuzzString(in);
  staff.role = static_cast<domain::Role>(in.ConsumeIntegralInRange<int>(0, 12));
  staff.department_id = in.ConsumeIntegral<int64_t>();
  staff.spending_limit_minor = in.ConsumeIntegral<int64_t>();
  const absl::Status status = domain::ValidateStaff(staff);
  RequireDeliberate(status, "ValidateStaff");
  if (!status.ok()) return;
  RequireCleanText(staff.display_name, false, "staff.display_name");
  RequireCleanText(staff.phone, false, "staff.phone");
  Require(staff.spending_limit_minor >= 0 &&
              staff.spending_limit_minor <= domain::kMaxMinorUnits,
          "staff.spending_limit out of range accepted");
}

void FuzzHousehold(FuzzedDataProvider& in) {
  domain::Household household;
  household.building = FuzzString(in);
  household.unit = FuzzString(in);
  household.address = FuzzString(in);
  const absl::Status status = domain::ValidateHousehold(household);
  RequireDeliberate(status, "ValidateHousehold");
  if (!status.ok()) return;
  RequireCleanText(household.building, false, "household.building");
  RequireCleanText(household.unit, false, "household.unit");
  RequireCleanText(household.address, false, "household.address");
}

void FuzzRegistration(FuzzedDataProvider& in) {
  domain::ServiceRequest request;
  request.contact_name = FuzzString(in);
  request.phone = FuzzString(in);
  request.place = FuzzString(in);
  request.content = FuzzString(in);
  request.requirements = FuzzString(in);
  if (in.ConsumeBool()) {
    request.window_start = absl::FromUnixMicros(in.ConsumeIntegral<int64_t>());
  }
  if (in.ConsumeBool()) {
    request.window_end = absl::FromUnixMicros(in.ConsumeIntegral<int64_t>());
  }
  request.entry_granted = in.ConsumeBool();
  request.entry_granted_by = FuzzString(in);
  const absl::Status status = domain::ValidateRegistration(request);
  RequireDeliberate(status, "ValidateRegistration");
  if (!status.ok()) return;
  RequireCleanText(request.contact_name, false, "request.contact_name");
  RequireCleanText(request.content, true, "request.content");
  RequireCleanText(request.requirements, true, "request.requirements");
  if (request.window_start && request.window_end) {
    Require(*request.window_end > *request.window_start,
            "a window ending before it starts was accepted");
  }
}

void FuzzCompletionAndMoney(FuzzedDataProvider& in) {
  std::vector<domain::MaterialUse> materials(
      in.ConsumeIntegralInRange<int>(0, 60));
  for (domain::MaterialUse& m : materials) {
    m.description_zh = FuzzString(in);
    m.description_en = FuzzString(in);
    m.cost_minor = in.ConsumeIntegral<int64_t>();
  }
  const int32_t minutes = in.ConsumeIntegral<int32_t>();
  RequireDeliberate(domain::ValidateCompletion(minutes, materials),
                    "ValidateCompletion");
  domain::Money money{.currency = in.ConsumeBool() ? "CNY" : FuzzString(in),
                      .minor = in.ConsumeIntegral<int64_t>()};
  const absl::Status price = domain::ValidatePriceAmount("quote", money, "CNY");
  RequireDeliberate(price, "ValidatePriceAmount");
  if (price.ok()) {
    Require(money.minor > 0 && money.minor <= domain::kMaxMinorUnits,
            "a price out of range was accepted");
  }
}

void FuzzText(FuzzedDataProvider& in) {
  const domain::TextRule rule{
      .required = in.ConsumeBool(),
      .max_chars = in.ConsumeIntegralInRange<size_t>(0, 300),
      .multiline = in.ConsumeBool()};
  const std::string text = FuzzString(in);
  const absl::Status status = domain::ValidateText("field", text, rule);
  RequireDeliberate(status, "ValidateText");
  if (status.ok()) {
    RequireCleanText(text, rule.multiline, "ValidateText");
    Require(domain::Utf8Length(text) <= static_cast<long>(rule.max_chars),
            "text longer than max_chars accepted");
    Require(!rule.required || !text.empty(), "empty required text accepted");
  }
  const std::string code = FuzzString(in);
  const absl::Status code_status = domain::ValidateCode("code", code);
  RequireDeliberate(code_status, "ValidateCode");
  if (code_status.ok()) RequireCleanText(code, false, "ValidateCode");
  RequireDeliberate(
      domain::ValidatePhone("phone", FuzzString(in), in.ConsumeBool()),
      "ValidatePhone");
  const std::string id = FuzzString(in);
  const absl::Status id_status = domain::ValidateRequestId(id);
  RequireDeliberate(id_status, "ValidateRequestId");
  if (id_status.ok()) RequireCleanText(id, false, "ValidateRequestId");
}

// A reservation (ArrivalService): dates as sent, room, party and notes.
void FuzzReservation(FuzzedDataProvider& in) {
  const absl::CivilDay today(2026, 3, 10);
  domain::Reservation r;
  auto arrival =
      domain::ParseReservationDate("reservation.arrival_date", FuzzString(in));
  RequireDeliberate(arrival.status(), "ParseReservationDate");
  r.arrival_date =
      arrival.ok() ? *arrival : today + in.ConsumeIntegralInRange<int>(-5, 500);
  r.departure_date = r.arrival_date + in.ConsumeIntegralInRange<int>(-5, 200);
  r.room_type = in.ConsumeBool() ? "KING" : FuzzString(in);
  r.room_number = in.ConsumeBool() ? "1205" : FuzzString(in);
  r.party = {in.ConsumeIntegralInRange<int>(-2, 30),
             in.ConsumeIntegralInRange<int>(-2, 30),
             in.ConsumeIntegralInRange<int>(-2, 30)};
  r.notes = FuzzString(in);
  const absl::Status status =
      domain::ValidateReservation("reservation", r, today);
  RequireDeliberate(status, "ValidateReservation");
  if (!status.ok()) return;
  RequireCleanText(r.room_type, false, "reservation.room_type");
  RequireCleanText(r.room_number, false, "reservation.room_number");
  RequireCleanText(r.notes, true, "reservation.notes");
  Require(r.departure_date > r.arrival_date &&
              r.departure_date - r.arrival_date <= domain::kMaxNights,
          "reservation dates out of range accepted");
  Require(r.party.adults >= 1, "a reservation without adults accepted");
}

}  // namespace
}  // namespace concierge::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concierge::fuzz;
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange<int>(0, 6)) {
    case 0:
      FuzzSite(in);
      break;
    case 1:
      FuzzStaff(in);
      break;
    case 2:
      FuzzHousehold(in);
      break;
    case 3:
      FuzzRegistration(in);
      break;
    case 4:
      FuzzCompletionAndMoney(in);
      break;
    case 5:
      FuzzReservation(in);
      break;
    default:
      FuzzText(in);
      break;
  }
  return 0;
}
