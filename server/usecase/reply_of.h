#ifndef CONCIERGE_SERVER_USECASE_REPLY_OF_H_
#define CONCIERGE_SERVER_USECASE_REPLY_OF_H_

#include <functional>

namespace concierge::usecase {

// A write's answer, given inside its transaction before COMMIT: a call sent
// with a request_id records its response with the write (store::WriteKey),
// so the api converts the reply there (it may be called again when the
// transaction is retried).
template <typename T>
using ReplyOf = std::function<void(const T&)>;

}  // namespace concierge::usecase

#endif  // CONCIERGE_SERVER_USECASE_REPLY_OF_H_
