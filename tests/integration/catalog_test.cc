// CatalogService against a real database: the default catalogue, the item
// life cycle, price effectiveness, visibility, announcements, lookups and
// bad input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::HasSubstr;

class CatalogTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(channel());
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony");
    manager_ = CreateStaff(site_.name(), v1::ROLE_MANAGER);
    AdoptDefaultCatalogue(site_.name(), manager_.token);
    supervisor_ = CreateStaff(site_.name(), v1::ROLE_SUPERVISOR, "MAINTENANCE");
    reception_ = CreateStaff(site_.name(), v1::ROLE_RECEPTION, "RECEPTION");
    resident_ = CreateResident(site_.name());
  }

  v1::ServiceItem Draft(const std::string& code, v1::FeeKind fee) {
    v1::CreateServiceItemRequest request;
    request.set_parent(site_.name());
    auto* item = request.mutable_item();
    item->set_code(code);
    item->mutable_title()->set_zh("水龍頭維修");
    item->mutable_title()->set_en("Tap repair");
    item->set_category(v1::ITEM_CATEGORY_ON_SITE);
    item->set_fee_kind(fee);
    item->set_fulfilment(v1::FULFILMENT_SCHEDULED);
    item->set_department(DepartmentNamed(site_.name(), "MAINTENANCE"));
    v1::ServiceItem out;
    EXPECT_THAT(catalog_->CreateServiceItem(Ctx(supervisor_.token).get(),
                                            request, &out),
                IsOk());
    return out;
  }

  v1::ServiceItem Approve(const std::string& name) {
    v1::ApproveServiceItemRequest request;
    request.set_name(name);
    v1::ServiceItem out;
    EXPECT_THAT(
        catalog_->ApproveServiceItem(Ctx(manager_.token).get(), request, &out),
        IsOk());
    return out;
  }

  v1::ServicePrice Propose(const std::string& item, int64_t minor,
                           absl::Duration from_now) {
    v1::SetServicePriceRequest request;
    request.set_parent(item);
    request.mutable_price()->mutable_amount()->set_minor_units(minor);
    *request.mutable_price()->mutable_effective_time() =
        ToTimestamp(clock_.Now() + from_now);
    v1::ServicePrice out;
    EXPECT_THAT(
        catalog_->SetServicePrice(Ctx(supervisor_.token).get(), request, &out),
        IsOk());
    return out;
  }

  v1::ServicePrice ApprovePrice(const std::string& name) {
    v1::ApproveServicePriceRequest request;
    request.set_name(name);
    v1::ServicePrice out;
    EXPECT_THAT(
        catalog_->ApproveServicePrice(Ctx(manager_.token).get(), request, &out),
        IsOk());
    return out;
  }

  grpc::Status Announce(const std::vector<std::string>& items,
                        const std::vector<std::string>& prices,
                        v1::Announcement* out) {
    v1::CreateAnnouncementRequest create;
    create.set_parent(site_.name());
    create.mutable_announcement()->mutable_title()->set_zh("新服務");
    create.mutable_announcement()->mutable_title()->set_en("New services");
    for (const auto& i : items) create.mutable_announcement()->add_items(i);
    for (const auto& p : prices) create.mutable_announcement()->add_prices(p);
    v1::Announcement draft;
    grpc::Status status = catalog_->CreateAnnouncement(
        Ctx(reception_.token).get(), create, &draft);
    if (!status.ok()) return status;
    v1::PublishAnnouncementRequest publish;
    publish.set_name(draft.name());
    publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
    publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_ENTRANCE_POSTER);
    return catalog_->PublishAnnouncement(Ctx(manager_.token).get(), publish,
                                         out);
  }

  v1::ServiceItem Get(const std::string& token, const std::string& name,
                      grpc::Status* status = nullptr) {
    v1::GetServiceItemRequest request;
    request.set_name(name);
    v1::ServiceItem out;
    grpc::Status s = catalog_->GetServiceItem(Ctx(token).get(), request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  // Every item of a site as `token` may see it, in display order.
  std::vector<v1::ServiceItem> AllItems(const std::string& site,
                                        const std::string& token) {
    v1::ListServiceItemsRequest request;
    request.set_parent(site);
    request.set_page_size(20);
    std::vector<v1::ServiceItem> items;
    for (;;) {
      v1::ListServiceItemsResponse response;
      EXPECT_THAT(
          catalog_->ListServiceItems(Ctx(token).get(), request, &response),
          IsOk());
      items.insert(items.end(), response.items().begin(),
                   response.items().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return items;
  }

  static google::protobuf::Timestamp ToTimestamp(absl::Time t) {
    google::protobuf::Timestamp ts;
    ts.set_seconds(absl::ToUnixSeconds(t));
    return ts;
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  v1::Site site_;
  testing::Actor manager_, supervisor_, reception_, resident_;
};

// Seed §1(1), §3: a new community's catalogue is the manager's act. The 46
// default items start as drafts; adopting approves them and drafts the
// announcement; they are bookable once it is published.
TEST_F(CatalogTest, ANewCommunitysDefaultCatalogueIsAdoptedByItsManager) {
  const std::string site =
      CreateSite(v1::SITE_KIND_RESIDENTIAL, "Maple").name();
  const testing::Actor manager = CreateStaff(site, v1::ROLE_MANAGER);
  const testing::Actor supervisor =
      CreateStaff(site, v1::ROLE_SUPERVISOR, "MAINTENANCE");
  const testing::Actor resident = CreateResident(site);
  std::vector<v1::ServiceItem> items = AllItems(site, manager.token);
  ASSERT_EQ(items.size(), 46u);
  for (const auto& item : items) {
    EXPECT_FALSE(item.title().zh().empty()) << item.code();
    EXPECT_FALSE(item.title().en().empty()) << item.code();
    EXPECT_EQ(item.state(), v1::ITEM_STATE_DRAFT) << item.code();
    EXPECT_EQ(item.approved_by(), "");
  }
  EXPECT_EQ(items[0].code(), "PAY_WATER_ELECTRICITY");
  EXPECT_EQ(items[0].title().zh(), "代繳水電費");
  EXPECT_EQ(items[45].code(), "OTHER_REASONABLE");
  EXPECT_EQ(items[45].fee_kind(), v1::FEE_KIND_CASE_BY_CASE);
  EXPECT_EQ(items[24].conditions().en(), "within the city only");
  EXPECT_TRUE(AllItems(site, resident.token).empty())
      << "nothing is announced yet";

  // Bad adoptions change nothing.
  const std::string count_approved = absl::StrCat(
      "SELECT count(*) FROM service_items WHERE state <> 'DRAFT' AND site_id "
      "= ",
      testing::ShortId(site));
  v1::AdoptDefaultCatalogueRequest adopt;
  adopt.set_parent(site);
  v1::Announcement announcement;
  EXPECT_THAT(
      catalog_->AdoptDefaultCatalogue(Ctx(supervisor.token).get(), adopt,
                                      &announcement),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("SUPERVISOR")));
  adopt.add_item_codes("YELLOW_PAGES");
  adopt.add_item_codes("NO_SUCH_ITEM");
  EXPECT_THAT(catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt,
                                              &announcement),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("item_codes[1]: NO_SUCH_ITEM")));
  EXPECT_EQ(QueryValue(db_->url(), count_approved), "0");
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM announcements"), "1")
      << "only the fixture site's";

  // Everything but the conditional shuttle bus, in one call.
  adopt.clear_item_codes();
  adopt.set_request_id("adopt-maple");
  ASSERT_THAT(catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt,
                                              &announcement),
              IsOk());
  EXPECT_EQ(announcement.state(), v1::ANNOUNCEMENT_STATE_DRAFT);
  EXPECT_EQ(announcement.items_size(), 45);
  EXPECT_FALSE(announcement.title().zh().empty());
  EXPECT_FALSE(announcement.title().en().empty());
  v1::Announcement again;
  ASSERT_THAT(
      catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt, &again),
      IsOk());
  EXPECT_EQ(again.name(), announcement.name()) << "the request_id's replay";
  EXPECT_EQ(QueryValue(db_->url(), count_approved), "45");
  EXPECT_TRUE(AllItems(site, resident.token).empty())
      << "approved, not yet announced";
  adopt.set_request_id("");
  EXPECT_THAT(
      catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt, &again),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("already adopted")));

  v1::PublishAnnouncementRequest publish;
  publish.set_name(announcement.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_ENTRANCE_POSTER);
  ASSERT_THAT(catalog_->PublishAnnouncement(Ctx(manager.token).get(), publish,
                                            &announcement),
              IsOk());
  items = AllItems(site, resident.token);
  ASSERT_EQ(items.size(), 45u);
  for (const auto& item : items) {
    EXPECT_EQ(item.state(), v1::ITEM_STATE_PUBLISHED);
    EXPECT_EQ(item.approved_by(), manager.name);
    EXPECT_NE(item.code(), "CITY_SHUTTLE");
  }
  v1::RenderAnnouncementRequest render;
  render.set_name(announcement.name());
  v1::RenderedAnnouncement rendered;
  ASSERT_THAT(catalog_->RenderAnnouncement(Ctx(resident.token).get(), render,
                                           &rendered),
              IsOk());
  EXPECT_THAT(rendered.text().zh(), HasSubstr("代繳水電費"));
  EXPECT_THAT(rendered.text().en(), HasSubstr("case by case"));

  // The shuttle is adopted only when the manager chooses it.
  adopt.add_item_codes("CITY_SHUTTLE");
  ASSERT_THAT(
      catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt, &again),
      IsOk());
  ASSERT_EQ(again.items_size(), 1);
  EXPECT_THAT(
      catalog_->AdoptDefaultCatalogue(Ctx(manager.token).get(), adopt, &again),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("CITY_SHUTTLE is APPROVED")));

  // A hotel starts with its own list, the guest services (issue 22), in
  // DRAFT for its manager to adopt (guest_requests_test.cc).
  v1::Site hotel = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
  EXPECT_EQ(QueryValue(db_->url(),
                       absl::StrCat("SELECT count(*) FROM service_items "
                                    "WHERE state = 'DRAFT' AND site_id = ",
                                    testing::ShortId(hotel.name()))),
            "18");
  testing::Actor hotel_manager = CreateStaff(hotel.name(), v1::ROLE_MANAGER);
  v1::ListServiceItemsRequest request;
  request.set_parent(hotel.name());
  request.set_text("TOWELS");
  v1::ListServiceItemsResponse response;
  ASSERT_THAT(catalog_->ListServiceItems(Ctx(hotel_manager.token).get(),
                                         request, &response),
              IsOk());
  ASSERT_EQ(response.items_size(), 1);
  EXPECT_EQ(response.items(0).code(), "EXTRA_TOWELS");
}

TEST_F(CatalogTest, OnlyAManagerApprovesAndResidentsSeeOnlyPublishedItems) {
  v1::ServiceItem draft = Draft("TAP_REPAIR", v1::FEE_KIND_FREE);
  EXPECT_EQ(draft.state(), v1::ITEM_STATE_DRAFT);
  EXPECT_TRUE(draft.has_response_target());  // default targets applied

  v1::ApproveServiceItemRequest approve;
  approve.set_name(draft.name());
  v1::ServiceItem out;
  EXPECT_THAT(
      catalog_->ApproveServiceItem(Ctx(supervisor_.token).get(), approve, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("SUPERVISOR")));
  EXPECT_EQ(Get(manager_.token, draft.name()).state(), v1::ITEM_STATE_DRAFT);

  grpc::Status status;
  Get(resident_.token, draft.name(), &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                               HasSubstr("published")));
  v1::ListServiceItemsRequest drafts;
  drafts.set_parent(site_.name());
  drafts.set_state(v1::ITEM_STATE_DRAFT);
  v1::ListServiceItemsResponse listed;
  EXPECT_THAT(
      catalog_->ListServiceItems(Ctx(resident_.token).get(), drafts, &listed),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("published")));
  ASSERT_THAT(
      catalog_->ListServiceItems(Ctx(manager_.token).get(), drafts, &listed),
      IsOk());
  ASSERT_EQ(listed.items_size(), 2) << "the new draft and CITY_SHUTTLE";
  EXPECT_EQ(listed.items(0).code(), "CITY_SHUTTLE") << "not adopted";
  EXPECT_EQ(listed.items(1).name(), draft.name());

  v1::ServiceItem approved = Approve(draft.name());
  EXPECT_EQ(approved.state(), v1::ITEM_STATE_APPROVED);
  EXPECT_EQ(approved.approved_by(), manager_.name);
  v1::Announcement announcement;
  ASSERT_THAT(Announce({draft.name()}, {}, &announcement), IsOk());
  EXPECT_EQ(Get(resident_.token, draft.name()).state(),
            v1::ITEM_STATE_PUBLISHED);

  // Another site's staff see nothing of this one.
  v1::Site other = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Other");
  testing::Actor other_manager = CreateStaff(other.name(), v1::ROLE_MANAGER);
  Get(other_manager.token, draft.name(), &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::PERMISSION_DENIED,
                               HasSubstr(site_.name())));
}

TEST_F(CatalogTest, APriceCountsOnlyOnceApprovedAndAnnouncedBeforeItsTime) {
  v1::ServiceItem item =
      Approve(Draft("TAP_REPAIR", v1::FEE_KIND_FIXED).name());
  // A FIXED item without a price cannot be announced.
  v1::Announcement announcement;
  EXPECT_THAT(
      Announce({item.name()}, {}, &announcement),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("no price")));

  v1::ServicePrice price = Propose(item.name(), 5000, absl::Hours(24));
  EXPECT_EQ(price.state(), v1::PRICE_STATE_PROPOSED);
  EXPECT_FALSE(Get(manager_.token, item.name()).has_next_price());
  // Proposed prices cannot be announced.
  EXPECT_THAT(
      Announce({item.name()}, {price.name()}, &announcement),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("PROPOSED")));
  ApprovePrice(price.name());
  EXPECT_FALSE(Get(manager_.token, item.name()).has_next_price())
      << "approved but not announced";
  ASSERT_THAT(Announce({item.name()}, {price.name()}, &announcement), IsOk());
  v1::ServiceItem seen = Get(resident_.token, item.name());
  EXPECT_FALSE(seen.has_current_price());
  EXPECT_EQ(seen.next_price().minor_units(), 5000);

  clock_.Advance(absl::Hours(25));
  seen = Get(resident_.token, item.name());
  EXPECT_EQ(seen.current_price().minor_units(), 5000);
  EXPECT_FALSE(seen.has_next_price());

  // A price whose time passes before it is announced never takes effect.
  v1::ServicePrice late = Propose(item.name(), 6000, absl::Hours(1));
  ApprovePrice(late.name());
  clock_.Advance(absl::Hours(2));
  EXPECT_THAT(Announce({}, {late.name()}, &announcement),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("effective time has passed")));
  EXPECT_EQ(Get(resident_.token, item.name()).current_price().minor_units(),
            5000);

  v1::ListServicePricesRequest history;
  history.set_parent(item.name());
  v1::ListServicePricesResponse prices;
  ASSERT_THAT(
      catalog_->ListServicePrices(Ctx(manager_.token).get(), history, &prices),
      IsOk());
  ASSERT_EQ(prices.prices_size(), 2);
  EXPECT_EQ(prices.prices(0).name(), late.name());  // newest first
  EXPECT_FALSE(prices.prices(0).in_force());
  EXPECT_TRUE(prices.prices(1).in_force());
}

TEST_F(CatalogTest, BadInputNamesTheFieldAndChangesNothing) {
  v1::ServiceItem fixed =
      Approve(Draft("TAP_REPAIR", v1::FEE_KIND_FIXED).name());
  v1::ServiceItem free_item = Draft("FREE_THING", v1::FEE_KIND_FREE);
  const std::string before_prices =
      QueryValue(db_->url(), "SELECT count(*) FROM service_prices");
  const std::string before_items =
      QueryValue(db_->url(), "SELECT count(*) FROM service_items");

  v1::CreateServiceItemRequest create;
  create.set_parent(site_.name());
  create.mutable_item()->set_code("NEW_ONE");
  create.mutable_item()->mutable_title()->set_zh("x");
  create.mutable_item()->mutable_title()->set_en("x");
  create.mutable_item()->set_category(v1::ItemCategory(99));
  create.mutable_item()->set_fee_kind(v1::FEE_KIND_FREE);
  create.mutable_item()->set_fulfilment(v1::FULFILMENT_SCHEDULED);
  create.mutable_item()->set_department(
      DepartmentNamed(site_.name(), "CLEANING"));
  v1::ServiceItem out;
  EXPECT_THAT(
      catalog_->CreateServiceItem(Ctx(manager_.token).get(), create, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("item.category")));
  create.mutable_item()->set_category(v1::ITEM_CATEGORY_OTHER);
  create.mutable_item()->set_fee_kind(v1::FEE_KIND_UNSPECIFIED);
  EXPECT_THAT(
      catalog_->CreateServiceItem(Ctx(manager_.token).get(), create, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("item.fee_kind")));
  create.mutable_item()->set_fee_kind(v1::FEE_KIND_FREE);
  create.mutable_item()->set_code("TAP_REPAIR");
  EXPECT_THAT(
      catalog_->CreateServiceItem(Ctx(manager_.token).get(), create, &out),
      StatusIs(grpc::StatusCode::ALREADY_EXISTS, HasSubstr("item.code")));

  auto propose = [&](const std::string& item, int64_t minor,
                     absl::Duration from_now) {
    v1::SetServicePriceRequest request;
    request.set_parent(item);
    request.mutable_price()->mutable_amount()->set_minor_units(minor);
    *request.mutable_price()->mutable_effective_time() =
        ToTimestamp(clock_.Now() + from_now);
    v1::ServicePrice price;
    return catalog_->SetServicePrice(Ctx(manager_.token).get(), request,
                                     &price);
  };
  EXPECT_THAT(propose(fixed.name(), -100, absl::Hours(1)),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("price.amount.minor_units")));
  EXPECT_THAT(
      propose(fixed.name(), 0, absl::Hours(1)),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("positive")));
  EXPECT_THAT(
      propose(fixed.name(), 100'000'000'000, absl::Hours(1)),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("price.amount")));
  EXPECT_THAT(propose(fixed.name(), 5000, -absl::Hours(1)),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("price.effective_time")));
  EXPECT_THAT(
      propose(free_item.name(), 5000, absl::Hours(1)),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("FREE")));

  v1::UpdateServiceItemRequest update;
  *update.mutable_item() = fixed;
  update.mutable_item()->mutable_title()->set_en("Tap repair, any tap");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_THAT(
      catalog_->UpdateServiceItem(Ctx(manager_.token).get(), update, &out),
      IsOk());
  update.mutable_item()->mutable_title()->set_en("Stale write");
  EXPECT_THAT(
      catalog_->UpdateServiceItem(Ctx(manager_.token).get(), update, &out),
      StatusIs(grpc::StatusCode::ABORTED, HasSubstr("item.etag")));
  *update.mutable_item() = Get(manager_.token, fixed.name());
  update.mutable_update_mask()->set_paths(0, "fee_kind");
  update.mutable_item()->set_fee_kind(v1::FEE_KIND_FREE);
  EXPECT_THAT(
      catalog_->UpdateServiceItem(Ctx(manager_.token).get(), update, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("item.fee_kind")));

  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_prices"),
            before_prices);
  EXPECT_EQ(QueryValue(db_->url(), "SELECT count(*) FROM service_items"),
            before_items);
  EXPECT_EQ(Get(manager_.token, fixed.name()).title().en(),
            "Tap repair, any tap");
  EXPECT_EQ(Get(manager_.token, fixed.name()).fee_kind(), v1::FEE_KIND_FIXED);
}

TEST_F(CatalogTest, TheRenderedNoticeCarriesEveryItemAndPrice) {
  v1::ServiceItem tap = Approve(Draft("TAP_REPAIR", v1::FEE_KIND_FIXED).name());
  v1::ServiceItem chat =
      Approve(Draft("FRIENDLY_CHAT", v1::FEE_KIND_FREE).name());
  v1::ServicePrice price =
      ApprovePrice(Propose(tap.name(), 5000, absl::Hours(24)).name());
  v1::Announcement announcement;
  ASSERT_THAT(
      Announce({tap.name(), chat.name()}, {price.name()}, &announcement),
      IsOk());
  EXPECT_EQ(announcement.state(), v1::ANNOUNCEMENT_STATE_PUBLISHED);
  EXPECT_EQ(announcement.channels_size(), 2);

  v1::RenderAnnouncementRequest render;
  render.set_name(announcement.name());
  render.set_channel(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
  v1::RenderedAnnouncement text;
  ASSERT_THAT(
      catalog_->RenderAnnouncement(Ctx(resident_.token).get(), render, &text),
      IsOk());
  EXPECT_THAT(text.text().en(), HasSubstr("Dear residents"));
  EXPECT_THAT(text.text().en(),
              HasSubstr("Tap repair (paid: CNY 50.00, from 2026-03-03)"));
  EXPECT_THAT(text.text().en(), HasSubstr("(free value-added service)"));
  EXPECT_THAT(text.text().zh(), HasSubstr("人民幣50.00元"));
  EXPECT_THAT(text.text().zh(), HasSubstr("無償增值服務"));

  // Residents list published announcements only.
  v1::CreateAnnouncementRequest draft;
  draft.set_parent(site_.name());
  draft.mutable_announcement()->mutable_title()->set_zh("草稿");
  draft.mutable_announcement()->mutable_title()->set_en("Draft");
  v1::Announcement unpublished;
  ASSERT_THAT(catalog_->CreateAnnouncement(Ctx(manager_.token).get(), draft,
                                           &unpublished),
              IsOk());
  v1::ListAnnouncementsRequest list;
  list.set_parent(site_.name());
  v1::ListAnnouncementsResponse listed;
  ASSERT_THAT(
      catalog_->ListAnnouncements(Ctx(resident_.token).get(), list, &listed),
      IsOk());
  ASSERT_EQ(listed.announcements_size(), 2) << "this one and the adoption's";
  EXPECT_TRUE(listed.announcements(0).name() == announcement.name() ||
              listed.announcements(1).name() == announcement.name());
  EXPECT_NE(listed.announcements(0).name(), unpublished.name());
  EXPECT_NE(listed.announcements(1).name(), unpublished.name());
  render.set_name(unpublished.name());
  EXPECT_THAT(
      catalog_->RenderAnnouncement(Ctx(resident_.token).get(), render, &text),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("published")));
  v1::PublishAnnouncementRequest again;
  again.set_name(announcement.name());
  again.add_channels(v1::ANNOUNCEMENT_CHANNEL_APP);
  EXPECT_THAT(catalog_->PublishAnnouncement(Ctx(manager_.token).get(), again,
                                            &announcement),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("already PUBLISHED")));
}

TEST_F(CatalogTest, LookupsSearchBothLanguagesAndAreCounted) {
  auto add = [&](const std::string& code, const std::string& zh,
                 const std::string& en) {
    v1::CreateProviderRequest request;
    request.set_parent(site_.name());
    v1::ListServiceItemsRequest find;
    find.set_parent(site_.name());
    find.set_text(code);
    v1::ListServiceItemsResponse found;
    EXPECT_THAT(
        catalog_->ListServiceItems(Ctx(reception_.token).get(), find, &found),
        IsOk());
    request.mutable_provider()->set_item(found.items(0).name());
    request.mutable_provider()->mutable_display_name()->set_zh(zh);
    request.mutable_provider()->mutable_display_name()->set_en(en);
    request.mutable_provider()->set_phone("021-5555-0120");
    v1::Provider provider;
    EXPECT_THAT(catalog_->CreateProvider(Ctx(reception_.token).get(), request,
                                         &provider),
                IsOk());
    return provider;
  };
  add("HOSPITALS_INFO", "市第一人民醫院", "First People's Hospital");
  add("HOSPITALS_INFO", "兒童醫院", "Children's Hospital");
  add("MOVERS_INFO", "順達搬家", "Shunda Movers");

  auto search = [&](const std::string& item, const std::string& text) {
    v1::SearchProvidersRequest request;
    request.set_parent(site_.name());
    request.set_item(item);
    request.set_text(text);
    v1::SearchProvidersResponse response;
    EXPECT_THAT(catalog_->SearchProviders(Ctx(resident_.token).get(), request,
                                          &response),
                IsOk());
    return response;
  };
  EXPECT_EQ(search("", "醫院").providers_size(), 2);
  EXPECT_EQ(search("", "hospital").providers_size(), 2);
  EXPECT_EQ(search("", "HOSPITAL").providers_size(), 2);
  EXPECT_EQ(search("MOVERS_INFO", "").providers_size(), 1);
  EXPECT_EQ(search("", "搬家").providers(0).display_name().en(),
            "Shunda Movers");
  EXPECT_EQ(search("", "100%_").providers_size(), 0);  // wildcards are literal
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM lookups l JOIN service_items i "
                       "ON i.id = l.item_id WHERE i.code = 'HOSPITALS_INFO'"),
            "3");

  v1::CreateProviderRequest bad;
  bad.set_parent(site_.name());
  bad.mutable_provider()->set_item(absl::StrCat(site_.name(), "/items/1"));
  v1::Provider out;
  EXPECT_THAT(catalog_->CreateProvider(Ctx(reception_.token).get(), bad, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("provider.display_name")));
  EXPECT_THAT(
      catalog_->CreateProvider(Ctx(resident_.token).get(), bad, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("RESIDENT")));
}

}  // namespace
}  // namespace concierge
