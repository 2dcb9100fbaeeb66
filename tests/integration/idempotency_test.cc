// The idempotency window: a create's request_id is remembered for 7 days
// (RequestSweeper::kIdempotencyWindow), then the sweeper forgets it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "server/usecase/request_sweeper.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;

class IdempotencyTest : public testing::ServerTest {
 protected:
  std::string FreeItem(const std::string& site) {
    v1::ListServiceItemsRequest request;
    request.set_parent(site);
    request.set_text("OUTSIDE_SMALL_REPAIRS");
    v1::ListServiceItemsResponse response;
    EXPECT_THAT(v1::CatalogService::NewStub(channel())->ListServiceItems(
                    Ctx(admin_token()).get(), request, &response),
                IsOk());
    for (const auto& item : response.items()) {
      if (item.code() == "OUTSIDE_SMALL_REPAIRS") return item.name();
    }
    ADD_FAILURE() << "no OUTSIDE_SMALL_REPAIRS";
    return "";
  }
};

TEST_F(IdempotencyTest, ARequestIdIsRememberedForSevenDaysThenForgotten) {
  ASSERT_EQ(usecase::RequestSweeper::kIdempotencyWindow, absl::Hours(24 * 7));
  const std::string site = CreateSite(v1::SITE_KIND_RESIDENTIAL).name();
  AdoptDefaultCatalogue(site, CreateStaff(site, v1::ROLE_MANAGER).token);
  const testing::Actor resident = CreateResident(site);
  auto requests = v1::ServiceRequestService::NewStub(channel());
  v1::CreateServiceRequestRequest create;
  create.set_parent(site);
  create.set_request_id("window-1");
  create.mutable_request()->set_item(FreeItem(site));
  create.mutable_request()->set_content("The gate squeaks");
  auto send = [&] {
    v1::ServiceRequest created;
    EXPECT_THAT(requests->CreateServiceRequest(Ctx(resident.token).get(),
                                               create, &created),
                IsOk());
    return created.name();
  };
  const std::string first = send();

  // An hour inside the window, after a sweep: still the same request.
  clock_.Advance(absl::Hours(24 * 7 - 1));
  ASSERT_TRUE(server_->SweepOnce().ok());
  EXPECT_EQ(send(), first);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            "1");

  // An hour past it, after a sweep: the key is gone, so this creates.
  clock_.Advance(absl::Hours(2));
  ASSERT_TRUE(server_->SweepOnce().ok());
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM idempotency_keys WHERE "
                       "request_id = 'window-1'"),
            "0");
  const std::string again = send();
  EXPECT_NE(again, first);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_requests"),
            "2");
}

}  // namespace
}  // namespace concierge
