#ifndef CONCIERGE_CLIENTS_BENCH_WEB_LOAD_H_
#define CONCIERGE_CLIENTS_BENCH_WEB_LOAD_H_

// The web scenario (issue 19): signed-in sessions loading concierge-web's
// two busiest pages, the resident's requests and the attendant's room
// brief, against the same RPCs called directly, so the cost of the page
// (HTTP, session, templates) shows beside the cost of its data.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/load.h"

namespace concierge::bench {

struct WebPeople {
  std::string resident_token;   // the demo's RESIDENT_TOKEN
  std::string attendant_token;  // the demo's HOTEL_ATTENDANT_TOKEN
  std::string resident_site;    // from WhoAmI
  std::string hotel_site;
  std::string room = "1203";
};

// Reads the tokens from the demo's env file and each person's site.
absl::StatusOr<WebPeople> LoadWebPeople(
    const std::string& demo_env, const std::shared_ptr<grpc::Channel>& channel);

// `concurrency` sessions, each signed in by its own link (its own cookie)
// and holding one keep-alive connection: even sessions are the resident
// loading /r/requests, odd ones the attendant loading /hk/rooms/<room>.
// `think`: each session's pause between pages (zero: a closed loop, the
// most pages the client and server can serve; a pause models people
// reading, and shows a page's latency when nothing queues).
absl::StatusOr<LoadResult> RunWebPages(
    const std::string& web_address, const WebPeople& people, int concurrency,
    absl::Duration duration, absl::Duration think = absl::ZeroDuration());

// The RPCs behind those pages, called directly with the same split: the
// resident's ListServiceRequests; the attendant's GetRoomDay, GetVocabulary
// and ListDepartments at once (one "page" when all three answer).
LoadResult RunWebRpcs(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const WebPeople& people, int concurrency, absl::Duration duration);

}  // namespace concierge::bench

#endif  // CONCIERGE_CLIENTS_BENCH_WEB_LOAD_H_
