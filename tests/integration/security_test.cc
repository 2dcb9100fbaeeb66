// Every RPC of every service against every kind of caller, checked against
// the one authorization table; a corpus of malformed requests; limits.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/stubs/logging.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "server/api/page_token.h"
#include "server/auth/authorization.h"
#include "server/common/crypto.h"
#include "tests/support/generic_call.h"
#include "tests/support/matchers.h"
#include "tests/support/process.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::CallAny;
using ::concierge::testing::CallUnary;
using ::concierge::testing::IsOk;
using ::concierge::testing::MethodPath;
using ::concierge::testing::NewRequest;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::MethodDescriptor;
using ::testing::HasSubstr;

// A denial by the authorization table itself (not by the service).
bool DeniedByTable(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::PERMISSION_DENIED &&
         (absl::StrContains(s.error_message(), " may not call ") ||
          absl::StrContains(s.error_message(), "partner lacks scope") ||
          absl::StrContains(s.error_message(),
                            "not in the authorization table"));
}

class SecurityTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "A").name();
    other_site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "B").name();
    callers_ = {
        {domain::Role::kGroupAdmin, admin_token()},
        {domain::Role::kAdmin, CreateStaff(site_, v1::ROLE_ADMIN).token},
        {domain::Role::kManager, CreateStaff(site_, v1::ROLE_MANAGER).token},
        {domain::Role::kSupervisor,
         CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE").token},
        {domain::Role::kReception,
         CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION").token},
        {domain::Role::kStaff,
         CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE").token},
        {domain::Role::kFinance, CreateStaff(site_, v1::ROLE_FINANCE).token},
        {domain::Role::kResident, CreateResident(site_).token},
        {domain::Role::kGuest, RoomCode()},
    };
    // A partner holding every scope: only PARTNER rows admit it.
    v1::CreatePartnerRequest partner;
    partner.set_parent(site_);
    partner.mutable_partner()->set_display_name("Everything partner");
    for (absl::string_view scope : auth::KnownPartnerScopes()) {
      partner.mutable_partner()->add_scopes(std::string(scope));
    }
    v1::Partner created;
    EXPECT_THAT(
        directory().CreatePartner(Ctx(admin_token()).get(), partner, &created),
        IsOk());
    partner_token_ = IssueToken(created.name());
    partner.mutable_partner()->set_display_name("Scopeless partner");
    partner.mutable_partner()->clear_scopes();
    EXPECT_THAT(
        directory().CreatePartner(Ctx(admin_token()).get(), partner, &created),
        IsOk());
    scopeless_partner_token_ = IssueToken(created.name());
  }

  // A hotel guest's room credential (the QR code in room 801).
  std::string RoomCode() {
    const std::string hotel = CreateSite(v1::SITE_KIND_HOTEL, "H").name();
    const std::string desk =
        CreateStaff(hotel, v1::ROLE_RECEPTION, "FRONT_DESK").token;
    auto guests = v1::GuestProfileService::NewStub(channel());
    v1::CreateGuestRequest create;
    create.mutable_guest()->set_latin_name("A Guest");
    v1::Guest guest;
    EXPECT_THAT(guests->CreateGuest(Ctx(desk).get(), create, &guest), IsOk());
    v1::CheckInRequest check_in;
    check_in.set_parent(hotel);
    check_in.mutable_stay()->set_guest(guest.name());
    check_in.mutable_stay()->set_room_number("801");
    check_in.mutable_stay()->mutable_party()->set_adults(1);
    v1::Stay stay;
    EXPECT_THAT(guests->CheckIn(Ctx(desk).get(), check_in, &stay), IsOk());
    v1::IssueRoomCredentialRequest issue;
    issue.set_stay(stay.name());
    v1::RoomCredential credential;
    EXPECT_THAT(
        guests->IssueRoomCredential(Ctx(desk).get(), issue, &credential),
        IsOk());
    return credential.token();
  }

  std::string site_, other_site_;
  std::map<domain::Role, std::string> callers_;
  std::string partner_token_, scopeless_partner_token_;
};

TEST_F(SecurityTest, EveryRpcAgreesWithTheAuthorizationTableForEveryRole) {
  int checked = 0;
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      const std::string path = MethodPath(method);
      const auth::MethodPermission* row = auth::FindPermission(path);
      ASSERT_NE(row, nullptr)
          << path << " has no row in the authorization table";
      auto request = NewRequest(method);
      for (const auto& [role, token] : callers_) {
        const grpc::Status status = CallAny(channel(), method, *request, token);
        if (row->roles.Contains(role)) {
          EXPECT_FALSE(DeniedByTable(status))
              << path << " as " << domain::RoleName(role) << ": "
              << status.error_message();
        } else {
          EXPECT_TRUE(DeniedByTable(status))
              << path << " as " << domain::RoleName(role)
              << " should be denied, got " << status.error_code() << " "
              << status.error_message();
        }
        ++checked;
      }
      // Partners: the PARTNER row and the scope decide.
      const grpc::Status partner =
          CallAny(channel(), method, *request, partner_token_);
      EXPECT_EQ(DeniedByTable(partner),
                !row->roles.Contains(domain::Role::kPartner))
          << path << " as PARTNER: " << partner.error_message();
      if (row->roles.Contains(domain::Role::kPartner) &&
          row->partner_scope != "*") {
        EXPECT_TRUE(DeniedByTable(
            CallAny(channel(), method, *request, scopeless_partner_token_)))
            << path << " admitted a partner without scope "
            << row->partner_scope;
      }
      // No token, a forged token: UNAUTHENTICATED everywhere.
      EXPECT_EQ(CallAny(channel(), method, *request, "").error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << path;
      EXPECT_EQ(CallAny(channel(), method, *request, "cnc_forged").error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << path;
      checked += 4;
    }
  }
  EXPECT_GT(checked, 300);
}

TEST_F(SecurityTest, ARevokedTokenOpensNothing) {
  testing::Actor manager = CreateStaff(site_, v1::ROLE_MANAGER);
  v1::Principal me;
  ASSERT_THAT(directory().WhoAmI(Ctx(manager.token).get(), {}, &me), IsOk());
  v1::RevokeTokenRequest revoke;
  revoke.set_name(me.token());
  v1::Token revoked;
  ASSERT_THAT(
      directory().RevokeToken(Ctx(admin_token()).get(), revoke, &revoked),
      IsOk());
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      EXPECT_EQ(CallAny(channel(), method, *NewRequest(method), manager.token)
                    .error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << MethodPath(method);
    }
  }
}

// Site-level calls aimed at site A by site B's manager are refused, never
// answered: a request whose `parent` is a site name reaches the site check.
TEST_F(SecurityTest, AnotherSitesTokenGetsNothingFromThisSite) {
  const std::string stranger = CreateStaff(other_site_, v1::ROLE_MANAGER).token;
  int denied = 0;
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      auto request = NewRequest(method);
      const FieldDescriptor* parent =
          request->GetDescriptor()->FindFieldByName("parent");
      if (parent == nullptr || parent->type() != FieldDescriptor::TYPE_STRING)
        continue;
      request->GetReflection()->SetString(request.get(), parent, site_);
      const grpc::Status status =
          CallAny(channel(), method, *request, stranger);
      EXPECT_FALSE(status.ok())
          << MethodPath(method) << " answered another site";
      if (DeniedByTable(status) ||
          (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
           absl::StrContains(status.error_message(),
                             "parent: must look like"))) {
        continue;  // not a site-level call, or not a manager's
      }
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << MethodPath(method) << ": " << status.error_message();
      ++denied;
    }
  }
  EXPECT_GT(denied, 10);
}

// A resident of household A walks every RPC residents may call, with every
// string field (top level and one level down) pointed at household B's
// resources: B's household, B's resident, a parcel and a message left for
// B. Nothing of B's may come back, whatever the code.
TEST_F(SecurityTest, AResidentNeverSeesAnotherHouseholdsData) {
  const testing::Actor a = CreateResident(site_);
  const testing::Actor b = CreateResident(site_, "Neighbour Secret");
  const std::string reception = callers_[domain::Role::kReception];
  auto desk = v1::FrontDeskService::NewStub(channel());
  v1::LogParcelRequest log;
  log.set_parent(site_);
  log.mutable_parcel()->set_household(b.household);
  log.mutable_parcel()->set_kind(v1::PARCEL_KIND_PARCEL);
  log.mutable_parcel()->set_carrier("SF Express");
  log.mutable_parcel()->set_tracking_number("NEIGHBOURSECRET1");
  log.mutable_parcel()->set_shelf("A2");
  v1::Parcel parcel;
  ASSERT_THAT(desk->LogParcel(Ctx(reception).get(), log, &parcel), IsOk());
  v1::LeaveMessageRequest leave;
  leave.set_parent(site_);
  leave.mutable_message()->set_household(b.household);
  leave.mutable_message()->set_from_name("Courier");
  leave.mutable_message()->set_text("neighbour secret message");
  leave.mutable_message()->set_channel(v1::MESSAGE_CHANNEL_PHONE);
  v1::VisitorMessage message;
  ASSERT_THAT(desk->LeaveMessage(Ctx(reception).get(), leave, &message),
              IsOk());

  const std::vector<std::string> b_names = {b.household, b.name, parcel.name(),
                                            message.name()};
  const std::vector<std::string> secrets = {
      "NEIGHBOURSECRET1", "neighbour secret message", "Neighbour Secret"};
  // The control: B sees B's parcel, so the search below would find a leak.
  {
    const MethodDescriptor* mine =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            "concierge.v1.FrontDeskService.ListMyParcels");
    v1::ListMyParcelsRequest request;
    request.set_parent(site_);
    std::string response;
    ASSERT_THAT(CallUnary(channel(), mine, request, b.token, &response),
                IsOk());
    ASSERT_TRUE(absl::StrContains(response, "NEIGHBOURSECRET1"));
  }
  int calls = 0, refused = 0;
  auto check = [&](const std::string& what, const MethodDescriptor* method,
                   const Message& request) {
    std::string response;
    const grpc::Status status =
        CallUnary(channel(), method, request, a.token, &response);
    ++calls;
    if (!status.ok()) {
      ++refused;
      EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL) << what;
      return;
    }
    for (const std::string& secret : secrets) {
      EXPECT_FALSE(absl::StrContains(response, secret))
          << what << " showed household B's \"" << secret << "\" to A";
    }
  };
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      const auth::MethodPermission* row =
          auth::FindPermission(MethodPath(method));
      if (method->server_streaming() || row == nullptr ||
          !row->roles.Contains(domain::Role::kResident)) {
        continue;
      }
      auto base = NewRequest(method);
      const auto* descriptor = base->GetDescriptor();
      if (const auto* parent = descriptor->FindFieldByName("parent");
          parent && parent->type() == FieldDescriptor::TYPE_STRING) {
        base->GetReflection()->SetString(base.get(), parent, site_);
      }
      check(MethodPath(method), method, *base);
      for (int f = 0; f < descriptor->field_count(); ++f) {
        const FieldDescriptor* field = descriptor->field(f);
        if (field->is_repeated()) continue;
        for (const std::string& name : b_names) {
          std::unique_ptr<Message> request(base->New());
          request->CopyFrom(*base);
          if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
            request->GetReflection()->SetString(request.get(), field, name);
          } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            // The resource being created: its household (or its parent).
            Message* inner =
                request->GetReflection()->MutableMessage(request.get(), field);
            const auto* household =
                inner->GetDescriptor()->FindFieldByName("household");
            if (household == nullptr ||
                household->type() != FieldDescriptor::TYPE_STRING) {
              continue;
            }
            inner->GetReflection()->SetString(inner, household, name);
          } else {
            continue;
          }
          check(absl::StrCat(MethodPath(method), " ", field->name(), "=", name),
                method, *request);
        }
      }
    }
  }
  std::cerr << "calls by a resident aimed at another household: " << calls
            << " (" << refused << " refused)\n";
  EXPECT_GT(calls, 100);
  EXPECT_GT(refused, 50);
  // Nothing was created in B's name by A.
  EXPECT_EQ(QueryValue(db_->url(),
                       absl::StrCat(
                           "SELECT count(*) FROM parcels WHERE household_id = ",
                           testing::ShortId(b.household))),
            "1");
}

// Values no field should accept, and the codes they may get.
const std::vector<std::string>& BadStrings() {
  static const auto* values = new std::vector<std::string>{
      std::string("\xC3\x28 bad utf-8"),
      std::string("nul\0inside", 10),
      "bell\a and escape\x1B[31m",
      std::string(100000, 'x'),
      "'; DROP TABLE sites; --",
      "$(rm -rf /) `reboot` | cat /etc/passwd",
      "sites/1/../../etc/passwd",
      "%s%n%x {0} ${jndi:ldap://x}",
      "\xF0\x9F\x92\xA9 \xE2\x80\xAE right-to-left",
      "",
      "   \t  ",
      std::string(201, 'y'),
      "sites/99999999999999999999999/households/-1",
      "\xED\xA0\x80 surrogate \xC0\xAF overlong",
  };
  return *values;
}

// One bad value for one field.
struct BadValue {
  std::string label;
  std::function<void(Message*, const FieldDescriptor*)> set;
};

template <typename T>
BadValue Number(
    T value,
    void (google::protobuf::Reflection::*set)(Message*, const FieldDescriptor*,
                                              T) const,
    void (google::protobuf::Reflection::*add)(Message*, const FieldDescriptor*,
                                              T) const) {
  return {absl::StrCat(value), [=](Message* m, const FieldDescriptor* f) {
            const auto* r = m->GetReflection();
            f->is_repeated() ? (r->*add)(m, f, value) : (r->*set)(m, f, value);
          }};
}

// The bad values of `field`'s type; fewer strings below the top level.
std::vector<BadValue> BadValuesFor(const FieldDescriptor* field, bool nested) {
  using R = google::protobuf::Reflection;
  std::vector<BadValue> out;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      for (size_t i = 0; i < BadStrings().size(); ++i) {
        if (nested && i % 3 != 0) continue;
        out.push_back(
            {absl::StrCat("bad string #", i),
             [v = BadStrings()[i]](Message* m, const FieldDescriptor* f) {
               f->is_repeated() ? m->GetReflection()->AddString(m, f, v)
                                : m->GetReflection()->SetString(m, f, v);
             }});
      }
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      for (int32_t v : {-1, INT32_MIN, INT32_MAX}) {
        out.push_back(Number<int32_t>(v, &R::SetInt32, &R::AddInt32));
      }
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      for (int64_t v : {int64_t{-1}, INT64_MIN, INT64_MAX}) {
        out.push_back(Number<int64_t>(v, &R::SetInt64, &R::AddInt64));
      }
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      out.push_back(Number<uint32_t>(UINT32_MAX, &R::SetUInt32, &R::AddUInt32));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      out.push_back(Number<uint64_t>(UINT64_MAX, &R::SetUInt64, &R::AddUInt64));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      for (double v : {std::nan(""), HUGE_VAL, -1e300}) {
        out.push_back(Number<double>(v, &R::SetDouble, &R::AddDouble));
      }
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      out.push_back(Number<float>(std::nanf(""), &R::SetFloat, &R::AddFloat));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      // Unknown enum numbers are kept by proto3 and reach the server.
      for (int v : {12345, -7}) {
        out.push_back(Number<int>(v, &R::SetEnumValue, &R::AddEnumValue));
        out.back().label = absl::StrCat("unknown enum ", v);
      }
      break;
    default:
      break;
  }
  return out;
}

// Every PostgreSQL table with its row count, "t1=3,t2=0,...".
std::string RowCounts(const std::string& url) {
  return QueryValue(url, R"sql(
    SELECT string_agg(table_name || '=' || (xpath('/row/c/text()',
             query_to_xml(format('SELECT count(*) AS c FROM %I', table_name),
                          false, true, '')))[1]::text, ',' ORDER BY table_name)
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE')sql");
}

// The request fingerprint rpc.cc binds a page token to: the request without
// page_size and page_token, deterministically serialized and hashed.
std::string ListFingerprint(const std::string& principal_key,
                            const std::string& method, Message* request) {
  for (const char* name : {"page_size", "page_token"}) {
    request->GetReflection()->ClearField(
        request, request->GetDescriptor()->FindFieldByName(name));
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request->SerializeToCodedStream(&coded);
  }
  return absl::StrCat(principal_key, method, Sha256Hex(bytes));
}

class MalformedRequestTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "H").name();
    hotel_callers_ = {
        {domain::Role::kManager, CreateStaff(hotel_, v1::ROLE_MANAGER).token},
        {domain::Role::kSupervisor,
         CreateStaff(hotel_, v1::ROLE_SUPERVISOR, "HOUSEKEEPING").token},
        {domain::Role::kReception,
         CreateStaff(hotel_, v1::ROLE_RECEPTION, "FRONT_DESK").token},
        {domain::Role::kStaff,
         CreateStaff(hotel_, v1::ROLE_STAFF, "HOUSEKEEPING").token},
        {domain::Role::kGroupAdmin, admin_token()},
    };
  }

  // The site a method belongs to, and a caller the table admits there, so
  // the bad value reaches the service's validation.
  std::pair<std::string, std::string> SiteAndCaller(
      const MethodDescriptor* method) {
    const std::string service = method->service()->name();
    const bool hotel = service == "GuestProfileService" ||
                       service == "HousekeepingService" ||
                       service == "ArrivalService";
    const auto& callers = hotel ? hotel_callers_ : callers_;
    const auth::MethodPermission* row =
        auth::FindPermission(MethodPath(method));
    for (domain::Role role :
         {domain::Role::kManager, domain::Role::kReception,
          domain::Role::kSupervisor, domain::Role::kStaff,
          domain::Role::kResident, domain::Role::kFinance, domain::Role::kAdmin,
          domain::Role::kGroupAdmin}) {
      if (row != nullptr && row->roles.Contains(role) &&
          callers.contains(role)) {
        return {hotel ? hotel_ : site_, callers.at(role)};
      }
    }
    return {hotel ? hotel_ : site_, partner_token_};
  }

  std::string hotel_;
  std::map<domain::Role, std::string> hotel_callers_;
};

// Generated: every unary RPC x every field (top level and one level down,
// repeated ones included) x every bad value of the field's type, each call
// made by a role the authorization table admits so validation is reached.
TEST_F(MalformedRequestTest, EveryFieldWithEveryBadValueGetsADeliberateCode) {
  // Protobuf logs every invalid UTF-8 string it serializes or parses:
  // thousands of lines that are the point of this test.
  google::protobuf::LogHandler* previous = google::protobuf::SetLogHandler(
      [](google::protobuf::LogLevel, const char*, int, const std::string&) {});
  int cases = 0;
  std::map<grpc::StatusCode, int> by_code;
  std::vector<std::string> accepted;
  // Refused cases, replayed at the end to prove they store nothing.
  struct Refused {
    std::string what;
    const MethodDescriptor* method;
    std::unique_ptr<Message> request;
    std::string token;
  };
  std::vector<Refused> refused;
  auto try_case = [&](const std::string& what, const MethodDescriptor* method,
                      const Message& request, const std::string& token) {
    const grpc::Status s = CallAny(channel(), method, request, token);
    ++cases;
    ++by_code[s.error_code()];
    EXPECT_NE(s.error_code(), grpc::StatusCode::INTERNAL)
        << what << ": " << s.error_message();
    EXPECT_NE(s.error_code(), grpc::StatusCode::UNKNOWN)
        << what << ": " << s.error_message();
    EXPECT_NE(s.error_code(), grpc::StatusCode::UNAVAILABLE)
        << what << ": " << s.error_message();
    // An enum number the API does not define is never taken, not even as
    // a filter (it would filter nothing).
    EXPECT_FALSE(s.ok() && absl::StrContains(what, "unknown enum")) << what;
    if (s.ok()) {
      accepted.push_back(what);
      return;
    }
    std::unique_ptr<Message> copy(request.New());
    copy->CopyFrom(request);
    refused.push_back({what, method, std::move(copy), token});
  };
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      if (method->server_streaming()) continue;  // the limits test covers it
      const auto [site, token] = SiteAndCaller(method);
      auto base = NewRequest(method);
      const auto* descriptor = base->GetDescriptor();
      if (const auto* parent = descriptor->FindFieldByName("parent");
          parent && parent->type() == FieldDescriptor::TYPE_STRING) {
        base->GetReflection()->SetString(base.get(), parent, site);
      }
      for (int f = 0; f < descriptor->field_count(); ++f) {
        const FieldDescriptor* field = descriptor->field(f);
        const std::string path =
            absl::StrCat(MethodPath(method), " ", field->name());
        for (const BadValue& bad : BadValuesFor(field, false)) {
          std::unique_ptr<Message> request(base->New());
          request->CopyFrom(*base);
          bad.set(request.get(), field);
          try_case(path + " = " + bad.label, method, *request, token);
        }
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
            field->is_repeated() || field->is_map()) {
          continue;
        }
        // One level down: the resource being created or updated, a window.
        const auto* inner_descriptor = field->message_type();
        for (int g = 0; g < inner_descriptor->field_count(); ++g) {
          const FieldDescriptor* inner_field = inner_descriptor->field(g);
          for (const BadValue& bad : BadValuesFor(inner_field, true)) {
            std::unique_ptr<Message> request(base->New());
            request->CopyFrom(*base);
            bad.set(
                request->GetReflection()->MutableMessage(request.get(), field),
                inner_field);
            try_case(
                absl::StrCat(path, ".", inner_field->name(), " = ", bad.label),
                method, *request, token);
          }
        }
      }
    }
  }

  // Page tokens: forged, foreign, expired (signed with the server's own
  // key, for this very list, two days ago), and page sizes.
  const std::string manager = callers_[domain::Role::kManager];
  v1::ListStaffRequest list;
  list.set_parent(site_);
  const MethodDescriptor* list_staff =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          "concierge.v1.DirectoryService.ListStaff");
  v1::Principal me;
  ASSERT_THAT(directory().WhoAmI(Ctx(manager).get(), {}, &me), IsOk());
  v1::ListStaffRequest unpaged = list;
  const api::PageTokenCodec codec(QueryValue(
      db_->url(),
      "SELECT secret FROM server_secrets WHERE name = 'page_token_key'"));
  const std::string fingerprint =
      ListFingerprint(absl::StrCat("staff:", testing::ShortId(me.name())),
                      MethodPath(list_staff), &unpaged);
  const std::string expired =
      codec.Encode(fingerprint, 1, absl::Now() - absl::Hours(48));
  const std::string fresh = codec.Encode(fingerprint, 1, absl::Now());
  const std::string foreign = codec.Encode("another list", 1, absl::Now());
  for (const auto& [label, token] :
       std::vector<std::pair<std::string, std::string>>{
           {"short", "AAAA"},
           {"long", std::string(1000, 'A')},
           {"dotted", "c1.1.1"},
           {"expired", expired},
           {"another list's", foreign}}) {
    list.set_page_token(token);
    v1::ListStaffResponse out;
    grpc::Status s = directory().ListStaff(Ctx(manager).get(), list, &out);
    ++cases;
    ++by_code[s.error_code()];
    EXPECT_THAT(s, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                            HasSubstr("page_token")))
        << label << " page token";
  }
  // The same forgery technique with a fresh time is accepted: the refusals
  // above are for the reasons named, not for a wrong fingerprint.
  list.set_page_token(fresh);
  v1::ListStaffResponse out;
  EXPECT_THAT(directory().ListStaff(Ctx(manager).get(), list, &out), IsOk());
  list.clear_page_token();
  list.set_page_size(INT32_MAX);  // clamped to the maximum, not refused
  EXPECT_THAT(directory().ListStaff(Ctx(manager).get(), list, &out), IsOk());

  std::cerr << "malformed requests tried: " << cases << " (";
  for (const auto& [code, n] : by_code)
    std::cerr << " code " << code << ": " << n;
  std::cerr << " )\n";
  for (const std::string& what : accepted)
    std::cerr << "  accepted: " << what << "\n";
  EXPECT_GE(cases, 200);
  EXPECT_GT(by_code[grpc::StatusCode::INVALID_ARGUMENT], 1000);
  EXPECT_TRUE(testing::IsServing(channel()));

  // The refused cases again, alone: still refused, and not one row added
  // or removed in any table. (Accepted cases may store: a display name
  // "sites/1/../../etc/passwd" is odd but valid text.)
  const std::string counts_before = RowCounts(db_->url());
  for (const Refused& r : refused) {
    EXPECT_FALSE(CallAny(channel(), r.method, *r.request, r.token).ok())
        << r.what << " was refused, then accepted";
  }
  EXPECT_EQ(RowCounts(db_->url()), counts_before);
  EXPECT_TRUE(testing::IsServing(channel()));
  google::protobuf::SetLogHandler(previous);
}

TEST_F(SecurityTest, OversizedMessagesAndTooManyStreamsAreRefused) {
  v1::CreateHouseholdRequest huge;
  huge.set_parent(site_);
  huge.mutable_household()->set_address(std::string(5 * 1024 * 1024, 'x'));
  v1::Household out;
  auto stub = v1::DirectoryService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  EXPECT_EQ(
      stub->CreateHousehold(Ctx(admin_token()).get(), huge, &out).error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);

  const std::string supervisor = callers_[domain::Role::kSupervisor];
  auto requests = v1::ServiceRequestService::NewStub(channel());
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::TaskEvent>>> streams;
  v1::WatchTasksRequest watch;
  watch.set_parent(site_);
  for (int i = 0; i < 8; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    contexts.back()->AddMetadata("authorization", "Bearer " + supervisor);
    streams.push_back(requests->WatchTasks(contexts.back().get(), watch));
  }
  absl::SleepFor(absl::Milliseconds(500));
  grpc::ClientContext ninth;
  ninth.AddMetadata("authorization", "Bearer " + supervisor);
  auto reader = requests->WatchTasks(&ninth, watch);
  v1::TaskEvent event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_THAT(reader->Finish(), StatusIs(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                         HasSubstr("at most 8")));
  for (auto& c : contexts) c->TryCancel();
  for (auto& s : streams) s->Finish();
}

// Keepalive enforcement: a client that pings more often than the server
// allows (every second, against a 10 s minimum) is sent away (GOAWAY
// too_many_pings) and its stream ends with UNAVAILABLE, while a
// well-behaved client's stream on another connection stays open.
TEST_F(SecurityTest, AClientPingingTooOftenIsDisconnected) {
  const std::string supervisor = callers_[domain::Role::kSupervisor];
  const std::string address = absl::StrCat("127.0.0.1:", server_->port());
  grpc::ChannelArguments pushy;
  pushy.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 1000);
  pushy.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 1000);
  pushy.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  pushy.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  pushy.SetInt(GRPC_ARG_HTTP2_MIN_SENT_PING_INTERVAL_WITHOUT_DATA_MS, 1000);
  auto pushy_stub =
      v1::ServiceRequestService::NewStub(grpc::CreateCustomChannel(
          address, grpc::InsecureChannelCredentials(), pushy));
  auto polite_stub = v1::ServiceRequestService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  v1::WatchTasksRequest watch;
  watch.set_parent(site_);

  grpc::ClientContext polite_context;
  polite_context.AddMetadata("authorization", "Bearer " + supervisor);
  auto polite = polite_stub->WatchTasks(&polite_context, watch);
  grpc::ClientContext pushy_context;
  pushy_context.AddMetadata("authorization", "Bearer " + supervisor);
  pushy_context.set_deadline(
      absl::ToChronoTime(absl::Now() + absl::Seconds(40)));
  const absl::Time start = absl::Now();
  auto reader = pushy_stub->WatchTasks(&pushy_context, watch);
  v1::TaskEvent event;
  while (reader->Read(&event)) {
  }
  const grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE)
      << ended.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(30));
  // The polite stream was not touched: it ends only when we cancel it.
  polite_context.TryCancel();
  while (polite->Read(&event)) {
  }
  EXPECT_EQ(polite->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace concierge
