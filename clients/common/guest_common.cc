#include "clients/common/guest_common.h"

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "concierge/v1/guests.grpc.pb.h"

namespace concierge::cli {
namespace {

std::string AccessibilityLabel(Invocation& inv, int need) {
  switch (need) {
    case v1::ACCESSIBILITY_NEED_WHEELCHAIR:
      return inv.Tr("輪椅", "wheelchair");
    case v1::ACCESSIBILITY_NEED_LIMITED_MOBILITY:
      return inv.Tr("行動不便", "limited mobility");
    case v1::ACCESSIBILITY_NEED_VISUAL_IMPAIRMENT:
      return inv.Tr("視障", "visual impairment");
    case v1::ACCESSIBILITY_NEED_HEARING_IMPAIRMENT:
      return inv.Tr("聽障", "hearing impairment");
    case v1::ACCESSIBILITY_NEED_SERVICE_ANIMAL:
      return inv.Tr("服務犬", "service animal");
    default:
      return EnumLabel(v1::AccessibilityNeed_Name(need), "ACCESSIBILITY_NEED_");
  }
}

int RoomBrief(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::GetRoomGuestBriefRequest request;
  request.set_site(site);
  request.set_room_number(inv.positional()[0]);
  v1::RoomGuestBrief brief;
  auto stub = v1::GuestProfileService::NewStub(inv.channel());
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetRoomGuestBrief(context.get(), request, &brief);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(brief);
  } else {
    PrintBrief(inv, brief);
  }
  return 0;
}

int Observe(Invocation& inv) {
  v1::RecordObservationRequest request;
  const std::string target = inv.positional()[0];
  if (absl::StartsWith(target, "guests/")) {
    request.set_guest(target);
  } else {
    int code = 0;
    request.set_site(ResolveSite(inv, &code));
    if (code) return code;
    request.set_room_number(target);
  }
  request.set_note(inv.OptionOr("note", ""));
  if (auto pref = inv.Option("pref")) {
    std::string error;
    v1::Preference* p = request.add_preferences();
    if (!ParsePreferenceArg(*pref, p, &error)) return UsageError(error);
    const std::string source =
        absl::AsciiStrToUpper(inv.OptionOr("source", "observed"));
    v1::PreferenceSource parsed;
    if (!v1::PreferenceSource_Parse("PREFERENCE_SOURCE_" + source, &parsed) ||
        parsed == v1::PREFERENCE_SOURCE_UNSPECIFIED) {
      return UsageError("--source: stated or observed");
    }
    p->set_source(parsed);
  }
  if (request.note().empty() && request.preferences().empty()) {
    return UsageError("give --note and/or --pref");
  }
  request.set_request_id(NewRequestId());
  v1::RecordObservationResponse response;
  auto stub = v1::GuestProfileService::NewStub(inv.channel());
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RecordObservation(context.get(), request, &response);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(response);
    return 0;
  }
  std::cout << inv.Tr("已記入客史：", "Recorded on ") << response.guest()
            << "\n";
  if (response.has_note()) {
    std::cout << "  " << inv.Tr("備註", "note") << " " << response.note().name()
              << "\n";
  }
  for (const auto& p : response.preferences()) {
    std::cout << "  " << CategoryLabel(inv, p.category()) << " " << p.key()
              << " = " << p.value() << "\n";
  }
  return 0;
}

}  // namespace

std::string GuestNameArg(const std::string& text) {
  return QualifiedName("", "guests", text);
}

std::string CategoryLabel(Invocation& inv, v1::PreferenceCategory category) {
  switch (category) {
    case v1::PREFERENCE_CATEGORY_ROOM:
      return inv.Tr("客房", "room");
    case v1::PREFERENCE_CATEGORY_FOOD_AND_BEVERAGE:
      return inv.Tr("餐飲", "food");
    case v1::PREFERENCE_CATEGORY_AMENITY:
      return inv.Tr("用品", "amenity");
    case v1::PREFERENCE_CATEGORY_SERVICE:
      return inv.Tr("服務", "service");
    default:
      return "?";
  }
}

bool ParsePreferenceArg(const std::string& text, v1::Preference* out,
                        std::string* error) {
  const size_t colon = text.find(':');
  const size_t equals = text.find('=');
  if (colon == std::string::npos || equals == std::string::npos ||
      equals < colon) {
    *error = "--pref: category:key=value, e.g. room:curtains=gap";
    return false;
  }
  std::string category = absl::AsciiStrToUpper(text.substr(0, colon));
  if (category == "FB" || category == "F&B") category = "FOOD_AND_BEVERAGE";
  v1::PreferenceCategory parsed;
  if (!v1::PreferenceCategory_Parse("PREFERENCE_CATEGORY_" + category,
                                    &parsed) ||
      parsed == v1::PREFERENCE_CATEGORY_UNSPECIFIED) {
    *error = "--pref: category is room, food_and_beverage, amenity or service";
    return false;
  }
  out->set_category(parsed);
  out->set_key(text.substr(colon + 1, equals - colon - 1));
  out->set_value(text.substr(equals + 1));
  return true;
}

void PrintBrief(Invocation& inv, const v1::RoomGuestBrief& b) {
  // 1. Who, and how to address them.
  std::string head =
      absl::StrCat(b.room_number(), "  ",
                   inv.Tr(b.form_of_address().zh(), b.form_of_address().en()));
  if (b.vip_level() > 0) absl::StrAppend(&head, "  VIP ", b.vip_level());
  if (b.regular()) absl::StrAppend(&head, "  ", inv.Tr("熟客", "regular"));
  std::cout << head << "\n";
  std::vector<std::string> names;
  for (const std::string& n : {b.chinese_name(), b.latin_name()}) {
    if (!n.empty()) names.push_back(n);
  }
  std::cout << "  " << absl::StrJoin(names, " / ");
  if (!b.language().empty()) std::cout << "  (" << b.language() << ")";
  std::cout << "\n";
  // 2. What calls for action today.
  if (b.birthday_today()) {
    std::cout << inv.Tr("** 今天是客人生日 **", "** Birthday today **") << "\n";
  }
  if (b.travelling_with_infant()) {
    std::cout << inv.Tr("嬰兒同行：", "Infant in the party: ")
              << b.party().infants() << "\n";
  }
  if (b.accessibility_needs_size() > 0 || !b.accessibility_note().empty()) {
    std::vector<std::string> needs;
    for (int n : b.accessibility_needs()) {
      needs.push_back(AccessibilityLabel(inv, n));
    }
    if (!b.accessibility_note().empty()) {
      needs.push_back(b.accessibility_note());
    }
    std::cout << inv.Tr("無障礙：", "Accessibility: ")
              << absl::StrJoin(needs, ", ") << "\n";
  }
  std::cout << inv.Tr("同住：", "Party: ") << b.party().adults()
            << inv.Tr(" 成人", " adult(s)");
  if (b.party().children() > 0) {
    std::cout << ", " << b.party().children() << inv.Tr(" 兒童", " child(ren)");
  }
  if (b.party().infants() > 0) {
    std::cout << ", " << b.party().infants() << inv.Tr(" 嬰兒", " infant(s)");
  }
  std::cout << "\n";
  // 3. Standing preferences, then what colleagues noticed.
  if (b.preferences_size() > 0) {
    std::cout << inv.Tr("偏好：", "Preferences:") << "\n";
    for (const auto& p : b.preferences()) {
      std::cout << "  " << CategoryLabel(inv, p.category()) << " " << p.key()
                << " = " << p.value() << "\n";
    }
  }
  if (b.recent_notes_size() > 0) {
    std::cout << inv.Tr("最近備註：", "Recent notes:") << "\n";
    for (const auto& n : b.recent_notes()) {
      const std::string when = FormatTime(n.create_time());
      std::cout << "  " << (when.size() > 5 ? when.substr(5) : when) << " "
                << (n.department().empty() ? "-" : n.department()) << ": "
                << n.text() << "\n";
    }
  }
}

Command RoomBriefCommand() {
  return Command{.path = "room",
                 .positional_usage = "<room-number>",
                 .summary = "who is in the room and what to know (the brief)",
                 .options = {{"site", "site id or name (default: your own)"}},
                 .run = RoomBrief,
                 .min_positional = 1,
                 .max_positional = 1};
}

Command ObserveCommand() {
  return Command{
      .path = "observe",
      .positional_usage = "<guests/N | room-number>",
      .summary = "add a note and/or a preference to a guest's profile",
      .options = {{"site", "site id or name (default: your own)"},
                  {"note", "what you noticed"},
                  {"pref", "category:key=value, e.g. room:curtains=gap"},
                  {"source", "observed (default) or stated (the guest said)"}},
      .run = Observe,
      .min_positional = 1,
      .max_positional = 1};
}

}  // namespace concierge::cli
