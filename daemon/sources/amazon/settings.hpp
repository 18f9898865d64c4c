#pragma once

#include <string>
#include <vector>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::amazon {

using namespace std::chrono_literals;

// The keys of an `amazon-sp-api` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string endpoint = "https://sellingpartnerapi-na.amazon.com";
  std::string token_endpoint = "https://api.amazon.com/auth/o2/token";
  std::vector<std::string> marketplace_ids;
  config::Secret client_id;
  config::Secret client_secret;
  config::Secret refresh_token;
  std::string orders_api = "v2026-01-01";  // or "v0" (deprecated getOrders)
  core::Duration poll_orders = 5min;       // poll: {orders, feedback, performance}
  core::Duration poll_feedback = 1h;
  core::Duration poll_performance = 6h;
  core::Duration overlap = 5min;  // re-read window so late-updated records are not missed

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override {
    return std::min({poll_orders, poll_feedback, poll_performance});
  }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::amazon
