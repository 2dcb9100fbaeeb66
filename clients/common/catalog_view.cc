#include "clients/common/catalog_view.h"

#include <algorithm>
#include <iostream>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"
#include "clients/common/paging.h"

namespace concierge::cli {

std::string FeeLabel(const Invocation& inv, const v1::ServiceItem& item) {
  switch (item.fee_kind()) {
    case v1::FEE_KIND_FREE:
      return inv.Tr("免費", "free");
    case v1::FEE_KIND_QUOTED:
      return inv.Tr("報價", "quoted");
    case v1::FEE_KIND_CASE_BY_CASE:
      return inv.Tr("視情況", "case by case");
    case v1::FEE_KIND_FIXED:
      if (item.has_current_price()) {
        std::string label = FormatMoney(item.current_price());
        if (item.illustrative()) label += "*";
        return label;
      }
      return inv.Tr("待定價", "price pending");
    default:
      return "";
  }
}

std::string CategoryLabel(const Invocation& inv, v1::ItemCategory category) {
  switch (category) {
    case v1::ITEM_CATEGORY_AGENCY:
      return inv.Tr("代辦服務", "Errands");
    case v1::ITEM_CATEGORY_INFORMATION:
      return inv.Tr("信息查詢", "Information");
    case v1::ITEM_CATEGORY_ON_SITE:
      return inv.Tr("園區服務", "In the community");
    case v1::ITEM_CATEGORY_COMMUNITY_EVENT:
      return inv.Tr("社區活動", "Community events");
    case v1::ITEM_CATEGORY_CARE:
      return inv.Tr("關懷服務", "Care");
    case v1::ITEM_CATEGORY_CUSTODY:
      return inv.Tr("代收代管", "Custody");
    case v1::ITEM_CATEGORY_LENDING:
      return inv.Tr("借用服務", "Lending");
    case v1::ITEM_CATEGORY_SURVEY:
      return inv.Tr("意見調查", "Surveys");
    default:
      return inv.Tr("其他", "Other");
  }
}

std::vector<v1::ServiceItem> ListAllItems(Invocation& inv,
                                          v1::ListServiceItemsRequest request,
                                          int* code) {
  *code = 0;
  std::vector<v1::ServiceItem> items;
  auto stub = v1::CatalogService::NewStub(inv.channel());
  request.set_page_size(200);
  grpc::Status status =
      ForEachPage<v1::ListServiceItemsRequest, v1::ListServiceItemsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListServiceItems(c, r, out);
          },
          [&](const v1::ListServiceItemsResponse& page) {
            items.insert(items.end(), page.items().begin(), page.items().end());
            return true;
          });
  if (!status.ok()) *code = Fail(status);
  return items;
}

void PrintCatalog(const Invocation& inv, std::vector<v1::ServiceItem> items,
                  bool show_state) {
  std::stable_sort(items.begin(), items.end(),
                   [](const v1::ServiceItem& a, const v1::ServiceItem& b) {
                     if (a.category() != b.category()) {
                       return a.category() < b.category();
                     }
                     return a.display_order() < b.display_order();
                   });
  bool illustrative = false;
  v1::ItemCategory current = v1::ITEM_CATEGORY_UNSPECIFIED;
  std::vector<std::string> headers = {"#", inv.Tr("服務項目", "Service"),
                                      inv.Tr("收費", "Fee"),
                                      inv.Tr("說明", "Notes")};
  if (show_state) headers.push_back(inv.Tr("狀態", "State"));
  std::unique_ptr<Table> table;
  auto flush = [&] {
    if (table && !table->empty()) table->Print();
  };
  for (const v1::ServiceItem& item : items) {
    if (item.category() != current || !table) {
      flush();
      current = item.category();
      std::cout << "\n[" << CategoryLabel(inv, current) << "]\n";
      table = std::make_unique<Table>(headers);
    }
    illustrative = illustrative || item.illustrative();
    std::vector<std::string> row = {
        ShortId(item.name()), inv.Tr(item.title().zh(), item.title().en()),
        FeeLabel(inv, item),
        inv.Tr(item.conditions().zh(), item.conditions().en())};
    if (show_state)
      row.push_back(EnumLabel(v1::ItemState_Name(item.state()), "ITEM_STATE_"));
    table->AddRow(std::move(row));
  }
  flush();
  if (illustrative) {
    std::cout << "\n* "
              << inv.Tr("示範價格，僅供參考", "illustrative demo price")
              << "\n";
  }
}

std::string ResolveItem(Invocation& inv, const std::string& site,
                        const std::string& text, int* code) {
  *code = 0;
  if (absl::StrContains(text, "/")) return text;
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), absl::ascii_isdigit)) {
    return absl::StrCat(site, "/items/", text);
  }
  v1::ListServiceItemsRequest request;
  request.set_parent(site);
  request.set_text(text);
  for (const v1::ServiceItem& item : ListAllItems(inv, request, code)) {
    if (absl::EqualsIgnoreCase(item.code(), text)) return item.name();
  }
  if (*code == 0)
    *code = UsageError(absl::StrCat("no item ", text, " in ", site));
  return "";
}

}  // namespace concierge::cli
