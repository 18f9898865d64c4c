#pragma once

#include <cstdint>
#include <string>

#include "config/source_type.hpp"

namespace sellerwatch::sources::simulator {

using namespace std::chrono_literals;

// The keys of a `simulator` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::uint64_t seed = 1;
  int orders_per_day = 20;
  std::string scenario = "steady";  // steady | deteriorating
  core::Duration poll = 5s;
  core::Duration incident_every = 5s;  // pace of the scripted deterioration

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::simulator
