#include "app/digest_export.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/digest_input.hpp"
#include "app/digest_loop.hpp"
#include "config/read_file.hpp"
#include "core/sha256.hpp"
#include "digest/schedule.hpp"
#include "store/digest_store.hpp"

namespace sellerwatch::app {
namespace {

core::Error FileError(const std::string& path, std::string_view what) {
  return core::Error::Permanent(fmt::format("{}: {}: {}", path, what, std::strerror(errno)));
}

// Writes all of `text` to `fd` and fsyncs it.
core::Result<void> WriteAll(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError(path, "write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return FileError(path, "fsync");
  return {};
}

}  // namespace

core::Result<std::string> ConfigSha256(const config::Config& config) {
  std::string error;
  auto text = config::ReadWholeFile(config.path, error);
  if (!text) return core::Error::Config(config.path + ": cannot read: " + error);
  return core::Sha256Hex(*text);
}

core::Result<digest::DigestExport> BuildDigestExport(const config::Config& config, store::Db& db,
                                                     core::Timestamp now) {
  auto sha = ConfigSha256(config);
  if (!sha) return sha.error();
  auto input = LoadDigestInput(config, db, now, "", "");
  if (!input) return input.error().Context("digest export");
  digest::DigestExport e;
  e.shard = config.shard;
  e.config_sha256 = std::move(*sha);
  e.config_path = config.path;
  e.sellerwatch_version = SELLERWATCH_VERSION;
  e.built_at = now;
  if (config.digest) e.slot = digest::LatestSlotAtOrBefore(*config.digest, now);
  e.accounts = std::move(input->accounts);
  return e;
}

core::Result<void> WriteDigestExport(const std::string& path, const digest::DigestExport& e) {
  const std::string text = digest::EncodeExport(e);
  const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return FileError(temp, "create");
  auto written = WriteAll(fd, text, temp);
  if (::close(fd) != 0 && written) written = FileError(temp, "close");
  if (written && std::rename(temp.c_str(), path.c_str()) != 0) {
    written = FileError(path, "rename " + temp + " to it");
  }
  if (!written) ::unlink(temp.c_str());
  return written;
}

core::Result<digest::NamedExport> ReadDigestExport(const std::string& path) {
  std::string error;
  auto text = config::ReadWholeFile(path, error);
  if (!text) return core::Error::Permanent(path + ": cannot read: " + error);
  auto decoded = digest::DecodeExport(*text);
  if (!decoded) return decoded.error().Context(path);
  return digest::NamedExport{path, std::move(*decoded)};
}

core::Result<MergedQueueResult> QueueMergedDigest(const config::Config& config, store::Db& db,
                                                  const digest::MergedDigest& merged,
                                                  core::Timestamp now) {
  if (!config.digest || !merged.slot) {
    return core::Error::Data("the exports cover no digest slot: add a `digest:` schedule");
  }
  const auto current = digest::LatestSlotAtOrBefore(*config.digest, now);
  if (current != merged.slot) {
    return core::Error::Data(
        fmt::format("the exports cover the digest of {}, but the latest digest slot is {}: "
                    "export every shard again",
                    core::FormatRfc3339(*merged.slot),
                    current ? core::FormatRfc3339(*current) : std::string("none")));
  }
  MergedQueueResult result;
  for (const auto& receiver : config.digest->receivers) {
    auto last = store::DigestStore(db).LastSlot(receiver);
    if (!last) return last.error();
    if (*last && **last >= *merged.slot) {
      result.already_sent.push_back(receiver);
      continue;
    }
    auto n = MakeDigestNotification(merged.For(receiver, config.digest->timezone), merged.built_at,
                                    ReceiverLanguage(config, receiver));
    n.created_at = now;
    if (auto r = EnqueueDigest(db, n, merged.slot, now); !r) {
      return r.error().Context("digest for " + receiver);
    }
    result.queued.push_back(receiver);
  }
  return result;
}

}  // namespace sellerwatch::app
