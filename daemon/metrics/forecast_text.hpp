#pragma once

// A forecast in words, the same in alerts, `status`, the digest and /api/v1/status.

#include <optional>
#include <string>

#include "core/metric_catalog.hpp"
#include "i18n/translator.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::metrics {

// One line on why a forecast says what it says: the recent pace of bad events against the
// baseline, what leaves the window, and how likely `level` is reached within `within_days`
// ("2.1 late shipments a day lately (usually 0.6) of 20 a day; 3 late shipments of 140 leave
// the window within 7 days; reaching 4% within 7 days: 85% likely"), in the reader's language.
std::string ExplainForecast(const i18n::Translator& tr, const Forecast& forecast,
                            const core::MetricInfo& info, std::optional<double> level,
                            std::optional<double> probability, int within_days);

// The same in English.
std::string ExplainForecast(const Forecast& forecast, const core::MetricInfo& info,
                            std::optional<double> level, std::optional<double> probability,
                            int within_days);

}  // namespace sellerwatch::metrics
