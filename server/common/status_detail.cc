#include "server/common/status_detail.h"

#include <algorithm>

#include "absl/strings/cord.h"

namespace concierge {
namespace {

constexpr char kDetailUrl[] = "type.concierge.dev/log-detail";

}  // namespace

absl::Status WithDetail(absl::Status status, absl::string_view detail) {
  if (status.ok()) return status;
  std::string flat(detail);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  status.SetPayload(kDetailUrl, absl::Cord(flat));
  return status;
}

std::optional<std::string> DetailOf(const absl::Status& status) {
  auto payload = status.GetPayload(kDetailUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace concierge
