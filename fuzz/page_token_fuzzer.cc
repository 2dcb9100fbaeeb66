// Page tokens come back from clients verbatim: any bytes must decode to a
// refusal (INVALID_ARGUMENT naming page_token) unless the server issued
// them, and a token the server issued must decode to its position, for its
// own list only, until it expires.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_check.h"
#include "server/api/page_token.h"

namespace concierge::fuzz {
namespace {

const api::PageTokenCodec& Codec() {
  static const auto* codec = new api::PageTokenCodec("fuzz-key-0123456789");
  return *codec;
}

// A server whose key never issues a token in this process: libFuzzer sees
// the tokens Codec() issues (string comparisons feed its dictionary) and
// replays them, which is no forgery; against this key every input is one.
const api::PageTokenCodec& Stranger() {
  static const auto* codec = new api::PageTokenCodec("a-key-nobody-has");
  return *codec;
}

void RequireRefused(const absl::StatusOr<int64_t>& decoded,
                    absl::string_view what) {
  Require(!decoded.ok(), std::string(what) + " was accepted");
  Require(decoded.status().code() == absl::StatusCode::kInvalidArgument &&
              absl::StrContains(decoded.status().message(), "page_token"),
          std::string(what) + ": " + decoded.status().ToString());
}

}  // namespace
}  // namespace concierge::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concierge::fuzz;
  using concierge::api::PageTokenCodec;
  FuzzedDataProvider in(data, size);
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  const std::string list = in.ConsumeRandomLengthString(64);
  const int64_t after_id = in.ConsumeIntegral<int64_t>();
  const int64_t age_s = in.ConsumeIntegralInRange<int64_t>(-86400, 3 * 86400);
  const std::string raw = in.ConsumeRemainingBytesAsString();

  // Bytes from a client: a refusal or, for the empty token, the start.
  const absl::StatusOr<int64_t> forged = Stranger().Decode(list, raw, now);
  if (raw.empty()) {
    Require(forged.ok() && *forged == 0, "the empty token is the first page");
  } else {
    RequireRefused(forged, "a forged token");
  }

  // A token the server issued `age_s` ago.
  const std::string token =
      Codec().Encode(list, after_id, now - absl::Seconds(age_s));
  Require(token.size() <= 64, "an issued token is longer than Decode accepts");
  const absl::StatusOr<int64_t> decoded = Codec().Decode(list, token, now);
  const bool fresh = absl::Seconds(age_s) <= PageTokenCodec::kLifetime &&
                     absl::Seconds(age_s) >= -absl::Minutes(5);
  if (fresh && after_id >= 0) {
    Require(decoded.ok() && *decoded == after_id,
            "an issued token does not decode to its position");
  } else {
    RequireRefused(decoded, "an expired or negative token");
  }
  // The same token replayed against another list.
  RequireRefused(Codec().Decode(list + "x", token, now), "a replayed token");
  // One flipped byte of a real token.
  if (!raw.empty() && fresh) {
    std::string tampered = token;
    tampered[static_cast<unsigned char>(raw[0]) % tampered.size()] ^=
        static_cast<char>(1 + static_cast<unsigned char>(raw.back()) % 63);
    if (tampered != token) {
      const absl::StatusOr<int64_t> t = Codec().Decode(list, tampered, now);
      // Base64 has slack in the last character's low bits; anything that
      // still decodes must be the very same position.
      Require(!t.ok() || *t == after_id, "a tampered token moved the cursor");
    }
  }
  return 0;
}
