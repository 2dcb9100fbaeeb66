#include "clients/web/http_server.h"

#include <civetweb.h>
#include <openssl/ssl.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/web/log.h"

namespace concierge::web {
namespace {

// Scripts and styles only from this origin (htmx is one of our own files),
// no inline script or style, no plugins, forms only to us, and no framing.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
    "data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

int LogCivetweb(const mg_connection*, const char* message) {
  // civetweb's own messages never carry a query string.
  Log("warning", "http", {{"detail", message}});
  return 1;
}

const char* Header(mg_connection* connection, const char* name) {
  const char* value = mg_get_header(connection, name);
  return value == nullptr ? "" : value;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders() {
  return {{"Content-Security-Policy", kContentSecurityPolicy},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"},
          {"Cross-Origin-Opener-Policy", "same-origin"}};
}

absl::StatusOr<std::string> ListeningPorts(const std::string& address,
                                           bool tls) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen_address: \"", address, "\" is not host:port"));
  }
  std::string host = address.substr(0, colon);
  const char* suffix = tls ? "s" : "";
  if (host.empty() || host == "0.0.0.0" || host == "*") {
    return absl::StrCat(port, suffix);
  }
  if (host == "localhost") host = "127.0.0.1";
  if (host.find_first_not_of("0123456789.") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen_address: use localhost, an IPv4 address or 0.0.0.0, not \"",
        host, "\""));
  }
  return absl::StrCat(host, ":", port, suffix);
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const Options& options, Handler handler) {
  const bool tls = !options.tls_cert_file.empty();
  // civetweb loads OpenSSL itself (dlopen) when asked for TLS. Debian 12's
  // civetweb 1.15 looks for SSL_get_peer_certificate, which OpenSSL 3 no
  // longer exports, and then serves TLS with half a function table: refuse
  // at start rather than crash on the first HTTPS connection.
  static const unsigned tls_ready = [tls] {
    return tls ? mg_init_library(2 /* MG_FEATURES_TLS */) : mg_init_library(0);
  }();
  if (tls && tls_ready == 0) {
    return absl::FailedPreconditionError(
        "--tls_cert_file: this civetweb cannot load OpenSSL 3 (Debian 12's "
        "1.15 looks for SSL_get_peer_certificate); terminate TLS in front of "
        "concierge-web (an Ingress or proxy) and set --secure_cookies");
  }
  absl::StatusOr<std::string> ports =
      ListeningPorts(options.listen_address, tls);
  if (!ports.ok()) return ports.status();

  std::unique_ptr<HttpServer> server(new HttpServer());
  server->options_ = options;
  server->handler_ = std::move(handler);
  const std::string threads = absl::StrCat(options.threads);
  // No document_root: civetweb serves no files of its own, only the handler.
  // No access log: a sign-in link's query string holds a token.
  std::vector<const char*> config = {"listening_ports",       ports->c_str(),
                                     "num_threads",           threads.c_str(),
                                     "request_timeout_ms",    "30000",
                                     "enable_keep_alive",     "yes",
                                     "keep_alive_timeout_ms", "60000",
                                     "listen_backlog",        "512"};
  if (tls) {
    // civetweb loads OpenSSL and the certificate itself only when
    // ssl_certificate names it; InitTls then sets the chain and the key.
    config.insert(config.end(),
                  {"ssl_protocol_version", "4",  // TLS 1.2+
                   "ssl_certificate", server->options_.tls_cert_file.c_str()});
  }
  config.push_back(nullptr);
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = LogCivetweb;
  if (tls) callbacks.init_ssl = InitTls;
  mg_init_data init;
  std::memset(&init, 0, sizeof(init));
  init.callbacks = &callbacks;
  init.user_data = server.get();
  init.configuration_options = config.data();
  unsigned error_code = 0;
  char error_text[256] = "";
  mg_error_data error;
  std::memset(&error, 0, sizeof(error));
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof(error_text);
  server->context_ = mg_start2(&init, &error);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve HTTP on ", options.listen_address, ": ", error_text));
  }
  mg_set_request_handler(server->context_, "/", HandleRequest, server.get());
  mg_server_port bound;
  std::memset(&bound, 0, sizeof(bound));
  if (mg_get_server_ports(server->context_, 1, &bound) == 1) {
    server->port_ = bound.port;
  }
  return server;
}

HttpServer::~HttpServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int HttpServer::InitTls(void* ssl_context, void* self) {
  auto* server = static_cast<HttpServer*>(self);
  auto* ctx = static_cast<SSL_CTX*>(ssl_context);
  const std::string& cert = server->options_.tls_cert_file;
  const std::string& key = server->options_.tls_key_file.empty()
                               ? cert
                               : server->options_.tls_key_file;
  if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    Log("error", "TLS certificate or key refused",
        {{"cert_file", cert}, {"key_file", key}});
    return -1;
  }
  return 1;  // set up here: civetweb loads nothing itself
}

int HttpServer::HandleRequest(mg_connection* connection, void* self) {
  auto* server = static_cast<HttpServer*>(self);
  const mg_request_info* info = mg_get_request_info(connection);
  Request request;
  request.method = info->request_method ? info->request_method : "";
  request.path = info->local_uri ? info->local_uri : "/";
  if (info->query_string != nullptr) {
    request.query = Form::Parse(info->query_string);
  }
  request.cookies = ParseCookies(Header(connection, "Cookie"));
  request.accept_language = Header(connection, "Accept-Language");
  request.htmx =
      absl::EqualsIgnoreCase(Header(connection, "HX-Request"), "true");
  request.tls = info->is_ssl != 0;
  request.last_event_id = Header(connection, "Last-Event-ID");
  if (request.method == "POST") {
    const long long length = info->content_length;
    if (length > static_cast<long long>(server->options_.max_body_bytes)) {
      request.body_too_large = true;
    } else {
      std::string body;
      char buffer[8192];
      int n;
      while ((n = mg_read(connection, buffer, sizeof(buffer))) > 0) {
        body.append(buffer, n);
        if (body.size() > server->options_.max_body_bytes) {
          request.body_too_large = true;
          break;
        }
      }
      if (!request.body_too_large &&
          absl::StartsWithIgnoreCase(Header(connection, "Content-Type"),
                                     "application/x-www-form-urlencoded")) {
        request.form = Form::Parse(body);
      }
    }
  }

  Response response = server->handler_(request);

  mg_response_header_start(connection, response.status);
  for (const auto& [name, value] : SecurityHeaders()) {
    mg_response_header_add(connection, name.c_str(), value.c_str(), -1);
  }
  mg_response_header_add(
      connection, "Cache-Control",
      response.cacheable ? "public, max-age=31536000, immutable" : "no-store",
      -1);
  if (request.tls) {
    mg_response_header_add(connection, "Strict-Transport-Security",
                           "max-age=31536000", -1);
  }
  mg_response_header_add(connection, "Content-Type",
                         response.content_type.c_str(), -1);
  for (const auto& [name, value] : response.headers) {
    mg_response_header_add(connection, name.c_str(), value.c_str(), -1);
  }
  if (response.stream) {
    // Server-Sent Events: no length, no proxy buffering; the connection
    // (and this worker thread) is the stream's until it ends.
    mg_response_header_add(connection, "X-Accel-Buffering", "no", -1);
    mg_response_header_add(connection, "Connection", "close", -1);
    mg_response_header_send(connection);
    if (request.method == "HEAD") return response.status;
    response.stream([connection](absl::string_view bytes) {
      return bytes.empty() ||
             mg_write(connection, bytes.data(), bytes.size()) ==
                 static_cast<int>(bytes.size());
    });
    return response.status;
  }
  const std::string length = absl::StrCat(response.body.size());
  mg_response_header_add(connection, "Content-Length", length.c_str(), -1);
  mg_response_header_send(connection);
  if (request.method != "HEAD" && !response.body.empty()) {
    mg_write(connection, response.body.data(), response.body.size());
  }
  return response.status;
}

}  // namespace concierge::web
