#ifndef CONCIERGE_CLIENTS_WEB_VIEW_UTIL_H_
#define CONCIERGE_CLIENTS_WEB_VIEW_UTIL_H_

// Small helpers the pages share to turn API values into template data.

#include <string>

#include "absl/strings/string_view.h"
#include "clients/web/page.h"
#include "concierge/v1/catalog.pb.h"
#include "concierge/v1/requests.pb.h"

namespace concierge::web {

// Sets `key` only when `value` is not empty: kainjow's sections treat an
// empty string as true, and a label over an empty value ("Where:" with
// nothing after it) reads as a fault.
void SetText(Data* data, const std::string& key, std::string value);
// A value the server keeps as an identifier ("black_no_sugar") as words.
std::string Words(const std::string& value);

// "sites/1/requests/42" -> "42".
std::string LastSegment(absl::string_view name);
// The enum value's name lower-cased without its prefix, for CSS classes:
// REQUEST_STATE_IN_PROGRESS -> "in-progress".
std::string CssName(const google::protobuf::EnumDescriptor* d, int value,
                    absl::string_view prefix);
// The fee as a person reads it: free, the posted price, "quoted on request".
std::string ItemFeeText(const Page& page, const v1::ServiceItem& item);
std::string RequestFeeText(const Page& page, const v1::ServiceRequest& r);
// A short stable fingerprint of what a live region shows, so a poll that
// finds nothing new answers 204 and the page is left alone (a form being
// typed in is not wiped).
std::string Fingerprint(absl::string_view text);

// The caller's site's items as the server shows them to the caller (a
// resident or a guest: the published ones), up to 500, in `*response`.
grpc::Status ListSiteItems(Page& page, v1::ListServiceItemsResponse* response);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_VIEW_UTIL_H_
