#ifndef CONCIERGE_TESTS_E2E_SERVER_PROCESS_H_
#define CONCIERGE_TESTS_E2E_SERVER_PROCESS_H_

// End-to-end tests: the real concierge-server binary as a child process and
// the real client binaries run against it.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/test_database.h"

namespace concierge::testing {

class ServerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts concierge-server on a free port against `database_url` (default:
  // a fresh test database) and waits until it serves.
  void StartServer(const std::string& database_url = "",
                   const std::map<std::string, std::string>& env = {});

  // Runs a client binary against the server with `token`.
  CommandResult Client(const std::string& binary, const std::string& token,
                       const std::vector<std::string>& args);
  CommandResult Staff(const std::string& token,
                      const std::vector<std::string>& args) {
    return Client(CONCIERGE_STAFF_BIN, token, args);
  }
  CommandResult Resident(const std::string& token,
                         const std::vector<std::string>& args) {
    return Client(CONCIERGE_RESIDENT_BIN, token, args);
  }
  CommandResult Housekeeping(const std::string& token,
                             const std::vector<std::string>& args) {
    return Client(CONCIERGE_HOUSEKEEPING_BIN, token, args);
  }
  // Runs `concierge-server demo` against `db_` (created by the caller) and
  // returns the VAR='value' lines it writes (tokens, names, dates).
  std::map<std::string, std::string> RunDemo();
  // `Staff(..., {..., "--output", "json"})` and take one string field.
  static std::string JsonField(const std::string& json, const std::string& key);

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::string server_log() const { return ReadFileOrEmpty(log_path_); }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ChildProcess> server_;
  std::string address_;
  // The metrics endpoint's port (CONCIERGE_METRICS_ADDRESS).
  int metrics_port_ = 0;
  std::string admin_token_;
  std::string scratch_dir_;
  std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
  // How channel() connects; set before StartServer for a TLS server
  // (default: plaintext).
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_E2E_SERVER_PROCESS_H_
