#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace sellerwatch::core {

// How a metric's value is expressed, which decides how its thresholds are written in config.
enum class MetricUnit {
  kRate,      // fraction 0..1, written "0.7%" or "0.007"
  kCount,     // whole number of events
  kDuration,  // seconds, written "12h"
  kNumber,    // a score the marketplace reports (AHR)
  kStatus,    // a string the marketplace reports (NORMAL, AT_RISK, ...)
};

// Which way is bad: kAbove = alert when the value rises to the threshold (defect rates),
// kBelow = alert when it falls under it (valid tracking, on-time delivery).
enum class Direction { kAbove, kBelow };

struct MetricInfo {
  std::string_view name;
  int window_days;  // 0 for point-in-time values
  MetricUnit unit;
  Direction direction;
  std::string_view reference;    // which event time places an event in the window
  std::string_view description;  // one line for status output and README
  // The words below are English message ids (i18n::N_): a sentence translates them with
  // tr.Tr(info.hint) and puts a noun in its own placeholder ("{} more {} breach ..."), so a
  // language without plural nouns says it its way.
  std::string_view hint;         // what the seller should do when it alerts
  std::string_view bad_event;    // "seller cancellation": what one more of hurts
  std::string_view bad_events;   // its plural
  std::string_view good_event;   // "defect-free order": what one more of helps to recover
  std::string_view good_events;  // its plural
};

// The metrics of DESIGN.md §1.4, plus the at-risk groups of leading indicators.
std::span<const MetricInfo> AllMetrics();
// Finds a catalogue metric; "platform.<anything>" yields a generic marketplace-reported value
// whose `name` views the argument, so the caller keeps that string alive.
std::optional<MetricInfo> FindMetric(std::string_view name);

std::string_view Name(MetricUnit u);
std::string_view Name(Direction d);
std::optional<Direction> ParseDirection(std::string_view s);

}  // namespace sellerwatch::core
