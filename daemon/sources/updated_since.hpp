#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources {

// The cursor of a stream that asks an API for "everything updated since": the newest
// `updated_at` it has stored, as RFC 3339.
struct UpdatedSince {
  std::optional<core::Timestamp> stored;  // the cursor, when there is one
  core::Timestamp after;  // read from here: stored − overlap (late writers), or now − backfill
};

core::Result<UpdatedSince> ReadUpdatedSince(const std::optional<std::string>& cursor,
                                            core::Duration overlap, core::Duration backfill,
                                            core::Timestamp now);

// The cursor to keep after a poll that saw `newest`: never past now, so a record updated "in
// the future" (clock skew) cannot hide later ones; nothing when nothing was ever seen.
std::optional<std::string> UpdatedSinceCursor(const std::optional<core::Timestamp>& newest,
                                              core::Timestamp now);

}  // namespace sellerwatch::sources
