#ifndef CONCIERGE_CLIENTS_WEB_PAGE_H_
#define CONCIERGE_CLIENTS_WEB_PAGE_H_

// One HTTP request being answered: who asks (the session), in which
// language, with which request id, and the helpers every page uses to call
// the API with the person's own token and to answer.

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/web/app.h"
#include "clients/web/errors.h"
#include "clients/web/http_server.h"
#include "clients/web/i18n.h"
#include "clients/web/session.h"
#include "clients/web/templates.h"
#include "concierge/v1/common.pb.h"

namespace concierge::web {

// A form as typed, and the messages to show beside its fields.
struct FormState {
  Form values;
  std::map<std::string, std::string> errors;  // form field -> message
  std::string general_error;                  // not tied to one field
  bool active = false;                        // this form was the one posted
};

// Which form field a server field path belongs to ("request.window_end" ->
// "window_end"), and the label key naming that field on the page.
struct FieldMap {
  std::string server_field;  // prefix of the path the server names
  std::string form_field;
  std::string label_key;
};

// Several calls at once on gRPC's callback API: a page that shows several
// kinds of data waits for the slowest, not the sum.
class Fanout {
 public:
  // A completion callback for one call: stores its status.
  std::function<void(grpc::Status)> Done(grpc::Status* out);
  void Wait();

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int pending_ = 0;
};

class Page {
 public:
  Page(App& app, const Request& request, Lang lang,
       std::optional<Session> session);

  App& app() { return app_; }
  const Request& request() const { return request_; }
  Lang lang() const { return lang_; }
  bool signed_in() const { return session_.has_value(); }
  const Session& session() const { return *session_; }
  const std::string& request_id() const { return request_id_; }
  const absl::TimeZone& zone() const { return zone_; }

  // A context for one RPC: the person's token, the deadline, and this
  // page's request id as x-request-id (the server logs it, support can
  // find it).
  std::unique_ptr<grpc::ClientContext> Context() const;
  std::shared_ptr<grpc::Channel> channel() { return app_.channel(); }
  // Reads: the calls of `run`, retried together on UNAVAILABLE within the
  // retry budget. Returns the first failure, or OK.
  grpc::Status Read(const std::function<grpc::Status()>& run);
  // A write with the form's request_id (hidden field "rid", made when the
  // form was shown, so a double submit or a retry is carried out once),
  // retried on UNAVAILABLE by the clients' one policy.
  grpc::Status Write(
      const std::function<grpc::Status(grpc::ClientContext*)>& call);
  // The form's request_id, or a fresh one.
  std::string FormRequestId() const;

  const std::string& Tr(absl::string_view key) const {
    return web::Tr(lang_, key);
  }
  const std::string& Pick(const v1::LocalizedText& text) const {
    return web::Pick(lang_, text);
  }
  std::string Time(const google::protobuf::Timestamp& t) const;
  template <typename Enum>
  const std::string& EnumLabel(const google::protobuf::EnumDescriptor* d,
                               Enum value) const {
    return EnumText(lang_, d, static_cast<int>(value));
  }

  // The data every form needs: csrf, rid (a fresh request_id).
  Data FormData() const;
  // FormData() plus the posted values (v_<field>) and messages
  // (e_<field>, form_error) of `form` when it is the one that failed.
  Data FormData(const FormState& form) const;

  // The page: `body` (templates/<body>.mustache) inside the layout, with
  // the navigation, the language switch and the request id.
  Response Render(const std::string& body, Data data, const std::string& title,
                  int status = 200);
  // Only the template (htmx fragments).
  Response Fragment(const std::string& body, const Data& data,
                    int status = 200);
  // 303 See Other to a local path.
  Response Redirect(const std::string& path);
  // The page for a failed call (sign-in, unreachable, not available,
  // conflict, busy, internal).
  Response Failure(const grpc::Status& status);
  // INVALID_ARGUMENT: fills `form` with the message beside the field the
  // server named (mapped through `fields`; the server's field paths in the
  // text become the page's labels). False when `status` is another failure.
  bool FieldError(const grpc::Status& status,
                  const std::vector<FieldMap>& fields, FormState* form) const;

  // "/r/requests" -> the same path (with its query, but never sign-in's)
  // in the other language's switch link.
  std::string CurrentPath() const;

 private:
  App& app_;
  const Request& request_;
  Lang lang_;
  std::optional<Session> session_;
  std::string request_id_;
  absl::TimeZone zone_;
};

// A random id: "web-" + 24 hex digits.
std::string NewWebId();

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_PAGE_H_
