#pragma once

#include <algorithm>
#include <memory>
#include <string>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::aliexpress {

using namespace std::chrono_literals;

// The keys of an `aliexpress` source (AliExpress Open Platform, IOP gateway).
struct Settings : config::SourceSettingsOf<Settings> {
  std::string endpoint = "https://api-sg.aliexpress.com";
  config::Secret app_key;  // not secret in itself, but read like the rest of the app's identity
  config::Secret app_secret;
  config::Secret access_token;         // the seller authorization's first tokens; a refreshed pair
  config::Secret refresh_token;        // kept in the store replaces them (token_state.hpp)
  core::Duration poll_orders = 10min;  // poll: {orders, disputes, feedback}
  core::Duration poll_disputes = 30min;
  core::Duration poll_feedback = 1h;  // also the merchant profile (account stream)
  core::Duration overlap = 10min;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override {
    return std::min({poll_orders, poll_disputes, poll_feedback});
  }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::aliexpress
