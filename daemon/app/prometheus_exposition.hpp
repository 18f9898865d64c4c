#pragma once

// /metrics: the Prometheus text exposition format 0.0.4, as a pure function of what the daemon
// knows (its own counters) and what the accounts look like (the status report).

#include <string>
#include <string_view>

#include "app/runtime_snapshot.hpp"
#include "app/status_report.hpp"

namespace sellerwatch::app {

// The media type of the document below.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Every family with # HELP and # TYPE lines, its samples together; counters end in _total.
std::string PrometheusExposition(const RuntimeSnapshot& self, const StatusReport& accounts);

// Building blocks, exposed for tests.
std::string EscapeLabelValue(std::string_view value);  // \ " and newline escaped
std::string EscapeHelp(std::string_view text);         // \ and newline escaped
std::string FormatSampleValue(double value);           // shortest round-trip, +Inf, -Inf, NaN

}  // namespace sellerwatch::app
