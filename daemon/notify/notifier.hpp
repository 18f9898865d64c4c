#pragma once

#include <spdlog/logger.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "config/config.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

struct NotifyOutcome {
  std::size_t sent = 0;
  std::size_t failed = 0;
};

// Routes each alert to its receivers and sends it through their channels.
class Notifier {
 public:
  // Fails when a receiver's type cannot be built.
  static core::Result<std::unique_ptr<Notifier>> Create(
      std::shared_ptr<const config::Config> config, std::ostream& console,
      std::shared_ptr<spdlog::logger> log);

  NotifyOutcome Notify(const core::Alert& alert, core::Timestamp now);

 private:
  Notifier(std::shared_ptr<const config::Config> config, std::shared_ptr<spdlog::logger> log)
      : config_(std::move(config)), log_(std::move(log)) {}

  std::shared_ptr<const config::Config> config_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, std::unique_ptr<Channel>, std::less<>> channels_;
};

}  // namespace sellerwatch::notify
