#include "server/api/catalog_convert.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/text.h"

namespace concierge::api {
namespace {

void SetDuration(absl::Duration d, google::protobuf::Duration* out) {
  out->set_seconds(absl::ToInt64Seconds(d));
}

absl::StatusOr<absl::Duration> OptionalDuration(
    absl::string_view field, bool has, const google::protobuf::Duration& d) {
  if (!has) return absl::ZeroDuration();
  return FromProto(field, d);
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
  out->set_teaches(i.teaches);
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
  out->set_approved_by(ActorName(i.approved_by));
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
  out->set_proposed_by(ActorName(p.proposed_by));
  api::ToProto(p.propose_time, out->mutable_propose_time());
  out->set_decided_by(ActorName(p.decided_by));
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
  out->set_created_by(ActorName(a.created_by));
  api::ToProto(a.create_time, out->mutable_create_time());
  out->set_published_by(ActorName(a.published_by));
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

// --- CatalogService's requests and answers -----------------------------------

absl::StatusOr<std::array<int64_t, 2>> ParseItem(absl::string_view field,
                                                 const std::string& name) {
  return ParseSiteChild(field, name, "items");
}

absl::StatusOr<std::array<int64_t, 3>> ParsePrice(absl::string_view field,
                                                  const std::string& name) {
  return ParseName<3>(field, name, {"sites", "items", "prices"});
}

absl::StatusOr<usecase::NamedDepartment> ParseDepartmentName(
    absl::string_view field, const std::string& name) {
  if (name.empty()) return usecase::NamedDepartment{0, 0};
  return ParseSiteChild(field, name, "departments");
}

usecase::ItemFields ItemFieldsFrom(const v1::ServiceItem& in) {
  usecase::ItemFields f;
  f.given.title_zh = in.title().zh();
  f.given.title_en = in.title().en();
  f.given.description_zh = in.description().zh();
  f.given.description_en = in.description().en();
  f.given.conditions_zh = in.conditions().zh();
  f.given.conditions_en = in.conditions().en();
  f.given.display_order = in.display_order();
  f.given.teaches = in.teaches();
  f.given.code = in.code();
  f.department = ParseDepartmentName("item.department", in.department());
  f.response_target = OptionalDuration(
      "item.response_target", in.has_response_target(), in.response_target());
  f.completion_target =
      OptionalDuration("item.completion_target", in.has_completion_target(),
                       in.completion_target());
  f.follow_up_delay = OptionalDuration(
      "item.follow_up_delay", in.has_follow_up_delay(), in.follow_up_delay());
  f.has_follow_up_delay = in.has_follow_up_delay();
  f.category = FromProto("item.category", in.category());
  f.fee_kind = FromProto("item.fee_kind", in.fee_kind());
  f.fulfilment = FromProto("item.fulfilment", in.fulfilment());
  return f;
}

absl::StatusOr<store::ItemFilter> ItemFilterFrom(
    const domain::Principal& p, const v1::ListServiceItemsRequest& request) {
  store::ItemFilter filter;
  if (request.category() != v1::ITEM_CATEGORY_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.category,
                               FromProto("category", request.category()));
  }
  if (request.fee_kind() != v1::FEE_KIND_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.fee_kind,
                               FromProto("fee_kind", request.fee_kind()));
  }
  if (request.state() != v1::ITEM_STATE_UNSPECIFIED) {
    CONCIERGE_ASSIGN_OR_RETURN(filter.state,
                               FromProto("state", request.state()));
    CONCIERGE_RETURN_IF_ERROR(usecase::OnlyPublished(p, *filter.state));
  }
  if (usecase::SeesOnlyPublished(p)) {
    filter.state = domain::ItemState::kPublished;
  }
  CONCIERGE_RETURN_IF_ERROR(
      domain::ValidateText("text", request.text(), domain::kOptionalName));
  filter.text = request.text();
  return filter;
}

absl::StatusOr<domain::PriceVersion> PriceFrom(
    const std::array<int64_t, 2>& item, const v1::ServicePrice& in) {
  if (!in.has_amount()) {
    return absl::InvalidArgumentError("price.amount: is required");
  }
  if (!in.has_effective_time()) {
    return absl::InvalidArgumentError("price.effective_time: is required");
  }
  domain::PriceVersion price;
  price.site_id = item[0];
  price.item_id = item[1];
  CONCIERGE_ASSIGN_OR_RETURN(
      price.effective_time,
      FromProto("price.effective_time", in.effective_time()));
  price.note = in.note();
  price.amount = FromProto(in.amount(), "");  // "": the site's currency
  return price;
}

absl::StatusOr<domain::Announcement> AnnouncementFrom(
    int64_t site_id, const v1::Announcement& in) {
  domain::Announcement a;
  a.site_id = site_id;
  a.title_zh = in.title().zh();
  a.title_en = in.title().en();
  a.body_zh = in.body().zh();
  a.body_en = in.body().en();
  std::set<int64_t> seen;
  for (const std::string& name : in.items()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("announcement.items", name));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.items: items must belong to the parent site");
    }
    if (seen.insert(ids[1]).second) a.item_ids.push_back(ids[1]);
  }
  seen.clear();
  for (const std::string& name : in.prices()) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids,
                               ParsePrice("announcement.prices", name));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.prices: prices must belong to the parent site");
    }
    if (seen.insert(ids[2]).second) a.price_ids.push_back(ids[2]);
  }
  seen.clear();
  for (const std::string& name : in.events()) {
    CONCIERGE_ASSIGN_OR_RETURN(
        auto ids, ParseSiteChild("announcement.events", name, "events"));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError(
          "announcement.events: events must belong to the parent site");
    }
    if (seen.insert(ids[1]).second) a.event_ids.push_back(ids[1]);
  }
  return a;
}

absl::StatusOr<std::vector<domain::AnnouncementChannel>> ChannelsFrom(
    const google::protobuf::RepeatedField<int>& in) {
  std::vector<domain::AnnouncementChannel> channels;
  for (int c : in) {
    CONCIERGE_ASSIGN_OR_RETURN(
        domain::AnnouncementChannel channel,
        FromProto("channels", v1::AnnouncementChannel(c)));
    if (std::find(channels.begin(), channels.end(), channel) ==
        channels.end()) {
      channels.push_back(channel);
    }
  }
  if (channels.empty()) {
    return absl::InvalidArgumentError(
        "channels: name at least one (ENTRANCE_POSTER, BULLETIN_BOARD, "
        "MAILBOX, APP)");
  }
  return channels;
}

usecase::ProviderFields ProviderFieldsFrom(const v1::Provider& in) {
  usecase::ProviderFields f;
  f.given.name_zh = in.display_name().zh();
  f.given.name_en = in.display_name().en();
  f.given.phone = in.phone();
  f.given.address = in.address();
  f.given.notes_zh = in.notes().zh();
  f.given.notes_en = in.notes().en();
  f.given.active = in.active();
  f.item = ParseItem("provider.item", in.item());
  return f;
}

absl::StatusOr<usecase::ItemRef> ItemRefFrom(int64_t site_id,
                                             const std::string& text) {
  usecase::ItemRef ref;
  if (text.empty()) return ref;
  if (text.find('/') != std::string::npos) {
    CONCIERGE_ASSIGN_OR_RETURN(auto ids, ParseItem("item", text));
    if (ids[0] != site_id) {
      return absl::InvalidArgumentError("item: must belong to the parent site");
    }
    ref.item_id = ids[1];
    return ref;
  }
  CONCIERGE_RETURN_IF_ERROR(domain::ValidateCode("item", text));
  ref.code = text;
  return ref;
}

void ToProto(const usecase::PricedItem& item, absl::Time now,
             v1::ServiceItem* out) {
  ToProto(item.item, item.prices, now, out);
}

void ToProto(const usecase::Announced& a, v1::Announcement* out) {
  ToProto(a.announcement, a.prices, out);
}

}  // namespace concierge::api
