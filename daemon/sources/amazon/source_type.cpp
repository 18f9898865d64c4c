#include "sources/amazon/source_type.hpp"

#include <array>

#include "sources/amazon/settings.hpp"
#include "sources/amazon/sp_api_client.hpp"
#include "sources/amazon/streams.hpp"

namespace sellerwatch::sources::amazon {
namespace {

constexpr std::array<std::string_view, 9> kKeys = {
    "endpoint",   "token_endpoint", "marketplace_ids",
    "client_id",  "client_secret",  "refresh_token",
    "orders_api", "poll",           "overlap"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  auto client = std::make_shared<SpApiClient>(deps.http, source.SettingsAs<Settings>(),
                                              source.timeout, source.ca_file, source.tls_verify);
  std::string id = SourceId(account, source);
  Streams out;
  out.emplace_back(id + "/orders", std::make_unique<OrdersStream>(account.id, client));
  out.emplace_back(id + "/feedback",
                   std::make_unique<ReportStream>(account.id, client, ReportKind::kFeedback));
  out.emplace_back(id + "/performance",
                   std::make_unique<ReportStream>(account.id, client, ReportKind::kPerformance));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"amazon-sp-api", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::amazon
