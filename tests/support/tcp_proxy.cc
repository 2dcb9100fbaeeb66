#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "tests/support/process.h"

namespace concierge::testing {
namespace {

// A direction stops reading while this much waits to be forwarded.
constexpr size_t kMaxQueuedBytes = 1 << 20;

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

void SetNonBlocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Closes with a reset rather than a FIN: what a peer sees when a middlebox
// or a dead host drops the connection.
void Reset(int fd) {
  linger hard{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
  close(fd);
}

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// Data read from one side, waiting to be written to the other.
struct Chunk {
  absl::Time due;
  std::string data;
  size_t offset = 0;
};

struct Direction {
  std::deque<Chunk> queue;
  size_t bytes = 0;

  bool HasDue(absl::Time now) const {
    return !queue.empty() && queue.front().due <= now;
  }
};

}  // namespace

struct TcpProxy::Pair {
  int client = -1;
  int upstream = -1;
  Direction to_upstream;
  Direction to_client;
  bool dead = false;
};

namespace {

// Reads what `from` has into `direction`; false on end of stream or error.
bool ReadInto(int from, Direction& direction, absl::Duration delay) {
  char buffer[64 * 1024];
  const ssize_t n = recv(from, buffer, sizeof(buffer), 0);
  if (n > 0) {
    direction.queue.push_back(
        Chunk{absl::Now() + delay, std::string(buffer, n), 0});
    direction.bytes += n;
    return true;
  }
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

// Writes the chunks of `direction` that are due to `to`; false on error.
bool WriteDue(int to, Direction& direction) {
  const absl::Time now = absl::Now();
  while (direction.HasDue(now)) {
    Chunk& chunk = direction.queue.front();
    const ssize_t n = send(to, chunk.data.data() + chunk.offset,
                           chunk.data.size() - chunk.offset, MSG_NOSIGNAL);
    if (n < 0) {
      return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
    chunk.offset += n;
    direction.bytes -= n;
    if (chunk.offset < chunk.data.size()) return true;  // kernel buffer full
    direction.queue.pop_front();
  }
  return true;
}

// A blocking connect to PostgreSQL on this host (immediate or refused).
int ConnectUpstream(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  SetNonBlocking(fd);
  return fd;
}

}  // namespace

TcpProxy::TcpProxy(int target_port) : target_port_(target_port) {
  if (pipe(wake_pipe_) != 0) Die("proxy pipe");
  SetNonBlocking(wake_pipe_[0]);
  SetNonBlocking(wake_pipe_[1]);
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  // FreePort may race with another process; try a few.
  for (int attempt = 0;; ++attempt) {
    port_ = FreePort();
    sockaddr_in addr = Loopback(port_);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ==
        0) {
      break;
    }
    if (attempt == 20) Die("proxy bind");
  }
  if (listen(listen_fd_, 128) != 0) Die("proxy listen");
  SetNonBlocking(listen_fd_);
  thread_ = std::thread([this] { Run(); });
}

TcpProxy::~TcpProxy() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  Wake();
  thread_.join();
  close(listen_fd_);
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
}

void TcpProxy::Wake() {
  const char byte = 1;
  [[maybe_unused]] ssize_t ignored = write(wake_pipe_[1], &byte, 1);
}

void TcpProxy::SetDelay(absl::Duration delay) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    delay_ = delay;
  }
  Wake();
}

void TcpProxy::SetStalled(bool stalled) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stalled_ = stalled;
  }
  Wake();
}

void TcpProxy::SetDropNew(bool drop) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    drop_new_ = drop;
  }
  Wake();
}

void TcpProxy::CutAll() {
  std::unique_lock<std::mutex> lock(mu_);
  const int ticket = ++cuts_requested_;
  lock.unlock();
  Wake();
  lock.lock();
  cut_done_.wait(lock, [&] { return cuts_done_ >= ticket; });
}

void TcpProxy::Heal() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    delay_ = absl::ZeroDuration();
    stalled_ = false;
    drop_new_ = false;
  }
  Wake();
}

void TcpProxy::Run() {
  std::vector<std::unique_ptr<Pair>> pairs;
  auto close_pair = [&](Pair& p, bool reset) {
    if (reset) {
      Reset(p.client);
      Reset(p.upstream);
    } else {
      close(p.client);
      close(p.upstream);
    }
    p.dead = true;
    open_.fetch_sub(1);
  };
  for (;;) {
    absl::Duration delay;
    bool stalled = false, drop_new = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) break;
      delay = delay_;
      stalled = stalled_;
      drop_new = drop_new_;
      if (cuts_done_ < cuts_requested_) {
        for (auto& p : pairs) close_pair(*p, /*reset=*/true);
        pairs.clear();
        cuts_done_ = cuts_requested_;
        cut_done_.notify_all();
      }
    }

    // What to wait for: readable sides with room, writable sides with data
    // due; and the earliest chunk not yet due bounds the wait.
    const absl::Time now = absl::Now();
    absl::Duration wait = absl::Milliseconds(100);
    std::vector<pollfd> fds = {{wake_pipe_[0], POLLIN, 0},
                               {listen_fd_, POLLIN, 0}};
    for (auto& p : pairs) {
      short client_events = 0, upstream_events = 0;
      if (p->to_upstream.bytes < kMaxQueuedBytes) client_events |= POLLIN;
      if (p->to_client.bytes < kMaxQueuedBytes) upstream_events |= POLLIN;
      if (!stalled) {
        for (Direction* d : {&p->to_upstream, &p->to_client}) {
          if (!d->queue.empty() && d->queue.front().due > now) {
            wait = std::min(wait, d->queue.front().due - now);
          }
        }
        if (p->to_client.HasDue(now)) client_events |= POLLOUT;
        if (p->to_upstream.HasDue(now)) upstream_events |= POLLOUT;
      }
      fds.push_back({p->client, client_events, 0});
      fds.push_back({p->upstream, upstream_events, 0});
    }
    const int timeout_ms = std::max<int64_t>(
        1, absl::ToInt64Milliseconds(wait + absl::Milliseconds(1)));
    if (poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
      Die("proxy poll");
    }

    char drain[64];
    while (read(wake_pipe_[0], drain, sizeof(drain)) > 0) {
    }
    if (fds[1].revents & POLLIN) {
      for (;;) {
        const int client = accept(listen_fd_, nullptr, nullptr);
        if (client < 0) break;
        accepted_.fetch_add(1);
        if (drop_new) {
          Reset(client);
          continue;
        }
        const int upstream = ConnectUpstream(target_port_);
        if (upstream < 0) {
          Reset(client);  // the database is down: so is the connection
          continue;
        }
        SetNonBlocking(client);
        auto pair = std::make_unique<Pair>();
        pair->client = client;
        pair->upstream = upstream;
        pairs.push_back(std::move(pair));
        open_.fetch_add(1);
      }
    }

    // Pairs accepted just now have no pollfd yet; they are served next round.
    const size_t polled = (fds.size() - 2) / 2;
    for (size_t i = 0; i < polled; ++i) {
      Pair& p = *pairs[i];
      const pollfd& c = fds[2 + 2 * i];
      const pollfd& u = fds[3 + 2 * i];
      bool alive = true;
      if (c.revents & (POLLIN | POLLHUP | POLLERR)) {
        alive = ReadInto(p.client, p.to_upstream, delay) && alive;
      }
      if (u.revents & (POLLIN | POLLHUP | POLLERR)) {
        alive = ReadInto(p.upstream, p.to_client, delay) && alive;
      }
      if (alive && !stalled) {
        alive = WriteDue(p.upstream, p.to_upstream) &&
                WriteDue(p.client, p.to_client);
      }
      // One side gone: the other goes too (queued data is dropped, as a
      // broken link would).
      if (!alive) close_pair(p, /*reset=*/false);
    }
    pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                               [](const auto& p) { return p->dead; }),
                pairs.end());
  }
  for (auto& p : pairs) close_pair(*p, /*reset=*/true);
}

}  // namespace concierge::testing
