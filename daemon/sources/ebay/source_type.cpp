#include "sources/ebay/source_type.hpp"

#include <fmt/format.h>

#include <array>

#include "sources/ebay/settings.hpp"

namespace sellerwatch::sources::ebay {
namespace {

constexpr std::array<std::string_view, 9> kKeys = {"endpoint",       "token_endpoint", "client_id",
                                                   "client_secret",  "refresh_token",  "program",
                                                   "marketplace_id", "poll",           "overlap"};

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

extern const SourceType kSourceType{{"ebay", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::ebay
