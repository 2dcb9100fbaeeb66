#include "server/demo/front_desk_demo.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/common/resource_names.h"
#include "server/domain/front_desk.h"
#include "server/store/catalog_repository.h"
#include "server/store/directory_repository.h"
#include "server/store/front_desk_repository.h"
#include "server/usecase/front_desk.h"

namespace concierge {
namespace {

struct DemoLendable {
  const char* name_zh;
  const char* name_en;
  const char* item_code;
  int32_t count;
};

constexpr DemoLendable kLendables[] = {
    {"雨傘", "Umbrella", "UMBRELLA_LENDING", 10},
    {"電鑽", "Power drill", "TOOL_LENDING", 2},
    {"人字梯", "Step ladder", "TOOL_LENDING", 1},
    {"萬用表", "Multimeter", "TOOL_LENDING", 1},
};

// The first Saturday of the month after `now`'s in `zone`, at least a
// week away (so registration is open whatever day the demo is set up).
absl::CivilDay RepairDayDate(absl::Time now, const absl::TimeZone& zone) {
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  absl::CivilDay day(absl::CivilMonth(today) + 1);
  while (absl::GetWeekday(day) != absl::Weekday::saturday) ++day;
  while (day < today + 7) day += 7;
  return day;
}

}  // namespace

absl::Status AddFrontDeskDemo(soci::session& sql, const domain::Site& site,
                              const char* reception, const char* building,
                              const char* unit, absl::Time now) {
  if (!store::ListLendables(sql, site.id, {0, 1}).items.empty()) {
    return absl::OkStatus();
  }
  std::optional<domain::Staff> desk =
      store::FindStaffByDisplayName(sql, site.id, reception);
  std::optional<domain::Household> household =
      store::FindHouseholdByUnit(sql, site.id, building, unit);
  if (!desk || !household) {
    return absl::FailedPreconditionError(
        "front desk demo: the receptionist or household 101 is missing");
  }
  const std::string desk_name = StaffName(site.id, desk->id);
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(site.time_zone, &zone)) zone = absl::UTCTimeZone();

  for (const DemoLendable& d : kLendables) {
    domain::LendableItem l;
    l.site_id = site.id;
    l.name_zh = d.name_zh;
    l.name_en = d.name_en;
    if (auto item = store::FindItemByCode(sql, site.id, d.item_code)) {
      l.item_id = item->id;
    }
    l.total_count = d.count;
    l.available_count = d.count;
    l.created_by = desk_name;
    l.create_time = now;
    store::InsertLendable(sql, l);
  }

  domain::Parcel parcel;
  parcel.site_id = site.id;
  parcel.household_id = household->id;
  parcel.kind = domain::ParcelKind::kParcel;
  parcel.carrier = "順豐 SF Express";
  parcel.tracking_number = "SF1400123456789";
  parcel.shelf = "A2";
  parcel.note = "易碎 fragile";
  parcel.state = domain::ParcelState::kWaiting;
  parcel.logged_by = desk_name;
  parcel.log_time = now - absl::Hours(2);
  usecase::AddParcel(sql, parcel);

  domain::VisitorMessage message;
  message.site_id = site.id;
  message.household_id = household->id;
  message.from_name = "王阿姨 Auntie Wang";
  message.from_phone = "139-0000-2020";
  message.text =
      "今晚七點左右送湯過來，請留門鈴。/ Will drop by with soup around 7 pm; "
      "please listen for the bell.";
  message.channel = domain::MessageChannel::kPhone;
  message.state = domain::MessageState::kUnread;
  message.left_by = desk_name;
  message.leave_time = now - absl::Minutes(40);
  usecase::AddMessage(sql, message);

  std::optional<domain::ServiceItem> repair_day =
      store::FindItemByCode(sql, site.id, std::string(domain::kRepairDayCode));
  if (!repair_day) return absl::OkStatus();
  const absl::CivilDay day = RepairDayDate(now, zone);
  domain::CommunityEvent event;
  event.site_id = site.id;
  event.item_id = repair_day->id;
  event.item_code = repair_day->code;
  event.title_zh = repair_day->title_zh;
  event.title_en = repair_day->title_en;
  event.description_zh =
      "水電、小家電、單車及傢俬小修，免人工費；材料按成本收費。";
  event.description_en =
      "Plumbing, small appliances, bicycles and furniture: no labour "
      "charge; parts at cost.";
  event.start_time = absl::FromCivil(absl::CivilSecond(day) + 9 * 3600, zone);
  event.end_time = absl::FromCivil(absl::CivilSecond(day) + 16 * 3600, zone);
  event.registration_deadline =
      absl::FromCivil(absl::CivilSecond(day - 1) + 18 * 3600, zone);
  event.place_zh = "會所大堂";
  event.place_en = "Clubhouse lobby";
  event.capacity = 30;
  event.created_by = desk_name;
  event.create_time = now;
  event = store::InsertEvent(sql, event);

  domain::Announcement a;
  a.site_id = site.id;
  a.title_zh = "下月義務維修日";
  a.title_en = "Free repair day next month";
  a.body_zh = "服務中心維修組將在會所為住戶義務維修，歡迎報名。";
  a.body_en =
      "The maintenance team repairs residents' things for free at the "
      "clubhouse. Please register.";
  a.event_ids = {event.id};
  a.created_by = desk_name;
  a.create_time = now;
  a = store::InsertAnnouncement(sql, a);
  a.published = true;
  a.channels = {domain::AnnouncementChannel::kEntrancePoster,
                domain::AnnouncementChannel::kMailbox,
                domain::AnnouncementChannel::kApp};
  a.published_by = "system";
  a.publish_time = now;
  store::RecordPublication(sql, a);
  return absl::OkStatus();
}

}  // namespace concierge
