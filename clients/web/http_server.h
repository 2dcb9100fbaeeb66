#ifndef CONCIERGE_CLIENTS_WEB_HTTP_SERVER_H_
#define CONCIERGE_CLIENTS_WEB_HTTP_SERVER_H_

// concierge-web's HTTP side: civetweb (libcivetweb-dev, as the server's
// metrics endpoint) parses HTTP and runs a pool of worker threads; every
// request becomes a Request, the one handler returns a Response, and this
// file writes it with the headers every response carries:
// Content-Security-Policy (scripts and styles from this origin only, no
// inline script, frame-ancestors 'none'), X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options and Cache-Control (no-store for pages:
// they hold personal data). Nothing logs a query string: sign-in links
// carry a token there.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/web/http_util.h"

struct mg_context;
struct mg_connection;

namespace concierge::web {

struct Request {
  std::string method;  // "GET", "POST", "HEAD"
  std::string path;    // decoded, without the query string
  Form query;
  Form form;  // an application/x-www-form-urlencoded POST body
  std::map<std::string, std::string> cookies;
  std::string accept_language;
  bool htmx = false;  // sent by htmx (HX-Request), wants a fragment
  // An EventSource reconnecting: the id of the last event it received.
  std::string last_event_id;
  bool tls = false;  // the browser reached us over TLS
  bool body_too_large = false;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Static files under a versioned path may be cached for a year; pages
  // never.
  bool cacheable = false;
  // An open-ended body (Server-Sent Events): called after the headers, on
  // the worker thread that holds the connection, with a function that sends
  // bytes at once and answers false when the browser has gone. `body` is
  // then ignored and no Content-Length is sent; the connection closes when
  // `stream` returns.
  using Writer = std::function<bool(absl::string_view)>;
  std::function<void(const Writer&)> stream;

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// The headers every response carries (exposed for the unit tests).
std::vector<std::pair<std::string, std::string>> SecurityHeaders();

class HttpServer {
 public:
  struct Options {
    // "localhost:8080", "0.0.0.0:8080", "127.0.0.1:0" (a free port).
    std::string listen_address = "localhost:8080";
    // PEM certificate chain and key: with them the browser side is HTTPS.
    // An empty key file means the certificate file holds the key too.
    std::string tls_cert_file;
    std::string tls_key_file;
    int threads = 64;
    // Largest POST body read; a larger one is refused.
    size_t max_body_bytes = 64 * 1024;
  };
  using Handler = std::function<Response(const Request&)>;

  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const Options& options, Handler handler);
  ~HttpServer();

  int port() const { return port_; }

 private:
  HttpServer() = default;
  static int HandleRequest(mg_connection* connection, void* self);
  static int InitTls(void* ssl_context, void* self);

  Options options_;
  Handler handler_;
  mg_context* context_ = nullptr;
  int port_ = 0;
};

// "localhost:8080" -> civetweb's listening_ports ("127.0.0.1:8080", with
// "s" appended under TLS).
absl::StatusOr<std::string> ListeningPorts(const std::string& address,
                                           bool tls);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_HTTP_SERVER_H_
