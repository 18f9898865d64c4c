#pragma once

// One shard's part of the weekly digest (`digest --export`), as plain data and as JSON. A
// sharded deployment (DESIGN.md §5) keeps one store per shard, so no instance can build the
// whole digest: each exports its accounts' DigestInput, stamped so that `digest --merge`
// (digest/export_merge.hpp) can prove the set is complete and consistent.
//
// The export holds per-account input, not rendered text: the merge builds the digest over
// all accounts at once, so the verdict ("2 of 14 accounts need attention") and the
// worst-first order are the ones an unsharded instance would produce. Receivers do not enter
// it (an account's input does not depend on the receiver), so one export serves them all.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/shard.hpp"
#include "core/time.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::digest {

// The JSON layout's version, written as "format". Bumped on any incompatible change; a merge
// refuses exports of another format (mixed sellerwatch versions across shards).
inline constexpr int kExportFormat = 1;

struct DigestExport {
  int format = kExportFormat;
  core::Shard shard;                    // which shard wrote it
  std::string config_sha256;            // sha256 of the exporting instance's config file
  std::string config_path;              // informational: named in error messages
  std::string sellerwatch_version;      // informational
  core::Timestamp built_at;             // the `now` the inputs were read at
  std::optional<core::Timestamp> slot;  // the digest week: the latest scheduled slot at or
                                        // before built_at; nullopt without a digest schedule
  std::vector<AccountInput> accounts;   // the shard's accounts, in config order
  bool operator==(const DigestExport&) const = default;
};

// The export as one JSON document. Timestamps are RFC 3339 UTC, exact to the millisecond;
// numbers are written in full, and Boost.JSON 1.81 reads them back to within one unit in the
// last place (exact parsing came in 1.83): far below what the digest shows.
std::string EncodeExport(const DigestExport& e);

// The inverse of EncodeExport. Errors (kData) name the offending field, e.g.
// "accounts[2].metrics[0].unit: 'percent' is not a metric unit".
core::Result<DigestExport> DecodeExport(std::string_view json);

}  // namespace sellerwatch::digest
