#include "clients/web/errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace concierge::web {

ErrorPage PageFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return ErrorPage::kNone;
    case grpc::StatusCode::UNAUTHENTICATED:
      return ErrorPage::kSignIn;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return ErrorPage::kUnreachable;
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::NOT_FOUND:
      return ErrorPage::kNotAvailable;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return ErrorPage::kFieldError;
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::ALREADY_EXISTS:
      return ErrorPage::kConflict;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return ErrorPage::kBusy;
    default:
      return ErrorPage::kInternal;
  }
}

int HttpStatusFor(ErrorPage page) {
  switch (page) {
    case ErrorPage::kNone:
      return 200;
    case ErrorPage::kSignIn:
      return 303;
    case ErrorPage::kUnreachable:
      return 503;
    case ErrorPage::kNotAvailable:
      return 404;
    case ErrorPage::kFieldError:
      return 422;
    case ErrorPage::kConflict:
      return 409;
    case ErrorPage::kBusy:
      return 429;
    case ErrorPage::kInternal:
      return 500;
  }
  return 500;
}

const char* ErrorLabelStem(ErrorPage page) {
  switch (page) {
    case ErrorPage::kNone:
    case ErrorPage::kSignIn:
      return "err.signin";
    case ErrorPage::kUnreachable:
      return "err.unreachable";
    case ErrorPage::kNotAvailable:
      return "err.notavailable";
    case ErrorPage::kFieldError:
      return "err.field";
    case ErrorPage::kConflict:
      return "err.conflict";
    case ErrorPage::kBusy:
      return "err.busy";
    case ErrorPage::kInternal:
      return "err.internal";
  }
  return "err.internal";
}

FieldError ParseFieldError(absl::string_view message) {
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || colon == 0) {
    return {"", std::string(message)};
  }
  const absl::string_view field = message.substr(0, colon);
  // A field path: letters, digits, '_', '.', and [index].
  for (const char c : field) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '[' && c != ']') {
      return {"", std::string(message)};
    }
  }
  return {std::string(field),
          std::string(absl::StripAsciiWhitespace(message.substr(colon + 2)))};
}

}  // namespace concierge::web
