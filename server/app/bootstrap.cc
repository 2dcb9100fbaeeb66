#include "server/app/bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/auth/tokens.h"
#include "server/store/token_repository.h"

namespace concierge {

absl::Status WritePrivateFile(const std::string& path,
                              const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  // The file may have existed with wider permissions.
  fchmod(fd, S_IRUSR | S_IWUSR);
  const std::string line = text + "\n";
  const ssize_t written = write(fd, line.data(), line.size());
  close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BootstrapAdmin(store::Database& db,
                                           const domain::Clock& clock,
                                           const std::string& token_file) {
  std::string token;
  const absl::Time now = clock.Now();
  absl::Status status = db.Transact(
      "BootstrapAdmin", absl::Now() + absl::Seconds(30),
      [&](soci::session& sql) -> absl::Status {
        // Serializes concurrent first starts of several replicas.
        sql << "LOCK TABLE admins IN EXCLUSIVE MODE";
        if (store::FindFirstAdmin(sql)) return absl::OkStatus();
        const int64_t admin_id =
            store::InsertAdmin(sql, "Group administrator", now);
        token = auth::NewTokenText();
        store::TokenRecord record;
        record.kind = domain::PrincipalKind::kAdmin;
        record.principal_id = admin_id;
        record.label = "bootstrap";
        record.create_time = now;
        store::InsertToken(sql, record, auth::HashToken(token));
        // Written inside the transaction: if the file cannot be written the
        // administrator is not created, and the next start tries again.
        return WritePrivateFile(token_file, token);
      });
  if (!status.ok()) return status;
  return token;
}

}  // namespace concierge
