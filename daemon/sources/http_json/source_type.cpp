#include "sources/http_json/source_type.hpp"

#include <fmt/format.h>

#include <array>

#include "sources/http_json/settings.hpp"

namespace sellerwatch::sources::http_json {
namespace {

constexpr std::array<std::string_view, 7> kKeys = {"url",  "headers", "event_type", "items",
                                                   "next", "fields",  "poll"};

// TEMPORARY while the client is written: refused at start.
core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps&) {
  return core::Error::Config(
      fmt::format("{}:{}:{}: source '{}' of account '{}': type '{}' is "
                  "not available in this build yet",
                  source.where.file, source.where.line, source.where.column, source.name,
                  account.id, source.type));
}

}  // namespace

extern const SourceType kSourceType{{"http-json", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::http_json
