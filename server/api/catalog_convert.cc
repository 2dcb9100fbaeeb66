#include "server/api/catalog_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"

namespace concierge::api {
namespace {

void SetDuration(absl::Duration d, google::protobuf::Duration* out) {
  out->set_seconds(absl::ToInt64Seconds(d));
}

}  // namespace

std::string ItemName(int64_t site_id, int64_t item_id) {
  return SiteChildName(site_id, "items", item_id);
}

std::string PriceName(int64_t site_id, int64_t item_id, int64_t price_id) {
  return absl::StrCat(ItemName(site_id, item_id), "/prices/", price_id);
}

absl::StatusOr<domain::ItemCategory> FromProto(absl::string_view field,
                                               v1::ItemCategory v) {
  return ByName<domain::ItemCategory>(
      field, v, [](v1::ItemCategory e) { return v1::ItemCategory_Name(e); },
      "ITEM_CATEGORY_", domain::ItemCategoryFromName);
}
absl::StatusOr<domain::FeeKind> FromProto(absl::string_view field,
                                          v1::FeeKind v) {
  return ByName<domain::FeeKind>(
      field, v, [](v1::FeeKind e) { return v1::FeeKind_Name(e); }, "FEE_KIND_",
      domain::FeeKindFromName);
}
absl::StatusOr<domain::Fulfilment> FromProto(absl::string_view field,
                                             v1::Fulfilment v) {
  return ByName<domain::Fulfilment>(
      field, v, [](v1::Fulfilment e) { return v1::Fulfilment_Name(e); },
      "FULFILMENT_", domain::FulfilmentFromName);
}
absl::StatusOr<domain::ItemState> FromProto(absl::string_view field,
                                            v1::ItemState v) {
  return ByName<domain::ItemState>(
      field, v, [](v1::ItemState e) { return v1::ItemState_Name(e); },
      "ITEM_STATE_", domain::ItemStateFromName);
}
absl::StatusOr<domain::AnnouncementChannel> FromProto(
    absl::string_view field, v1::AnnouncementChannel v) {
  return ByName<domain::AnnouncementChannel>(
      field, v,
      [](v1::AnnouncementChannel e) { return v1::AnnouncementChannel_Name(e); },
      "ANNOUNCEMENT_CHANNEL_", domain::AnnouncementChannelFromName);
}

v1::ItemCategory ToProto(domain::ItemCategory v) {
  return ToProtoByName<v1::ItemCategory>("ITEM_CATEGORY_", domain::Name(v),
                                         v1::ItemCategory_Parse);
}
v1::FeeKind ToProto(domain::FeeKind v) {
  return ToProtoByName<v1::FeeKind>("FEE_KIND_", domain::Name(v),
                                    v1::FeeKind_Parse);
}
v1::Fulfilment ToProto(domain::Fulfilment v) {
  return ToProtoByName<v1::Fulfilment>("FULFILMENT_", domain::Name(v),
                                       v1::Fulfilment_Parse);
}
v1::ItemState ToProto(domain::ItemState v) {
  return ToProtoByName<v1::ItemState>("ITEM_STATE_", domain::Name(v),
                                      v1::ItemState_Parse);
}
v1::PriceState ToProto(domain::PriceState v) {
  return ToProtoByName<v1::PriceState>("PRICE_STATE_", domain::Name(v),
                                       v1::PriceState_Parse);
}
v1::AnnouncementChannel ToProto(domain::AnnouncementChannel v) {
  return ToProtoByName<v1::AnnouncementChannel>(
      "ANNOUNCEMENT_CHANNEL_", domain::Name(v), v1::AnnouncementChannel_Parse);
}

void ToProto(const domain::ServiceItem& i,
             const std::vector<domain::PriceVersion>& prices, absl::Time now,
             v1::ServiceItem* out) {
  out->set_name(ItemName(i.site_id, i.id));
  out->set_code(i.code);
  out->mutable_title()->set_zh(i.title_zh);
  out->mutable_title()->set_en(i.title_en);
  out->mutable_description()->set_zh(i.description_zh);
  out->mutable_description()->set_en(i.description_en);
  out->set_category(ToProto(i.category));
  out->set_fee_kind(ToProto(i.fee_kind));
  out->set_fulfilment(ToProto(i.fulfilment));
  out->set_department(DepartmentName(i.site_id, i.department_id));
  out->mutable_conditions()->set_zh(i.conditions_zh);
  out->mutable_conditions()->set_en(i.conditions_en);
  if (i.response_target > absl::ZeroDuration()) {
    SetDuration(i.response_target, out->mutable_response_target());
  }
  if (i.completion_target > absl::ZeroDuration()) {
    SetDuration(i.completion_target, out->mutable_completion_target());
  }
  SetDuration(i.follow_up_delay, out->mutable_follow_up_delay());
  out->set_state(ToProto(i.state));
  out->set_display_order(i.display_order);
  out->set_illustrative(i.illustrative);
  std::vector<domain::PriceVersion> own;
  for (const domain::PriceVersion& p : prices) {
    if (p.item_id == i.id) own.push_back(p);
  }
  if (auto current = domain::PriceInForce(own, now)) {
    api::ToProto(current->amount, out->mutable_current_price());
    api::ToProto(current->effective_time,
                 out->mutable_current_price_effective_time());
  }
  if (auto next = domain::NextPrice(own, now)) {
    api::ToProto(next->amount, out->mutable_next_price());
    api::ToProto(next->effective_time,
                 out->mutable_next_price_effective_time());
  }
  api::ToProto(i.create_time, out->mutable_create_time());
  api::ToProto(i.update_time, out->mutable_update_time());
  out->set_approved_by(i.approved_by);
  if (i.approve_time)
    api::ToProto(*i.approve_time, out->mutable_approve_time());
  if (i.retire_time) api::ToProto(*i.retire_time, out->mutable_retire_time());
  out->set_retire_reason(i.retire_reason);
  out->set_etag(absl::StrCat(i.version));
}

void ToProto(const domain::PriceVersion& p, bool in_force,
             v1::ServicePrice* out) {
  out->set_name(PriceName(p.site_id, p.item_id, p.id));
  api::ToProto(p.amount, out->mutable_amount());
  api::ToProto(p.effective_time, out->mutable_effective_time());
  out->set_state(ToProto(p.state));
  out->set_note(p.note);
  out->set_proposed_by(p.proposed_by);
  api::ToProto(p.propose_time, out->mutable_propose_time());
  out->set_decided_by(p.decided_by);
  if (p.decide_time) api::ToProto(*p.decide_time, out->mutable_decide_time());
  if (p.announce_time) {
    api::ToProto(*p.announce_time, out->mutable_announce_time());
  }
  out->set_reject_reason(p.reject_reason);
  out->set_in_force(in_force);
}

void ToProto(const domain::Announcement& a,
             const std::vector<domain::PriceVersion>& prices,
             v1::Announcement* out) {
  out->set_name(SiteChildName(a.site_id, "announcements", a.id));
  out->mutable_title()->set_zh(a.title_zh);
  out->mutable_title()->set_en(a.title_en);
  out->mutable_body()->set_zh(a.body_zh);
  out->mutable_body()->set_en(a.body_en);
  for (int64_t id : a.item_ids) out->add_items(ItemName(a.site_id, id));
  for (const domain::PriceVersion& p : prices) {
    out->add_prices(PriceName(p.site_id, p.item_id, p.id));
  }
  for (int64_t id : a.event_ids) {
    out->add_events(SiteChildName(a.site_id, "events", id));
  }
  out->set_state(a.published ? v1::ANNOUNCEMENT_STATE_PUBLISHED
                             : v1::ANNOUNCEMENT_STATE_DRAFT);
  for (domain::AnnouncementChannel c : a.channels)
    out->add_channels(ToProto(c));
  out->set_created_by(a.created_by);
  api::ToProto(a.create_time, out->mutable_create_time());
  out->set_published_by(a.published_by);
  if (a.publish_time)
    api::ToProto(*a.publish_time, out->mutable_publish_time());
}

void ToProto(const domain::Provider& p, v1::Provider* out) {
  out->set_name(SiteChildName(p.site_id, "providers", p.id));
  out->set_item(ItemName(p.site_id, p.item_id));
  out->mutable_display_name()->set_zh(p.name_zh);
  out->mutable_display_name()->set_en(p.name_en);
  out->set_phone(p.phone);
  out->set_address(p.address);
  out->mutable_notes()->set_zh(p.notes_zh);
  out->mutable_notes()->set_en(p.notes_en);
  out->set_active(p.active);
  api::ToProto(p.create_time, out->mutable_create_time());
  out->set_etag(absl::StrCat(p.version));
}

}  // namespace concierge::api
