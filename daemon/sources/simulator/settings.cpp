#include "sources/simulator/settings.hpp"

#include <array>

#include "config/field_checks.hpp"

namespace sellerwatch::sources::simulator {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  static constexpr std::array<std::string_view, 2> kScenarios = {"steady", "deteriorating"};
  auto out = std::make_shared<Settings>();
  if (auto f = map.Get("seed")) {
    if (auto seed = map.reader().ReadUnsigned(*f)) out->seed = *seed;
  }
  map.Read("orders_per_day", out->orders_per_day, 1, 100000);
  config::ReadOneOf(map, "scenario", kScenarios, "scenario", out->scenario);
  map.Read("poll", out->poll, config::Positive::kYes);
  map.Read("incident_every", out->incident_every, config::Positive::kYes);
  return out;
}

}  // namespace sellerwatch::sources::simulator
