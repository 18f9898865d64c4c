#pragma once

#include <spdlog/logger.h>

#include <memory>

#include "config/config.hpp"
#include "notify/notifier.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

struct EvaluationStats {
  std::size_t accounts = 0;
  std::size_t rules = 0;
  std::size_t transitions = 0;
  std::size_t failed_accounts = 0;
};

// One evaluation cycle: per account, metrics from the stored events, rules against them, the
// alert state machine advanced and persisted (one transaction per account), and every
// transition handed to the notifier. One account's failure does not stop the others.
class Evaluator {
 public:
  Evaluator(std::shared_ptr<const config::Config> config, store::Db& db,
            notify::Notifier& notifier, std::shared_ptr<spdlog::logger> log);

  EvaluationStats RunOnce(core::Timestamp now);

 private:
  core::Result<std::size_t> EvaluateAccount(const config::AccountConfig& account,
                                            core::Timestamp now, std::size_t& rules);

  std::shared_ptr<const config::Config> config_;
  store::Db& db_;
  notify::Notifier& notifier_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace sellerwatch::app
