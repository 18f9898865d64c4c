#include "notify/mute.hpp"

#include <algorithm>

#include "core/enum_table.hpp"
#include "notify/alert_identity.hpp"
#include "notify/quiet_hours.hpp"

namespace sellerwatch::notify {
namespace {

constexpr core::EnumTable<MuteKind, 4> kMuteKinds{{
    {MuteKind::kNone, "none"},
    {MuteKind::kSilenced, "silenced"},
    {MuteKind::kInhibited, "inhibited"},
    {MuteKind::kDeferred, "deferred"},
}};

bool Held(core::AlertState s) {
  return s == core::AlertState::kFiring || s == core::AlertState::kFlapping;
}

}  // namespace

bool IsActive(const Silence& silence, core::Timestamp now) {
  return silence.starts_at <= now && now < silence.ends_at;
}

bool Matches(const Silence& silence, const core::Labels& labels) {
  if (silence.matchers.empty()) return false;
  return std::all_of(silence.matchers.begin(), silence.matchers.end(), [&](const auto& kv) {
    auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

MuteVerdict Silenced(const core::Alert& alert, std::span<const Silence> silences,
                     core::Timestamp now) {
  const Silence* best = nullptr;
  for (const auto& s : silences) {
    if (!IsActive(s, now) || !Matches(s, alert.labels)) continue;
    if (best == nullptr || s.ends_at > best->ends_at) best = &s;
  }
  if (best == nullptr) return {};
  return {MuteKind::kSilenced, best->id, best->ends_at};
}

MuteVerdict Mute(const core::Alert& alert, const config::RouteConfig& route,
                 const MuteContext& context, core::Timestamp now) {
  if (MuteVerdict v = Silenced(alert, context.silences, now); v.kind != MuteKind::kNone) return v;
  if (alert.severity == core::Severity::kWarning && Held(alert.state)) {
    const std::string& account = alert.Label("account");
    const std::string& metric = alert.Label("metric");
    for (const auto& other : context.firing) {
      // An empty metric or account is no reason to inhibit (Alertmanager's empty-equals-empty
      // foot-gun).
      if (other.severity == core::Severity::kCritical && other.state == core::AlertState::kFiring &&
          !account.empty() && !metric.empty() && other.Label("account") == account &&
          other.Label("metric") == metric) {
        return {MuteKind::kInhibited, AlertIdentity(other), std::nullopt};
      }
    }
  }
  if (auto until = QuietUntil(route.quiet_hours, alert.severity, now)) {
    return {MuteKind::kDeferred, "quiet_hours", until};
  }
  return {};
}

std::string Describe(const MuteVerdict& v) {
  switch (v.kind) {
    case MuteKind::kNone:
      return "not muted";
    case MuteKind::kSilenced:
      return "silenced by " + v.by + (v.until ? " until " + core::FormatRfc3339(*v.until) : "");
    case MuteKind::kInhibited:
      return "inhibited by " + v.by;
    case MuteKind::kDeferred:
      return "deferred by quiet hours" +
             (v.until ? " until " + core::FormatRfc3339(*v.until) : std::string());
  }
  return "?";
}

std::string_view Name(MuteKind k) { return core::NameIn(kMuteKinds, k); }

}  // namespace sellerwatch::notify
