// The catalogue at the service center: items, prices, announcements and the
// provider directory.

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/staff/commands.h"
#include "concierge/v1/directory.grpc.pb.h"

namespace concierge::cli {
namespace {

using v1::CatalogService;

std::unique_ptr<CatalogService::Stub> Stub(Invocation& inv) {
  return CatalogService::NewStub(inv.channel());
}

template <typename Enum, typename Parse>
bool ParseEnum(const std::string& prefix, const std::string& text, Parse parse,
               Enum* out) {
  return parse(prefix + absl::AsciiStrToUpper(text), out) && *out != Enum{};
}

void PrintItem(Invocation& inv, const v1::ServiceItem& i) {
  if (inv.json()) return PrintJson(i);
  Details d;
  d.Add(inv.Tr("項目", "Item"), i.name() + "  " + i.code());
  d.Add(inv.Tr("名稱", "Title"), i.title().zh() + " / " + i.title().en());
  d.Add(inv.Tr("類別", "Category"), CategoryLabel(inv, i.category()));
  d.Add(inv.Tr("收費", "Fee"), FeeLabel(inv, i));
  if (i.has_next_price()) {
    d.Add(inv.Tr("新價格", "Next price"),
          FormatMoney(i.next_price()) + inv.Tr(" 自 ", " from ") +
              FormatTime(i.next_price_effective_time()));
  }
  d.Add(inv.Tr("方式", "Fulfilment"),
        EnumLabel(v1::Fulfilment_Name(i.fulfilment()), "FULFILMENT_"));
  d.Add(inv.Tr("部門", "Department"), i.department());
  d.Add(inv.Tr("狀態", "State"),
        EnumLabel(v1::ItemState_Name(i.state()), "ITEM_STATE_"));
  if (!i.conditions().en().empty() || !i.conditions().zh().empty()) {
    d.Add(inv.Tr("條件", "Conditions"),
          inv.Tr(i.conditions().zh(), i.conditions().en()));
  }
  if (i.has_response_target()) {
    d.Add(inv.Tr("響應時限", "Response target"),
          absl::FormatDuration(absl::Seconds(i.response_target().seconds())));
  }
  if (i.has_completion_target()) {
    d.Add(inv.Tr("完成時限", "Completion target"),
          absl::FormatDuration(absl::Seconds(i.completion_target().seconds())));
  }
  if (!i.approved_by().empty())
    d.Add(inv.Tr("審批", "Approved by"), i.approved_by());
  d.Add("etag", i.etag());
  d.Print();
}

// Fills the item fields given as options; returns the FieldMask paths set.
std::vector<std::string> ItemFromOptions(Invocation& inv,
                                         const std::string& site,
                                         v1::ServiceItem* item, int* code) {
  *code = 0;
  std::vector<std::string> paths;
  auto text_pair = [&](const char* zh, const char* en, const char* path,
                       v1::LocalizedText* out) {
    auto z = inv.Option(zh), e = inv.Option(en);
    if (!z && !e) return;
    if (z) out->set_zh(*z);
    if (e) out->set_en(*e);
    paths.push_back(path);
  };
  if (auto v = inv.Option("code")) {
    item->set_code(absl::AsciiStrToUpper(*v));
    paths.push_back("code");
  }
  text_pair("zh", "en", "title", item->mutable_title());
  text_pair("desc-zh", "desc-en", "description", item->mutable_description());
  text_pair("cond-zh", "cond-en", "conditions", item->mutable_conditions());
  if (auto v = inv.Option("category")) {
    v1::ItemCategory c;
    if (!ParseEnum("ITEM_CATEGORY_", *v, v1::ItemCategory_Parse, &c)) {
      *code = UsageError(
          "--category: agency, information, on_site, "
          "community_event, care, custody, lending, survey, other");
      return paths;
    }
    item->set_category(c);
    paths.push_back("category");
  }
  if (auto v = inv.Option("fee")) {
    v1::FeeKind f;
    if (!ParseEnum("FEE_KIND_", *v, v1::FeeKind_Parse, &f)) {
      *code = UsageError("--fee: free, fixed or quoted");
      return paths;
    }
    item->set_fee_kind(f);
    paths.push_back("fee_kind");
  }
  if (auto v = inv.Option("fulfilment")) {
    v1::Fulfilment f;
    if (!ParseEnum("FULFILMENT_", *v, v1::Fulfilment_Parse, &f)) {
      *code = UsageError(
          "--fulfilment: immediate, scheduled, recurring_event, standing");
      return paths;
    }
    item->set_fulfilment(f);
    paths.push_back("fulfilment");
  }
  if (auto v = inv.Option("department")) {
    item->set_department(absl::StrContains(*v, "/") ? *v : "");
    if (item->department().empty()) {
      // A code: ask the directory through the department list.
      auto dir = v1::DirectoryService::NewStub(inv.channel());
      v1::ListDepartmentsRequest request;
      request.set_parent(site);
      v1::ListDepartmentsResponse response;
      auto context = inv.NewContext();
      grpc::Status status =
          dir->ListDepartments(context.get(), request, &response);
      if (!status.ok()) {
        *code = Fail(status);
        return paths;
      }
      for (const auto& d : response.departments()) {
        if (absl::EqualsIgnoreCase(d.code(), *v))
          item->set_department(d.name());
      }
      if (item->department().empty()) {
        *code = UsageError(absl::StrCat("no department ", *v));
        return paths;
      }
    }
    paths.push_back("department");
  }
  auto duration = [&](const char* option, const char* path, auto field) {
    std::optional<std::string> v = inv.Option(option);
    if (!v || *code) return;
    absl::Duration d;
    if (!absl::ParseDuration(*v, &d)) {
      *code = UsageError(absl::StrCat("--", option, ": a duration such as 4h"));
      return;
    }
    field()->set_seconds(absl::ToInt64Seconds(d));
    paths.push_back(path);
  };
  duration("response", "response_target",
           [&] { return item->mutable_response_target(); });
  duration("completion", "completion_target",
           [&] { return item->mutable_completion_target(); });
  duration("follow-up", "follow_up_delay",
           [&] { return item->mutable_follow_up_delay(); });
  return paths;
}

int CatalogList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceItemsRequest request;
  request.set_parent(site);
  request.set_text(inv.OptionOr("text", ""));
  if (auto v = inv.Option("state")) {
    v1::ItemState s;
    if (!ParseEnum("ITEM_STATE_", *v, v1::ItemState_Parse, &s)) {
      return UsageError("--state: draft, approved, published, retired");
    }
    request.set_state(s);
  }
  if (auto v = inv.Option("fee")) {
    v1::FeeKind f;
    if (!ParseEnum("FEE_KIND_", *v, v1::FeeKind_Parse, &f)) {
      return UsageError("--fee: free, fixed or quoted");
    }
    request.set_fee_kind(f);
  }
  std::vector<v1::ServiceItem> items = ListAllItems(inv, request, &code);
  if (code) return code;
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& i : items) out.push_back(&i);
    PrintJsonArray(out);
    return 0;
  }
  PrintCatalog(inv, std::move(items), true);
  return 0;
}

int CatalogShow(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::GetServiceItemRequest request;
  request.set_name(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  v1::ServiceItem item;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->GetServiceItem(context.get(), request, &item);
  });
  if (!status.ok()) return Fail(status);
  PrintItem(inv, item);
  return 0;
}

int CatalogCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateServiceItemRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  ItemFromOptions(inv, site, request.mutable_item(), &code);
  if (code) return code;
  v1::ServiceItem item;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateServiceItem(context.get(), request, &item);
  });
  if (!status.ok()) return Fail(status);
  PrintItem(inv, item);
  return 0;
}

int CatalogUpdate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  const std::string name = ResolveItem(inv, site, inv.positional()[0], &code);
  if (code) return code;
  auto stub = Stub(inv);
  v1::UpdateServiceItemRequest request;
  std::string etag = inv.OptionOr("etag", "");
  if (etag.empty()) {
    v1::GetServiceItemRequest get;
    get.set_name(name);
    v1::ServiceItem current;
    auto context = inv.NewContext();
    grpc::Status status = stub->GetServiceItem(context.get(), get, &current);
    if (!status.ok()) return Fail(status);
    etag = current.etag();
    *request.mutable_item() = current;
  }
  std::vector<std::string> paths =
      ItemFromOptions(inv, site, request.mutable_item(), &code);
  if (code) return code;
  if (paths.empty()) return UsageError("nothing to change");
  request.mutable_item()->set_name(name);
  request.mutable_item()->set_etag(etag);
  for (const auto& p : paths) request.mutable_update_mask()->add_paths(p);
  v1::ServiceItem item;
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->UpdateServiceItem(c, request, &item);
  });
  if (!status.ok()) return Fail(status);
  PrintItem(inv, item);
  return 0;
}

int CatalogApprove(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ApproveServiceItemRequest request;
  request.set_name(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  request.set_etag(inv.OptionOr("etag", ""));
  v1::ServiceItem item;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->ApproveServiceItem(c, request, &item);
  });
  if (!status.ok()) return Fail(status);
  PrintItem(inv, item);
  return 0;
}

int CatalogRetire(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RetireServiceItemRequest request;
  request.set_name(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  request.set_reason(inv.OptionOr("reason", ""));
  v1::ServiceItem item;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->RetireServiceItem(c, request, &item);
  });
  if (!status.ok()) return Fail(status);
  PrintItem(inv, item);
  return 0;
}

void PrintPrice(Invocation& inv, const v1::ServicePrice& p) {
  if (inv.json()) return PrintJson(p);
  Details d;
  d.Add(inv.Tr("價格", "Price"), p.name());
  d.Add(inv.Tr("金額", "Amount"), FormatMoney(p.amount()));
  d.Add(inv.Tr("生效", "Effective"), FormatTime(p.effective_time()));
  d.Add(inv.Tr("狀態", "State"),
        EnumLabel(v1::PriceState_Name(p.state()), "PRICE_STATE_"));
  if (p.has_announce_time())
    d.Add(inv.Tr("公告", "Announced"), FormatTime(p.announce_time()));
  if (!p.decided_by().empty())
    d.Add(inv.Tr("決定", "Decided by"), p.decided_by());
  d.Print();
}

int CatalogPrice(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::SetServicePriceRequest request;
  request.set_parent(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  request.set_request_id(NewRequestId());
  int64_t minor = 0;
  if (!ParseAmount(inv.OptionOr("amount", ""), &minor)) {
    return UsageError("--amount: e.g. 50.00");
  }
  request.mutable_price()->mutable_amount()->set_minor_units(minor);
  absl::Time effective;
  if (!ParseTimeArg(inv.OptionOr("effective", ""), &effective)) {
    return UsageError("--effective: e.g. 2027-01-01 or 2027-01-01 08:00");
  }
  SetTimestamp(effective, request.mutable_price()->mutable_effective_time());
  request.mutable_price()->set_note(inv.OptionOr("note", ""));
  v1::ServicePrice price;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->SetServicePrice(context.get(), request, &price);
  });
  if (!status.ok()) return Fail(status);
  PrintPrice(inv, price);
  return 0;
}

int PriceDecide(Invocation& inv, bool approve) {
  v1::ServicePrice price;
  auto stub = Stub(inv);
  grpc::Status status;
  if (approve) {
    v1::ApproveServicePriceRequest request;
    request.set_name(inv.positional()[0]);
    status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
      return stub->ApproveServicePrice(c, request, &price);
    });
  } else {
    v1::RejectServicePriceRequest request;
    request.set_name(inv.positional()[0]);
    request.set_reason(inv.OptionOr("reason", ""));
    status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
      return stub->RejectServicePrice(c, request, &price);
    });
  }
  if (!status.ok()) return Fail(status);
  PrintPrice(inv, price);
  return 0;
}

int PriceList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServicePricesRequest request;
  request.set_parent(ResolveItem(inv, site, inv.positional()[0], &code));
  if (code) return code;
  auto stub = Stub(inv);
  std::vector<v1::ServicePrice> all;
  grpc::Status status =
      ForEachPage<v1::ListServicePricesRequest, v1::ListServicePricesResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListServicePrices(c, r, out);
          },
          [&](const v1::ListServicePricesResponse& page) {
            all.insert(all.end(), page.prices().begin(), page.prices().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& p : all) out.push_back(&p);
    PrintJsonArray(out);
    return 0;
  }
  Table table({inv.Tr("價格", "Price"), inv.Tr("金額", "Amount"),
               inv.Tr("生效", "Effective"), inv.Tr("狀態", "State"),
               inv.Tr("公告", "Announced"), inv.Tr("現行", "In force")});
  for (const auto& p : all) {
    table.AddRow({p.name(), FormatMoney(p.amount()),
                  FormatTime(p.effective_time()),
                  EnumLabel(v1::PriceState_Name(p.state()), "PRICE_STATE_"),
                  FormatTime(p.announce_time()), p.in_force() ? "*" : ""});
  }
  table.Print();
  return 0;
}

void PrintAnnouncement(Invocation& inv, const v1::Announcement& a) {
  if (inv.json()) return PrintJson(a);
  Details d;
  d.Add(inv.Tr("公告", "Announcement"), a.name());
  d.Add(inv.Tr("標題", "Title"), a.title().zh() + " / " + a.title().en());
  d.Add(
      inv.Tr("狀態", "State"),
      EnumLabel(v1::AnnouncementState_Name(a.state()), "ANNOUNCEMENT_STATE_"));
  for (const auto& i : a.items()) d.Add(inv.Tr("項目", "Item"), i);
  for (const auto& p : a.prices()) d.Add(inv.Tr("價格", "Price"), p);
  for (const auto& e : a.events()) d.Add(inv.Tr("活動", "Event"), e);
  for (int c : a.channels()) {
    d.Add(inv.Tr("渠道", "Channel"),
          EnumLabel(v1::AnnouncementChannel_Name(v1::AnnouncementChannel(c)),
                    "ANNOUNCEMENT_CHANNEL_"));
  }
  if (a.has_publish_time())
    d.Add(inv.Tr("發布", "Published"), FormatTime(a.publish_time()));
  d.Print();
}

int AnnounceCreate(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateAnnouncementRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* a = request.mutable_announcement();
  a->mutable_title()->set_zh(inv.OptionOr("zh", ""));
  a->mutable_title()->set_en(inv.OptionOr("en", ""));
  a->mutable_body()->set_zh(inv.OptionOr("body-zh", ""));
  a->mutable_body()->set_en(inv.OptionOr("body-en", ""));
  for (absl::string_view item :
       absl::StrSplit(inv.OptionOr("items", ""), ',', absl::SkipEmpty())) {
    a->add_items(ResolveItem(inv, site, std::string(item), &code));
    if (code) return code;
  }
  for (absl::string_view price :
       absl::StrSplit(inv.OptionOr("prices", ""), ',', absl::SkipEmpty())) {
    a->add_prices(std::string(price));
  }
  for (absl::string_view event :
       absl::StrSplit(inv.OptionOr("events", ""), ',', absl::SkipEmpty())) {
    a->add_events(QualifiedName(site, "events", std::string(event)));
  }
  v1::Announcement out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateAnnouncement(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintAnnouncement(inv, out);
  return 0;
}

// The manager adopts the default catalogue of a new community: the items
// are approved and the announcement that introduces them is drafted.
int CatalogAdopt(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::AdoptDefaultCatalogueRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  for (const std::string& item : inv.positional()) {
    request.add_item_codes(absl::AsciiStrToUpper(item));
  }
  v1::Announcement out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->AdoptDefaultCatalogue(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintAnnouncement(inv, out);
  if (!inv.json()) {
    std::cout << inv.Tr("發布公告後住戶即可預約：announce publish ",
                        "Residents can book once it is published: announce "
                        "publish ")
              << ShortId(out.name()) << "\n";
  }
  return 0;
}

bool ParseChannel(const std::string& text, v1::AnnouncementChannel* out) {
  const std::string upper = absl::AsciiStrToUpper(text);
  const std::string full = upper == "POSTER"  ? "ENTRANCE_POSTER"
                           : upper == "BOARD" ? "BULLETIN_BOARD"
                                              : upper;
  return v1::AnnouncementChannel_Parse("ANNOUNCEMENT_CHANNEL_" + full, out) &&
         *out != v1::ANNOUNCEMENT_CHANNEL_UNSPECIFIED;
}

int AnnouncePublish(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::PublishAnnouncementRequest request;
  request.set_name(QualifiedName(site, "announcements", inv.positional()[0]));
  for (absl::string_view c :
       absl::StrSplit(inv.OptionOr("channels", "poster,board,mailbox,app"), ',',
                      absl::SkipEmpty())) {
    v1::AnnouncementChannel channel;
    if (!ParseChannel(std::string(c), &channel)) {
      return UsageError("--channels: poster, board, mailbox, app");
    }
    request.add_channels(channel);
  }
  v1::Announcement out;
  auto stub = Stub(inv);
  grpc::Status status = SendWrite(inv, request, [&](grpc::ClientContext* c) {
    return stub->PublishAnnouncement(c, request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintAnnouncement(inv, out);
  return 0;
}

int AnnounceRender(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RenderAnnouncementRequest request;
  request.set_name(QualifiedName(site, "announcements", inv.positional()[0]));
  if (auto c = inv.Option("channel")) {
    v1::AnnouncementChannel channel;
    if (!ParseChannel(*c, &channel))
      return UsageError("--channel: poster, board, mailbox, app");
    request.set_channel(channel);
  }
  v1::RenderedAnnouncement rendered;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RenderAnnouncement(context.get(), request, &rendered);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(rendered);
  } else if (inv.Flag("both")) {
    std::cout << rendered.text().zh() << "\n" << rendered.text().en();
  } else {
    std::cout << inv.Tr(rendered.text().zh(), rendered.text().en());
  }
  return 0;
}

int AnnounceList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListAnnouncementsRequest request;
  request.set_parent(site);
  auto stub = Stub(inv);
  std::vector<v1::Announcement> all;
  grpc::Status status =
      ForEachPage<v1::ListAnnouncementsRequest, v1::ListAnnouncementsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListAnnouncements(c, r, out);
          },
          [&](const v1::ListAnnouncementsResponse& page) {
            all.insert(all.end(), page.announcements().begin(),
                       page.announcements().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& a : all) out.push_back(&a);
    PrintJsonArray(out);
    return 0;
  }
  Table table({"#", inv.Tr("標題", "Title"), inv.Tr("狀態", "State"),
               inv.Tr("發布", "Published")});
  for (const auto& a : all) {
    table.AddRow({ShortId(a.name()), inv.Tr(a.title().zh(), a.title().en()),
                  EnumLabel(v1::AnnouncementState_Name(a.state()),
                            "ANNOUNCEMENT_STATE_"),
                  FormatTime(a.publish_time())});
  }
  table.Print();
  return 0;
}

void PrintProviders(Invocation& inv, const std::vector<v1::Provider>& all) {
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& p : all) out.push_back(&p);
    PrintJsonArray(out);
    return;
  }
  Table table({"#", inv.Tr("名稱", "Name"), inv.Tr("電話", "Phone"),
               inv.Tr("地址", "Address"), inv.Tr("項目", "Item")});
  for (const auto& p : all) {
    table.AddRow({ShortId(p.name()),
                  p.display_name().zh() + " " + p.display_name().en(),
                  p.phone(), p.address(), p.item()});
  }
  table.Print();
}

int ProviderAdd(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::CreateProviderRequest request;
  request.set_parent(site);
  request.set_request_id(NewRequestId());
  auto* p = request.mutable_provider();
  p->set_item(ResolveItem(inv, site, inv.OptionOr("item", ""), &code));
  if (code) return code;
  p->mutable_display_name()->set_zh(inv.OptionOr("zh", ""));
  p->mutable_display_name()->set_en(inv.OptionOr("en", ""));
  p->set_phone(inv.OptionOr("phone", ""));
  p->set_address(inv.OptionOr("address", ""));
  p->mutable_notes()->set_zh(inv.OptionOr("notes-zh", ""));
  p->mutable_notes()->set_en(inv.OptionOr("notes-en", ""));
  v1::Provider out;
  auto stub = Stub(inv);
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->CreateProvider(context.get(), request, &out);
  });
  if (!status.ok()) return Fail(status);
  PrintProviders(inv, {out});
  return 0;
}

int ProviderList(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListProvidersRequest request;
  request.set_parent(site);
  if (auto item = inv.Option("item")) {
    request.set_item(ResolveItem(inv, site, *item, &code));
    if (code) return code;
  }
  auto stub = Stub(inv);
  std::vector<v1::Provider> all;
  grpc::Status status =
      ForEachPage<v1::ListProvidersRequest, v1::ListProvidersResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListProviders(c, r, out);
          },
          [&](const v1::ListProvidersResponse& page) {
            all.insert(all.end(), page.providers().begin(),
                       page.providers().end());
            return true;
          });
  if (!status.ok()) return Fail(status);
  PrintProviders(inv, all);
  return 0;
}

int ProviderSearch(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::SearchProvidersRequest request;
  request.set_parent(site);
  request.set_text(inv.positional().empty() ? "" : inv.positional()[0]);
  request.set_item(inv.OptionOr("item", ""));
  v1::SearchProvidersResponse response;
  auto stub = Stub(inv);
  auto context = inv.NewContext();
  grpc::Status status =
      stub->SearchProviders(context.get(), request, &response);
  if (!status.ok()) return Fail(status);
  PrintProviders(inv,
                 {response.providers().begin(), response.providers().end()});
  return 0;
}

const OptionSpec kSite{"site", "site id or name (default: your own)"};

std::vector<OptionSpec> ItemOptions(bool create) {
  return {kSite,
          {"code", "e.g. TAP_REPAIR", false, create},
          {"zh", "Chinese title", false, create},
          {"en", "English title", false, create},
          {"category",
           "agency, information, on_site, community_event, care, "
           "custody, lending, survey, other",
           false, create},
          {"fee", "free, fixed or quoted", false, create},
          {"fulfilment", "immediate, scheduled, recurring_event, standing",
           false, create},
          {"department", "department code or name", false, create},
          {"desc-zh", "Chinese description"},
          {"desc-en", "English description"},
          {"cond-zh", "Chinese conditions"},
          {"cond-en", "English conditions"},
          {"response", "response target, e.g. 4h"},
          {"completion", "completion target, e.g. 72h"},
          {"follow-up", "follow-up delay after completion, e.g. 72h"},
          {"etag", "etag you read (default: read it now)"}};
}

}  // namespace

std::vector<Command> CatalogCommands() {
  return {
      {.path = "catalog list",
       .summary = "the site's catalogue, every state",
       .options = {kSite,
                   {"state", "draft, approved, published, retired"},
                   {"fee", "free, fixed, quoted, case_by_case"},
                   {"text", "words in the title"}},
       .run = CatalogList},
      {.path = "catalog show",
       .positional_usage = "<item>",
       .summary = "one item with its prices",
       .options = {kSite},
       .run = CatalogShow,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "catalog create",
       .summary = "draft a new item",
       .options = ItemOptions(true),
       .run = CatalogCreate},
      {.path = "catalog update",
       .positional_usage = "<item>",
       .summary = "change an item",
       .options = ItemOptions(false),
       .run = CatalogUpdate,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "catalog adopt",
       .positional_usage = "[CODE...]",
       .summary = "adopt the default catalogue (manager): every default item, "
                  "or the codes named (CITY_SHUTTLE only when named)",
       .options = {kSite},
       .run = CatalogAdopt,
       .min_positional = 0,
       .max_positional = 46},
      {.path = "catalog approve",
       .positional_usage = "<item>",
       .summary = "approve a draft (manager)",
       .options = {kSite, {"etag", "approve only this version"}},
       .run = CatalogApprove,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "catalog retire",
       .positional_usage = "<item>",
       .summary = "retire an item (manager)",
       .options = {kSite, {"reason", "why"}},
       .run = CatalogRetire,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "catalog price",
       .positional_usage = "<item>",
       .summary = "propose a price for a FIXED item",
       .options = {kSite,
                   {"amount", "e.g. 50.00", false, true},
                   {"effective", "when it takes effect, e.g. 2027-01-01", false,
                    true},
                   {"note", "why"}},
       .run = CatalogPrice,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "price approve",
       .positional_usage = "<price>",
       .summary = "approve a proposed price (manager)",
       .run = [](Invocation& inv) { return PriceDecide(inv, true); },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "price reject",
       .positional_usage = "<price>",
       .summary = "reject a proposed price (manager)",
       .options = {{"reason", "why"}},
       .run = [](Invocation& inv) { return PriceDecide(inv, false); },
       .min_positional = 1,
       .max_positional = 1},
      {.path = "price list",
       .positional_usage = "<item>",
       .summary = "an item's price history",
       .options = {kSite},
       .run = PriceList,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "announce create",
       .summary = "draft an announcement",
       .options = {kSite,
                   {"zh", "Chinese title", false, true},
                   {"en", "English title", false, true},
                   {"body-zh", "Chinese text"},
                   {"body-en", "English text"},
                   {"items", "items added, comma-separated ids or codes"},
                   {"prices", "price changes, comma-separated price names"},
                   {"events", "community events, comma-separated ids"}},
       .run = AnnounceCreate},
      {.path = "announce publish",
       .positional_usage = "<announcement>",
       .summary = "publish (manager): items and prices take effect",
       .options = {kSite,
                   {"channels", "poster,board,mailbox,app (default all)"}},
       .run = AnnouncePublish,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "announce render",
       .positional_usage = "<announcement>",
       .summary = "printable text for the poster or the mailbox",
       .options = {kSite,
                   {"channel", "poster, board, mailbox, app"},
                   {"both", "print Chinese and English", true}},
       .run = AnnounceRender,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "announce list",
       .summary = "announcements",
       .options = {kSite},
       .run = AnnounceList},
      {.path = "provider add",
       .summary = "add to the provider directory",
       .options = {kSite,
                   {"item", "information item (code or id)", false, true},
                   {"zh", "Chinese name"},
                   {"en", "English name"},
                   {"phone", "phone"},
                   {"address", "address"},
                   {"notes-zh", "Chinese notes"},
                   {"notes-en", "English notes"}},
       .run = ProviderAdd},
      {.path = "provider list",
       .summary = "the provider directory",
       .options = {kSite, {"item", "only this item"}},
       .run = ProviderList},
      {.path = "provider search",
       .positional_usage = "[words]",
       .summary = "answer a lookup",
       .options = {kSite, {"item", "information item code or name"}},
       .run = ProviderSearch,
       .min_positional = 0,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
