#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

extern char** environ;

namespace concierge::testing {
namespace {

std::vector<std::string> MergedEnvironment(
    const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    const size_t eq = entry.find('=');
    if (eq != std::string::npos)
      all[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : all) out.push_back(k + "=" + v);
  return out;
}

pid_t Spawn(const std::vector<std::string>& argv,
            const std::map<std::string, std::string>& env,
            const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // The test binary may block signals; the child must start clean.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<std::string> environment = MergedEnvironment(env);
  std::vector<char*> envp;
  for (const auto& e : environment)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, &attr, args.data(), envp.data()) !=
      0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env,
                         absl::Duration timeout) {
  char dir_template[] = "/tmp/concierge-cmd-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string out_path = dir + "/out", err_path = dir + "/err";
  CommandResult result;
  const pid_t pid = Spawn(argv, env, out_path, err_path);
  if (pid < 0) {
    result.err = "cannot start " + argv[0];
    return result;
  }
  const absl::Time give_up = absl::Now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.exit_code = DecodeStatus(status);
  result.out = ReadFileOrEmpty(out_path);
  result.err = ReadFileOrEmpty(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  rmdir(dir.c_str());
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env,
                           const std::string& log_path) {
  pid_ = Spawn(argv, env, log_path + ".out", log_path);
}

ChildProcess::~ChildProcess() {
  if (Running()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

void ChildProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || status_ != -1) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = status;
    return false;
  }
  return true;
}

int ChildProcess::Wait(absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (Running()) {
    if (absl::Now() > give_up) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_ == -1 ? -1 : DecodeStatus(status_);
}

StartOutcome WaitUntilServing(ChildProcess& child, const std::string& log_path,
                              absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    if (absl::StrContains(ReadFileOrEmpty(log_path), "\"msg\":\"serving\"")) {
      return StartOutcome::kServing;
    }
    if (!child.Running()) return StartOutcome::kExited;
    if (absl::Now() > give_up) return StartOutcome::kTimedOut;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

namespace {

// True when nothing listens on 127.0.0.1:port right now.
bool PortIsFree(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool free =
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return free;
}

// CONCIERGE_TEST_PORTS="LOW-HIGH" keeps the ports tests open in a range
// (on a machine shared with other work); 0 when unset.
int PortInConfiguredRange() {
  const char* range = std::getenv("CONCIERGE_TEST_PORTS");
  int low = 0, high = 0;
  if (range == nullptr || std::sscanf(range, "%d-%d", &low, &high) != 2 ||
      low <= 0 || high < low) {
    return 0;
  }
  // Start at a random place so concurrent test binaries rarely collide.
  static std::atomic<unsigned> turn{static_cast<unsigned>(getpid()) * 7919u};
  const int span = high - low + 1;
  const int start = static_cast<int>(turn.fetch_add(7) % span);
  for (int i = 0; i < span; ++i) {
    const int port = low + (start + i) % span;
    if (PortIsFree(port)) return port;
  }
  return 0;
}

}  // namespace

int FreePort() {
  if (const int port = PortInConfiguredRange(); port != 0) return port;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

namespace {

// A socket bound to ip:port (not listening), or -1 with errno set.
int BindTo(const std::string& ip, int port) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
  if (ip.find(':') != std::string::npos) {
    family = AF_INET6;
    auto* addr = reinterpret_cast<sockaddr_in6*>(&storage);
    addr->sin6_family = AF_INET6;
    addr->sin6_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET6, ip.c_str(), &addr->sin6_addr) != 1) return -1;
    length = sizeof(*addr);
  } else {
    auto* addr = reinterpret_cast<sockaddr_in*>(&storage);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET, ip.c_str(), &addr->sin_addr) != 1) return -1;
    length = sizeof(*addr);
  }
  const int fd = socket(family, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  // A connection lingering in TIME_WAIT does not hold the port: only a
  // listener does.
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

}  // namespace

PortOccupier::PortOccupier(const std::string& ip, int port)
    : ip_(ip), port_(port) {
  fd_ = BindTo(ip, port);
  if (fd_ >= 0 && listen(fd_, 16) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

PortOccupier::~PortOccupier() {
  if (fd_ >= 0) close(fd_);
}

bool PortOccupier::taken() const {
  if (fd_ >= 0) return true;
  const int fd = BindTo(ip_, port_);
  if (fd >= 0) {
    close(fd);
    return false;
  }
  return errno == EADDRINUSE;
}

bool IsServing(const std::shared_ptr<grpc::Channel>& channel,
               const std::string& service, absl::Duration deadline) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

bool WaitForServing(const std::shared_ptr<grpc::Channel>& channel, bool serving,
                    absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    if (IsServing(channel) == serving) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace concierge::testing
