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
  std::string api_version = "2026-10";  // a quarterly GraphQL Admin API version
  core::Duration poll = 5min;
  core::Duration overlap = 5min;
  // Shopify has no ship-by date: an order is due this long after it was placed (calendar
  // time; see README, Shopify, for why not business days).
  core::Duration handling_time = 48h;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::shopify
