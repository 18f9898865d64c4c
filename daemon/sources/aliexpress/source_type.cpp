#include "sources/aliexpress/source_type.hpp"

#include <array>

#include "sources/aliexpress/iop_client.hpp"
#include "sources/aliexpress/settings.hpp"
#include "sources/aliexpress/streams.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {

constexpr std::array<std::string_view, 7> kKeys = {
    "endpoint", "app_key", "app_secret", "access_token", "refresh_token", "poll", "overlap"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  std::string id = SourceId(account, source);
  auto client =
      std::make_shared<IopClient>(deps.http, source.SettingsAs<Settings>(), source.timeout,
                                  source.ca_file, source.tls_verify, deps.db, deps.log, id);
  Streams out;
  out.emplace_back(id + "/orders", std::make_unique<OrdersStream>(account.id, client));
  out.emplace_back(id + "/disputes", std::make_unique<DisputesStream>(account.id, client));
  out.emplace_back(id + "/feedback", std::make_unique<FeedbackStream>(account.id, client));
  out.emplace_back(id + "/account", std::make_unique<AccountStream>(account.id, client));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"aliexpress", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::aliexpress
