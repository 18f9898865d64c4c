#pragma once

#include <string>

#include "config/config.hpp"
#include "core/error.hpp"
#include "digest/digest_model.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

// What the weekly digest needs, read from the store at `now`: the status report's metrics,
// headroom, forecasts, at-risk items and alerts, 28 days of metric_history, the alert
// history, feedback and source cursors. Days of the last four weeks without a metric_history
// snapshot are computed from the stored events as of that day's end. `only_account` empty:
// every account. The forecasts' explanations are written in `language` (the receiver's).
core::Result<digest::DigestInput> LoadDigestInput(const config::Config& config, store::Db& db,
                                                  core::Timestamp now, const std::string& receiver,
                                                  const std::string& only_account,
                                                  const i18n::Translator& language = {});

}  // namespace sellerwatch::app
