#ifndef CONCIERGE_CLIENTS_WEB_ERRORS_H_
#define CONCIERGE_CLIENTS_WEB_ERRORS_H_

// What a person sees when a call fails: one mapping from the gRPC status of
// a call to the page that answers it. Nothing raw reaches a page: no status
// code, no stack, no SQL; the request id is shown small for support.

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/string_view.h"

namespace concierge::web {

enum class ErrorPage {
  kNone,          // OK: the page itself
  kSignIn,        // UNAUTHENTICATED: back to sign-in (303)
  kUnreachable,   // UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED: retry (503)
  kNotAvailable,  // PERMISSION_DENIED and NOT_FOUND alike, so nothing leaks
                  // about what exists (404)
  kFieldError,    // INVALID_ARGUMENT, OUT_OF_RANGE: the form again, as typed,
                  // with the message beside the field named (422)
  kConflict,      // FAILED_PRECONDITION, ABORTED, ALREADY_EXISTS: the thing
                  // moved on meanwhile; shown as it is now (409)
  kBusy,          // RESOURCE_EXHAUSTED: try again shortly (429)
  kInternal,      // anything else: our fault, with the request id (500)
};

ErrorPage PageFor(grpc::StatusCode code);
// The HTTP status that answers `page` (kSignIn: 303, kNone: 200).
int HttpStatusFor(ErrorPage page);
// The label key of the page's heading and explanation, e.g.
// "err.unreachable.title", "err.unreachable.text".
const char* ErrorLabelStem(ErrorPage page);

// INVALID_ARGUMENT messages name their field first, as the API promises:
// "request.window_end: must be after request.window_start". `field` is that
// dotted path ("" when the message names none) and `text` the rest.
struct FieldError {
  std::string field;
  std::string text;
};
FieldError ParseFieldError(absl::string_view message);

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_ERRORS_H_
