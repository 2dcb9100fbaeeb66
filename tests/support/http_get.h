#ifndef CONCIERGE_TESTS_SUPPORT_HTTP_GET_H_
#define CONCIERGE_TESTS_SUPPORT_HTTP_GET_H_

// A minimal HTTP/1.0 client for scraping the metrics endpoint in tests.

#include <string>

#include "absl/status/statusor.h"

namespace concierge::testing {

struct HttpResponse {
  int status = 0;
  std::string headers;  // the status line and headers, as received
  std::string body;
};

// Sends `method` `path` to 127.0.0.1:`port` and reads the whole response.
absl::StatusOr<HttpResponse> HttpRequest(int port, const std::string& method,
                                         const std::string& path);
inline absl::StatusOr<HttpResponse> HttpGet(int port, const std::string& path) {
  return HttpRequest(port, "GET", path);
}

// The value of the sample `series` (exactly as exposed, e.g.
// `concierge_rpc_calls_total{method="...",code="OK"}`) in a Prometheus
// text exposition; -1 when absent.
double SampleValue(const std::string& exposition, const std::string& series);

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_HTTP_GET_H_
