#include "sources/amazon/settings.hpp"

#include <array>

#include "config/field_checks.hpp"

namespace sellerwatch::sources::amazon {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  using config::Positive;
  static constexpr std::array<std::string_view, 3> kPollKeys = {"orders", "feedback",
                                                                "performance"};
  static constexpr std::array<std::string_view, 2> kOrdersApis = {"v2026-01-01", "v0"};
  auto out = std::make_shared<Settings>();
  config::Reader& reader = map.reader();
  if (auto url = config::ReadUrl(map, "endpoint", false, {"http", "https"}))
    out->endpoint = url->value;
  if (auto url = config::ReadUrl(map, "token_endpoint", false, {"http", "https"}))
    out->token_endpoint = url->value;
  if (map.Require("marketplace_ids") && map.Read("marketplace_ids", out->marketplace_ids) &&
      out->marketplace_ids.empty())
    reader.Error(*map.Get("marketplace_ids"), "needs at least one marketplace id");
  config::ReadCredential(map, "client_id", true, out->client_id);
  config::ReadCredential(map, "client_secret", true, out->client_secret);
  config::ReadCredential(map, "refresh_token", true, out->refresh_token);
  config::ReadOneOf(map, "orders_api", kOrdersApis, "orders_api", out->orders_api);
  if (auto poll = map.Get("poll")) {
    config::MapReader p(reader, *poll, kPollKeys);
    p.Read("orders", out->poll_orders, Positive::kYes);
    p.Read("feedback", out->poll_feedback, Positive::kYes);
    p.Read("performance", out->poll_performance, Positive::kYes);
  }
  map.Read("overlap", out->overlap, Positive::kNo);
  return out;
}

}  // namespace sellerwatch::sources::amazon
