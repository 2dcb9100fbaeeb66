// FrontDeskService against a real database: parcels, custody, lending,
// messages, community events with their waitlist, announcements carrying
// events, the household history, privacy, races and bad input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/frontdesk.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::concierge::testing::StoredActor;
using ::testing::HasSubstr;

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class FrontDeskTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    desk_ = v1::FrontDeskService::NewStub(channel());
    catalog_ = v1::CatalogService::NewStub(channel());
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony").name();
    manager_ = CreateStaff(site_, v1::ROLE_MANAGER);
    AdoptDefaultCatalogue(site_, manager_.token);
    reception_ = CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION");
    reception2_ = CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION");
    plumber_ = CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE");
    liu_ = CreateResident(site_, "Liu");
    zhou_ = CreateResident(site_, "Zhou");
  }

  std::string Count(const std::string& table) {
    return QueryValue(db_->url(), absl::StrCat("SELECT count(*) FROM ", table));
  }

  std::string Item(const std::string& code) {
    v1::ListServiceItemsRequest request;
    request.set_parent(site_);
    request.set_text(code);
    v1::ListServiceItemsResponse response;
    EXPECT_THAT(catalog_->ListServiceItems(Ctx(manager_.token).get(), request,
                                           &response),
                IsOk());
    for (const auto& item : response.items()) {
      if (item.code() == code) return item.name();
    }
    ADD_FAILURE() << "no item " << code;
    return "";
  }

  grpc::Status LogParcel(const std::string& household,
                         const std::string& tracking, v1::Parcel* out,
                         const std::string& request_id = "") {
    v1::LogParcelRequest request;
    request.set_parent(site_);
    request.set_request_id(request_id);
    v1::Parcel* p = request.mutable_parcel();
    p->set_household(household);
    p->set_kind(v1::PARCEL_KIND_PARCEL);
    p->set_carrier("SF Express");
    p->set_tracking_number(tracking);
    p->set_shelf("A2");
    return desk_->LogParcel(Ctx(reception_.token).get(), request, out);
  }

  grpc::Status Pickup(const testing::Actor& who, const std::string& parcel,
                      v1::Parcel* out) {
    v1::RecordPickupRequest request;
    request.set_name(parcel);
    request.set_collected_by("Ms Liu");
    request.set_signature_name("Liu");
    return desk_->RecordPickup(Ctx(who.token).get(), request, out);
  }

  std::vector<v1::Parcel> MyParcels(const testing::Actor& resident) {
    v1::ListMyParcelsRequest request;
    request.set_parent(site_);
    v1::ListParcelsResponse response;
    EXPECT_THAT(
        desk_->ListMyParcels(Ctx(resident.token).get(), request, &response),
        IsOk());
    return {response.parcels().begin(), response.parcels().end()};
  }

  v1::CustodyRecord Deposit(const std::string& household,
                            const std::string& receipt,
                            grpc::Status* status = nullptr) {
    v1::DepositValuablesRequest request;
    request.set_parent(site_);
    request.mutable_record()->set_household(household);
    request.mutable_record()->set_description("A jade bracelet in a red box");
    request.mutable_record()->set_receipt_number(receipt);
    request.mutable_record()->set_deposited_by("Ms Liu");
    v1::CustodyRecord out;
    grpc::Status s =
        desk_->DepositValuables(Ctx(reception_.token).get(), request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  grpc::Status ReturnValuables(const std::string& record,
                               const std::string& household,
                               v1::CustodyRecord* out) {
    v1::ReturnValuablesRequest request;
    request.set_name(record);
    request.set_household(household);
    request.set_collected_by("Ms Liu");
    return desk_->ReturnValuables(Ctx(reception2_.token).get(), request, out);
  }

  v1::LendableItem Lendable(int count, const std::string& item = "") {
    v1::CreateLendableItemRequest request;
    request.set_parent(site_);
    request.mutable_lendable()->mutable_display_name()->set_zh("雨傘");
    request.mutable_lendable()->mutable_display_name()->set_en("Umbrella");
    request.mutable_lendable()->set_total_count(count);
    request.mutable_lendable()->set_item(item);
    v1::LendableItem out;
    EXPECT_THAT(
        desk_->CreateLendableItem(Ctx(reception_.token).get(), request, &out),
        IsOk());
    return out;
  }

  grpc::Status Lend(const std::string& lendable, const std::string& household,
                    absl::Duration for_how_long, v1::Loan* out,
                    const std::string& token = "") {
    v1::LendItemRequest request;
    request.set_parent(site_);
    request.mutable_loan()->set_lendable(lendable);
    request.mutable_loan()->set_household(household);
    request.mutable_loan()->set_borrower("Ms Liu");
    *request.mutable_loan()->mutable_due_time() =
        Ts(clock_.Now() + for_how_long);
    return desk_->LendItem(Ctx(token.empty() ? reception_.token : token).get(),
                           request, out);
  }

  std::vector<v1::LendableItem> Lendables(const std::string& token) {
    v1::ListLendableItemsRequest request;
    request.set_parent(site_);
    v1::ListLendableItemsResponse response;
    EXPECT_THAT(desk_->ListLendableItems(Ctx(token).get(), request, &response),
                IsOk());
    return {response.lendables().begin(), response.lendables().end()};
  }

  std::vector<v1::Loan> Loans(const std::string& token, bool overdue_only,
                              grpc::Status* status = nullptr,
                              const std::string& household = "") {
    v1::ListLoansRequest request;
    request.set_parent(site_);
    request.set_overdue_only(overdue_only);
    request.set_household(household);
    v1::ListLoansResponse response;
    grpc::Status s = desk_->ListLoans(Ctx(token).get(), request, &response);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return {response.loans().begin(), response.loans().end()};
  }

  v1::CommunityEvent CreateEvent(const std::string& item, int capacity,
                                 grpc::Status* status = nullptr) {
    v1::CreateEventRequest request;
    request.set_parent(site_);
    v1::CommunityEvent* e = request.mutable_event();
    e->set_item(item);
    *e->mutable_start_time() = Ts(clock_.Now() + absl::Hours(24 * 10));
    *e->mutable_end_time() = Ts(clock_.Now() + absl::Hours(24 * 10 + 7));
    *e->mutable_registration_deadline() =
        Ts(clock_.Now() + absl::Hours(24 * 8));
    e->mutable_place()->set_zh("會所大堂");
    e->mutable_place()->set_en("Clubhouse lobby");
    e->set_capacity(capacity);
    v1::CommunityEvent out;
    grpc::Status s =
        desk_->CreateEvent(Ctx(reception_.token).get(), request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  grpc::Status Register(const testing::Actor& resident,
                        const std::string& event, int people,
                        v1::EventRegistration* out,
                        const std::string& details = "a wobbly chair") {
    v1::RegisterForEventRequest request;
    request.set_parent(event);
    request.mutable_registration()->set_party_size(people);
    request.mutable_registration()->set_details(details);
    return desk_->RegisterForEvent(Ctx(resident.token).get(), request, out);
  }

  grpc::Status Cancel(const std::string& token, const std::string& registration,
                      v1::EventRegistration* out) {
    v1::CancelRegistrationRequest request;
    request.set_name(registration);
    return desk_->CancelRegistration(Ctx(token).get(), request, out);
  }

  v1::CommunityEvent GetEvent(const std::string& token,
                              const std::string& name) {
    v1::ListEventsRequest request;
    request.set_parent(site_);
    request.set_include_past(true);
    v1::ListEventsResponse response;
    EXPECT_THAT(desk_->ListEvents(Ctx(token).get(), request, &response),
                IsOk());
    for (const auto& e : response.events()) {
      if (e.name() == name) return e;
    }
    ADD_FAILURE() << "no event " << name;
    return {};
  }

  std::vector<v1::HouseholdHistoryEntry> History(
      const std::string& token, const std::string& household,
      grpc::Status* status = nullptr) {
    v1::ListHouseholdHistoryRequest request;
    request.set_parent(household);
    v1::ListHouseholdHistoryResponse response;
    grpc::Status s =
        desk_->ListHouseholdHistory(Ctx(token).get(), request, &response);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return {response.entries().begin(), response.entries().end()};
  }

  std::unique_ptr<v1::FrontDeskService::Stub> desk_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::string site_;
  testing::Actor manager_, reception_, reception2_, plumber_, liu_, zhou_;
};

// --- parcels
// ---------------------------------------------------------------------------

TEST_F(FrontDeskTest, AParcelIsSeenAtOnceAndCollectedOnce) {
  v1::Parcel parcel;
  ASSERT_THAT(LogParcel(liu_.household, "SF100", &parcel), IsOk());
  EXPECT_EQ(parcel.state(), v1::PARCEL_STATE_WAITING);
  EXPECT_EQ(parcel.logged_by(), reception_.name);

  const auto mine = MyParcels(liu_);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].name(), parcel.name());
  EXPECT_TRUE(MyParcels(zhou_).empty());

  v1::Parcel collected;
  ASSERT_THAT(Pickup(reception2_, parcel.name(), &collected), IsOk());
  EXPECT_EQ(collected.state(), v1::PARCEL_STATE_COLLECTED);
  EXPECT_EQ(collected.collected_by(), "Ms Liu");
  EXPECT_EQ(collected.signature_name(), "Liu");
  EXPECT_EQ(collected.handed_over_by(), reception2_.name);

  v1::Parcel again;
  EXPECT_THAT(
      Pickup(reception_, parcel.name(), &again),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("COLLECTED")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT handed_over_by FROM parcels"),
            StoredActor(reception2_.name));

  // The household's history: newest first, each line attributed.
  const auto history = History(liu_.token, liu_.household);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action(), v1::FRONT_DESK_ACTION_PARCEL_COLLECTED);
  EXPECT_EQ(history[0].actor(), reception2_.name);
  EXPECT_THAT(history[0].summary().en(), HasSubstr("collected by Ms Liu"));
  EXPECT_EQ(history[1].action(), v1::FRONT_DESK_ACTION_PARCEL_LOGGED);
  EXPECT_EQ(history[1].actor(), reception_.name);
  EXPECT_EQ(history[1].subject(), parcel.name());
}

TEST_F(FrontDeskTest, TwoDesksRecordingThePickupAtOnceOneWins) {
  v1::Parcel parcel;
  ASSERT_THAT(LogParcel(liu_.household, "SF200", &parcel), IsOk());
  grpc::Status a, b;
  v1::Parcel out_a, out_b;
  std::thread first([&] { a = Pickup(reception_, parcel.name(), &out_a); });
  std::thread second([&] { b = Pickup(reception2_, parcel.name(), &out_b); });
  first.join();
  second.join();
  EXPECT_NE(a.ok(), b.ok()) << a.error_message() << " / " << b.error_message();
  EXPECT_THAT(a.ok() ? b : a, StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                                       HasSubstr("COLLECTED")));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM front_desk_history "
                       "WHERE action = 'PARCEL_COLLECTED'"),
            "1");
}

TEST_F(FrontDeskTest, UncollectedParcelsPastNDaysAreListedForReminders) {
  v1::Parcel old1, old2, fresh;
  ASSERT_THAT(LogParcel(liu_.household, "OLD1", &old1), IsOk());
  ASSERT_THAT(LogParcel(zhou_.household, "OLD2", &old2), IsOk());
  v1::Parcel done;
  ASSERT_THAT(LogParcel(liu_.household, "OLD3", &done), IsOk());
  ASSERT_THAT(Pickup(reception_, done.name(), &done), IsOk());
  clock_.Advance(absl::Hours(24 * 4));
  ASSERT_THAT(LogParcel(liu_.household, "NEW1", &fresh), IsOk());

  v1::ListParcelsRequest request;
  request.set_parent(site_);
  request.set_state(v1::PARCEL_STATE_WAITING);
  request.set_older_than_days(3);
  request.set_page_size(1);
  std::vector<std::string> seen;
  for (;;) {
    v1::ListParcelsResponse page;
    ASSERT_THAT(desk_->ListParcels(Ctx(reception_.token).get(), request, &page),
                IsOk());
    for (const auto& p : page.parcels()) seen.push_back(p.tracking_number());
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"OLD2", "OLD1"}));

  request.clear_page_token();
  request.set_page_size(0);
  request.set_older_than_days(0);
  request.set_household(liu_.household);
  v1::ListParcelsResponse liu;
  ASSERT_THAT(desk_->ListParcels(Ctx(reception_.token).get(), request, &liu),
              IsOk());
  ASSERT_EQ(liu.parcels_size(), 2);
  EXPECT_EQ(liu.parcels(0).tracking_number(), "NEW1");
}

TEST_F(FrontDeskTest, BadParcelsAreRefusedNamingTheFieldAndNothingIsStored) {
  const auto other = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Elsewhere");
  const auto stranger = CreateResident(other.name(), "Stranger");
  struct Case {
    std::function<void(v1::Parcel*)> change;
    grpc::StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](v1::Parcel* p) { p->clear_household(); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.household"},
      {[&](v1::Parcel* p) { p->set_household(stranger.household); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.household"},
      {[&](v1::Parcel* p) { p->set_household(site_ + "/households/9999"); },
       grpc::StatusCode::NOT_FOUND, "parcel.household"},
      {[](v1::Parcel* p) { p->set_kind(v1::PARCEL_KIND_UNSPECIFIED); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.kind"},
      {[](v1::Parcel* p) { p->clear_carrier(); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.carrier"},
      {[](v1::Parcel* p) { p->set_tracking_number("SF 1 2"); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.tracking_number"},
      {[](v1::Parcel* p) { p->clear_shelf(); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.shelf"},
      {[](v1::Parcel* p) { p->set_note(std::string(300, 'x')); },
       grpc::StatusCode::INVALID_ARGUMENT, "parcel.note"},
  };
  for (const Case& c : cases) {
    v1::LogParcelRequest request;
    request.set_parent(site_);
    v1::Parcel* p = request.mutable_parcel();
    p->set_household(liu_.household);
    p->set_kind(v1::PARCEL_KIND_REGISTERED_LETTER);
    p->set_carrier("China Post");
    p->set_shelf("B1");
    c.change(p);
    v1::Parcel out;
    EXPECT_THAT(desk_->LogParcel(Ctx(reception_.token).get(), request, &out),
                StatusIs(c.code, HasSubstr(c.field)))
        << c.field;
  }
  EXPECT_EQ(Count("parcels"), "0");
  EXPECT_EQ(Count("front_desk_history"), "0");

  // A tracking number is logged once per carrier.
  v1::Parcel first, second;
  ASSERT_THAT(LogParcel(liu_.household, "SF300", &first), IsOk());
  EXPECT_THAT(
      LogParcel(zhou_.household, "SF300", &second),
      StatusIs(grpc::StatusCode::ALREADY_EXISTS, HasSubstr(first.name())));
  EXPECT_EQ(Count("parcels"), "1");
  EXPECT_EQ(Count("front_desk_history"), "1");

  // Residents do not log parcels; pickups need both names.
  v1::LogParcelRequest by_resident;
  by_resident.set_parent(site_);
  v1::Parcel out;
  EXPECT_THAT(desk_->LogParcel(Ctx(liu_.token).get(), by_resident, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  v1::RecordPickupRequest unsigned_pickup;
  unsigned_pickup.set_name(first.name());
  unsigned_pickup.set_collected_by("Ms Liu");
  EXPECT_THAT(
      desk_->RecordPickup(Ctx(reception_.token).get(), unsigned_pickup, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("signature_name")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT state FROM parcels"), "WAITING");
}

TEST_F(FrontDeskTest, ARetriedLogParcelCreatesOneParcel) {
  v1::Parcel first, second;
  ASSERT_THAT(LogParcel(liu_.household, "SF400", &first, "req-1"), IsOk());
  ASSERT_THAT(LogParcel(liu_.household, "SF400", &second, "req-1"), IsOk());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(Count("parcels"), "1");
  EXPECT_EQ(Count("front_desk_history"), "1");
}

// --- custody
// ---------------------------------------------------------------------------

TEST_F(FrontDeskTest, ValuablesGoBackOnlyToTheDepositingHousehold) {
  const v1::CustodyRecord record = Deposit(liu_.household, "R-0001");
  EXPECT_EQ(record.state(), v1::CUSTODY_STATE_HELD);
  EXPECT_EQ(record.received_by(), reception_.name);

  // The depositing household sees it; another does not.
  v1::ListCustodyRequest list;
  list.set_parent(site_);
  v1::ListCustodyResponse liu_view, zhou_view;
  ASSERT_THAT(desk_->ListCustody(Ctx(liu_.token).get(), list, &liu_view),
              IsOk());
  EXPECT_EQ(liu_view.records_size(), 1);
  ASSERT_THAT(desk_->ListCustody(Ctx(zhou_.token).get(), list, &zhou_view),
              IsOk());
  EXPECT_EQ(zhou_view.records_size(), 0);
  list.set_household(liu_.household);
  EXPECT_THAT(desk_->ListCustody(Ctx(zhou_.token).get(), list, &zhou_view),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));

  // A withdrawal for another household is refused and changes nothing.
  v1::CustodyRecord out;
  EXPECT_THAT(
      ReturnValuables(record.name(), zhou_.household, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("household")));
  v1::ReturnValuablesRequest wrong_receipt;
  wrong_receipt.set_name(record.name());
  wrong_receipt.set_household(liu_.household);
  wrong_receipt.set_collected_by("Ms Liu");
  wrong_receipt.set_receipt_number("R-0002");
  EXPECT_THAT(
      desk_->ReturnValuables(Ctx(reception_.token).get(), wrong_receipt, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED,
               HasSubstr("receipt_number")));
  EXPECT_EQ(QueryValue(db_->url(), "SELECT state FROM custody_records"),
            "HELD");

  ASSERT_THAT(ReturnValuables(record.name(), liu_.household, &out), IsOk());
  EXPECT_EQ(out.state(), v1::CUSTODY_STATE_RETURNED);
  EXPECT_EQ(out.handed_over_by(), reception2_.name);
  EXPECT_EQ(out.collected_by(), "Ms Liu");
  EXPECT_THAT(
      ReturnValuables(record.name(), liu_.household, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("RETURNED")));

  // Receipt numbers are unique in the site.
  grpc::Status duplicate;
  Deposit(zhou_.household, "R-0001", &duplicate);
  EXPECT_THAT(duplicate, StatusIs(grpc::StatusCode::ALREADY_EXISTS,
                                  HasSubstr("record.receipt_number")));
  EXPECT_EQ(Count("custody_records"), "1");

  const auto history = History(reception_.token, liu_.household);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action(), v1::FRONT_DESK_ACTION_VALUABLES_RETURNED);
  EXPECT_EQ(history[1].action(), v1::FRONT_DESK_ACTION_VALUABLES_DEPOSITED);
}

TEST_F(FrontDeskTest, DeskRecordsAreNeverDeletedNorRewritten) {
  const v1::CustodyRecord record = Deposit(liu_.household, "R-0009");
  v1::Parcel parcel;
  ASSERT_THAT(LogParcel(liu_.household, "SF900", &parcel), IsOk());
  // Each statement runs in a function that reports the refusal instead of
  // failing the query.
  auto attempt = [&](const std::string& statement) {
    return QueryValue(
        db_->url(),
        absl::StrCat(
            "CREATE FUNCTION pg_temp.attempt() RETURNS text "
            "LANGUAGE plpgsql AS $$ BEGIN ",
            statement,
            "; RETURN 'done'; EXCEPTION WHEN insufficient_privilege "
            "THEN RETURN 'refused'; END $$; SELECT pg_temp.attempt()"));
  };
  EXPECT_EQ(attempt("DELETE FROM custody_records"), "refused");
  EXPECT_EQ(attempt("UPDATE custody_records SET description = 'swapped'"),
            "refused");
  EXPECT_EQ(attempt("DELETE FROM parcels"), "refused");
  EXPECT_EQ(attempt("DELETE FROM front_desk_history"), "refused");
  EXPECT_EQ(attempt("UPDATE front_desk_history SET actor = 'nobody'"),
            "refused");
  EXPECT_EQ(Count("custody_records"), "1");
  EXPECT_EQ(Count("front_desk_history"), "2");
}

// --- lending
// ---------------------------------------------------------------------------

TEST_F(FrontDeskTest, TheLastUmbrellaIsLentAndItsReturnIsExpected) {
  const v1::LendableItem umbrella = Lendable(1, Item("UMBRELLA_LENDING"));
  EXPECT_EQ(umbrella.available_count(), 1);
  v1::Loan loan;
  ASSERT_THAT(Lend(umbrella.name(), liu_.household, absl::Hours(3), &loan),
              IsOk());
  EXPECT_EQ(loan.state(), v1::LOAN_STATE_OUT);
  EXPECT_EQ(loan.lent_by(), reception_.name);

  const auto after = Lendables(liu_.token);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].available_count(), 0);
  EXPECT_EQ(after[0].next_due_time().seconds(), loan.due_time().seconds());

  // None left: the refusal says when one is due back (12:00 in Shanghai).
  v1::Loan refused;
  EXPECT_THAT(Lend(umbrella.name(), zhou_.household, absl::Hours(2), &refused),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("due back 2026-03-02 12:00")));
  EXPECT_EQ(Count("loans"), "1");

  v1::ReturnItemRequest give_back;
  give_back.set_name(loan.name());
  v1::Loan returned;
  ASSERT_THAT(
      desk_->ReturnItem(Ctx(reception2_.token).get(), give_back, &returned),
      IsOk());
  EXPECT_EQ(returned.state(), v1::LOAN_STATE_RETURNED);
  EXPECT_EQ(returned.received_by(), reception2_.name);
  EXPECT_THAT(
      desk_->ReturnItem(Ctx(reception_.token).get(), give_back, &returned),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("RETURNED")));
  EXPECT_EQ(Lendables(reception_.token)[0].available_count(), 1);
  EXPECT_FALSE(Lendables(reception_.token)[0].has_next_due_time());
}

TEST_F(FrontDeskTest, LendingTheLastUmbrellaFromManyDesksAtOnceOneWins) {
  const v1::LendableItem umbrella = Lendable(1);
  constexpr int kDesks = 6;
  std::vector<grpc::Status> results(kDesks);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kDesks; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      v1::Loan out;
      results[i] = Lend(
          umbrella.name(), i % 2 ? liu_.household : zhou_.household,
          absl::Hours(2), &out, i % 2 ? reception_.token : reception2_.token);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int won = 0;
  for (const grpc::Status& s : results) {
    if (s.ok()) {
      ++won;
    } else {
      EXPECT_THAT(s, StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                              HasSubstr("left to lend")));
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(Count("loans"), "1");
  EXPECT_EQ(
      QueryValue(db_->url(), "SELECT available_count FROM lendable_items"),
      "0");
}

TEST_F(FrontDeskTest, OverdueLoansAreListedAndResidentsSeeTheirOwn) {
  const v1::LendableItem drill = Lendable(3);
  v1::Loan liu_loan, zhou_loan;
  ASSERT_THAT(Lend(drill.name(), liu_.household, absl::Hours(1), &liu_loan),
              IsOk());
  ASSERT_THAT(Lend(drill.name(), zhou_.household, absl::Hours(48), &zhou_loan),
              IsOk());
  EXPECT_TRUE(Loans(reception_.token, true).empty());
  clock_.Advance(absl::Hours(2));
  const auto overdue = Loans(reception_.token, true);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].name(), liu_loan.name());
  EXPECT_TRUE(overdue[0].overdue());

  const auto liu = Loans(liu_.token, false);
  ASSERT_EQ(liu.size(), 1u);
  EXPECT_EQ(liu[0].name(), liu_loan.name());
  grpc::Status status;
  Loans(zhou_.token, false, &status, liu_.household);
  EXPECT_THAT(status,
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(Loans(reception_.token, false).size(), 2u);
}

TEST_F(FrontDeskTest, BadLoansAreRefusedAndNothingIsTaken) {
  const v1::LendableItem umbrella = Lendable(2);
  v1::Loan out;
  EXPECT_THAT(
      Lend(umbrella.name(), liu_.household, -absl::Hours(1), &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("loan.due_time")));
  EXPECT_THAT(
      Lend(site_ + "/lendables/999", liu_.household, absl::Hours(1), &out),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("loan.lendable")));
  EXPECT_THAT(Lend(umbrella.name(), "", absl::Hours(1), &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("loan.household")));
  v1::CreateLendableItemRequest none;
  none.set_parent(site_);
  none.mutable_lendable()->mutable_display_name()->set_zh("梯子");
  none.mutable_lendable()->mutable_display_name()->set_en("Ladder");
  v1::LendableItem item;
  EXPECT_THAT(
      desk_->CreateLendableItem(Ctx(reception_.token).get(), none, &item),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("lendable.total_count")));
  none.mutable_lendable()->set_total_count(1);
  none.mutable_lendable()->set_item(Item("HOSPITALS_INFO"));
  EXPECT_THAT(
      desk_->CreateLendableItem(Ctx(reception_.token).get(), none, &item),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("lendable.item")));
  EXPECT_EQ(Count("loans"), "0");
  EXPECT_EQ(Count("lendable_items"), "1");
  EXPECT_EQ(
      QueryValue(db_->url(), "SELECT available_count FROM lendable_items"),
      "2");
  // Maintenance staff neither lend nor create (supervisors and the desk do).
  EXPECT_THAT(Lend(umbrella.name(), liu_.household, absl::Hours(1), &out,
                   plumber_.token),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
}

// --- messages
// --------------------------------------------------------------------------

TEST_F(FrontDeskTest, AMessageIsReadAndAcknowledgedOnceByItsHousehold) {
  v1::LeaveMessageRequest leave;
  leave.set_parent(site_);
  v1::VisitorMessage* m = leave.mutable_message();
  m->set_household(liu_.household);
  m->set_from_name("Auntie Wang");
  m->set_from_phone("139-0000-2020");
  m->set_text("Will drop by with soup at 7 pm");
  m->set_channel(v1::MESSAGE_CHANNEL_PHONE);
  v1::VisitorMessage message;
  ASSERT_THAT(desk_->LeaveMessage(Ctx(reception_.token).get(), leave, &message),
              IsOk());
  EXPECT_EQ(message.state(), v1::MESSAGE_STATE_UNREAD);
  EXPECT_EQ(message.left_by(), reception_.name);

  v1::ListMyMessagesRequest list;
  list.set_parent(site_);
  list.set_unread_only(true);
  v1::ListMessagesResponse liu_view, zhou_view;
  ASSERT_THAT(desk_->ListMyMessages(Ctx(liu_.token).get(), list, &liu_view),
              IsOk());
  ASSERT_EQ(liu_view.messages_size(), 1);
  EXPECT_EQ(liu_view.messages(0).text(), "Will drop by with soup at 7 pm");
  ASSERT_THAT(desk_->ListMyMessages(Ctx(zhou_.token).get(), list, &zhou_view),
              IsOk());
  EXPECT_EQ(zhou_view.messages_size(), 0);

  v1::AcknowledgeMessageRequest ack;
  ack.set_name(message.name());
  v1::VisitorMessage out;
  EXPECT_THAT(desk_->AcknowledgeMessage(Ctx(zhou_.token).get(), ack, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ack.set_name(site_ + "/messages/999");
  EXPECT_THAT(desk_->AcknowledgeMessage(Ctx(liu_.token).get(), ack, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ack.set_name(message.name());
  ASSERT_THAT(desk_->AcknowledgeMessage(Ctx(liu_.token).get(), ack, &out),
              IsOk());
  EXPECT_EQ(out.state(), v1::MESSAGE_STATE_ACKNOWLEDGED);
  EXPECT_EQ(out.acknowledged_by(), liu_.name);
  EXPECT_THAT(desk_->AcknowledgeMessage(Ctx(liu_.token).get(), ack, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("ACKNOWLEDGED")));
  liu_view.Clear();
  ASSERT_THAT(desk_->ListMyMessages(Ctx(liu_.token).get(), list, &liu_view),
              IsOk());
  EXPECT_EQ(liu_view.messages_size(), 0);

  // Staff cannot acknowledge for the household; bad input is refused.
  EXPECT_THAT(desk_->AcknowledgeMessage(Ctx(reception_.token).get(), ack, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  m->set_channel(v1::MESSAGE_CHANNEL_UNSPECIFIED);
  EXPECT_THAT(desk_->LeaveMessage(Ctx(reception_.token).get(), leave, &message),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("message.channel")));
  m->set_channel(v1::MESSAGE_CHANNEL_IN_PERSON);
  m->clear_text();
  EXPECT_THAT(
      desk_->LeaveMessage(Ctx(reception_.token).get(), leave, &message),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("message.text")));
  EXPECT_EQ(Count("visitor_messages"), "1");

  const auto history = History(liu_.token, liu_.household);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action(), v1::FRONT_DESK_ACTION_MESSAGE_ACKNOWLEDGED);
  EXPECT_EQ(history[0].actor(), liu_.name);
}

// --- events
// ----------------------------------------------------------------------------

TEST_F(FrontDeskTest, AFullEventWaitlistsAndPromotesWhenSomeoneCancels) {
  const auto third = CreateResident(site_, "Wu");
  const v1::CommunityEvent event = CreateEvent(Item("FREE_REPAIR_DAY"), 4);
  EXPECT_EQ(event.item_code(), "FREE_REPAIR_DAY");
  EXPECT_EQ(event.title().en(), "Free repair day");
  EXPECT_TRUE(event.asks_what_to_repair());

  v1::EventRegistration liu, zhou, wu;
  ASSERT_THAT(Register(liu_, event.name(), 3, &liu), IsOk());
  EXPECT_EQ(liu.state(), v1::EVENT_REGISTRATION_STATE_REGISTERED);
  ASSERT_THAT(Register(zhou_, event.name(), 2, &zhou), IsOk());
  EXPECT_EQ(zhou.state(), v1::EVENT_REGISTRATION_STATE_WAITLISTED);
  EXPECT_EQ(zhou.waitlist_position(), 1);
  ASSERT_THAT(Register(third, event.name(), 1, &wu), IsOk());
  EXPECT_EQ(wu.state(), v1::EVENT_REGISTRATION_STATE_REGISTERED);

  // Registering twice is refused.
  v1::EventRegistration again;
  EXPECT_THAT(Register(liu_, event.name(), 1, &again),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS,
                       HasSubstr("already REGISTERED")));

  v1::CommunityEvent seen = GetEvent(zhou_.token, event.name());
  EXPECT_EQ(seen.registered_people(), 4);
  EXPECT_EQ(seen.places_left(), 0);
  EXPECT_EQ(seen.waitlisted_households(), 1);
  EXPECT_EQ(seen.my_registration().state(),
            v1::EVENT_REGISTRATION_STATE_WAITLISTED);

  // Another household cannot cancel Liu's registration.
  v1::EventRegistration cancelled;
  EXPECT_THAT(Cancel(zhou_.token, liu.name(), &cancelled),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  ASSERT_THAT(Cancel(liu_.token, liu.name(), &cancelled), IsOk());
  EXPECT_EQ(cancelled.state(), v1::EVENT_REGISTRATION_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancelled_by(), liu_.name);

  // Zhou got the places in the same transaction.
  seen = GetEvent(zhou_.token, event.name());
  EXPECT_EQ(seen.my_registration().state(),
            v1::EVENT_REGISTRATION_STATE_REGISTERED);
  EXPECT_EQ(seen.registered_people(), 3);
  EXPECT_EQ(seen.waitlisted_households(), 0);
  const auto zhou_history = History(zhou_.token, zhou_.household);
  ASSERT_EQ(zhou_history.size(), 2u);
  EXPECT_EQ(zhou_history[0].action(), v1::FRONT_DESK_ACTION_EVENT_PROMOTED);
  EXPECT_EQ(zhou_history[0].actor(), "system");
  EXPECT_EQ(zhou_history[1].action(), v1::FRONT_DESK_ACTION_EVENT_WAITLISTED);

  // Liu may register again after cancelling (now waitlisted: 3 do not fit).
  ASSERT_THAT(Register(liu_, event.name(), 3, &again), IsOk());
  EXPECT_EQ(again.state(), v1::EVENT_REGISTRATION_STATE_WAITLISTED);

  // Attendance once it has started.
  v1::RecordAttendanceRequest attend;
  attend.set_name(zhou.name());
  attend.set_attended(true);
  v1::EventRegistration attended;
  EXPECT_THAT(
      desk_->RecordAttendance(Ctx(reception_.token).get(), attend, &attended),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("not started")));
  clock_.Advance(absl::Hours(24 * 10 + 1));
  ASSERT_THAT(
      desk_->RecordAttendance(Ctx(reception_.token).get(), attend, &attended),
      IsOk());
  EXPECT_EQ(attended.state(), v1::EVENT_REGISTRATION_STATE_ATTENDED);
  EXPECT_EQ(attended.attended_people(), 2);
  attend.set_name(wu.name());
  attend.set_attended(false);
  ASSERT_THAT(
      desk_->RecordAttendance(Ctx(reception_.token).get(), attend, &attended),
      IsOk());
  EXPECT_EQ(attended.state(), v1::EVENT_REGISTRATION_STATE_NO_SHOW);
  attend.set_name(again.name());
  attend.set_attended(true);
  EXPECT_THAT(
      desk_->RecordAttendance(Ctx(reception_.token).get(), attend, &attended),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("WAITLISTED")));
  // After the start nobody cancels.
  EXPECT_THAT(
      Cancel(liu_.token, again.name(), &cancelled),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("started")));

  // The counts the annual review reads.
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT concat_ws(',', registered_households, "
                       "registered_people, waitlisted_households, "
                       "cancelled_registrations, attended_households, "
                       "attended_people) FROM event_participation"),
            "2,3,1,1,1,2");
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM event_participation p JOIN "
                       "service_items i ON i.id = p.item_id WHERE i.code = "
                       "'FREE_REPAIR_DAY'"),
            "1");
}

TEST_F(FrontDeskTest, RegistrationClosesAtTheDeadlineAndRefusalsStoreNothing) {
  const v1::CommunityEvent event = CreateEvent(Item("FREE_REPAIR_DAY"), 10);
  v1::EventRegistration out;
  EXPECT_THAT(Register(liu_, event.name(), 2, &out, ""),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("registration.details")));
  EXPECT_THAT(Register(liu_, event.name(), 0, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("registration.party_size")));
  EXPECT_THAT(Register(liu_, event.name(), 11, &out),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("registration.party_size")));
  // A resident registers their own household only.
  v1::RegisterForEventRequest for_other;
  for_other.set_parent(event.name());
  for_other.mutable_registration()->set_household(zhou_.household);
  for_other.mutable_registration()->set_party_size(1);
  for_other.mutable_registration()->set_details("lamp");
  EXPECT_THAT(desk_->RegisterForEvent(Ctx(liu_.token).get(), for_other, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  // Reception registers a household that phoned; it must name one.
  ASSERT_THAT(
      desk_->RegisterForEvent(Ctx(reception_.token).get(), for_other, &out),
      IsOk());
  EXPECT_EQ(out.registered_by(), reception_.name);
  for_other.mutable_registration()->clear_household();
  EXPECT_THAT(
      desk_->RegisterForEvent(Ctx(reception_.token).get(), for_other, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("registration.household")));

  clock_.Advance(absl::Hours(24 * 8) + absl::Seconds(1));
  EXPECT_THAT(Register(liu_, event.name(), 2, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("registration closed")));
  EXPECT_EQ(Count("event_registrations"), "1");
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM front_desk_history "
                       "WHERE action LIKE 'EVENT_%'"),
            "1");
  EXPECT_THAT(Register(liu_, site_ + "/events/999", 2, &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("events/999")));
}

TEST_F(FrontDeskTest, TwoHouseholdsTakingTheLastPlacesAtOnceOneWaits) {
  const v1::CommunityEvent event = CreateEvent(Item("SECOND_HAND_MARKET"), 2);
  grpc::Status a, b;
  v1::EventRegistration ra, rb;
  std::thread first([&] { a = Register(liu_, event.name(), 2, &ra, ""); });
  std::thread second([&] { b = Register(zhou_, event.name(), 2, &rb, ""); });
  first.join();
  second.join();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(ra.state(), rb.state());
  EXPECT_EQ(GetEvent(reception_.token, event.name()).registered_people(), 2);
}

TEST_F(FrontDeskTest, EventsBelongToCommunityEventItems) {
  grpc::Status status;
  CreateEvent(Item("HOSPITALS_INFO"), 10, &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                               HasSubstr("event.item")));
  CreateEvent(site_ + "/items/99999", 10, &status);
  EXPECT_THAT(status,
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("items")));
  CreateEvent(Item("MEDICAL_CONSULT_DAY"), 0, &status);
  EXPECT_THAT(status, StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                               HasSubstr("event.capacity")));
  EXPECT_EQ(Count("community_events"), "0");
  // Residents do not create events.
  v1::CreateEventRequest request;
  request.set_parent(site_);
  v1::CommunityEvent out;
  EXPECT_THAT(desk_->CreateEvent(Ctx(liu_.token).get(), request, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
}

TEST_F(FrontDeskTest, AnAnnouncementCarriesTheEventAndHowToRegister) {
  const v1::CommunityEvent event = CreateEvent(Item("FREE_REPAIR_DAY"), 30);
  v1::CreateAnnouncementRequest create;
  create.set_parent(site_);
  create.mutable_announcement()->mutable_title()->set_zh("義務維修日");
  create.mutable_announcement()->mutable_title()->set_en("Free repair day");
  create.mutable_announcement()->add_events(event.name());
  v1::Announcement draft;
  ASSERT_THAT(
      catalog_->CreateAnnouncement(Ctx(reception_.token).get(), create, &draft),
      IsOk());
  ASSERT_EQ(draft.events_size(), 1);
  EXPECT_EQ(draft.events(0), event.name());
  v1::PublishAnnouncementRequest publish;
  publish.set_name(draft.name());
  publish.add_channels(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
  v1::Announcement published;
  ASSERT_THAT(catalog_->PublishAnnouncement(Ctx(manager_.token).get(), publish,
                                            &published),
              IsOk());
  EXPECT_EQ(published.events(0), event.name());

  v1::RenderAnnouncementRequest render;
  render.set_name(draft.name());
  render.set_channel(v1::ANNOUNCEMENT_CHANNEL_MAILBOX);
  v1::RenderedAnnouncement text;
  ASSERT_THAT(
      catalog_->RenderAnnouncement(Ctx(liu_.token).get(), render, &text),
      IsOk());
  // 2026-03-12 09:00 in Shanghai, ten days after the fixture's start.
  EXPECT_THAT(text.text().en(), HasSubstr("Community events:"));
  EXPECT_THAT(text.text().en(),
              HasSubstr("Free repair day: 2026-03-12 09:00–16:00 at Clubhouse "
                        "lobby. 30 places"));
  EXPECT_THAT(text.text().en(), HasSubstr("by 2026-03-10 09:00"));
  EXPECT_THAT(text.text().zh(), HasSubstr("地點：會所大堂"));
  EXPECT_THAT(text.text().zh(), HasSubstr("需要維修的物品"));

  // Events of another site, or none at all, are refused; nothing is stored.
  const auto before = Count("announcements");
  create.mutable_announcement()->clear_events();
  create.mutable_announcement()->add_events("sites/999/events/1");
  v1::Announcement refused;
  EXPECT_THAT(catalog_->CreateAnnouncement(Ctx(reception_.token).get(), create,
                                           &refused),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                       HasSubstr("announcement.events")));
  create.mutable_announcement()->clear_events();
  create.mutable_announcement()->add_events(site_ + "/events/999");
  EXPECT_THAT(
      catalog_->CreateAnnouncement(Ctx(reception_.token).get(), create,
                                   &refused),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("announcement.events")));
  EXPECT_EQ(Count("announcements"), before);
  EXPECT_EQ(Count("announcement_events"), "1");
}

// --- privacy and the site kind
// --------------------------------------------------------

TEST_F(FrontDeskTest, TheStockIsCorrectedWithAReasonButNeverBelowTheLoansOut) {
  const v1::LendableItem umbrellas = Lendable(3);
  v1::Loan first, second;
  ASSERT_THAT(Lend(umbrellas.name(), liu_.household, absl::Hours(3), &first),
              IsOk());
  ASSERT_THAT(Lend(umbrellas.name(), zhou_.household, absl::Hours(3), &second),
              IsOk());

  v1::SetLendableStockRequest request;
  request.set_name(umbrellas.name());
  request.set_total_count(1);
  request.set_reason("two blew away in the typhoon");
  v1::LendableItem out;
  // Two are out: the site cannot own fewer than two now.
  EXPECT_THAT(
      desk_->SetLendableStock(Ctx(reception_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("total_count: 2 are out on loan")));
  request.set_reason("");
  request.set_total_count(5);
  EXPECT_THAT(
      desk_->SetLendableStock(Ctx(reception_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  request.set_reason("bought two more");
  request.set_total_count(0);
  EXPECT_THAT(
      desk_->SetLendableStock(Ctx(reception_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("total_count")));
  EXPECT_THAT(desk_->SetLendableStock(Ctx(liu_.token).get(), request, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT total_count || '/' || available_count || '/' || "
                       "stock_changed_by FROM lendable_items"),
            "3/1/");

  // Bought two more: five owned, three at the desk, the two loans still out.
  request.set_total_count(5);
  ASSERT_THAT(
      desk_->SetLendableStock(Ctx(reception_.token).get(), request, &out),
      IsOk());
  EXPECT_EQ(out.total_count(), 5);
  EXPECT_EQ(out.available_count(), 3);
  EXPECT_EQ(out.stock_changed_by(), reception_.name);
  EXPECT_EQ(out.stock_change_reason(), "bought two more");
  EXPECT_TRUE(out.has_stock_change_time());

  // One lost: down to the two out on loan exactly.
  request.set_total_count(2);
  request.set_reason("three lost");
  ASSERT_THAT(desk_->SetLendableStock(Ctx(manager_.token).get(), request, &out),
              IsOk());
  EXPECT_EQ(out.available_count(), 0);
  v1::ReturnItemRequest give_back;
  give_back.set_name(first.name());
  v1::Loan returned;
  ASSERT_THAT(
      desk_->ReturnItem(Ctx(reception_.token).get(), give_back, &returned),
      IsOk());
  EXPECT_EQ(Lendables(reception_.token)[0].available_count(), 1);
}

TEST_F(FrontDeskTest, ACancelledEventCancelsEveryRegistrationAndSaysWhy) {
  const v1::CommunityEvent event = CreateEvent(Item("FREE_REPAIR_DAY"), 3);
  v1::EventRegistration liu, zhou;
  ASSERT_THAT(Register(liu_, event.name(), 3, &liu), IsOk());
  ASSERT_THAT(Register(zhou_, event.name(), 2, &zhou), IsOk());
  ASSERT_EQ(zhou.state(), v1::EVENT_REGISTRATION_STATE_WAITLISTED);

  v1::CancelEventRequest request;
  request.set_name(event.name());
  v1::CommunityEvent out;
  EXPECT_THAT(
      desk_->CancelEvent(Ctx(reception_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("reason")));
  request.set_reason("the repair team is ill");
  EXPECT_THAT(desk_->CancelEvent(Ctx(liu_.token).get(), request, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT count(*) FROM community_events "
                       "WHERE cancelled_at IS NOT NULL"),
            "0");

  ASSERT_THAT(desk_->CancelEvent(Ctx(reception_.token).get(), request, &out),
              IsOk());
  EXPECT_EQ(out.cancelled_by(), reception_.name);
  EXPECT_EQ(out.cancel_reason(), "the repair team is ill");
  EXPECT_TRUE(out.has_cancel_time());
  EXPECT_EQ(out.registered_households(), 0);
  EXPECT_EQ(out.waitlisted_households(), 0);

  // Both households, registered and waitlisted, see it with the reason.
  for (const testing::Actor* resident : {&liu_, &zhou_}) {
    const v1::CommunityEvent seen = GetEvent(resident->token, event.name());
    EXPECT_EQ(seen.cancel_reason(), "the repair team is ill");
    EXPECT_FALSE(seen.has_my_registration());
    const auto history = History(resident->token, resident->household);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history[0].action(), v1::FRONT_DESK_ACTION_EVENT_CANCELLED);
    EXPECT_EQ(history[0].actor(), reception_.name);
    EXPECT_THAT(history[0].summary().en(),
                HasSubstr("called off: Free repair day"));
    EXPECT_THAT(history[0].summary().en(), HasSubstr("the repair team is ill"));
  }
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT string_agg(state || ':' || cancelled_by, ',' "
                       "ORDER BY id) FROM event_registrations"),
            absl::StrCat("CANCELLED:", StoredActor(reception_.name),
                         ",CANCELLED:", StoredActor(reception_.name)));

  // Nothing more happens to a cancelled event.
  v1::EventRegistration again;
  EXPECT_THAT(Register(liu_, event.name(), 1, &again),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("cancelled: the repair team is ill")));
  EXPECT_THAT(desk_->CancelEvent(Ctx(manager_.token).get(), request, &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("already cancelled")));
  EXPECT_EQ(Count("event_registrations"), "2");
  EXPECT_EQ(QueryValue(db_->url(),
                       "SELECT cancelled_registrations FROM "
                       "event_participation"),
            "2");

  // Once an event has started it cannot be called off.
  const v1::CommunityEvent market = CreateEvent(Item("FREE_REPAIR_DAY"), 5);
  clock_.Advance(absl::Hours(24 * 10 + 1));
  request.set_name(market.name());
  EXPECT_THAT(
      desk_->CancelEvent(Ctx(reception_.token).get(), request, &out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("started")));
  request.set_name(site_ + "/events/999999");
  EXPECT_THAT(desk_->CancelEvent(Ctx(reception_.token).get(), request, &out),
              StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("events")));
}

TEST_F(FrontDeskTest, AResidentSeesOnlyTheirOwnHousehold) {
  v1::Parcel parcel;
  ASSERT_THAT(LogParcel(liu_.household, "SF500", &parcel), IsOk());
  grpc::Status status;
  History(zhou_.token, liu_.household, &status);
  EXPECT_THAT(status,
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  EXPECT_TRUE(History(zhou_.token, zhou_.household).empty());

  v1::ListParcelsRequest staff_list;
  staff_list.set_parent(site_);
  v1::ListParcelsResponse response;
  EXPECT_THAT(desk_->ListParcels(Ctx(liu_.token).get(), staff_list, &response),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  v1::ListMyParcelsRequest mine;
  mine.set_parent(site_);
  EXPECT_THAT(
      desk_->ListMyParcels(Ctx(reception_.token).get(), mine, &response),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));

  // Staff of another site, or of a hotel, see nothing here.
  const auto hotel = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
  const auto hotel_desk = CreateStaff(hotel.name(), v1::ROLE_RECEPTION);
  EXPECT_THAT(
      desk_->ListParcels(Ctx(hotel_desk.token).get(), staff_list, &response),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("")));
  staff_list.set_parent(hotel.name());
  EXPECT_THAT(
      desk_->ListParcels(Ctx(hotel_desk.token).get(), staff_list, &response),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("RESIDENTIAL")));
}

}  // namespace
}  // namespace concierge
