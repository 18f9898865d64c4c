#pragma once

// The I/O around per-shard digest exports (digest/digest_export.hpp, digest/export_merge.hpp):
// building one from the store, writing and reading the file, and queueing the merged digest.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/error.hpp"
#include "digest/export_merge.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

// sha256 (hex) of the config file's bytes (config.path). Every instance that reads the same
// file gets the same hash, whatever its --state-dir or its secrets (which the file references
// rather than contains); any edit changes it, so a half-rolled-out config change is caught.
// Operators can compare it with `sha256sum`.
core::Result<std::string> ConfigSha256(const config::Config& config);

// This instance's accounts (config.accounts: its shard's) read from the store at `now`,
// stamped with config.shard, ConfigSha256 and the digest slot `now` falls in.
core::Result<digest::DigestExport> BuildDigestExport(const config::Config& config, store::Db& db,
                                                     core::Timestamp now);

// Writes `e` to `path` atomically: a temporary file in the same directory, fsync, rename. A
// reader (the merge, maybe on another machine over a shared directory) sees the old file or
// the new one, never half of one.
core::Result<void> WriteDigestExport(const std::string& path, const digest::DigestExport& e);

// Reads and decodes one export; errors name the file.
core::Result<digest::NamedExport> ReadDigestExport(const std::string& path);

// What QueueMergedDigest did per receiver.
struct MergedQueueResult {
  std::vector<std::string> queued;        // receivers the digest was queued for
  std::vector<std::string> already_sent;  // receivers already served for this slot
};

// Queues the merged digest for every digest receiver not yet served for `merged.slot` in this
// store, recording the slot (as the daemon's DigestLoop does): the leg key, and so the mail's
// Message-ID and the webhook-id, derives from (receiver, slot), so the same week merged again
// — here or on another instance — is the same message, and here it is not queued again.
// Refuses (kData) a merge without a slot (no digest schedule) and one whose slot is not the
// latest slot at `now` (stale exports).
core::Result<MergedQueueResult> QueueMergedDigest(const config::Config& config, store::Db& db,
                                                  const digest::MergedDigest& merged,
                                                  core::Timestamp now);

}  // namespace sellerwatch::app
