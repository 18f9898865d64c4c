#include "sources/shopify/settings.hpp"

#include "config/field_checks.hpp"

namespace sellerwatch::sources::shopify {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  using config::Positive;
  auto out = std::make_shared<Settings>();
  map.Require("endpoint");
  if (auto url = config::ReadUrl(map, "endpoint", false, {"http", "https"}))
    out->endpoint = url->value;
  config::ReadCredential(map, "access_token", true, out->access_token);
  if (map.Read("api_version", out->api_version) && out->api_version.empty())
    map.reader().Error(*map.Get("api_version"), "must not be empty");
  map.Read("poll", out->poll, Positive::kYes);
  map.Read("overlap", out->overlap, Positive::kNo);
  // Zero would make every order late the moment it is placed.
  map.Read("handling_time", out->handling_time, Positive::kYes);
  return out;
}

}  // namespace sellerwatch::sources::shopify
