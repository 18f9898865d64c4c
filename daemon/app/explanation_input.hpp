#pragma once

#include "app/explanation.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

// Reads what `explain` needs about one alert from the store: the account's metrics as the
// daemon loads them (engine snapshot, then the change feed), the rule judged now, the stored
// alert state, silences, notification groups and the outbox legs of the alert's groups.
core::Result<ExplainInput> LoadExplainInput(const config::Config& config, store::Db& db,
                                            const AlertRef& ref, core::Timestamp now);

}  // namespace sellerwatch::app
