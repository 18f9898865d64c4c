#include "sources/simulator/source_type.hpp"

#include <array>

#include "sources/simulator/settings.hpp"
#include "sources/simulator/simulator_source.hpp"

namespace sellerwatch::sources::simulator {
namespace {

constexpr std::array<std::string_view, 5> kKeys = {"seed", "orders_per_day", "scenario", "poll",
                                                   "incident_every"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps&) {
  Streams out;
  out.emplace_back(SourceId(account, source),
                   std::make_unique<SimulatorSource>(account.id, source.SettingsAs<Settings>()));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"simulator", kKeys, false, ParseSettings}, Make};

}  // namespace sellerwatch::sources::simulator
