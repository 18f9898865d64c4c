#pragma once

#include <string_view>

// The Mute stage (DESIGN.md §3.3): whether an alert is held back right now, and until when.
// Order of precedence: silence, then inhibition, then quiet hours (the first that applies is
// reported). Only firing and flapping alerts are inhibited; resolved ones never are.

#include <optional>
#include <span>
#include <string>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/silence.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify {

// A time-bounded mute created by a person (CLI/API), stored by the shell.
using Silence = core::Silence;

// starts_at <= now < ends_at.
bool IsActive(const Silence& silence, core::Timestamp now);
// Every matcher equals the alert's label. A silence without matchers matches nothing: it would
// mute everything, which the CLI/API should refuse to create.
bool Matches(const Silence& silence, const core::Labels& labels);

// What the Mute stage needs besides the alert: the silences (inactive ones are skipped) and
// the alerts currently firing, whatever their route (inhibition is global). Only firing
// critical alerts matter, so at scale the shell may pass just those of the accounts at hand.
struct MuteContext {
  std::span<const Silence> silences;
  std::span<const core::Alert> firing;
};

enum class MuteKind { kNone, kSilenced, kInhibited, kDeferred };
std::string_view Name(MuteKind k);

struct MuteVerdict {
  MuteKind kind = MuteKind::kNone;
  std::string by;                        // silence id, or the inhibiting alert's identity
  std::optional<core::Timestamp> until;  // silence end or quiet-hours end; none for inhibition
  bool operator==(const MuteVerdict&) const = default;
};

// Whether `alert` is held: silenced (by the matching active silence that lasts longest),
// inhibited (a warning while a firing critical alert with the same account and metric exists)
// or deferred by the route's quiet hours (unless its severity is in `except`).
MuteVerdict Mute(const core::Alert& alert, const config::RouteConfig& route,
                 const MuteContext& context, core::Timestamp now);

// The silence part alone, also used for resolved notices.
MuteVerdict Silenced(const core::Alert& alert, std::span<const Silence> silences,
                     core::Timestamp now);

// "silenced by s-1 until 2026-03-29T06:00:00Z" etc., for logs and `why-not-sent`.
std::string Describe(const MuteVerdict& verdict);

}  // namespace sellerwatch::notify
