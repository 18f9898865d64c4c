#pragma once

// Values, durations and times as a seller reads them, in the reader's language (issue 19):
// "0.83%", "14h 5m", "3 days", "Mon 18:00 PST" in English; "0.83%", "14小时5分钟", "3天",
// "周一 18:00 PST" in Chinese; digits grouped as the language groups them. The English-only
// forms in value_format.hpp and time.hpp stay for machine text (JSON, logs, config errors).

#include <string>

#include "core/metric_catalog.hpp"
#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::core {

// A metric value: "0.83%", "14h 5m", "1,234".
std::string FormatValue(const i18n::Translator& tr, MetricUnit unit, double value);

// A fraction as a percentage with at most two decimals: 0.0083 → "0.83%".
std::string FormatPercent(const i18n::Translator& tr, double fraction);

// A probability as "85%": never shown as 0% or 100% unless it is exactly that.
std::string FormatLikelihood(const i18n::Translator& tr, double probability);

// A whole count: "1,234".
std::string FormatCount(const i18n::Translator& tr, long long n);

// A span in words, largest units first, at most two: "7 days", "2 hours 30 minutes", "45 seconds".
std::string FormatDuration(const i18n::Translator& tr, Duration d);

// An instant in `zone` (IANA; UTC when unknown): "Mon 18:00 PST", the weekday in the language.
std::string FormatLocal(const i18n::Translator& tr, Timestamp t, const std::string& zone);

// An instant with its date, in UTC unless a zone is given: "2026-11-01 10:00 UTC".
std::string FormatDateTime(const i18n::Translator& tr, Timestamp t,
                           const std::string& zone = "UTC");

}  // namespace sellerwatch::core
