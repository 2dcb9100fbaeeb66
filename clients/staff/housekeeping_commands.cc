// Hotel housekeeping set-up and oversight at the staff terminal: rooms and
// the day's assignments, the rules (managers edit them without a new build),
// department tasks, approvals and handover notes.

#include <cstring>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/common/common_commands.h"
#include "clients/common/guest_common.h"
#include "clients/common/housekeeping_common.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/staff/commands.h"
#include "concierge/v1/housekeeping.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::HousekeepingService;

std::unique_ptr<HousekeepingService::Stub> Stub(Invocation& inv) {
  return HousekeepingService::NewStub(inv.channel());
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    out.push_back(absl::AsciiStrToUpper(absl::StripAsciiWhitespace(part)));
  }
  return out;
}

// --- rooms
// --------------------------------------------------------------------

int RoomCreate(Invocation& inv) {
  int code = 0;
  v1::CreateRoomRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  v1::Room* room = request.mutable_room();
  room->set_number(inv.positional()[0]);
  int floor = 0;
  if (!absl::SimpleAtoi(inv.OptionOr("floor", ""), &floor)) {
    return UsageError("--floor: a number, e.g. 12");
  }
  room->set_floor(floor);
  room->set_room_type(absl::AsciiStrToUpper(inv.OptionOr("type", "")));
  room->set_accessible(inv.Flag("accessible"));
  request.set_request_id(NewRequestId());
  v1::Room created;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->CreateRoom(context.get(), request, &created);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(created);
  } else {
    std::cout << inv.Tr("已建立房間 ", "Created room ") << created.number()
              << " (" << created.name() << ")\n";
  }
  return 0;
}

int RoomList(Invocation& inv) {
  int code = 0;
  v1::ListRoomsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  if (auto floor = inv.Option("floor")) {
    int value = 0;
    if (!absl::SimpleAtoi(*floor, &value))
      return UsageError("--floor: a number");
    request.set_floor(value);
  }
  request.set_accessible_only(inv.Flag("accessible"));
  Table table({inv.Tr("房號", "Room"), inv.Tr("樓層", "Floor"),
               inv.Tr("房型", "Type"), inv.Tr("無障礙", "Accessible")});
  std::vector<v1::Room> rooms;
  grpc::Status status =
      ForEachPage<v1::ListRoomsRequest, v1::ListRoomsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return Stub(inv)->ListRooms(c, r, out);
          },
          [&](const v1::ListRoomsResponse& page) {
            for (const auto& room : page.rooms()) rooms.push_back(room);
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> messages;
    for (const auto& r : rooms) messages.push_back(&r);
    PrintJsonArray(messages);
    return 0;
  }
  for (const auto& r : rooms) {
    table.AddRow({r.number(), absl::StrCat(r.floor()), r.room_type(),
                  r.accessible() ? inv.Tr("是", "yes") : ""});
  }
  table.Print();
  return 0;
}

int RoomsAssign(Invocation& inv) {
  int code = 0;
  v1::AssignRoomsRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.set_attendant(
      QualifiedName(request.parent(), "staff", inv.positional()[0]));
  for (size_t i = 1; i < inv.positional().size(); ++i) {
    request.add_room_numbers(inv.positional()[i]);
  }
  request.set_business_date(inv.OptionOr("date", ""));
  request.set_replace(inv.Flag("replace"));
  v1::AssignRoomsResponse response;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->AssignRooms(c, request, &response);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(response);
  } else {
    std::cout << response.attendant() << "  " << response.business_date()
              << ": " << absl::StrJoin(response.room_numbers(), " ") << "\n";
  }
  return 0;
}

// --- rules
// --------------------------------------------------------------------

// Every rule of the site (for lookups by code and etag).
grpc::Status AllRules(Invocation& inv, const std::string& site,
                      std::vector<v1::Rule>* rules) {
  v1::ListRulesRequest request;
  request.set_parent(site);
  return ForEachPage<v1::ListRulesRequest, v1::ListRulesResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return Stub(inv)->ListRules(c, r, out);
      },
      [&](const v1::ListRulesResponse& page) {
        for (const auto& r : page.rules()) rules->push_back(r);
        return true;
      });
}

std::string Comparison(v1::Comparison c) {
  switch (c) {
    case v1::COMPARISON_LESS:
      return "<";
    case v1::COMPARISON_LESS_OR_EQUAL:
      return "<=";
    case v1::COMPARISON_EQUAL:
      return "=";
    case v1::COMPARISON_GREATER_OR_EQUAL:
      return ">=";
    case v1::COMPARISON_GREATER:
      return ">";
    default:
      return "?";
  }
}

// "AC_SETPOINT<=24" -> a condition; false when malformed.
bool ParseCondition(const std::string& text, v1::NumericCondition* out) {
  static const std::pair<const char*, v1::Comparison> kOps[] = {
      {"<=", v1::COMPARISON_LESS_OR_EQUAL},
      {">=", v1::COMPARISON_GREATER_OR_EQUAL},
      {"<", v1::COMPARISON_LESS},
      {">", v1::COMPARISON_GREATER},
      {"=", v1::COMPARISON_EQUAL}};
  for (const auto& [symbol, comparison] : kOps) {
    const size_t at = text.find(symbol);
    if (at == std::string::npos) continue;
    double value = 0;
    if (!absl::SimpleAtod(text.substr(at + strlen(symbol)), &value)) {
      return false;
    }
    out->set_code(
        absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text.substr(0, at))));
    out->set_comparison(comparison);
    out->set_value(value);
    return true;
  }
  return false;
}

std::string Conditions(Invocation& inv, const v1::Rule& r) {
  std::vector<std::string> parts;
  if (r.all_of_size() > 0) {
    parts.push_back(absl::StrJoin(r.all_of(), " + "));
  }
  if (r.any_of_size() > 0) {
    parts.push_back(absl::StrCat("(", absl::StrJoin(r.any_of(), " | "), ")"));
  }
  for (const auto& c : r.numeric_conditions()) {
    parts.push_back(absl::StrCat(c.code(), Comparison(c.comparison()),
                                 absl::StrFormat("%g", c.value())));
  }
  const v1::ProfileConditions& p = r.profile();
  if (p.birthday_today()) parts.push_back("birthday_today");
  if (p.travelling_with_infant()) parts.push_back("travelling_with_infant");
  if (p.min_vip_level() > 0) {
    parts.push_back(absl::StrCat("vip>=", p.min_vip_level()));
  }
  for (const auto& f : p.preferences()) {
    parts.push_back(absl::StrCat(CategoryLabel(inv, f.category()), ":", f.key(),
                                 "=", f.value()));
  }
  return absl::StrJoin(parts, " & ");
}

// Fills the rule fields given as options; returns the update-mask paths
// they touch, or -1 (usage error printed) in `*code`.
std::vector<std::string> RuleFromOptions(Invocation& inv, v1::Rule* rule,
                                         int* code) {
  std::vector<std::string> paths;
  *code = 0;
  if (auto v = inv.Option("title-zh")) rule->mutable_title()->set_zh(*v);
  if (auto v = inv.Option("title-en")) rule->mutable_title()->set_en(*v);
  if (inv.Option("title-zh") || inv.Option("title-en"))
    paths.push_back("title");
  if (auto v = inv.Option("trigger")) {
    const std::string t = absl::AsciiStrToUpper(*v);
    if (t == "OBSERVATION") {
      rule->set_trigger(v1::RULE_TRIGGER_OBSERVATION);
    } else if (t == "STANDING") {
      rule->set_trigger(v1::RULE_TRIGGER_STANDING);
    } else {
      *code = UsageError("--trigger: observation or standing");
      return {};
    }
    paths.push_back("trigger");
  }
  if (auto v = inv.Option("all")) {
    for (const auto& c : SplitComma(*v)) rule->add_all_of(c);
    paths.push_back("all_of");
  }
  if (auto v = inv.Option("any")) {
    for (const auto& c : SplitComma(*v)) rule->add_any_of(c);
    paths.push_back("any_of");
  }
  if (auto v = inv.Option("when")) {
    for (absl::string_view part : absl::StrSplit(*v, ',', absl::SkipEmpty())) {
      if (!ParseCondition(std::string(part), rule->add_numeric_conditions())) {
        *code = UsageError("--when: CODE<=n[,CODE>=m], e.g. AC_SETPOINT<=24");
        return {};
      }
    }
    paths.push_back("numeric_conditions");
  }
  const bool profile = inv.Flag("birthday") || inv.Flag("infant") ||
                       inv.Option("vip") || inv.Option("pref");
  if (profile) {
    v1::ProfileConditions* p = rule->mutable_profile();
    p->set_birthday_today(inv.Flag("birthday"));
    p->set_travelling_with_infant(inv.Flag("infant"));
    if (auto v = inv.Option("vip")) {
      int level = 0;
      if (!absl::SimpleAtoi(*v, &level)) {
        *code = UsageError("--vip: a level 1 to 5");
        return {};
      }
      p->set_min_vip_level(level);
    }
    if (auto v = inv.Option("pref")) {
      for (absl::string_view part :
           absl::StrSplit(*v, ',', absl::SkipEmpty())) {
        v1::Preference pref;
        std::string error;
        if (!ParsePreferenceArg(std::string(part), &pref, &error)) {
          *code = UsageError(error);
          return {};
        }
        v1::PreferenceFact* f = p->add_preferences();
        f->set_category(pref.category());
        f->set_key(pref.key());
        f->set_value(pref.value());
      }
    }
    paths.push_back("profile");
  }
  if (auto v = inv.Option("then")) {
    for (const auto& c : SplitComma(*v)) rule->add_actions(c);
    paths.push_back("actions");
  }
  return paths;
}

// --new-observation "CODE|label zh|label en[|unit]" (a unit: takes a number)
// and --new-action "CODE|title zh|title en|DEPARTMENT[|cost]".
template <typename Request>
int DeclareFromOptions(Invocation& inv, Request* request) {
  if (auto v = inv.Option("new-observation")) {
    std::vector<std::string> f = absl::StrSplit(*v, '|');
    if (f.size() < 3 || f.size() > 4) {
      return UsageError(
          "--new-observation: CODE|label zh|label en[|unit of its number]");
    }
    v1::ObservationDefinition* d = request->add_new_observations();
    d->set_code(absl::AsciiStrToUpper(f[0]));
    d->mutable_label()->set_zh(f[1]);
    d->mutable_label()->set_en(f[2]);
    if (f.size() == 4) {
      d->set_takes_number(true);
      d->set_unit(f[3]);
    }
  }
  if (auto v = inv.Option("new-action")) {
    std::vector<std::string> f = absl::StrSplit(*v, '|');
    if (f.size() < 4 || f.size() > 5) {
      return UsageError(
          "--new-action: CODE|title zh|title en|DEPARTMENT[|cost e.g. 68.00]");
    }
    v1::ActionDefinition* a = request->add_new_actions();
    a->set_code(absl::AsciiStrToUpper(f[0]));
    a->mutable_title()->set_zh(f[1]);
    a->mutable_title()->set_en(f[2]);
    a->set_department_code(absl::AsciiStrToUpper(f[3]));
    if (f.size() == 5) {
      int64_t minor = 0;
      if (!ParseAmount(f[4], &minor)) return UsageError("--new-action: cost");
      a->mutable_cost()->set_minor_units(minor);
    }
  }
  return 0;
}

void PrintRule(Invocation& inv, const v1::Rule& r) {
  std::cout << "#" << ShortId(r.name()) << " " << r.code()
            << (r.enabled() ? "" : inv.Tr("  (停用)", "  (disabled)")) << "\n"
            << "  " << inv.Tr(r.title().zh(), r.title().en()) << "\n"
            << "  " << inv.Tr("條件：", "if: ") << Conditions(inv, r) << "\n"
            << "  " << inv.Tr("行動：", "then: ")
            << absl::StrJoin(r.actions(), ", ") << "\n";
}

int RulesList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  std::vector<v1::Rule> rules;
  grpc::Status status = AllRules(inv, site, &rules);
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> messages;
    for (const auto& r : rules) messages.push_back(&r);
    PrintJsonArray(messages);
    return 0;
  }
  for (const auto& r : rules) PrintRule(inv, r);
  return 0;
}

int RulesCreate(Invocation& inv) {
  int code = 0;
  v1::CreateRuleRequest request;
  request.set_parent(ResolveSite(inv, &code));
  if (code) return code;
  request.mutable_rule()->set_code(absl::AsciiStrToUpper(inv.positional()[0]));
  RuleFromOptions(inv, request.mutable_rule(), &code);
  if (code) return code;
  if ((code = DeclareFromOptions(inv, &request))) return code;
  request.set_request_id(NewRequestId());
  v1::Rule rule;
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return Stub(inv)->CreateRule(context.get(), request, &rule);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(rule);
  } else {
    PrintRule(inv, rule);
  }
  return 0;
}

// "12", "sites/1/rules/12" or a rule code -> the rule as stored now.
int FindRule(Invocation& inv, const std::string& site, const std::string& arg,
             v1::Rule* out) {
  std::vector<v1::Rule> rules;
  grpc::Status status = AllRules(inv, site, &rules);
  if (!status.ok()) return Fail(status);
  const std::string name = QualifiedName(site, "rules", arg);
  for (const auto& r : rules) {
    if (r.name() == name || r.code() == absl::AsciiStrToUpper(arg)) {
      *out = r;
      return 0;
    }
  }
  std::cerr << "error: NOT_FOUND: no rule " << arg << " at " << site << "\n";
  return 1;
}

int RulesUpdate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::Rule current;
  if ((code = FindRule(inv, site, inv.positional()[0], &current))) return code;
  v1::UpdateRuleRequest request;
  v1::Rule* rule = request.mutable_rule();
  rule->set_name(current.name());
  rule->set_etag(inv.OptionOr("etag", current.etag()));
  std::vector<std::string> paths = RuleFromOptions(inv, rule, &code);
  if (code) return code;
  if (inv.Flag("enable")) {
    rule->set_enabled(true);
    paths.push_back("enabled");
  }
  if (paths.empty()) return UsageError("give at least one field to change");
  for (const auto& p : paths) request.mutable_update_mask()->add_paths(p);
  if ((code = DeclareFromOptions(inv, &request))) return code;
  v1::Rule updated;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->UpdateRule(c, request, &updated);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(updated);
  } else {
    PrintRule(inv, updated);
  }
  return 0;
}

int RulesDisable(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::Rule current;
  if ((code = FindRule(inv, site, inv.positional()[0], &current))) return code;
  v1::DisableRuleRequest request;
  request.set_name(current.name());
  request.set_etag(current.etag());
  v1::Rule rule;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return Stub(inv)->DisableRule(c, request, &rule);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(rule);
  } else {
    PrintRule(inv, rule);
  }
  return 0;
}

std::vector<OptionSpec> RuleOptions() {
  return {
      {"site", "site id (default: your own)"},
      {"title-zh", "why, in Chinese"},
      {"title-en", "why, in English"},
      {"trigger", "observation (default) or standing (from the profile)"},
      {"all", "codes all observed, e.g. BEDSPREAD_OVER_BLANKET,AC_OFF"},
      {"any", "codes of which at least one is observed"},
      {"when", "numbers, e.g. AC_SETPOINT<=24,OPENED_DRINKS>=1"},
      {"birthday", "only on the guest's birthday", true},
      {"infant", "only when an infant travels with the guest", true},
      {"vip", "only for VIP level at least this"},
      {"pref", "guest preferences, e.g. room:curtains=gap"},
      {"then", "action codes, e.g. ADD_BLANKET,TURNDOWN_SET_AC_26"},
      {"new-observation", "declare CODE|label zh|label en[|unit]"},
      {"new-action", "declare CODE|title zh|title en|DEPARTMENT[|cost]"},
  };
}

}  // namespace

std::vector<Command> HousekeepingCommands() {
  const OptionSpec site{"site", "site id (default: your own)"};
  std::vector<OptionSpec> update_options = RuleOptions();
  update_options.push_back({"enable", "turn a disabled rule on again", true});
  update_options.push_back({"etag", "etag you read (default: read it now)"});
  return {
      {.path = "rooms",
       .positional_usage = "",
       .summary = "the hotel's rooms",
       .options = {site,
                   {"floor", "only this floor"},
                   {"accessible", "only accessible rooms", true}},
       .run = RoomList},
      {.path = "room create",
       .positional_usage = "<number>",
       .summary = "add a room to the hotel (managers)",
       .options = {site,
                   {"floor", "floor number", false, true},
                   {"type", "room type code, e.g. KING"},
                   {"accessible", "wheelchair accessible", true}},
       .run = RoomCreate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "rooms assign",
       .positional_usage = "<staff> <room-number>...",
       .summary = "give rooms to an attendant for a day (supervisors)",
       .options = {site,
                   {"date", "business date YYYY-MM-DD (default: today)"},
                   {"replace", "release the attendant's other rooms", true}},
       .run = RoomsAssign,
       .min_positional = 2,
       .max_positional = -1},
      {.path = "rules list",
       .positional_usage = "",
       .summary = "the housekeeping rules of the hotel",
       .options = {site},
       .run = RulesList},
      {.path = "rules create",
       .positional_usage = "<CODE>",
       .summary = "add a rule: if observed (and guest), then actions",
       .options = RuleOptions(),
       .run = RulesCreate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "rules update",
       .positional_usage = "<rule id or CODE>",
       .summary = "change the fields given (managers)",
       .options = update_options,
       .run = RulesUpdate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "rules disable",
       .positional_usage = "<rule id or CODE>",
       .summary = "stop a rule from firing (managers)",
       .options = {site},
       .run = RulesDisable,
       .min_positional = 1,
       .max_positional = 1},
      CodesCommand(),
      TasksCommand(),
      // The front desk counts the minibar at checkout.
      MinibarCommand(),
      // Any member of staff proposes an idea for a guest; the front desk
      // and managers record what became of the hotel's actions.
      ProposeCommand(),
      DoneCommand(),
      SkipCommand(),
      ApprovalsCommand(),
      DayActionsCommand(),
      ApproveCommand(),
      RejectCommand(),
      HandoversCommand(),
  };
}

}  // namespace concierge::cli
