#include "sources/updated_since.hpp"

namespace sellerwatch::sources {

core::Result<UpdatedSince> ReadUpdatedSince(const std::optional<std::string>& cursor,
                                            core::Duration overlap, core::Duration backfill,
                                            core::Timestamp now) {
  if (!cursor) return UpdatedSince{std::nullopt, now - backfill};
  auto stored = core::ParseRfc3339(*cursor);
  if (!stored) return core::Error::Internal("unreadable cursor '" + *cursor + "'");
  return UpdatedSince{stored, *stored - overlap};
}

std::optional<std::string> UpdatedSinceCursor(const std::optional<core::Timestamp>& newest,
                                              core::Timestamp now) {
  if (!newest) return std::nullopt;
  return core::FormatRfc3339(std::min(*newest, now));
}

}  // namespace sellerwatch::sources
