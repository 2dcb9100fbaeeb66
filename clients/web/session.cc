#include "clients/web/session.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace concierge::web {
namespace {

constexpr char kVersion[] = "s1";
constexpr char kSeparator = '\x1f';  // never in a token, name or zone
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

void DeriveKey(absl::string_view secret, absl::string_view purpose,
               unsigned char out[32]) {
  unsigned int length = 32;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
       out, &length);
}

std::string Serialize(const Session& s) {
  return absl::StrJoin(
      {std::string(kVersion), s.token, s.principal, s.display_name,
       absl::StrCat(s.role), s.site, s.site_name, absl::StrCat(s.site_kind),
       s.time_zone, s.currency, s.household, s.department,
       absl::StrCat(s.issued_unix)},
      std::string(1, kSeparator));
}

std::optional<Session> Deserialize(absl::string_view text) {
  std::vector<std::string> f = absl::StrSplit(text, kSeparator);
  if (f.size() != 13 || f[0] != kVersion) return std::nullopt;
  Session s;
  s.token = f[1];
  s.principal = f[2];
  s.display_name = f[3];
  s.site = f[5];
  s.site_name = f[6];
  s.time_zone = f[8];
  s.currency = f[9];
  s.household = f[10];
  s.department = f[11];
  if (!absl::SimpleAtoi(f[4], &s.role) ||
      !absl::SimpleAtoi(f[7], &s.site_kind) ||
      !absl::SimpleAtoi(f[12], &s.issued_unix) || s.token.empty()) {
    return std::nullopt;
  }
  return s;
}

std::string CookieAttributes(const CookiePolicy& policy, absl::Duration age) {
  return absl::StrCat("; Path=/; Max-Age=", absl::ToInt64Seconds(age),
                      "; HttpOnly; SameSite=Strict",
                      policy.secure ? "; Secure" : "");
}

}  // namespace

SessionCodec::SessionCodec(absl::string_view secret, absl::Duration max_age)
    : max_age_(max_age) {
  DeriveKey(secret, "concierge-web session cookie v1", cookie_key_);
  DeriveKey(secret, "concierge-web csrf v1", csrf_key_);
}

std::string SessionCodec::Seal(const Session& session) const {
  const std::string plain = Serialize(session);
  std::string out(kNonceBytes + plain.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  RAND_bytes(bytes, kNonceBytes);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int length = 0;
  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, cookie_key_, bytes);
  EVP_EncryptUpdate(ctx, bytes + kNonceBytes, &length,
                    reinterpret_cast<const unsigned char*>(plain.data()),
                    static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx, bytes + kNonceBytes + length, &length);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes,
                      bytes + kNonceBytes + plain.size());
  EVP_CIPHER_CTX_free(ctx);
  return absl::WebSafeBase64Escape(out);
}

std::optional<Session> SessionCodec::Open(absl::string_view sealed,
                                          absl::Time now) const {
  std::string raw;
  if (sealed.size() > 8192 || !absl::WebSafeBase64Unescape(sealed, &raw) ||
      raw.size() < kNonceBytes + kTagBytes) {
    return std::nullopt;
  }
  auto* bytes = reinterpret_cast<unsigned char*>(raw.data());
  const int text_size = static_cast<int>(raw.size()) - kNonceBytes - kTagBytes;
  std::string plain(text_size, '\0');
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int length = 0;
  bool ok =
      EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, cookie_key_, bytes) ==
          1 &&
      EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plain.data()),
                        &length, bytes + kNonceBytes, text_size) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          bytes + kNonceBytes + text_size) == 1 &&
      EVP_DecryptFinal_ex(
          ctx, reinterpret_cast<unsigned char*>(plain.data()) + length,
          &length) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return std::nullopt;
  std::optional<Session> session = Deserialize(plain);
  if (!session) return std::nullopt;
  const absl::Time issued = absl::FromUnixSeconds(session->issued_unix);
  if (issued > now + absl::Minutes(5) || now - issued > max_age_) {
    return std::nullopt;
  }
  return session;
}

std::string SessionCodec::CsrfToken(const Session& session) const {
  unsigned char mac[32];
  unsigned int length = sizeof(mac);
  HMAC(EVP_sha256(), csrf_key_, sizeof(csrf_key_),
       reinterpret_cast<const unsigned char*>(session.token.data()),
       session.token.size(), mac, &length);
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(mac), length));
}

bool SessionCodec::CheckCsrf(const Session& session,
                             absl::string_view given) const {
  const std::string expected = CsrfToken(session);
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::string RandomSecret() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof(bytes));
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

std::string SessionCookieHeader(absl::string_view sealed,
                                const CookiePolicy& policy) {
  return absl::StrCat(kSessionCookie, "=", sealed,
                      CookieAttributes(policy, policy.max_age));
}

std::string ClearSessionCookieHeader(const CookiePolicy& policy) {
  return absl::StrCat(kSessionCookie, "=",
                      CookieAttributes(policy, absl::ZeroDuration()));
}

std::string LangCookieHeader(absl::string_view lang,
                             const CookiePolicy& policy) {
  return absl::StrCat(kLangCookie, "=", lang,
                      CookieAttributes(policy, absl::Hours(24 * 365)));
}

}  // namespace concierge::web
