#pragma once

#include <string>
#include <string_view>

#include "core/time.hpp"
#include "digest/digest_model.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::app {

// A metric's last 28 days as an inline SVG bar chart (no script, no image): one bar per day
// (a gap where the day has no value), the warn and critical levels as labelled lines, the first
// and last day under it, and a text alternative that says the same in words. `name` is the
// metric in words; days are the digest's (UTC), labelled in `zone`; words in `tr`'s language.
std::string DailyChartSvg(const digest::MetricRow& row, std::string_view name, core::Timestamp now,
                          const std::string& zone, const i18n::Translator& tr = {});

}  // namespace sellerwatch::app
