#pragma once

#include <string>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::shopify {

using namespace std::chrono_literals;

// The keys of a `shopify` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string endpoint;  // https://SHOP.myshopify.com
  config::Secret access_token;
  std::string api_version = "2024-10";
  core::Duration poll = 5min;
  core::Duration overlap = 5min;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::shopify
