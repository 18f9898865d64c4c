#include "sources/ebay/settings.hpp"

#include <fmt/format.h>

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
  if (map.Read("scopes", out->scopes) && out->scopes.empty())
    reader.Error(*map.Get("scopes"), "needs at least one OAuth scope");
  config::ReadOneOf(map, "program", kPrograms, "eBay program", out->program);
  if (map.Read("marketplace_id", out->marketplace_id) && out->marketplace_id.empty())
    reader.Error(*map.Get("marketplace_id"), "must not be empty");
  if (auto poll = map.Get("poll")) {
    config::MapReader p(reader, *poll, kPollKeys);
    p.Read("orders", out->poll_orders, Positive::kYes);
    if (p.Read("standards", out->poll_standards, Positive::kYes) &&
        out->poll_standards < kMinStandardsPoll) {
      reader.Error(*p.Get("standards"),
                   fmt::format("{} is too often: at least {} (each poll makes 2 "
                               "getSellerStandardsProfile calls, eBay allows 100 a day, and 2 "
                               "getCustomerServiceMetric calls, eBay allows 400 a day)",
                               core::FormatDuration(out->poll_standards),
                               core::FormatDuration(kMinStandardsPoll)));
    }
  }
  map.Read("overlap", out->overlap, Positive::kNo);
  return out;
}

}  // namespace sellerwatch::sources::ebay
