#include "sources/aliexpress/settings.hpp"

#include <array>

#include "config/field_checks.hpp"

namespace sellerwatch::sources::aliexpress {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  using config::Positive;
  static constexpr std::array<std::string_view, 3> kPollKeys = {"orders", "disputes", "feedback"};
  auto out = std::make_shared<Settings>();
  config::Reader& reader = map.reader();
  if (auto url = config::ReadUrl(map, "endpoint", false, {"http", "https"}))
    out->endpoint = url->value;
  while (out->endpoint.ends_with('/')) out->endpoint.pop_back();
  config::ReadCredential(map, "app_key", true, out->app_key);
  config::ReadCredential(map, "app_secret", true, out->app_secret);
  config::ReadCredential(map, "access_token", true, out->access_token);
  config::ReadCredential(map, "refresh_token", true, out->refresh_token);
  if (auto poll = map.Get("poll")) {
    config::MapReader p(reader, *poll, kPollKeys);
    p.Read("orders", out->poll_orders, Positive::kYes);
    p.Read("disputes", out->poll_disputes, Positive::kYes);
    p.Read("feedback", out->poll_feedback, Positive::kYes);
  }
  map.Read("overlap", out->overlap, Positive::kNo);
  return out;
}

}  // namespace sellerwatch::sources::aliexpress
