// ArrivalService through real gRPC stubs against a real database:
// reservations entered by the desk and by a partner (idempotent by
// request_id), changed with etags, cancelled and checked in (the stay and
// the reservation in one transaction); the arrivals of a date with what to
// prepare from the hotel's standing rules, masked per role, assigned to the
// room's attendant and counted done before or after arrival. Every refused
// call stores nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "concierge/v1/arrivals.grpc.pb.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/guests.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge {
namespace {

using ::concierge::testing::Actor;
using ::concierge::testing::IsOk;
using ::concierge::testing::QueryValue;
using ::concierge::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The fixture starts 2026-03-02 09:00 in Shanghai.
constexpr char kToday[] = "2026-03-02";
constexpr char kTomorrow[] = "2026-03-03";
constexpr char kDeparture[] = "2026-03-06";

class ArrivalsTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    arrivals_ = v1::ArrivalService::NewStub(channel());
    guests_ = v1::GuestProfileService::NewStub(channel());
    hk_ = v1::HousekeepingService::NewStub(channel());
    hotel_ = CreateSite(v1::SITE_KIND_HOTEL, "Seaview");
    manager_ = CreateStaff(hotel_.name(), v1::ROLE_MANAGER);
    desk_ = CreateStaff(hotel_.name(), v1::ROLE_RECEPTION, "FRONT_DESK");
    attendant_ = CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
    other_attendant_ =
        CreateStaff(hotel_.name(), v1::ROLE_STAFF, "HOUSEKEEPING");
    for (const char* room : {"1205", "1206", "1207"}) CreateRoom(room);
  }

  v1::ArrivalService::Stub& arrivals() { return *arrivals_; }

  std::string Count(const std::string& table, const std::string& where = "") {
    return QueryValue(db_->url(),
                      absl::StrCat("SELECT count(*) FROM ", table,
                                   where.empty() ? "" : " WHERE ", where));
  }

  void CreateRoom(const std::string& number) {
    v1::CreateRoomRequest request;
    request.set_parent(hotel_.name());
    request.mutable_room()->set_number(number);
    request.mutable_room()->set_floor(12);
    request.mutable_room()->set_room_type("KING");
    v1::Room room;
    ASSERT_THAT(hk_->CreateRoom(Ctx(manager_.token).get(), request, &room),
                IsOk());
  }

  void AssignTomorrow(const Actor& attendant, const std::string& room) {
    v1::AssignRoomsRequest request;
    request.set_parent(hotel_.name());
    request.set_attendant(attendant.name);
    request.set_business_date(kTomorrow);
    request.add_room_numbers(room);
    v1::AssignRoomsResponse out;
    ASSERT_THAT(hk_->AssignRooms(Ctx(manager_.token).get(), request, &out),
                IsOk());
  }

  std::string CreateGuest(const std::string& name, int vip = 0,
                          const std::string& phone = "") {
    v1::CreateGuestRequest request;
    request.mutable_guest()->set_latin_name(name);
    request.mutable_guest()->set_vip_level(vip);
    request.mutable_guest()->set_phone(phone);
    v1::Guest guest;
    EXPECT_THAT(guests_->CreateGuest(Ctx(desk_.token).get(), request, &guest),
                IsOk());
    return guest.name();
  }

  void Prefer(const std::string& guest, v1::PreferenceCategory category,
              const std::string& key, const std::string& value) {
    v1::RecordObservationRequest request;
    request.set_guest(guest);
    v1::Preference* p = request.add_preferences();
    p->set_category(category);
    p->set_key(key);
    p->set_value(value);
    p->set_source(v1::PREFERENCE_SOURCE_STATED);
    v1::RecordObservationResponse out;
    ASSERT_THAT(
        guests_->RecordObservation(Ctx(desk_.token).get(), request, &out),
        IsOk());
  }

  // A reservation for `guest` arriving tomorrow for three nights.
  static v1::CreateReservationRequest Booking(const std::string& site,
                                              const std::string& guest,
                                              const std::string& room = "",
                                              int adults = 2, int infants = 0) {
    v1::CreateReservationRequest request;
    request.set_parent(site);
    v1::Reservation* r = request.mutable_reservation();
    r->set_guest(guest);
    r->set_arrival_date(kTomorrow);
    r->set_departure_date(kDeparture);
    r->set_room_type("KING");
    r->set_room_number(room);
    r->mutable_party()->set_adults(adults);
    r->mutable_party()->set_infants(infants);
    r->set_notes("late arrival, about 22:00");
    return request;
  }

  grpc::Status Create(const Actor& who,
                      const v1::CreateReservationRequest& request,
                      v1::Reservation* out) {
    return arrivals().CreateReservation(Ctx(who.token).get(), request, out);
  }

  v1::Reservation MustCreate(const v1::CreateReservationRequest& request) {
    v1::Reservation out;
    EXPECT_THAT(Create(desk_, request, &out), IsOk());
    return out;
  }

  v1::ListArrivalsResponse Arrivals(const Actor& who,
                                    const std::string& date = kTomorrow,
                                    const std::string& attendant = "") {
    v1::ListArrivalsRequest request;
    request.set_parent(hotel_.name());
    request.set_arrival_date(date);
    request.set_attendant(attendant);
    v1::ListArrivalsResponse out;
    EXPECT_THAT(arrivals().ListArrivals(Ctx(who.token).get(), request, &out),
                IsOk());
    return out;
  }

  grpc::Status Mark(const Actor& who, const std::string& name,
                    v1::Preparation* out = nullptr,
                    const std::string& request_id = "") {
    v1::MarkPreparationDoneRequest request;
    request.set_name(name);
    request.set_request_id(request_id);
    v1::Preparation ignored;
    return arrivals().MarkPreparationDone(Ctx(who.token).get(), request,
                                          out ? out : &ignored);
  }

  grpc::Status CheckInFrom(const std::string& reservation, v1::Stay* out,
                           const std::string& room = "",
                           const std::string& guest = "") {
    v1::CheckInRequest request;
    request.set_parent(hotel_.name());
    request.set_reservation(reservation);
    request.mutable_stay()->set_room_number(room);
    request.mutable_stay()->set_guest(guest);
    return guests_->CheckIn(Ctx(desk_.token).get(), request, out);
  }

  std::unique_ptr<v1::ArrivalService::Stub> arrivals_;
  std::unique_ptr<v1::GuestProfileService::Stub> guests_;
  std::unique_ptr<v1::HousekeepingService::Stub> hk_;
  v1::Site hotel_;
  Actor manager_, desk_, attendant_, other_attendant_;
};

// --- reservations ------------------------------------------------------------

TEST_F(ArrivalsTest, TheDeskEntersReadsListsAndChangesAReservation) {
  const std::string guest = CreateGuest("Chen Zhiming", 2);
  const v1::Reservation created =
      MustCreate(Booking(hotel_.name(), guest, "1205"));
  EXPECT_THAT(created.name(),
              HasSubstr(absl::StrCat(hotel_.name(), "/reservations/")));
  EXPECT_EQ(created.guest(), guest);
  EXPECT_EQ(created.arrival_date(), kTomorrow);
  EXPECT_EQ(created.departure_date(), kDeparture);
  EXPECT_EQ(created.state(), v1::RESERVATION_STATE_BOOKED);
  EXPECT_EQ(created.party().adults(), 2);
  EXPECT_EQ(created.created_by(), desk_.name);
  EXPECT_FALSE(created.etag().empty());

  v1::GetReservationRequest get;
  get.set_name(created.name());
  v1::Reservation read;
  ASSERT_THAT(
      arrivals().GetReservation(Ctx(attendant_.token).get(), get, &read),
      IsOk());
  EXPECT_EQ(read.notes(), "late arrival, about 22:00");

  // Another date's reservation is not listed under tomorrow.
  v1::CreateReservationRequest later = Booking(hotel_.name(), guest);
  later.mutable_reservation()->set_arrival_date("2026-03-20");
  later.mutable_reservation()->set_departure_date("2026-03-21");
  MustCreate(later);
  v1::ListReservationsRequest list;
  list.set_parent(hotel_.name());
  list.set_arrival_date(kTomorrow);
  v1::ListReservationsResponse listed;
  ASSERT_THAT(
      arrivals().ListReservations(Ctx(desk_.token).get(), list, &listed),
      IsOk());
  ASSERT_EQ(listed.reservations_size(), 1);
  EXPECT_EQ(listed.reservations(0).name(), created.name());

  // Update with the etag; a stale etag is ABORTED and changes nothing.
  v1::UpdateReservationRequest update;
  *update.mutable_reservation() = created;
  update.mutable_reservation()->mutable_party()->set_infants(1);
  update.mutable_update_mask()->add_paths("party");
  v1::Reservation updated;
  ASSERT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &updated),
      IsOk());
  EXPECT_EQ(updated.party().infants(), 1);
  EXPECT_NE(updated.etag(), created.etag());
  update.mutable_reservation()->mutable_party()->set_infants(2);
  EXPECT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &updated),
      StatusIs(grpc::StatusCode::ABORTED, HasSubstr("etag")));
  EXPECT_EQ(Count("reservations", "infants = 2"), "0");

  // Cancel; a cancelled reservation is neither changed nor cancelled again.
  v1::CancelReservationRequest cancel;
  cancel.set_name(created.name());
  cancel.set_reason("flight cancelled");
  v1::Reservation cancelled;
  ASSERT_THAT(
      arrivals().CancelReservation(Ctx(desk_.token).get(), cancel, &cancelled),
      IsOk());
  EXPECT_EQ(cancelled.state(), v1::RESERVATION_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "flight cancelled");
  EXPECT_THAT(
      arrivals().CancelReservation(Ctx(desk_.token).get(), cancel, &cancelled),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("CANCELLED")));
  *update.mutable_reservation() = cancelled;
  EXPECT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &updated),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
               HasSubstr("reservation.name")));
}

TEST_F(ArrivalsTest, ANewGuestIsRegisteredWithTheReservation) {
  const std::string guests_before = Count("guests");
  v1::CreateReservationRequest request = Booking(hotel_.name(), "");
  request.mutable_new_guest()->set_chinese_name("趙雪");
  request.mutable_new_guest()->set_latin_name("ZHAO Xue");
  request.mutable_new_guest()->set_loyalty_number("SV-900001");
  const v1::Reservation created = MustCreate(request);
  EXPECT_THAT(created.guest(), HasSubstr("guests/"));
  EXPECT_EQ(Count("guests"), std::to_string(std::stoi(guests_before) + 1));
  EXPECT_EQ(Count("guests", "latin_name = 'ZHAO Xue'"), "1");

  // The same loyalty number again: ALREADY_EXISTS, no guest, no
  // reservation.
  const std::string reservations = Count("reservations");
  request.mutable_new_guest()->set_latin_name("ZHAO Xue again");
  v1::Reservation out;
  EXPECT_THAT(Create(desk_, request, &out),
              StatusIs(grpc::StatusCode::ALREADY_EXISTS,
                       HasSubstr("new_guest.loyalty_number")));
  EXPECT_EQ(Count("reservations"), reservations);
  EXPECT_EQ(Count("guests", "latin_name = 'ZHAO Xue again'"), "0");
}

TEST_F(ArrivalsTest, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  const std::string guest = CreateGuest("Valid Guest");
  struct Case {
    std::string what;
    v1::CreateReservationRequest request;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases;
  const auto add = [&](const std::string& what, grpc::StatusCode code,
                       const std::string& field, auto change) {
    Case c{what, Booking(hotel_.name(), guest), code, field};
    change(c.request);
    cases.push_back(std::move(c));
  };
  using Req = v1::CreateReservationRequest;
  const auto kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
  add("no guest", kInvalid, "reservation.guest",
      [](Req& r) { r.mutable_reservation()->clear_guest(); });
  add("guest and new guest", kInvalid, "new_guest",
      [](Req& r) { r.mutable_new_guest()->set_latin_name("X"); });
  add("new guest without a name", kInvalid, "new_guest", [](Req& r) {
    r.mutable_reservation()->clear_guest();
    r.mutable_new_guest()->set_phone("138 0000 0000");
  });
  add("malformed guest", kInvalid, "reservation.guest",
      [](Req& r) { r.mutable_reservation()->set_guest("people/1"); });
  add("unknown guest", grpc::StatusCode::NOT_FOUND, "reservation.guest",
      [](Req& r) { r.mutable_reservation()->set_guest("guests/999999"); });
  add("no arrival date", kInvalid, "reservation.arrival_date",
      [](Req& r) { r.mutable_reservation()->clear_arrival_date(); });
  add("bad arrival date", kInvalid, "reservation.arrival_date",
      [](Req& r) { r.mutable_reservation()->set_arrival_date("2026-02-30"); });
  add("arrival in the past", kInvalid, "reservation.arrival_date",
      [](Req& r) { r.mutable_reservation()->set_arrival_date("2026-02-01"); });
  add("departure before arrival", kInvalid, "reservation.departure_date",
      [](Req& r) { r.mutable_reservation()->set_departure_date(kTomorrow); });
  add("too long a stay", kInvalid, "reservation.departure_date", [](Req& r) {
    r.mutable_reservation()->set_departure_date("2026-12-31");
  });
  add("lower-case room type", kInvalid, "reservation.room_type",
      [](Req& r) { r.mutable_reservation()->set_room_type("king"); });
  add("neither room type nor room", kInvalid, "reservation.room_type",
      [](Req& r) { r.mutable_reservation()->clear_room_type(); });
  add("malformed room", kInvalid, "reservation.room_number",
      [](Req& r) { r.mutable_reservation()->set_room_number("12 05"); });
  add("unknown room", grpc::StatusCode::NOT_FOUND, "reservation.room_number",
      [](Req& r) { r.mutable_reservation()->set_room_number("9999"); });
  add("no adults", kInvalid, "reservation.party",
      [](Req& r) { r.mutable_reservation()->mutable_party()->set_adults(0); });
  add("too many infants", kInvalid, "reservation.party", [](Req& r) {
    r.mutable_reservation()->mutable_party()->set_infants(11);
  });
  add("control characters in notes", kInvalid, "reservation.notes",
      [](Req& r) { r.mutable_reservation()->set_notes("bad\x07"); });
  add("malformed parent", kInvalid, "parent",
      [](Req& r) { r.set_parent("hotels/1"); });
  add("bad request id", kInvalid, "request_id",
      [](Req& r) { r.set_request_id(std::string(200, 'x')); });

  const std::string guests = Count("guests");
  for (const Case& c : cases) {
    v1::Reservation out;
    EXPECT_THAT(Create(desk_, c.request, &out),
                StatusIs(c.code, HasSubstr(c.field)))
        << c.what;
  }
  EXPECT_EQ(Count("reservations"), "0");
  EXPECT_EQ(Count("guests"), guests);
  EXPECT_EQ(Count("idempotency_keys"), "0");

  // Updates: a bad path, a missing etag, a bad date.
  const v1::Reservation created = MustCreate(Booking(hotel_.name(), guest));
  v1::UpdateReservationRequest update;
  *update.mutable_reservation() = created;
  update.mutable_update_mask()->add_paths("guest");
  v1::Reservation out;
  EXPECT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("update_mask")));
  update.mutable_update_mask()->set_paths(0, "departure_date");
  update.mutable_reservation()->set_departure_date("2026-03-01");
  EXPECT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("reservation.departure_date")));
  update.mutable_reservation()->clear_etag();
  EXPECT_THAT(
      arrivals().UpdateReservation(Ctx(desk_.token).get(), update, &out),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT,
               HasSubstr("reservation.etag")));
  EXPECT_EQ(Count("reservations", "version > 1"), "0");
}

TEST_F(ArrivalsTest, AResidentialSiteHasNoReservations) {
  const v1::Site estate = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Estate");
  const Actor reception =
      CreateStaff(estate.name(), v1::ROLE_RECEPTION, "RECEPTION");
  const std::string guest = CreateGuest("Someone");
  v1::Reservation out;
  EXPECT_THAT(Create(reception, Booking(estate.name(), guest), &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("not a hotel")));
  EXPECT_THAT(arrivals().CreateReservation(Ctx(admin_token()).get(),
                                           Booking(estate.name(), guest), &out),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("not a hotel")));
  v1::ListArrivalsRequest list;
  list.set_parent(estate.name());
  v1::ListArrivalsResponse arrivals_out;
  EXPECT_THAT(
      arrivals().ListArrivals(Ctx(reception.token).get(), list, &arrivals_out),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, ::testing::_));
  // Another site's staff see nothing of this hotel.
  EXPECT_THAT(Create(reception, Booking(hotel_.name(), guest), &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ::testing::_));
  EXPECT_EQ(Count("reservations"), "0");
}

TEST_F(ArrivalsTest, APartnerEntersReservationsOnceByRequestId) {
  v1::CreatePartnerRequest partner;
  partner.set_parent(hotel_.name());
  partner.mutable_partner()->set_display_name("PMS");
  partner.mutable_partner()->add_scopes("guests.write");
  v1::Partner created_partner;
  ASSERT_THAT(directory().CreatePartner(Ctx(admin_token()).get(), partner,
                                        &created_partner),
              IsOk());
  const Actor pms{created_partner.name(), IssueToken(created_partner.name()),
                  hotel_.name()};

  v1::CreateReservationRequest request = Booking(hotel_.name(), "");
  request.mutable_new_guest()->set_latin_name("Partner Guest");
  request.set_request_id("pms-booking-4711");
  v1::Reservation first, second;
  ASSERT_THAT(Create(pms, request, &first), IsOk());
  ASSERT_THAT(Create(pms, request, &second), IsOk());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(first.guest(), second.guest());
  EXPECT_EQ(first.created_by(), pms.name);
  EXPECT_EQ(Count("reservations"), "1");
  EXPECT_EQ(Count("guests", "latin_name = 'Partner Guest'"), "1");
  // The same request_id for a different booking is refused.
  request.mutable_reservation()->set_notes("another booking");
  v1::Reservation third;
  EXPECT_THAT(
      Create(pms, request, &third),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("request_id")));
  EXPECT_EQ(Count("reservations"), "1");
  // A partner reads, but may not list arrivals (no row for PARTNER).
  v1::ListArrivalsRequest list;
  list.set_parent(hotel_.name());
  v1::ListArrivalsResponse out;
  EXPECT_THAT(arrivals().ListArrivals(Ctx(pms.token).get(), list, &out),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, ::testing::_));
}

// --- check-in
// ------------------------------------------------------------------

TEST_F(ArrivalsTest, CheckingInFromAReservationOpensTheStayInOneTransaction) {
  const std::string guest = CreateGuest("Family Li");
  const v1::Reservation booked =
      MustCreate(Booking(hotel_.name(), guest, "1207", 2, 1));
  // Another guest's name with this reservation: refused, nothing stored.
  const std::string stranger = CreateGuest("Stranger");
  v1::Stay stay;
  EXPECT_THAT(
      CheckInFrom(booked.name(), &stay, "", stranger),
      StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("stay.guest")));
  EXPECT_THAT(
      CheckInFrom(booked.name(), &stay, "9999"),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("stay.room_number")));
  EXPECT_THAT(
      CheckInFrom(absl::StrCat(hotel_.name(), "/reservations/999"), &stay),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("reservation")));
  EXPECT_EQ(Count("stays"), "0");
  EXPECT_EQ(Count("reservations", "state = 'BOOKED'"), "1");

  // The guest and party come from the reservation; the room too.
  clock_.Advance(absl::Hours(24));
  ASSERT_THAT(CheckInFrom(booked.name(), &stay), IsOk());
  EXPECT_EQ(stay.guest(), guest);
  EXPECT_EQ(stay.room_number(), "1207");
  EXPECT_EQ(stay.party().adults(), 2);
  EXPECT_EQ(stay.party().infants(), 1);
  EXPECT_TRUE(stay.has_expected_check_out_time());
  v1::GetReservationRequest get;
  get.set_name(booked.name());
  v1::Reservation read;
  ASSERT_THAT(arrivals().GetReservation(Ctx(desk_.token).get(), get, &read),
              IsOk());
  EXPECT_EQ(read.state(), v1::RESERVATION_STATE_CHECKED_IN);
  EXPECT_EQ(read.stay(), stay.name());

  // Twice: FAILED_PRECONDITION naming the reservation, no second stay.
  v1::Stay again;
  EXPECT_THAT(
      CheckInFrom(booked.name(), &again, "1205"),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("CHECKED_IN")));
  EXPECT_EQ(Count("stays"), "1");

  // A cancelled reservation does not check in.
  const v1::Reservation other =
      MustCreate(Booking(hotel_.name(), stranger, "1205"));
  v1::CancelReservationRequest cancel;
  cancel.set_name(other.name());
  cancel.set_etag(other.etag());
  v1::Reservation cancelled;
  ASSERT_THAT(
      arrivals().CancelReservation(Ctx(desk_.token).get(), cancel, &cancelled),
      IsOk());
  EXPECT_THAT(
      CheckInFrom(other.name(), &again),
      StatusIs(grpc::StatusCode::FAILED_PRECONDITION, HasSubstr("CANCELLED")));
  EXPECT_EQ(Count("stays"), "1");
}

TEST_F(ArrivalsTest, AnOccupiedRoomRollsTheReservationBack) {
  const std::string guest = CreateGuest("Late Guest");
  const std::string occupant = CreateGuest("Occupant");
  v1::CheckInRequest direct;
  direct.set_parent(hotel_.name());
  direct.mutable_stay()->set_guest(occupant);
  direct.mutable_stay()->set_room_number("1205");
  direct.mutable_stay()->mutable_party()->set_adults(1);
  v1::Stay occupied;
  ASSERT_THAT(guests_->CheckIn(Ctx(desk_.token).get(), direct, &occupied),
              IsOk());
  const v1::Reservation booked =
      MustCreate(Booking(hotel_.name(), guest, "1205"));
  v1::Stay stay;
  EXPECT_THAT(CheckInFrom(booked.name(), &stay),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("stay.room_number")));
  EXPECT_EQ(Count("reservations", "state = 'BOOKED'"), "1");
  EXPECT_EQ(Count("stays"), "1");
}

// --- arrivals and preparations ---------------------------------------------

TEST_F(ArrivalsTest, ArrivalsShowWhatToPrepareForWhomAndCountIt) {
  const std::string returning = CreateGuest("Chen Zhiming", 3, "138 0000 1205");
  Prefer(returning, v1::PREFERENCE_CATEGORY_ROOM, "curtains", "gap");
  const std::string family = CreateGuest("Zhao Xue");
  const v1::Reservation chen =
      MustCreate(Booking(hotel_.name(), returning, "1205", 1));
  const v1::Reservation zhao =
      MustCreate(Booking(hotel_.name(), family, "1207", 2, 1));
  v1::CreateReservationRequest unknown_room =
      Booking(hotel_.name(), family, "", 1, 1);
  const v1::Reservation roomless = MustCreate(unknown_room);
  AssignTomorrow(attendant_, "1207");
  AssignTomorrow(other_attendant_, "1205");

  // The desk sees every arrival, with VIP level, contact and preferences.
  const v1::ListArrivalsResponse all = Arrivals(desk_);
  EXPECT_EQ(all.arrival_date(), kTomorrow);
  ASSERT_EQ(all.arrivals_size(), 3);
  const v1::Arrival& a0 = all.arrivals(0);
  EXPECT_EQ(a0.reservation().name(), chen.name());
  EXPECT_EQ(a0.guest().vip_level(), 3);
  EXPECT_EQ(a0.guest().phone(), "138 0000 1205");
  ASSERT_EQ(a0.preferences_size(), 1);
  EXPECT_EQ(a0.preferences(0).key(), "curtains");
  ASSERT_EQ(a0.preparations_size(), 1);
  EXPECT_EQ(a0.preparations(0).item().code(), "TURNDOWN_LEAVE_CURTAIN_GAP");
  EXPECT_EQ(a0.preparations(0).attendant(), other_attendant_.name);
  const v1::Arrival& a1 = all.arrivals(1);
  ASSERT_EQ(a1.preparations_size(), 1);
  EXPECT_EQ(a1.preparations(0).item().code(), "PLACE_BABY_CRIB");
  EXPECT_EQ(a1.preparations(0).name(),
            absl::StrCat(zhao.name(), "/preparations/PLACE_BABY_CRIB"));
  EXPECT_EQ(a1.preparations(0).attendant(), attendant_.name);
  EXPECT_EQ(a1.preparations(0).room_number(), "1207");
  EXPECT_FALSE(a1.preparations(0).done());
  // No room yet: a crib to prepare, nobody to do it yet.
  EXPECT_EQ(all.arrivals(2).reservation().name(), roomless.name());
  EXPECT_EQ(all.arrivals(2).preparations(0).attendant(), "");
  EXPECT_EQ(all.counts().total(), 3);
  EXPECT_EQ(all.counts().not_done(), 3);
  // Each guest shown was logged as read.
  EXPECT_NE(Count("guest_access_log", "method = 'ListArrivals'"), "0");

  // The attendant sees their own rooms only, without contact details.
  const v1::ListArrivalsResponse mine = Arrivals(attendant_);
  ASSERT_EQ(mine.arrivals_size(), 1);
  EXPECT_EQ(mine.arrivals(0).reservation().name(), zhao.name());
  EXPECT_EQ(mine.counts().total(), 1);
  const v1::ListArrivalsResponse theirs = Arrivals(other_attendant_);
  ASSERT_EQ(theirs.arrivals_size(), 1);
  EXPECT_EQ(theirs.arrivals(0).guest().phone(), "");
  EXPECT_THAT(theirs.arrivals(0).guest().masked_fields(), Contains("phone"));
  v1::ListArrivalsRequest snoop;
  snoop.set_parent(hotel_.name());
  snoop.set_arrival_date(kTomorrow);
  snoop.set_attendant(attendant_.name);
  v1::ListArrivalsResponse out;
  EXPECT_THAT(
      arrivals().ListArrivals(Ctx(other_attendant_.token).get(), snoop, &out),
      StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("attendant")));
  // Nothing arrives today.
  EXPECT_THAT(Arrivals(desk_, kToday).arrivals(), IsEmpty());

  // Marking: not another attendant's room, not an unknown action, once.
  const std::string crib = a1.preparations(0).name();
  EXPECT_THAT(Mark(other_attendant_, crib),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, HasSubstr("name")));
  EXPECT_THAT(
      Mark(attendant_, absl::StrCat(zhao.name(), "/preparations/ADD_BLANKET")),
      StatusIs(grpc::StatusCode::NOT_FOUND, HasSubstr("name")));
  EXPECT_THAT(Mark(attendant_, absl::StrCat(zhao.name(), "/preparations/x")),
              StatusIs(grpc::StatusCode::INVALID_ARGUMENT, HasSubstr("name")));
  EXPECT_EQ(Count("arrival_preparations"), "0");
  v1::Preparation done;
  ASSERT_THAT(Mark(attendant_, crib, &done), IsOk());
  EXPECT_TRUE(done.done());
  EXPECT_TRUE(done.done_before_arrival());
  EXPECT_EQ(done.done_by(), attendant_.name);
  EXPECT_THAT(Mark(attendant_, crib),
              StatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                       HasSubstr("already marked")));
  EXPECT_EQ(Count("arrival_preparations"), "1");

  // The returning guest checks in before the curtains were seen to: marked
  // afterwards, it counts as done after arrival.
  clock_.Advance(absl::Hours(24));
  v1::Stay stay;
  ASSERT_THAT(CheckInFrom(chen.name(), &stay), IsOk());
  ASSERT_THAT(Mark(manager_, a0.preparations(0).name(), &done), IsOk());
  EXPECT_FALSE(done.done_before_arrival());
  const v1::ListArrivalsResponse after = Arrivals(desk_);
  EXPECT_EQ(after.counts().total(), 3);
  EXPECT_EQ(after.counts().done_before_arrival(), 1);
  EXPECT_EQ(after.counts().done_after_arrival(), 1);
  EXPECT_EQ(after.counts().not_done(), 1);
  EXPECT_TRUE(after.arrivals(1).preparations(0).done_before_arrival());
}

TEST_F(ArrivalsTest, MarkingIsReplayedByRequestIdAndPagesKeepTheCounts) {
  const std::string family = CreateGuest("Zhao Xue");
  std::vector<v1::Reservation> booked;
  for (const char* room : {"1205", "1206", "1207"}) {
    booked.push_back(MustCreate(Booking(hotel_.name(), family, room, 1, 1)));
  }
  v1::Preparation first, second;
  const std::string crib =
      absl::StrCat(booked[0].name(), "/preparations/PLACE_BABY_CRIB");
  ASSERT_THAT(Mark(desk_, crib, &first, "mark-1"), IsOk());
  ASSERT_THAT(Mark(desk_, crib, &second, "mark-1"), IsOk());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("arrival_preparations"), "1");

  v1::ListArrivalsRequest request;
  request.set_parent(hotel_.name());
  request.set_arrival_date(kTomorrow);
  request.set_page_size(2);
  std::vector<std::string> names;
  for (;;) {
    v1::ListArrivalsResponse page;
    ASSERT_THAT(arrivals().ListArrivals(Ctx(desk_.token).get(), request, &page),
                IsOk());
    EXPECT_EQ(page.counts().total(), 3);
    EXPECT_EQ(page.counts().done_before_arrival(), 1);
    for (const auto& a : page.arrivals()) {
      names.push_back(a.reservation().name());
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(
      names, ElementsAre(booked[0].name(), booked[1].name(), booked[2].name()));
}

}  // namespace
}  // namespace concierge
