#include "sources/file/source_type.hpp"

#include <array>

#include "sources/file/file_source.hpp"
#include "sources/file/settings.hpp"

namespace sellerwatch::sources::file {
namespace {

constexpr std::array<std::string_view, 6> kKeys = {"path",       "poll",      "columns",
                                                   "event_type", "delimiter", "timezone"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  std::string id = SourceId(account, source);
  Streams out;
  out.emplace_back(
      id, std::make_unique<FileSource>(account.id, id, source.SettingsAs<Settings>(), deps.ledger));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"file", kKeys, false, ParseSettings}, Make};

}  // namespace sellerwatch::sources::file
