#include "app/logs.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace sellerwatch::app {

Logs::Logs(const std::string& level)
    : sink_(std::make_shared<spdlog::sinks::stderr_sink_st>()),
      level_(spdlog::level::from_str(level)) {
  sink_->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      "%Y-%m-%dT%H:%M:%S.%eZ %-5l %n: %v", spdlog::pattern_time_type::utc));
}

std::shared_ptr<spdlog::logger> Logs::Get(const std::string& name) const {
  auto logger = std::make_shared<spdlog::logger>(name, sink_);
  logger->set_level(level_);
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace sellerwatch::app
