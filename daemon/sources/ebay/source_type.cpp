#include "sources/ebay/source_type.hpp"

#include <array>

#include "sources/ebay/ebay_client.hpp"
#include "sources/ebay/settings.hpp"
#include "sources/ebay/streams.hpp"

namespace sellerwatch::sources::ebay {
namespace {

constexpr std::array<std::string_view, 10> kKeys = {
    "endpoint", "token_endpoint", "client_id",      "client_secret", "refresh_token",
    "scopes",   "program",        "marketplace_id", "poll",          "overlap"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  auto client = std::make_shared<EbayClient>(deps.http, source.SettingsAs<Settings>(),
                                             source.timeout, source.ca_file, source.tls_verify);
  std::string id = SourceId(account, source);
  Streams out;
  out.emplace_back(id + "/orders", std::make_unique<OrdersStream>(account.id, client));
  out.emplace_back(id + "/standards", std::make_unique<StandardsStream>(account.id, client));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"ebay", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::ebay
