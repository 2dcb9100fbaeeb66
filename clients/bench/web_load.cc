#include "clients/bench/web_load.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/common/cli.h"
#include "concierge/v1/directory.grpc.pb.h"
#include "concierge/v1/housekeeping.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"

namespace concierge::bench {
namespace {

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

absl::StatusOr<std::string> SiteOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& token) {
  auto stub = v1::DirectoryService::NewStub(channel);
  v1::Principal who;
  auto context = Context(token);
  grpc::Status status = stub->WhoAmI(context.get(), v1::WhoAmIRequest(), &who);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("WhoAmI: ", status.error_message()));
  }
  return who.site();
}

// One keep-alive HTTP/1.1 connection to concierge-web.
class Connection {
 public:
  ~Connection() { Close(); }

  bool Open(const std::string& address) {
    Close();
    const size_t colon = address.rfind(':');
    int port = 0;
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
      return false;
    }
    std::string host = address.substr(0, colon);
    if (host == "localhost") host = "127.0.0.1";
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) return false;
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }

  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  // GET `path`; the status (0 on a broken connection), and the Set-Cookie
  // value of `cookie_name` if the answer sets one.
  int Get(const std::string& path, const std::string& cookie,
          const std::string& cookie_name, std::string* set_cookie) {
    const std::string request = absl::StrCat(
        "GET ", path, " HTTP/1.1\r\nHost: bench\r\nAccept-Language: en\r\n",
        cookie.empty() ? "" : absl::StrCat("Cookie: ", cookie, "\r\n"), "\r\n");
    if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      return 0;
    }
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return 0;
    }
    const std::string head = buffer_.substr(0, header_end);
    int status = 0;
    if (head.size() < 12 || !absl::SimpleAtoi(head.substr(9, 3), &status)) {
      return 0;
    }
    size_t length = 0;
    for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
      if (absl::StartsWithIgnoreCase(line, "content-length:")) {
        absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &length);
      }
      if (set_cookie && absl::StartsWithIgnoreCase(line, "set-cookie:")) {
        absl::string_view value = absl::StripAsciiWhitespace(line.substr(11));
        if (absl::StartsWith(value, cookie_name + "=")) {
          *set_cookie = std::string(value.substr(0, value.find(';')));
        }
      }
    }
    while (buffer_.size() < header_end + 4 + length) {
      if (!Fill()) return 0;
    }
    buffer_.erase(0, header_end + 4 + length);
    return status;
  }

 private:
  bool Fill() {
    char chunk[65536];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, n);
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string UrlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '-' || c == '_' || c == '.') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<WebPeople> LoadWebPeople(
    const std::string& demo_env,
    const std::shared_ptr<grpc::Channel>& channel) {
  std::ifstream in(demo_env);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", demo_env));
  WebPeople people;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    absl::ConsumePrefix(&rest, "export ");
    const size_t eq = rest.find('=');
    if (eq == absl::string_view::npos) continue;
    const absl::string_view key = rest.substr(0, eq);
    std::string value(absl::StripAsciiWhitespace(rest.substr(eq + 1)));
    if (value.size() >= 2 && (value[0] == '\'' || value[0] == '"')) {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "RESIDENT_TOKEN") people.resident_token = value;
    if (key == "HOTEL_ATTENDANT_TOKEN") people.attendant_token = value;
  }
  if (people.resident_token.empty() || people.attendant_token.empty()) {
    return absl::NotFoundError(
        "RESIDENT_TOKEN or HOTEL_ATTENDANT_TOKEN missing in the demo file");
  }
  auto resident_site = SiteOf(channel, people.resident_token);
  if (!resident_site.ok()) return resident_site.status();
  auto hotel_site = SiteOf(channel, people.attendant_token);
  if (!hotel_site.ok()) return hotel_site.status();
  people.resident_site = *resident_site;
  people.hotel_site = *hotel_site;
  return people;
}

absl::StatusOr<LoadResult> RunWebPages(const std::string& web_address,
                                       const WebPeople& people, int concurrency,
                                       absl::Duration duration,
                                       absl::Duration think) {
  // Sign every session in first (not measured).
  std::vector<std::string> cookies(concurrency);
  for (int i = 0; i < concurrency; ++i) {
    Connection c;
    if (!c.Open(web_address)) {
      return absl::UnavailableError(absl::StrCat("cannot reach ", web_address));
    }
    const std::string& token =
        i % 2 == 0 ? people.resident_token : people.attendant_token;
    std::string cookie;
    const int status = c.Get("/signin?token=" + UrlEncode(token), "",
                             "concierge_session", &cookie);
    if (status != 303 || cookie.empty()) {
      return absl::PermissionDeniedError(
          absl::StrCat("sign-in answered ", status));
    }
    cookies[i] = cookie;
  }
  struct SlotResult {
    std::vector<int64_t> latencies_us;
    std::map<std::string, int64_t> errors;
    int64_t calls = 0;
  };
  std::vector<SlotResult> slots(concurrency);
  const absl::Time started = absl::Now();
  const absl::Time stop_at = started + duration;
  std::vector<std::thread> threads;
  for (int i = 0; i < concurrency; ++i) {
    threads.emplace_back([&, i] {
      const std::string path = i % 2 == 0
                                   ? std::string("/r/requests")
                                   : absl::StrCat("/hk/rooms/", people.room);
      Connection c;
      bool open = c.Open(web_address);
      SlotResult& slot = slots[i];
      // Paced sessions start spread over one pause, not all at once.
      if (think > absl::ZeroDuration()) {
        absl::SleepFor(think * i / concurrency);
      }
      while (absl::Now() < stop_at) {
        const absl::Time t0 = absl::Now();
        const int status = open ? c.Get(path, cookies[i], "", nullptr) : 0;
        slot.latencies_us.push_back(
            absl::ToInt64Microseconds(absl::Now() - t0));
        ++slot.calls;
        if (status != 200) {
          ++slot.errors[absl::StrCat("HTTP_", status)];
          open = c.Open(web_address);
        }
        if (think > absl::ZeroDuration()) absl::SleepFor(think);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  LoadResult result;
  result.scenario = think > absl::ZeroDuration() ? "web-paced" : "web-pages";
  result.concurrency = concurrency;
  result.elapsed = absl::Now() - started;
  for (SlotResult& s : slots) {
    result.calls += s.calls;
    result.latencies_us.insert(result.latencies_us.end(),
                               s.latencies_us.begin(), s.latencies_us.end());
    for (const auto& [code, n] : s.errors) {
      result.errors += n;
      result.errors_by_code[code] += n;
    }
  }
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  return result;
}

LoadResult RunWebRpcs(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const WebPeople& people, int concurrency, absl::Duration duration) {
  std::vector<std::unique_ptr<v1::ServiceRequestService::Stub>> requests;
  std::vector<std::unique_ptr<v1::HousekeepingService::Stub>> housekeeping;
  std::vector<std::unique_ptr<v1::DirectoryService::Stub>> directory;
  for (const auto& channel : channels) {
    requests.push_back(v1::ServiceRequestService::NewStub(channel));
    housekeeping.push_back(v1::HousekeepingService::NewStub(channel));
    directory.push_back(v1::DirectoryService::NewStub(channel));
  }
  // The same requests the pages make (resident_request_pages.cc Requests,
  // housekeeping_pages.cc RoomPage).
  v1::ListServiceRequestsRequest list;
  list.set_parent(people.resident_site);
  list.set_page_size(50);
  for (int s = v1::REQUEST_STATE_AWAITING_QUOTE;
       s <= v1::REQUEST_STATE_COMPLETED; ++s) {
    if (v1::RequestState_IsValid(s)) {
      list.add_states(static_cast<v1::RequestState>(s));
    }
  }
  v1::GetRoomDayRequest day;
  day.set_site(people.hotel_site);
  day.set_room_number(people.room);
  v1::GetVocabularyRequest vocabulary;
  vocabulary.set_site(people.hotel_site);
  v1::ListDepartmentsRequest departments;
  departments.set_parent(people.hotel_site);
  departments.set_page_size(100);

  // Each call's context and response live until its callback.
  struct Page {
    std::unique_ptr<grpc::ClientContext> c1, c2, c3;
    v1::ListServiceRequestsResponse requests;
    v1::RoomDay day;
    v1::Vocabulary vocabulary;
    v1::ListDepartmentsResponse departments;
    std::atomic<int> pending{0};
    grpc::Status first_error;
    std::mutex mu;
    std::function<void(grpc::Status)> done;
    void Finish(const grpc::Status& s) {
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = s;
      }
      if (--pending == 0) done(first_error);
    }
  };
  // Two per slot, used in turn: a page's last callback starts the next
  // page, so it must not be the one destroyed then.
  std::vector<std::array<std::unique_ptr<Page>, 2>> pages(concurrency);
  std::vector<int> turn(concurrency, 0);
  return RunClosedLoop("web-rpcs", concurrency, duration,
                       [&](int slot, std::function<void(grpc::Status)> done) {
                         turn[slot] ^= 1;
                         auto& page = pages[slot][turn[slot]];
                         page = std::make_unique<Page>();
                         Page* p = page.get();
                         p->done = std::move(done);
                         const size_t ch = slot % channels.size();
                         if (slot % 2 == 0) {
                           p->pending = 1;
                           p->c1 = Context(people.resident_token);
                           requests[ch]->async()->ListServiceRequests(
                               p->c1.get(), &list, &p->requests,
                               [p](grpc::Status s) { p->Finish(s); });
                           return;
                         }
                         p->pending = 3;
                         p->c1 = Context(people.attendant_token);
                         p->c2 = Context(people.attendant_token);
                         p->c3 = Context(people.attendant_token);
                         housekeeping[ch]->async()->GetRoomDay(
                             p->c1.get(), &day, &p->day,
                             [p](grpc::Status s) { p->Finish(s); });
                         housekeeping[ch]->async()->GetVocabulary(
                             p->c2.get(), &vocabulary, &p->vocabulary,
                             [p](grpc::Status s) { p->Finish(s); });
                         directory[ch]->async()->ListDepartments(
                             p->c3.get(), &departments, &p->departments,
                             [p](grpc::Status s) { p->Finish(s); });
                       });
}

}  // namespace concierge::bench
