#include "sources/ebay/settings.hpp"

#include <array>

#include "config/field_checks.hpp"

namespace sellerwatch::sources::ebay {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  using config::Positive;
  static constexpr std::array<std::string_view, 2> kPollKeys = {"orders", "standards"};
  static constexpr std::array<std::string_view, 4> kPrograms = {"PROGRAM_US", "PROGRAM_UK",
                                                                "PROGRAM_DE", "PROGRAM_GLOBAL"};
  auto out = std::make_shared<Settings>();
  config::Reader& reader = map.reader();
  if (auto url = config::ReadUrl(map, "endpoint", false, {"http", "https"}))
    out->endpoint = url->value;
  if (auto url = config::ReadUrl(map, "token_endpoint", false, {"http", "https"}))
    out->token_endpoint = url->value;
  config::ReadCredential(map, "client_id", true, out->client_id);
  config::ReadCredential(map, "client_secret", true, out->client_secret);
  config::ReadCredential(map, "refresh_token", true, out->refresh_token);
  config::ReadOneOf(map, "program", kPrograms, "eBay program", out->program);
  if (map.Read("marketplace_id", out->marketplace_id) && out->marketplace_id.empty())
    reader.Error(*map.Get("marketplace_id"), "must not be empty");
  if (auto poll = map.Get("poll")) {
    config::MapReader p(reader, *poll, kPollKeys);
    p.Read("orders", out->poll_orders, Positive::kYes);
    p.Read("standards", out->poll_standards, Positive::kYes);
  }
  map.Read("overlap", out->overlap, Positive::kNo);
  return out;
}

}  // namespace sellerwatch::sources::ebay
