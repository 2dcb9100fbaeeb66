#ifndef CONCIERGE_CLIENTS_COMMON_CATALOG_VIEW_H_
#define CONCIERGE_CLIENTS_COMMON_CATALOG_VIEW_H_

// Catalogue printing and references shared by the resident and staff
// clients.

#include <string>
#include <vector>

#include "clients/common/cli.h"
#include "concierge/v1/catalog.grpc.pb.h"

namespace concierge::cli {

// "免費" / "free", "¥50.00", "報價" / "quoted".
std::string FeeLabel(const Invocation& inv, const v1::ServiceItem& item);
std::string CategoryLabel(const Invocation& inv, v1::ItemCategory category);

// Every item of `site` matching `request` (all pages); exit code in *code.
std::vector<v1::ServiceItem> ListAllItems(Invocation& inv,
                                          v1::ListServiceItemsRequest request,
                                          int* code);

// Prints items grouped by category in display order.
void PrintCatalog(const Invocation& inv, std::vector<v1::ServiceItem> items,
                  bool show_state);

// An item given as "sites/1/items/7", "7" or a code such as HOSPITALS_INFO.
std::string ResolveItem(Invocation& inv, const std::string& site,
                        const std::string& text, int* code);

}  // namespace concierge::cli

#endif  // CONCIERGE_CLIENTS_COMMON_CATALOG_VIEW_H_
