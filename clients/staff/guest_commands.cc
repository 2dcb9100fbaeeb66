// Hotel guest-history profiles: guests, stays, observations, charges, the
// room brief and the access log.

#include <cstdlib>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "clients/common/common_commands.h"
#include "clients/common/guest_common.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/staff/commands.h"
#include "concierge/v1/guests.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::GuestProfileService;

std::unique_ptr<GuestProfileService::Stub> Stub(Invocation& inv) {
  return GuestProfileService::NewStub(inv.channel());
}

std::string YesNo(Invocation& inv, bool value) {
  return value ? inv.Tr("是", "yes") : inv.Tr("否", "no");
}

std::string Birthday(const v1::BirthDate& b) {
  if (b.month() == 0) return "";
  return b.year() == 0
             ? absl::StrFormat("--%02d-%02d", b.month(), b.day())
             : absl::StrFormat("%04d-%02d-%02d", b.year(), b.month(), b.day());
}

// "1975-03-02" or "03-02" -> a birth date; false when malformed.
bool ParseBirthday(const std::string& text, v1::BirthDate* out) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() == 3) {
    if (!absl::SimpleAtoi(parts[0], &y)) return false;
    parts.erase(parts.begin());
  }
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &m) ||
      !absl::SimpleAtoi(parts[1], &d)) {
    return false;
  }
  out->set_year(y);
  out->set_month(m);
  out->set_day(d);
  return true;
}

// "passport:CN:E12345678" (or "passport::E12345678") -> a document.
bool ParseDocument(const std::string& text, v1::IdentityDocument* out) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() != 3) return false;
  v1::IdentityDocumentType type;
  if (!v1::IdentityDocumentType_Parse(
          "IDENTITY_DOCUMENT_TYPE_" + absl::AsciiStrToUpper(parts[0]), &type) ||
      type == v1::IDENTITY_DOCUMENT_TYPE_UNSPECIFIED) {
    return false;
  }
  out->set_type(type);
  out->set_issuing_country(absl::AsciiStrToUpper(parts[1]));
  out->set_number(parts[2]);
  return true;
}

// "2026-03-05" (noon) or "2026-03-05 11:00", local time.
bool ParseLocalTime(const std::string& text, google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M", text, absl::LocalTimeZone(), &t,
                       &err)) {
    if (!absl::ParseTime("%Y-%m-%d", text, absl::LocalTimeZone(), &t, &err)) {
      return false;
    }
    t += absl::Hours(12);
  }
  out->set_seconds(absl::ToUnixSeconds(t));
  return true;
}

const std::vector<OptionSpec>& GuestFieldOptions() {
  static const auto* options = new std::vector<OptionSpec>{
      {"chinese-name", "name in Chinese characters, e.g. 王建國"},
      {"latin-name", "name in Latin letters, e.g. WANG Jianguo"},
      {"address-zh", "how to address the guest in Chinese, e.g. 王先生"},
      {"address-en", "how to address the guest in English, e.g. Mr Wang"},
      {"phone", "phone number"},
      {"email", "e-mail address"},
      {"language", "BCP 47 tag, e.g. zh-CN"},
      {"vip", "VIP level 0 (none) to 5"},
      {"loyalty", "loyalty number"},
      {"birthday", "YYYY-MM-DD or MM-DD"},
      {"accessibility",
       "comma-separated: wheelchair, limited_mobility, visual_impairment, "
       "hearing_impairment, service_animal"},
      {"accessibility-note", "free text, e.g. needs a shower chair"},
      {"document", "TYPE:COUNTRY:NUMBER, e.g. passport:CN:E12345678"},
  };
  return *options;
}

// Copies the given options into `g`, naming each in `mask` when not null.
// Returns 0, or the usage error's exit code.
int FillGuest(Invocation& inv, v1::Guest* g,
              google::protobuf::FieldMask* mask) {
  auto mark = [&](const char* path) {
    if (mask) mask->add_paths(path);
  };
  if (auto v = inv.Option("chinese-name")) {
    g->set_chinese_name(*v);
    mark("chinese_name");
  }
  if (auto v = inv.Option("latin-name")) {
    g->set_latin_name(*v);
    mark("latin_name");
  }
  if (inv.Option("address-zh") || inv.Option("address-en")) {
    g->mutable_form_of_address()->set_zh(inv.OptionOr("address-zh", ""));
    g->mutable_form_of_address()->set_en(inv.OptionOr("address-en", ""));
    mark("form_of_address");
  }
  if (auto v = inv.Option("phone")) {
    g->set_phone(*v);
    mark("phone");
  }
  if (auto v = inv.Option("email")) {
    g->set_email(*v);
    mark("email");
  }
  if (auto v = inv.Option("language")) {
    g->set_language(*v);
    mark("language");
  }
  if (auto v = inv.Option("vip")) {
    int level = 0;
    if (!absl::SimpleAtoi(*v, &level)) return UsageError("--vip: 0 to 5");
    g->set_vip_level(level);
    mark("vip_level");
  }
  if (auto v = inv.Option("loyalty")) {
    g->set_loyalty_number(*v);
    mark("loyalty_number");
  }
  if (auto v = inv.Option("birthday")) {
    if (!v->empty() && !ParseBirthday(*v, g->mutable_birthday())) {
      return UsageError("--birthday: YYYY-MM-DD or MM-DD");
    }
    mark("birthday");
  }
  if (auto v = inv.Option("accessibility")) {
    for (absl::string_view word : absl::StrSplit(*v, ',', absl::SkipEmpty())) {
      v1::AccessibilityNeed need;
      if (!v1::AccessibilityNeed_Parse(
              "ACCESSIBILITY_NEED_" + absl::AsciiStrToUpper(word), &need)) {
        return UsageError(
            absl::StrCat("--accessibility: unknown \"", word, "\""));
      }
      g->add_accessibility_needs(need);
    }
    mark("accessibility_needs");
  }
  if (auto v = inv.Option("accessibility-note")) {
    g->set_accessibility_note(*v);
    mark("accessibility_note");
  }
  if (auto v = inv.Option("document")) {
    if (!ParseDocument(*v, g->add_identity_documents())) {
      return UsageError(
          "--document: TYPE:COUNTRY:NUMBER, e.g. passport:CN:E12345678");
    }
    mark("identity_documents");
  }
  return 0;
}

void PrintGuest(Invocation& inv, const v1::Guest& g) {
  Details d;
  d.Add(inv.Tr("客人", "Guest"), g.name());
  if (g.erased()) {
    d.Add(inv.Tr("已抹除", "Erased"),
          absl::StrCat(FormatTime(g.erase_time()), " ", g.erased_by()));
  }
  d.Add(inv.Tr("中文名", "Chinese name"), g.chinese_name());
  d.Add(inv.Tr("英文名", "Latin name"), g.latin_name());
  d.Add(inv.Tr("稱呼", "Address as"),
        absl::StrJoin({g.form_of_address().zh(), g.form_of_address().en()},
                      " / "));
  d.Add("VIP", absl::StrCat(g.vip_level()));
  d.Add(inv.Tr("電話", "Phone"), g.phone());
  d.Add(inv.Tr("電郵", "Email"), g.email());
  d.Add(inv.Tr("語言", "Language"), g.language());
  d.Add(inv.Tr("會員號", "Loyalty number"), g.loyalty_number());
  d.Add(inv.Tr("生日", "Birthday"), Birthday(g.birthday()));
  std::vector<std::string> needs;
  for (int n : g.accessibility_needs()) {
    needs.push_back(
        EnumLabel(v1::AccessibilityNeed_Name(n), "ACCESSIBILITY_NEED_"));
  }
  if (!g.accessibility_note().empty()) needs.push_back(g.accessibility_note());
  d.Add(inv.Tr("無障礙", "Accessibility"), absl::StrJoin(needs, ", "));
  std::vector<std::string> documents;
  for (const auto& doc : g.identity_documents()) {
    documents.push_back(
        absl::StrCat(EnumLabel(v1::IdentityDocumentType_Name(doc.type()),
                               "IDENTITY_DOCUMENT_TYPE_"),
                     " ", doc.issuing_country(), " ****", doc.number_last4()));
  }
  d.Add(inv.Tr("證件", "Documents"), absl::StrJoin(documents, ", "));
  if (g.masked_fields_size() > 0) {
    d.Add(inv.Tr("不可見", "Withheld"), absl::StrJoin(g.masked_fields(), ", "));
  }
  d.Add("etag", g.etag());
  d.Print();
}

void PrintStays(Invocation& inv, const std::vector<v1::Stay>& stays) {
  Table table({inv.Tr("入住", "Stay"), inv.Tr("客人", "Guest"),
               inv.Tr("房號", "Room"), inv.Tr("入住時間", "Check-in"),
               inv.Tr("離店", "Check-out"), inv.Tr("人數", "Party")});
  for (const auto& s : stays) {
    table.AddRow(
        {s.name(), s.guest(), s.room_number(), FormatTime(s.check_in_time()),
         s.open() ? inv.Tr("在住", "in house") : FormatTime(s.check_out_time()),
         absl::StrCat(s.party().adults(), "+", s.party().children(), "+",
                      s.party().infants())});
  }
  table.Print();
}

int GuestCreate(Invocation& inv) {
  v1::CreateGuestRequest request;
  if (int code = FillGuest(inv, request.mutable_guest(), nullptr)) return code;
  request.set_request_id(NewRequestId());
  v1::Guest guest;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateGuest(context.get(), request, &guest);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(guest), 0;
  PrintGuest(inv, guest);
  return 0;
}

int GuestShow(Invocation& inv) {
  v1::GetGuestProfileRequest request;
  request.set_name(GuestNameArg(inv.positional()[0]));
  if (auto fields = inv.Option("fields")) {
    for (absl::string_view f :
         absl::StrSplit(*fields, ',', absl::SkipEmpty())) {
      request.mutable_read_mask()->add_paths(std::string(f));
    }
  }
  v1::GuestProfile profile;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetGuestProfile(context.get(), request, &profile);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(profile), 0;
  PrintGuest(inv, profile.guest());
  Details standing;
  standing.Add(inv.Tr("熟客", "Regular"),
               absl::StrCat(YesNo(inv, profile.regular()), " (",
                            profile.completed_stays(),
                            inv.Tr(" 次住宿", " completed stays"), ")"));
  std::vector<std::string> purposes;
  for (int p : profile.purposes_of_travel()) {
    purposes.push_back(EnumLabel(v1::TravelPurpose_Name(p), "TRAVEL_PURPOSE_"));
  }
  standing.Add(inv.Tr("出行目的", "Purposes"), absl::StrJoin(purposes, ", "));
  std::vector<std::string> totals;
  for (const auto& t : profile.consumption_totals()) {
    totals.push_back(FormatMoney(t));
  }
  standing.Add(inv.Tr("消費合計", "Consumption"), absl::StrJoin(totals, ", "));
  if (profile.merged_guests_size() > 0) {
    standing.Add(inv.Tr("已合併", "Merged from"),
                 absl::StrJoin(profile.merged_guests(), ", "));
  }
  standing.Print();
  if (profile.open_stays_size() > 0) {
    std::cout << "\n" << inv.Tr("在住", "In house") << "\n";
    PrintStays(inv, {profile.open_stays().begin(), profile.open_stays().end()});
  }
  if (profile.preferences_size() > 0) {
    std::cout << "\n" << inv.Tr("偏好", "Preferences") << "\n";
    Table table({inv.Tr("類別", "Category"), inv.Tr("項目", "Key"),
                 inv.Tr("內容", "Value"), inv.Tr("來源", "Source"),
                 inv.Tr("記錄", "Recorded")});
    for (const auto& p : profile.preferences()) {
      table.AddRow({CategoryLabel(inv, p.category()), p.key(), p.value(),
                    EnumLabel(v1::PreferenceSource_Name(p.source()),
                              "PREFERENCE_SOURCE_"),
                    FormatTime(p.record_time())});
    }
    table.Print();
  }
  if (profile.notes_size() > 0) {
    std::cout << "\n" << inv.Tr("備註", "Notes") << "\n";
    Table table({inv.Tr("時間", "Time"), inv.Tr("部門", "Department"),
                 inv.Tr("內容", "Text")});
    for (const auto& n : profile.notes()) {
      table.AddRow(
          {FormatTime(n.create_time()), n.department(),
           n.redacted() ? inv.Tr("（已抹除）", "(erased)") : n.text()});
    }
    table.Print();
  }
  return 0;
}

int GuestSearch(Invocation& inv) {
  v1::SearchGuestsRequest request;
  request.set_query(inv.OptionOr("name", ""));
  request.set_phone(inv.OptionOr("phone", ""));
  request.set_loyalty_number(inv.OptionOr("loyalty", ""));
  if (auto doc = inv.Option("document")) {
    if (!ParseDocument(*doc, request.mutable_identity_document())) {
      return UsageError("--document: TYPE:COUNTRY:NUMBER");
    }
  }
  auto stub = Stub(inv);
  std::vector<v1::Guest> all;
  grpc::Status status =
      ForEachPage<v1::SearchGuestsRequest, v1::SearchGuestsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->SearchGuests(c, r, out);
          },
          [&](const v1::SearchGuestsResponse& page) {
            all.insert(all.end(), page.guests().begin(), page.guests().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& g : all) out.push_back(&g);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("客人", "Guest"), inv.Tr("中文名", "Chinese name"),
               inv.Tr("英文名", "Latin name"), "VIP", inv.Tr("電話", "Phone")});
  for (const auto& g : all) {
    table.AddRow({g.name(), g.chinese_name(), g.latin_name(),
                  absl::StrCat(g.vip_level()), g.phone()});
  }
  table.Print();
  return 0;
}

int GuestUpdate(Invocation& inv) {
  const std::string name = GuestNameArg(inv.positional()[0]);
  auto stub = Stub(inv);
  std::string etag = inv.OptionOr("etag", "");
  if (etag.empty()) {
    // Read-modify-write: the etag just read still protects against a change
    // made between this read and the update.
    v1::GetGuestProfileRequest get;
    get.set_name(name);
    get.mutable_read_mask()->add_paths("etag");
    v1::GuestProfile current;
    grpc::Status status = RetryIdempotent([&] {
      auto context = inv.NewContext();
      return stub->GetGuestProfile(context.get(), get, &current);
    });
    if (!status.ok()) return Fail(status);
    etag = current.guest().etag();
  }
  v1::UpdateGuestRequest request;
  request.mutable_guest()->set_name(name);
  request.mutable_guest()->set_etag(etag);
  if (int code = FillGuest(inv, request.mutable_guest(),
                           request.mutable_update_mask())) {
    return code;
  }
  if (request.update_mask().paths_size() == 0) {
    return UsageError("nothing to change");
  }
  v1::Guest updated;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->UpdateGuest(c, request, &updated);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(updated), 0;
  PrintGuest(inv, updated);
  return 0;
}

int GuestMerge(Invocation& inv) {
  v1::MergeGuestsRequest request;
  request.set_survivor(GuestNameArg(inv.positional()[0]));
  request.set_duplicate(GuestNameArg(inv.positional()[1]));
  v1::Guest merged;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->MergeGuests(c, request, &merged);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(merged), 0;
  PrintGuest(inv, merged);
  return 0;
}

int GuestErase(Invocation& inv) {
  if (!inv.Flag("yes")) {
    return UsageError(
        "erasure is irreversible: add --yes to erase the guest's personal "
        "data");
  }
  v1::EraseGuestRequest request;
  request.set_name(GuestNameArg(inv.positional()[0]));
  v1::Guest erased;
  auto stub = Stub(inv);
  grpc::Status status =
      SendWrite(inv, request, [&](grpc::ClientContext* context) {
        return stub->EraseGuest(context, request, &erased);
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(erased), 0;
  PrintGuest(inv, erased);
  return 0;
}

int GuestHistory(Invocation& inv) {
  v1::ListPreferenceHistoryRequest request;
  request.set_guest(GuestNameArg(inv.positional()[0]));
  request.set_key(inv.OptionOr("key", ""));
  auto stub = Stub(inv);
  std::vector<v1::Preference> all;
  grpc::Status status = ForEachPage<v1::ListPreferenceHistoryRequest,
                                    v1::ListPreferenceHistoryResponse>(
      inv, request,
      [&](grpc::ClientContext* c, const auto& r, auto* out) {
        return stub->ListPreferenceHistory(c, r, out);
      },
      [&](const v1::ListPreferenceHistoryResponse& page) {
        all.insert(all.end(), page.preferences().begin(),
                   page.preferences().end());
        return true;
      });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& p : all) out.push_back(&p);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("時間", "Recorded"), inv.Tr("類別", "Category"),
               inv.Tr("項目", "Key"), inv.Tr("內容", "Value"),
               inv.Tr("來源", "Source"), inv.Tr("記錄人", "By"),
               inv.Tr("被取代", "Superseded")});
  for (const auto& p : all) {
    table.AddRow(
        {FormatTime(p.record_time()), CategoryLabel(inv, p.category()), p.key(),
         p.value(),
         EnumLabel(v1::PreferenceSource_Name(p.source()), "PREFERENCE_SOURCE_"),
         p.recorded_by(), FormatTime(p.supersede_time())});
  }
  table.Print();
  return 0;
}

int CheckIn(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CheckInRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  v1::Stay* stay = request.mutable_stay();
  // From a reservation: its guest, party and room unless given here.
  const auto reservation = inv.Option("reservation");
  if (reservation) {
    request.set_reservation(QualifiedName(site, "reservations", *reservation));
  } else if (inv.positional().empty() || !inv.Option("room")) {
    return UsageError("give <guest> and --room, or --reservation");
  }
  if (!inv.positional().empty()) {
    stay->set_guest(GuestNameArg(inv.positional()[0]));
  }
  stay->set_room_number(inv.OptionOr("room", ""));
  const bool party_given =
      inv.Option("adults") || inv.Option("children") || inv.Option("infants");
  for (auto [option, setter] :
       {std::pair{"adults", &v1::Party::set_adults},
        std::pair{"children", &v1::Party::set_children},
        std::pair{"infants", &v1::Party::set_infants}}) {
    if (reservation && !party_given) break;
    int n = std::string(option) == "adults" ? 1 : 0;
    if (auto v = inv.Option(option); v && !absl::SimpleAtoi(*v, &n)) {
      return UsageError(absl::StrCat("--", option, ": a number"));
    }
    (stay->mutable_party()->*setter)(n);
  }
  if (auto until = inv.Option("until")) {
    if (!ParseLocalTime(*until, stay->mutable_expected_check_out_time())) {
      return UsageError("--until: YYYY-MM-DD or \"YYYY-MM-DD HH:MM\"");
    }
  }
  if (auto purpose = inv.Option("purpose")) {
    v1::TravelPurpose parsed;
    if (!v1::TravelPurpose_Parse(
            "TRAVEL_PURPOSE_" + absl::AsciiStrToUpper(*purpose), &parsed)) {
      return UsageError(
          "--purpose: business, leisure, family, conference or other");
    }
    stay->set_purpose(parsed);
  }
  v1::Stay created;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CheckIn(context.get(), request, &created);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(created), 0;
  PrintStays(inv, {created});
  return 0;
}

// The first argument, a stay's name or a room number, into `request`'s
// stay field (set by `set_stay`) or its site and room number. Returns the
// exit code of a usage error, else 0.
template <typename Request, typename SetStay>
int StayOrRoom(Invocation& inv, Request& request, SetStay set_stay) {
  const std::string target = inv.positional()[0];
  if (absl::StrContains(target, "/stays/")) {
    set_stay(target);
    return 0;
  }
  int code = 0;
  request.set_site(ResolveSite(inv, &code));
  request.set_room_number(target);
  return code;
}

int CheckOut(Invocation& inv) {
  v1::CheckOutRequest request;
  if (int code = StayOrRoom(inv, request,
                            [&](const auto& s) { request.set_name(s); })) {
    return code;
  }
  v1::Stay stay;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->CheckOut(c, request, &stay);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(stay), 0;
  PrintStays(inv, {stay});
  return 0;
}

// `room-qr <room>`: the QR code for the room's current stay (issue 22),
// printed at check-in and left in the room. Scanned, it opens the room's
// page of concierge-web, where the guest asks for services and follows
// them; checking out ends it.
int RoomQr(Invocation& inv) {
  v1::IssueRoomCredentialRequest request;
  if (int code = StayOrRoom(inv, request,
                            [&](const auto& s) { request.set_stay(s); })) {
    return code;
  }
  if (!inv.Option("web") && std::getenv("CONCIERGE_WEB_URL") == nullptr) {
    return UsageError("--web (or CONCIERGE_WEB_URL): concierge-web's address");
  }
  v1::RoomCredential credential;
  auto stub = Stub(inv);
  // Sent once with a request_id: a lost answer is not retried into a
  // second credential (the repeat would say ALREADY_EXISTS).
  request.set_request_id(NewRequestId());
  auto context = inv.NewContext();
  grpc::Status status =
      stub->IssueRoomCredential(context.get(), request, &credential);
  if (!status.ok()) return Fail(status);
  if (!inv.json()) {
    std::cout << inv.Tr("房間 ", "Room ") << credential.room_number() << " ("
              << credential.stay() << ")\n";
  }
  return PrintSignIn(inv, credential.token());
}

int Stays(Invocation& inv) {
  v1::ListStaysRequest request;
  if (auto guest = inv.Option("guest")) {
    request.set_guest(GuestNameArg(*guest));
  }
  if (inv.Option("site") || request.guest().empty()) {
    int code = 0;
    request.set_site(ResolveSite(inv, &code));
    if (code) return code;
  }
  request.set_open_only(inv.Flag("open"));
  auto stub = Stub(inv);
  std::vector<v1::Stay> all;
  grpc::Status status =
      ForEachPage<v1::ListStaysRequest, v1::ListStaysResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListStays(c, r, out);
          },
          [&](const v1::ListStaysResponse& page) {
            all.insert(all.end(), page.stays().begin(), page.stays().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& s : all) out.push_back(&s);
    PrintJsonArray(out);
    return 0;
  }
  PrintStays(inv, all);
  return 0;
}

int Charge(Invocation& inv) {
  v1::RecordConsumptionRequest request;
  if (int code = StayOrRoom(inv, request,
                            [&](const auto& s) { request.set_stay(s); })) {
    return code;
  }
  v1::ConsumptionKind kind;
  if (!v1::ConsumptionKind_Parse(
          "CONSUMPTION_KIND_" + absl::AsciiStrToUpper(inv.OptionOr("kind", "")),
          &kind) ||
      kind == v1::CONSUMPTION_KIND_UNSPECIFIED) {
    return UsageError("--kind: minibar, paid_service or other");
  }
  int64_t minor = 0;
  if (!ParseAmount(inv.OptionOr("amount", ""), &minor)) {
    return UsageError("--amount: e.g. 30.00");
  }
  request.mutable_entry()->set_kind(kind);
  request.mutable_entry()->set_description(inv.OptionOr("description", ""));
  request.mutable_entry()->mutable_amount()->set_minor_units(minor);
  request.set_request_id(NewRequestId());
  v1::ConsumptionEntry entry;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RecordConsumption(context.get(), request, &entry);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) return PrintJson(entry), 0;
  std::cout << entry.name() << "  " << entry.stay() << "  "
            << entry.description() << "  " << FormatMoney(entry.amount())
            << "\n";
  return 0;
}

int AccessLog(Invocation& inv) {
  v1::ListProfileAccessRequest request;
  request.set_guest(GuestNameArg(inv.positional()[0]));
  auto stub = Stub(inv);
  std::vector<v1::ProfileAccess> all;
  grpc::Status status =
      ForEachPage<v1::ListProfileAccessRequest, v1::ListProfileAccessResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListProfileAccess(c, r, out);
          },
          [&](const v1::ListProfileAccessResponse& page) {
            all.insert(all.end(), page.entries().begin(), page.entries().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& a : all) out.push_back(&a);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("時間", "Time"), inv.Tr("讀取人", "Reader"),
               inv.Tr("場所", "Site"), inv.Tr("調用", "Call")});
  for (const auto& a : all) {
    table.AddRow(
        {FormatTime(a.access_time()), a.principal(), a.site(), a.method()});
  }
  table.Print();
  return 0;
}

}  // namespace

std::vector<Command> GuestCommands() {
  const OptionSpec site{"site", "site id or name (default: your own)"};
  std::vector<OptionSpec> update_options = GuestFieldOptions();
  update_options.push_back({"etag", "etag you read (default: read it now)"});
  return {
      {.path = "guest create",
       .positional_usage = "",
       .summary = "register a guest of the hotel group",
       .options = GuestFieldOptions(),
       .run = GuestCreate},
      {.path = "guest show",
       .positional_usage = "<guest>",
       .summary = "the profile, as your role may see it",
       .options = {{"fields", "only these fields, e.g. phone,birthday.year"}},
       .run = GuestShow,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "guest search",
       .positional_usage = "",
       .summary = "find guests by name, phone, loyalty number or document",
       .options = {{"name", "part of the Chinese or Latin name"},
                   {"phone", "the last digits (at least 6)"},
                   {"loyalty", "loyalty number"},
                   {"document", "TYPE:COUNTRY:NUMBER"}},
       .run = GuestSearch},
      {.path = "guest update",
       .positional_usage = "<guest>",
       .summary = "change a guest's profile fields",
       .options = update_options,
       .run = GuestUpdate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "guest merge",
       .positional_usage = "<survivor> <duplicate>",
       .summary = "make two profiles of one person one (managers)",
       .options = {},
       .run = GuestMerge,
       .min_positional = 2,
       .max_positional = 2},
      {.path = "guest erase",
       .positional_usage = "<guest>",
       .summary = "erase a guest's personal data, irreversibly (managers)",
       .options = {{"yes", "confirm", true}},
       .run = GuestErase,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "guest history",
       .positional_usage = "<guest>",
       .summary = "every preference ever recorded, superseded ones included",
       .options = {{"key", "only this key"}},
       .run = GuestHistory,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "checkin",
       .positional_usage = "[<guest>]",
       .summary = "check a guest in to a room (or a reservation in)",
       .options = {site,
                   {"reservation", "check this reservation in (id)"},
                   {"room", "room number (default: the reservation's)"},
                   {"adults", "default 1"},
                   {"children", "default 0"},
                   {"infants", "children under two, default 0"},
                   {"until", "expected check-out, YYYY-MM-DD [HH:MM]"},
                   {"purpose", "business, leisure, family, conference, other"}},
       .run = CheckIn,
       .min_positional = 0,
       .max_positional = 1},
      {.path = "checkout",
       .positional_usage = "<stay | room-number>",
       .summary = "check a stay out",
       .options = {site},
       .run = CheckOut,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "room-qr",
       .positional_usage = "<room-number | stay>",
       .summary = "the QR code to leave in a room: the guest's page for "
                  "asking for services, until checkout",
       .options = {site, kWebOption, kQrOption, kNoQrOption},
       .run = RoomQr,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "stays",
       .positional_usage = "",
       .summary = "stays of a guest (all hotels) or of your hotel",
       .options = {site,
                   {"guest", "only this guest"},
                   {"open", "only guests in house", true}},
       .run = Stays},
      {.path = "charge",
       .positional_usage = "<stay | room-number>",
       .summary = "charge a minibar sale or paid service to a stay",
       .options = {site,
                   {"kind", "minibar, paid_service or other", false, true},
                   {"amount", "e.g. 30.00", false, true},
                   {"description", "what was consumed", false, true}},
       .run = Charge,
       .min_positional = 1,
       .max_positional = 1},
      ObserveCommand(),
      RoomBriefCommand(),
      {.path = "access-log",
       .positional_usage = "<guest>",
       .summary = "who read the guest's profile, when and how (managers)",
       .options = {},
       .run = AccessLog,
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
