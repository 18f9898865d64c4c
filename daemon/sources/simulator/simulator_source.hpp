#pragma once

#include <string>

#include "sources/simulator/settings.hpp"
#include "sources/simulator/simulated_world.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::simulator {

// `simulator` source: a synthetic shop for demos and tests. The cursor remembers when the
// simulation started (the anchor) and how far it was read, so a restart continues the same
// shop and its scripted incidents instead of starting over.
class SimulatorSource final : public Source {
 public:
  SimulatorSource(std::string account, const Settings& settings);

  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return poll_; }

  core::Result<SourceBatch> Read(const std::optional<std::string>& cursor, core::Timestamp now);

 private:
  WorldParams params_;
  core::Duration poll_;
};

}  // namespace sellerwatch::sources::simulator
