#include "clients/web/view_util.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "clients/web/format.h"
#include "concierge/v1/catalog.grpc.pb.h"

namespace concierge::web {

void SetText(Data* data, const std::string& key, std::string value) {
  if (!value.empty()) data->set(key, std::move(value));
}

std::string Words(const std::string& value) {
  for (const char c : value) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return value;
    }
  }
  return absl::StrReplaceAll(value, {{"_", " "}});
}

std::string LastSegment(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                      : name.substr(slash + 1));
}

std::string CssName(const google::protobuf::EnumDescriptor* d, int value,
                    absl::string_view prefix) {
  const google::protobuf::EnumValueDescriptor* v = d->FindValueByNumber(value);
  if (v == nullptr) return "unknown";
  absl::string_view name = v->name();
  absl::ConsumePrefix(&name, prefix);
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

std::string ItemFeeText(const Page& page, const v1::ServiceItem& item) {
  switch (item.fee_kind()) {
    case v1::FEE_KIND_FREE:
      return page.Tr("fee.free");
    case v1::FEE_KIND_FIXED:
      return item.has_current_price() ? FormatMoney(item.current_price())
                                      : page.Tr("fee.no_price");
    case v1::FEE_KIND_QUOTED:
      return page.Tr("fee.quoted");
    case v1::FEE_KIND_CASE_BY_CASE:
      return page.Tr("fee.case_by_case");
    default:
      return "";
  }
}

std::string RequestFeeText(const Page& page, const v1::ServiceRequest& r) {
  if (r.has_agreed_price()) return FormatMoney(r.agreed_price());
  if (r.fee_kind() == v1::FEE_KIND_FREE) return page.Tr("fee.free");
  if (r.has_quote()) {
    return absl::StrCat(page.Tr("fee.quote"), " ", FormatMoney(r.quote()));
  }
  if (r.fee_kind() == v1::FEE_KIND_CASE_BY_CASE) {
    return page.Tr("fee.case_by_case");
  }
  return page.Tr("fee.quoted");
}

std::string Fingerprint(absl::string_view text) {
  uint64_t hash = 1469598103934665603ull;
  for (const char c : text) {
    hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  }
  return absl::StrFormat("%016x", hash);
}

grpc::Status ListSiteItems(Page& page, v1::ListServiceItemsResponse* response) {
  v1::ListServiceItemsRequest request;
  request.set_parent(page.session().site);
  request.set_page_size(500);
  auto stub = v1::CatalogService::NewStub(page.channel());
  return page.Read([&] {
    response->Clear();
    auto context = page.Context();
    return stub->ListServiceItems(context.get(), request, response);
  });
}

}  // namespace concierge::web
