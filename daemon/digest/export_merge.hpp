#pragma once

// `digest --merge`: joins the per-shard exports (digest/digest_export.hpp) into the input of
// one digest, or refuses the set. A pure function of (exports, config), tested with tables.
//
// A set is accepted only when it is exactly one complete, consistent picture of one week:
// - every file has this sellerwatch's export format;
// - every file says the same shard count N, and each shard 0..N-1 appears exactly once;
// - every file was exported with the merging instance's config (same sha256 of the config
//   file's bytes), so all agree on the accounts, their owners, the rules and the receivers;
// - every file covers the same digest slot (the week), and all were built within
//   kMaxExportSpread of each other (a late shard catching up is fine, last Tuesday's manual
//   export is not);
// - every account sits in the export of the shard that owns it (hashmod), in one export only,
//   and every account of the config is present.
// Each refusal names the files involved.

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/error.hpp"
#include "digest/digest_export.hpp"

namespace sellerwatch::digest {

// How far apart the exports of one set may have been built.
inline constexpr core::Duration kMaxExportSpread = std::chrono::hours(6);

struct NamedExport {
  std::string file;  // where it was read from, for messages
  DigestExport data;
};

struct MergedDigest {
  core::Shard shards;                   // {0, N}: how many shards were merged
  std::optional<core::Timestamp> slot;  // the week every export covers
  core::Timestamp built_at;             // the latest export's: the digest's `now`
  std::vector<AccountInput> accounts;   // every account once, in config order

  // The DigestInput for one receiver (the accounts are the same for every receiver).
  DigestInput For(const std::string& receiver, const std::string& timezone) const;
};

// `config` and `config_sha256` are the merging instance's (ConfigSha256 in app/). Errors are
// kData and name the files: "incomplete set: shard 1/3 missing; have a.json (0/3), c.json (2/3)".
core::Result<MergedDigest> MergeExports(const std::vector<NamedExport>& exports,
                                        const config::Config& config,
                                        const std::string& config_sha256);

}  // namespace sellerwatch::digest
