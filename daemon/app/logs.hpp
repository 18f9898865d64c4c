#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <vector>

#include "app/log_fields.hpp"

namespace sellerwatch::app {

// Named loggers sharing one sink: journald (native entries with fields) when stderr is the
// journal, JSON lines or plain text on stderr otherwise. Built by the composition root and
// handed to each component; nothing logs through a global.
class Logs {
 public:
  explicit Logs(const std::string& level, LogFormat format = LogFormat::kAuto);
  std::shared_ptr<spdlog::logger> Get(const std::string& name) const;
  // A reload changed daemon.log_level: every logger handed out follows.
  void SetLevel(const std::string& level);

 private:
  spdlog::sink_ptr sink_;
  spdlog::level::level_enum level_;
  mutable std::vector<std::weak_ptr<spdlog::logger>> handed_out_;
};

}  // namespace sellerwatch::app
