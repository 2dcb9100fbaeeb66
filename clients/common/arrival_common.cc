#include "clients/common/arrival_common.h"

#include <iostream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "concierge/v1/arrivals.grpc.pb.h"

namespace concierge::cli {
namespace {

constexpr char kPreparations[] = "/preparations/";

std::unique_ptr<v1::ArrivalService::Stub> Stub(Invocation& inv) {
  return v1::ArrivalService::NewStub(inv.channel());
}

std::string GuestLine(Invocation& inv, const v1::Arrival& a) {
  const v1::Guest& g = a.guest();
  std::string who = absl::StrJoin({g.chinese_name(), g.latin_name()}, " ");
  if (g.vip_level() > 0) absl::StrAppend(&who, "  VIP", g.vip_level());
  if (a.regular()) absl::StrAppend(&who, "  ", inv.Tr("常客", "regular"));
  return who;
}

void PrintArrival(Invocation& inv, const v1::Arrival& a) {
  const v1::Reservation& r = a.reservation();
  std::cout << "#" << ShortId(r.name()) << "  " << GuestLine(inv, a) << "\n";
  std::cout << "    "
            << (r.room_number().empty() ? inv.Tr("未排房", "no room yet")
                                        : r.room_number())
            << (r.room_type().empty() ? "" : absl::StrCat(" ", r.room_type()))
            << "  " << r.arrival_date() << " → " << r.departure_date() << "  "
            << inv.Tr("人數 ", "party ") << r.party().adults() << "+"
            << r.party().children() << "+" << r.party().infants();
  if (r.state() != v1::RESERVATION_STATE_BOOKED) {
    std::cout << "  ["
              << (r.state() == v1::RESERVATION_STATE_CHECKED_IN
                      ? inv.Tr("已入住", "checked in")
                      : inv.Tr("已取消", "cancelled"))
              << "]";
  }
  std::cout << "\n";
  if (a.preferences_size() > 0) {
    std::vector<std::string> prefs;
    for (const auto& p : a.preferences()) {
      prefs.push_back(absl::StrCat(p.key(), "=", p.value()));
    }
    std::cout << "    " << inv.Tr("偏好: ", "prefers: ")
              << absl::StrJoin(prefs, ", ") << "\n";
  }
  if (!r.notes().empty()) {
    std::cout << "    " << inv.Tr("備註: ", "notes: ") << r.notes() << "\n";
  }
  for (const v1::Preparation& p : a.preparations()) {
    std::cout << "    [" << (p.done() ? "x" : " ") << "] "
              << ShortPreparationId(p.name()) << "  "
              << inv.Tr(p.item().title().zh(), p.item().title().en());
    if (p.done()) {
      std::cout << "  ("
                << (p.done_before_arrival()
                        ? inv.Tr("到店前完成", "done before arrival")
                        : inv.Tr("到店後完成", "done after arrival"))
                << ")";
    } else if (!p.attendant().empty()) {
      std::cout << "  " << inv.Tr("負責: ", "by: ") << p.attendant();
    }
    std::cout << "\n";
  }
}

int Arrivals(Invocation& inv) {
  int code = 0;
  v1::ListArrivalsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.set_arrival_date(inv.OptionOr("date", ""));
  if (auto attendant = inv.Option("attendant")) {
    request.set_attendant(QualifiedName(request.parent(), "staff", *attendant));
  }
  request.set_include_cancelled(inv.Flag("cancelled"));
  auto stub = Stub(inv);
  std::vector<v1::Arrival> all;
  v1::ListArrivalsResponse last;
  grpc::Status status =
      ForEachPage<v1::ListArrivalsRequest, v1::ListArrivalsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListArrivals(c, r, out);
          },
          [&](const v1::ListArrivalsResponse& page) {
            all.insert(all.end(), page.arrivals().begin(),
                       page.arrivals().end());
            last = page;
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    last.clear_arrivals();
    for (const auto& a : all) *last.add_arrivals() = a;
    last.clear_next_page_token();
    PrintJson(last);
    return 0;
  }
  std::cout << inv.Tr("到店日期 ", "Arrivals on ") << last.arrival_date()
            << "\n";
  if (all.empty()) {
    std::cout << inv.Tr("沒有到店客人", "No arrivals") << "\n";
  }
  for (const v1::Arrival& a : all) PrintArrival(inv, a);
  const v1::PreparationCounts& c = last.counts();
  std::cout << inv.Tr("準備: 共 ", "Preparations: ") << c.total()
            << inv.Tr("，到店前完成 ", " total, done before arrival ")
            << c.done_before_arrival()
            << inv.Tr("，到店後完成 ", ", after arrival ")
            << c.done_after_arrival() << inv.Tr("，未完成 ", ", not done ")
            << c.not_done() << "\n";
  return 0;
}

int Prepare(Invocation& inv) {
  const std::string& target = inv.positional()[0];
  v1::MarkPreparationDoneRequest request;
  if (absl::StartsWith(target, "sites/")) {
    request.set_name(target);
  } else {
    const size_t slash = target.find('/');
    if (slash == std::string::npos || slash == 0 ||
        slash + 1 == target.size()) {
      return UsageError(
          "<id>: <reservation>/<ACTION> as `arrivals` shows it, e.g. "
          "12/PLACE_BABY_CRIB");
    }
    int code = 0;
    const std::string site = ResolveSite(inv, &code);
    if (code) return code;
    request.set_name(absl::StrCat(
        QualifiedName(site, "reservations", target.substr(0, slash)),
        kPreparations, target.substr(slash + 1)));
  }
  v1::Preparation done;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->MarkPreparationDone(c, request, &done);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(done), 0;
  std::cout << "[x] " << ShortPreparationId(done.name()) << "  "
            << inv.Tr(done.item().title().zh(), done.item().title().en())
            << "  ("
            << (done.done_before_arrival()
                    ? inv.Tr("到店前完成", "done before arrival")
                    : inv.Tr("到店後完成", "done after arrival"))
            << ")\n";
  return 0;
}

}  // namespace

std::string ShortPreparationId(const std::string& name) {
  const size_t at = name.find(kPreparations);
  if (at == std::string::npos) return name;
  return absl::StrCat(ShortId(name.substr(0, at)), "/",
                      name.substr(at + sizeof(kPreparations) - 1));
}

Command ArrivalsCommand() {
  return {.path = "arrivals",
          .positional_usage = "",
          .summary = "guests arriving on a date and what to prepare for them",
          .options = {{"site", "site id or name (default: your own)"},
                      {"date", "YYYY-MM-DD (default: today)"},
                      {"attendant", "only this attendant's rooms (staff id)"},
                      {"cancelled", "include cancelled reservations", true}},
          .run = Arrivals};
}

Command PrepareCommand() {
  return {.path = "prepare",
          .positional_usage = "<reservation/ACTION>",
          .summary = "mark a preparation for an arrival done",
          .options = {{"site", "site id or name (default: your own)"}},
          .run = Prepare,
          .min_positional = 1,
          .max_positional = 1};
}

}  // namespace concierge::cli
