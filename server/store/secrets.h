#ifndef CONCIERGE_SERVER_STORE_SECRETS_H_
#define CONCIERGE_SERVER_STORE_SECRETS_H_

#include <string>

#include <soci/soci.h>

namespace concierge::store {

// Returns the secret called `name`, creating it from `candidate` when it does
// not exist yet. Every replica thus shares one value (page-token MAC key,
// hashing pepper) without it ever being configured by hand.
std::string GetOrCreateSecret(soci::session& sql, const std::string& name,
                              const std::string& candidate);

}  // namespace concierge::store

#endif  // CONCIERGE_SERVER_STORE_SECRETS_H_
