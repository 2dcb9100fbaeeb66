#include "server/api/page_token.h"

#include "server/common/crypto.h"

namespace concierge::api {
namespace {

constexpr char kVersion = 1;
constexpr size_t kMacBytes = 16;
constexpr size_t kFingerprintBytes = 8;
// version + fingerprint + after_id + issued_at_seconds
constexpr size_t kPayloadBytes = 1 + kFingerprintBytes + 8 + 8;

void AppendInt64(std::string* out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((u >> shift) & 0xFF));
  }
}

int64_t ReadInt64(const char* p) {
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<int64_t>(u);
}

absl::Status Invalid(absl::string_view why) {
  return absl::InvalidArgumentError(
      std::string("page_token: ") + std::string(why) +
      "; start again without a page_token");
}

}  // namespace

absl::StatusOr<int> EffectivePageSize(int32_t requested) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: must not be negative");
  }
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string PageTokenCodec::Encode(absl::string_view list_fingerprint,
                                   int64_t after_id, absl::Time now) const {
  std::string payload;
  payload.reserve(kPayloadBytes + kMacBytes);
  payload.push_back(kVersion);
  payload.append(
      HmacSha256(key_, list_fingerprint).substr(0, kFingerprintBytes));
  AppendInt64(&payload, after_id);
  AppendInt64(&payload, absl::ToUnixSeconds(now));
  payload.append(HmacSha256(key_, payload).substr(0, kMacBytes));
  return Base64UrlEncode(payload);
}

absl::StatusOr<int64_t> PageTokenCodec::Decode(
    absl::string_view list_fingerprint, absl::string_view token,
    absl::Time now) const {
  if (token.empty()) return 0;
  std::string raw;
  if (token.size() > 64 || !Base64UrlDecode(token, &raw) ||
      raw.size() != kPayloadBytes + kMacBytes || raw[0] != kVersion) {
    return Invalid("not a token this server issued");
  }
  const absl::string_view payload(raw.data(), kPayloadBytes);
  const absl::string_view mac(raw.data() + kPayloadBytes, kMacBytes);
  if (!ConstantTimeEquals(mac, HmacSha256(key_, payload).substr(0, kMacBytes))) {
    return Invalid("not a token this server issued");
  }
  const std::string expected =
      HmacSha256(key_, list_fingerprint).substr(0, kFingerprintBytes);
  if (!ConstantTimeEquals(payload.substr(1, kFingerprintBytes), expected)) {
    return Invalid("issued for another list or other filters");
  }
  const int64_t after_id = ReadInt64(raw.data() + 1 + kFingerprintBytes);
  const absl::Time issued =
      absl::FromUnixSeconds(ReadInt64(raw.data() + 1 + kFingerprintBytes + 8));
  if (now - issued > kLifetime || issued - now > absl::Minutes(5)) {
    return Invalid("expired");
  }
  if (after_id < 0) return Invalid("not a token this server issued");
  return after_id;
}

}  // namespace concierge::api
