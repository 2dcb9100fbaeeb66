// Every RPC of every service against every kind of caller, checked against
// the one authorization table; a corpus of malformed requests; limits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "server/auth/authorization.h"
#include "tests/support/generic_call.h"
#include "tests/support/matchers.h"
#include "tests/support/process.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::CallAny;
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
          absl::StrContains(s.error_message(), "not in the authorization table"));
}

class SecurityTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "A").name();
    other_site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "B").name();
    callers_ = {
        {Role::kGroupAdmin, admin_token()},
        {Role::kAdmin, CreateStaff(site_, v1::ROLE_ADMIN).token},
        {Role::kManager, CreateStaff(site_, v1::ROLE_MANAGER).token},
        {Role::kSupervisor, CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE").token},
        {Role::kReception, CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION").token},
        {Role::kStaff, CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE").token},
        {Role::kFinance, CreateStaff(site_, v1::ROLE_FINANCE).token},
        {Role::kResident, CreateResident(site_).token},
    };
    // A partner holding every scope: only PARTNER rows admit it.
    v1::CreatePartnerRequest partner;
    partner.set_parent(site_);
    partner.mutable_partner()->set_display_name("Everything partner");
    for (absl::string_view scope : auth::KnownPartnerScopes()) {
      partner.mutable_partner()->add_scopes(std::string(scope));
    }
    v1::Partner created;
    EXPECT_THAT(directory().CreatePartner(Ctx(admin_token()).get(), partner, &created),
                IsOk());
    partner_token_ = IssueToken(created.name());
    partner.mutable_partner()->set_display_name("Scopeless partner");
    partner.mutable_partner()->clear_scopes();
    EXPECT_THAT(directory().CreatePartner(Ctx(admin_token()).get(), partner, &created),
                IsOk());
    scopeless_partner_token_ = IssueToken(created.name());
  }

  std::string site_, other_site_;
  std::map<Role, std::string> callers_;
  std::string partner_token_, scopeless_partner_token_;
};

TEST_F(SecurityTest, EveryRpcAgreesWithTheAuthorizationTableForEveryRole) {
  int checked = 0;
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      const std::string path = MethodPath(method);
      const auth::MethodPermission* row = auth::FindPermission(path);
      ASSERT_NE(row, nullptr) << path << " has no row in the authorization table";
      auto request = NewRequest(method);
      for (const auto& [role, token] : callers_) {
        const grpc::Status status = CallAny(channel(), method, *request, token);
        if (row->roles.Contains(role)) {
          EXPECT_FALSE(DeniedByTable(status))
              << path << " as " << RoleName(role) << ": " << status.error_message();
        } else {
          EXPECT_TRUE(DeniedByTable(status))
              << path << " as " << RoleName(role) << " should be denied, got "
              << status.error_code() << " " << status.error_message();
        }
        ++checked;
      }
      // Partners: the PARTNER row and the scope decide.
      const grpc::Status partner = CallAny(channel(), method, *request, partner_token_);
      EXPECT_EQ(DeniedByTable(partner), !row->roles.Contains(Role::kPartner))
          << path << " as PARTNER: " << partner.error_message();
      if (row->roles.Contains(Role::kPartner) && row->partner_scope != "*") {
        EXPECT_TRUE(DeniedByTable(
            CallAny(channel(), method, *request, scopeless_partner_token_)))
            << path << " admitted a partner without scope " << row->partner_scope;
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
  ASSERT_THAT(directory().RevokeToken(Ctx(admin_token()).get(), revoke, &revoked), IsOk());
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      EXPECT_EQ(CallAny(channel(), method, *NewRequest(method), manager.token).error_code(),
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
      const FieldDescriptor* parent = request->GetDescriptor()->FindFieldByName("parent");
      if (parent == nullptr || parent->type() != FieldDescriptor::TYPE_STRING) continue;
      request->GetReflection()->SetString(request.get(), parent, site_);
      const grpc::Status status = CallAny(channel(), method, *request, stranger);
      EXPECT_FALSE(status.ok()) << MethodPath(method) << " answered another site";
      if (DeniedByTable(status) ||
          (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
           absl::StrContains(status.error_message(), "parent: must look like"))) {
        continue;  // not a site-level call, or not a manager's
      }
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << MethodPath(method) << ": " << status.error_message();
      ++denied;
    }
  }
  EXPECT_GT(denied, 10);
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
  };
  return *values;
}

TEST_F(SecurityTest, MalformedRequestsGetDeliberateCodesAndStoreNothing) {
  const std::string manager = callers_[Role::kManager];
  const std::string sites_before = QueryValue(db_->url(), "SELECT count(*) FROM sites");
  int cases = 0;
  std::map<int, int> by_code;
  auto expect_deliberate = [&](const std::string& what, const grpc::Status& s) {
    ++cases;
    ++by_code[static_cast<int>(s.error_code())];
    EXPECT_NE(s.error_code(), grpc::StatusCode::INTERNAL) << what << ": " << s.error_message() << " details=" << s.error_details();
    EXPECT_NE(s.error_code(), grpc::StatusCode::UNKNOWN) << what << ": " << s.error_message();
  };
  for (const auto* service : testing::AllConciergeServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      if (method->server_streaming()) continue;  // covered below
      const std::string path = MethodPath(method);
      auto base = NewRequest(method);
      const auto* descriptor = base->GetDescriptor();
      if (const auto* parent = descriptor->FindFieldByName("parent");
          parent && parent->type() == FieldDescriptor::TYPE_STRING) {
        base->GetReflection()->SetString(base.get(), parent, site_);
      }
      for (int f = 0; f < descriptor->field_count(); ++f) {
        const FieldDescriptor* field = descriptor->field(f);
        if (field->is_repeated()) continue;
        auto request = std::unique_ptr<Message>(base->New());
        request->CopyFrom(*base);
        const auto* reflection = request->GetReflection();
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_STRING:
            for (const std::string& bad : BadStrings()) {
              reflection->SetString(request.get(), field, bad);
              expect_deliberate(path + "." + field->name(),
                                CallAny(channel(), method, *request, manager));
            }
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            for (int32_t v : {-1, INT32_MIN, INT32_MAX}) {
              reflection->SetInt32(request.get(), field, v);
              expect_deliberate(path + "." + field->name(),
                                CallAny(channel(), method, *request, manager));
            }
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            reflection->SetEnumValue(request.get(), field, 12345);
            expect_deliberate(path + "." + field->name(),
                              CallAny(channel(), method, *request, manager));
            break;
          case FieldDescriptor::CPPTYPE_MESSAGE: {
            // One level down: the resource being created or updated.
            Message* inner = reflection->MutableMessage(request.get(), field);
            const auto* inner_descriptor = inner->GetDescriptor();
            for (int g = 0; g < inner_descriptor->field_count(); ++g) {
              const FieldDescriptor* inner_field = inner_descriptor->field(g);
              if (inner_field->is_repeated() ||
                  inner_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
                continue;
              }
              for (const std::string& bad : {BadStrings()[0], BadStrings()[1],
                                             BadStrings()[3]}) {
                inner->GetReflection()->SetString(inner, inner_field, bad);
                expect_deliberate(path + "." + field->name() + "." + inner_field->name(),
                                  CallAny(channel(), method, *request, manager));
              }
            }
            break;
          }
          default:
            break;
        }
      }
    }
  }
  // Forged and foreign page tokens, huge page sizes.
  v1::ListStaffRequest list;
  list.set_parent(site_);
  for (const std::string& token : {std::string("AAAA"), std::string(1000, 'A'),
                                   std::string("c1.1.1"), BadStrings()[0]}) {
    list.set_page_token(token);
    v1::ListStaffResponse out;
    grpc::Status s = directory().ListStaff(Ctx(manager).get(), list, &out);
    expect_deliberate("page_token", s);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  list.clear_page_token();
  list.set_page_size(INT32_MAX);
  v1::ListStaffResponse out;
  EXPECT_THAT(directory().ListStaff(Ctx(manager).get(), list, &out), IsOk());

  EXPECT_GE(cases, 200);
  std::cerr << "malformed requests tried: " << cases << "\n";
  // Still serving; nothing malformed was stored; nothing was dropped.
  EXPECT_TRUE(testing::IsServing(channel()));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM sites"), sites_before);
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM staff WHERE display_name ~ '[[:cntrl:]]' "
                       "OR length(display_name) > 1000"),
            "0");
}

TEST_F(SecurityTest, OversizedMessagesAndTooManyStreamsAreRefused) {
  v1::CreateHouseholdRequest huge;
  huge.set_parent(site_);
  huge.mutable_household()->set_address(std::string(5 * 1024 * 1024, 'x'));
  v1::Household out;
  auto stub = v1::DirectoryService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(stub->CreateHousehold(Ctx(admin_token()).get(), huge, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  const std::string supervisor = callers_[Role::kSupervisor];
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

}  // namespace
}  // namespace concierge
