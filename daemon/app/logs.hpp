#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace sellerwatch::app {

// Named loggers sharing one stderr sink (journald captures stderr under systemd). Built by
// the composition root and handed to each component; nothing logs through a global.
class Logs {
 public:
  explicit Logs(const std::string& level);
  std::shared_ptr<spdlog::logger> Get(const std::string& name) const;

 private:
  spdlog::sink_ptr sink_;
  spdlog::level::level_enum level_;
};

}  // namespace sellerwatch::app
