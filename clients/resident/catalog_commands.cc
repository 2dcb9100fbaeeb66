// The catalogue as residents see it: what is offered, what was announced,
// and information lookups answered at once.

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/common/catalog_view.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"
#include "clients/resident/commands.h"

namespace concierge::cli {
namespace {

int Catalog(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListServiceItemsRequest request;
  request.set_parent(site);
  request.set_text(inv.OptionOr("text", ""));
  std::vector<v1::ServiceItem> items = ListAllItems(inv, request, &code);
  if (code) return code;
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& i : items) out.push_back(&i);
    PrintJsonArray(out);
    return 0;
  }
  std::cout << inv.Tr("服務中心個性化服務項目（免費項目為無償增值服務）",
                      "Service center catalogue (free items are free "
                      "value-added services)")
            << "\n";
  PrintCatalog(inv, std::move(items), false);
  return 0;
}

int Announcements(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  auto stub = v1::CatalogService::NewStub(inv.channel());
  v1::ListAnnouncementsRequest request;
  request.set_parent(site);
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
            return all.size() < 50;
          });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    std::vector<const google::protobuf::Message*> out;
    for (const auto& a : all) out.push_back(&a);
    PrintJsonArray(out);
    return 0;
  }
  Table table({"#", inv.Tr("日期", "Date"), inv.Tr("標題", "Title")});
  for (const auto& a : all) {
    table.AddRow({ShortId(a.name()), FormatTime(a.publish_time()),
                  inv.Tr(a.title().zh(), a.title().en())});
  }
  table.Print();
  std::cout << inv.Tr("閱讀全文：concierge-resident announcement <#>",
                      "Read one: concierge-resident announcement <#>")
            << "\n";
  return 0;
}

int Announcement(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::RenderAnnouncementRequest request;
  request.set_name(QualifiedName(site, "announcements", inv.positional()[0]));
  request.set_channel(v1::ANNOUNCEMENT_CHANNEL_APP);
  v1::RenderedAnnouncement rendered;
  auto stub = v1::CatalogService::NewStub(inv.channel());
  grpc::Status status = RetryIdempotent([&] {
    auto context = inv.NewContext();
    return stub->RenderAnnouncement(context.get(), request, &rendered);
  });
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(rendered);
  } else {
    std::cout << inv.Tr(rendered.text().zh(), rendered.text().en());
  }
  return 0;
}

// Looks like an item code (HOSPITALS_INFO) rather than words to search.
bool IsCode(const std::string& text) {
  if (text.empty() || !absl::ascii_isupper(text[0])) return false;
  for (char c : text) {
    if (!absl::ascii_isupper(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

int Lookup(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::SearchProvidersRequest request;
  request.set_parent(site);
  const std::string& query = inv.positional()[0];
  if (IsCode(query)) {
    request.set_item(query);
  } else {
    request.set_text(query);
  }
  v1::SearchProvidersResponse response;
  auto stub = v1::CatalogService::NewStub(inv.channel());
  auto context = inv.NewContext();
  grpc::Status status = stub->SearchProviders(context.get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (inv.json()) {
    PrintJson(response);
    return 0;
  }
  if (response.providers().empty()) {
    std::cout << inv.Tr("沒有找到，請致電服務中心。",
                        "Nothing found; please call the service center.")
              << "\n";
    return 0;
  }
  Table table({inv.Tr("名稱", "Name"), inv.Tr("電話", "Phone"),
               inv.Tr("地址", "Address"), inv.Tr("備註", "Notes")});
  for (const auto& p : response.providers()) {
    const std::string name = inv.Tr(p.display_name().zh(), p.display_name().en());
    table.AddRow({name.empty() ? inv.Tr(p.display_name().en(), p.display_name().zh())
                               : name,
                  p.phone(), p.address(), inv.Tr(p.notes().zh(), p.notes().en())});
  }
  table.Print();
  return 0;
}

}  // namespace

std::vector<Command> ResidentCatalogCommands() {
  return {
      {.path = "catalog",
       .summary = "the services offered (free and paid)",
       .options = {{"text", "only items whose title contains this"}},
       .run = Catalog},
      {.path = "announcements",
       .summary = "notices from the service center",
       .run = Announcements},
      {.path = "announcement",
       .positional_usage = "<#>",
       .summary = "read one notice",
       .run = Announcement,
       .min_positional = 1,
       .max_positional = 1},
      {.path = "lookup",
       .positional_usage = "<words or ITEM_CODE>",
       .summary = "information lookup (hospitals, movers, transport, ...)",
       .run = Lookup,
       .min_positional = 1,
       .max_positional = 1},
  };
}

}  // namespace concierge::cli
