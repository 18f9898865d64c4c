#pragma once

// Quiet hours of a route (DESIGN.md §1.2, §1.5): a daily local time-of-day range in an IANA
// zone during which notifications are deferred, never dropped.
//
// Semantics (DESIGN is silent on these; config/ rejects the degenerate ones):
// - The range is [from, to) in local wall-clock time; `to` earlier than `from` crosses midnight;
//   `to` may be 24:00 (the next local midnight). from == to is treated as "never quiet".
// - Each local date D has one window, from D `from` to (D or D+1) `to`, converted to UTC.
// - A local time that does not exist (spring-forward gap) maps to the instant the clocks jump,
//   i.e. the first instant after the gap. A local time that exists twice (fall-back) starts a
//   window at its first occurrence and ends one at its second: quiet hours take the longer
//   reading. So 22:00–08:00 Europe/Berlin lasts 9 h on the spring-forward night and 11 h on the
//   fall-back night.
// - Windows that touch or overlap (possible only around DST changes) count as one.
// - An unknown or empty zone falls back to UTC (config has validated it already).

#include <optional>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify {

// One quiet period as UTC instants: [start, end).
struct QuietWindow {
  core::Timestamp start;
  core::Timestamp end;
  bool operator==(const QuietWindow&) const = default;
};

// The quiet period containing `now`, if any.
std::optional<QuietWindow> ActiveQuietWindow(const config::QuietHours& quiet, core::Timestamp now);

// Whether `severity` is held by these quiet hours (false when listed in `except`).
bool AppliesTo(const config::QuietHours& quiet, core::Severity severity);

// When a notification of `severity` due at `now` may go out: nullopt = now (no quiet hours,
// outside them, or an `except` severity); otherwise the UTC instant the quiet period ends.
std::optional<core::Timestamp> QuietUntil(const std::optional<config::QuietHours>& quiet,
                                          core::Severity severity, core::Timestamp now);

// The start of the next quiet period strictly after `now` (for `status` and explanations).
std::optional<core::Timestamp> NextQuietStart(const config::QuietHours& quiet, core::Timestamp now);

}  // namespace sellerwatch::notify
