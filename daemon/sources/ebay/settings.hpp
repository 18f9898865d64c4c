#pragma once

#include <string>
#include <vector>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::ebay {

using namespace std::chrono_literals;

// The OAuth scopes the refresh grant asks for: reading orders (Fulfillment; the Post-Order
// cancellation search accepts the same user token) and the seller standards (Analytics).
inline const std::vector<std::string> kDefaultScopes = {
    "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly",
    "https://api.ebay.com/oauth/api_scope/sell.analytics.readonly",
};

// eBay's daily call limits for the Analytics calls the standards stream makes (2 of each per
// poll: CURRENT and PROJECTED profile, both customer-service metric types): polling more
// often than hourly would spend half the profile quota on one seller.
constexpr core::Duration kMinStandardsPoll = 1h;

// The keys of an `ebay` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string endpoint = "https://api.ebay.com";
  std::string token_endpoint = "https://api.ebay.com/identity/v1/oauth2/token";
  config::Secret client_id;
  config::Secret client_secret;
  config::Secret refresh_token;
  std::vector<std::string> scopes = kDefaultScopes;
  std::string program = "PROGRAM_US";
  std::string marketplace_id = "EBAY_US";
  core::Duration poll_orders = 10min;  // poll: {orders, standards}
  core::Duration poll_standards = 6h;
  core::Duration overlap = 5min;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return std::min(poll_orders, poll_standards); }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::ebay
