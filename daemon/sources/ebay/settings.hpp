#pragma once

#include <string>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::ebay {

using namespace std::chrono_literals;

// The keys of an `ebay` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string endpoint = "https://api.ebay.com";
  std::string token_endpoint = "https://api.ebay.com/identity/v1/oauth2/token";
  config::Secret client_id;
  config::Secret client_secret;
  config::Secret refresh_token;
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
