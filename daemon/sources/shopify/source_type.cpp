#include "sources/shopify/source_type.hpp"

#include <fmt/format.h>

#include <array>

#include "sources/shopify/settings.hpp"

namespace sellerwatch::sources::shopify {
namespace {

constexpr std::array<std::string_view, 5> kKeys = {"endpoint", "access_token", "api_version",
                                                   "poll", "overlap"};

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

extern const SourceType kSourceType{{"shopify", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::shopify
