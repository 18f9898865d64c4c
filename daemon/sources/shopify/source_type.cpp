#include "sources/shopify/source_type.hpp"

#include <array>

#include "sources/shopify/admin_client.hpp"
#include "sources/shopify/orders_stream.hpp"
#include "sources/shopify/settings.hpp"

namespace sellerwatch::sources::shopify {
namespace {

constexpr std::array<std::string_view, 6> kKeys = {"endpoint", "access_token", "api_version",
                                                   "poll",     "overlap",      "handling_time"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  std::string id = SourceId(account, source);
  auto client =
      std::make_shared<AdminClient>(deps.http, source.SettingsAs<Settings>(), source.timeout,
                                    source.ca_file, source.tls_verify, deps.log, id);
  Streams out;
  out.emplace_back(id, std::make_unique<OrdersStream>(account.id, client, source.timeout));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"shopify", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::shopify
