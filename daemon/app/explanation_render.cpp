#include "app/explanation_render.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "core/local_time.hpp"
#include "core/value_format.hpp"

namespace sellerwatch::app {
namespace json = boost::json;
namespace {

using core::AlertState;

std::string When(core::Timestamp t, const std::string& zone) {
  return core::FormatLocal(t, zone, "%Y-%m-%d %H:%M %Z");
}

// "account=acme-us, rule=odr" → "acme-us/odr": how a seller names a group.
std::string GroupName(const TargetFacts& t) {
  if (t.group_labels.empty()) return "(every alert of the route)";
  std::string out;
  for (const auto& [k, v] : t.group_labels) out += (out.empty() ? "" : "/") + v;
  return out;
}

std::string Levels(const RuleFacts& r) {
  auto v = [&](const std::optional<double>& x) {
    return x ? core::FormatValue(r.unit, *x) : std::string("-");
  };
  std::string out = fmt::format("warn {}, critical {}", v(r.warn), v(r.critical));
  if (r.clear) {
    out += fmt::format(", clears {} {}", r.direction == core::Direction::kAbove ? "under" : "over",
                       v(r.clear));
  }
  return out;
}

std::string RuleLine(const RuleFacts& r) {
  std::string out =
      fmt::format("{} on {} ({} is bad): {}", config::Name(r.kind), r.metric,
                  r.direction == core::Direction::kAbove ? "higher" : "lower", Levels(r));
  if (r.window_days) out += fmt::format("; window {} days", r.window_days);
  out += fmt::format("; for {}, clear_for {}; min_sample {}", core::FormatDuration(r.for_),
                     core::FormatDuration(r.clear_for), r.min_sample);
  if (r.allowance) out += fmt::format("; allowance {}", r.allowance);
  out += fmt::format("; flapping past {} changes in {}", r.flap_max,
                     core::FormatDuration(r.flap_window));
  return out;
}

std::string ValueLine(const Explanation& e) {
  const ValueFacts& v = e.value;
  if (!v.evaluated) return "not evaluated: the daemon does not judge this rule on this metric";
  if (v.status) return *v.status;
  if (!v.value) return fmt::format("none yet ({:.0f} in the window)", v.denominator);
  std::string out = core::FormatValue(e.rule.unit, *v.value);
  if (v.numerator) {
    out += fmt::format(" ({:.0f} of {:.0f})", *v.numerator, v.denominator);
  } else if (v.denominator > 0 && e.rule.unit != core::MetricUnit::kCount) {
    out += fmt::format(" (sample {:.0f})", v.denominator);
  }
  if (v.verdict.insufficient_data) {
    out += fmt::format(": too few to judge (min_sample {})", e.rule.min_sample);
  } else if (v.verdict.breached) {
    out += fmt::format(": {} level crossed", core::Name(*v.verdict.breached));
  }
  return out;
}

std::string NextLine(const StateFacts& s) {
  if (s.next_transition) {
    switch (*s.next_transition) {
      case rules::Transition::kFiring:
        return "the next evaluation fires it (and notifies)";
      case rules::Transition::kSeverityChanged:
        return "the next evaluation changes its severity (and notifies)";
      case rules::Transition::kResolved:
        return "the next evaluation resolves it (and notifies)";
      case rules::Transition::kFlapping:
        return "the next evaluation marks it flapping (one notice, then quiet)";
    }
  }
  if (s.next_state && *s.next_state != s.state) {
    return fmt::format("the next evaluation makes it {} (nothing is sent for that)",
                       core::Name(*s.next_state));
  }
  return "";
}

std::string MuteLine(const Explanation& e, const TargetFacts& t) {
  switch (t.mute.kind) {
    case notify::MuteKind::kNone:
      return "not muted";
    case notify::MuteKind::kSilenced: {
      std::string out = fmt::format("silenced by silence {}", t.mute.by);
      if (t.mute.until) out += " until " + When(*t.mute.until, e.timezone);
      for (const auto& s : e.silences) {
        if (s.id == t.mute.by && !s.comment.empty()) {
          out += fmt::format(" ({}{})", s.created_by.empty() ? "" : s.created_by + ": ", s.comment);
        }
      }
      return out;
    }
    case notify::MuteKind::kInhibited:
      return fmt::format("inhibited by {} (a firing critical alert on the same metric)", t.mute.by);
    case notify::MuteKind::kDeferred:
      return fmt::format("deferred by quiet hours until {} {}",
                         core::FormatLocal(*t.mute.until, t.quiet_timezone, "%Y-%m-%d %H:%M"),
                         t.quiet_timezone);
  }
  return "";
}

std::string QuietLine(const TargetFacts& t) {
  if (!t.has_quiet_hours) return "";
  if (t.quiet_excepted) return "quiet hours do not hold this severity (except)";
  if (t.quiet_until) return "";  // said by the mute verdict, or overruled by a silence
  if (t.next_quiet_start) {
    return fmt::format("next quiet hours start {} {}",
                       core::FormatLocal(*t.next_quiet_start, t.quiet_timezone, "%Y-%m-%d %H:%M"),
                       t.quiet_timezone);
  }
  return "";
}

std::string GroupLine(const Explanation& e, const TargetFacts& t) {
  if (!t.group_open) return fmt::format("group {}: none open, nothing waiting", GroupName(t));
  std::string out =
      fmt::format("group {}: {} alert{}{}", GroupName(t), t.group_members,
                  t.group_members == 1 ? "" : "s", t.member ? "" : ", this one not among them");
  if (t.group_last_sent_at) out += ", last sent " + When(*t.group_last_sent_at, e.timezone);
  if (!t.group_next_due) {
    out += ", nothing scheduled";
  } else if (*t.group_next_due > e.generated_at) {
    out += ", next due " + When(*t.group_next_due, e.timezone);
  } else {  // a running daemon flushes it at once: it is not running, or behind
    out += ", due since " + When(*t.group_next_due, e.timezone);
  }
  if (t.last_notified) {
    out += fmt::format("; {} was last told: {} {}", t.receiver, core::Name(t.last_notified->state),
                       core::Name(t.last_notified->severity));
  }
  if (t.held_at_last_flush) out += "; held back (muted) at the last flush";
  return out;
}

std::string LegLine(const Explanation& e, const LegFacts& l) {
  std::string out = fmt::format("leg {} → {} ({} {}): ", l.id, l.receiver,
                                core::Name(l.alert_state), core::Name(l.alert_severity));
  switch (l.status) {
    case store::LegStatus::kDelivered:
      out += fmt::format("delivered {} after {} attempt{}",
                         l.finished_at ? When(*l.finished_at, e.timezone) : "", l.attempts,
                         l.attempts == 1 ? "" : "s");
      break;
    case store::LegStatus::kFailed:
      out +=
          fmt::format("failed for good after {} attempt{}", l.attempts, l.attempts == 1 ? "" : "s");
      break;
    case store::LegStatus::kSending:
      out += fmt::format("being sent (attempt {})", l.attempts + 1);
      break;
    case store::LegStatus::kPending:
      out += fmt::format("pending, attempt {} at {}", l.attempts + 1,
                         When(l.next_attempt_at, e.timezone));
      break;
  }
  if (!l.last_error.empty()) out += "; last error: " + l.last_error;
  if (l.fallback_of) out += fmt::format("; fallback for leg {}", *l.fallback_of);
  out += fmt::format("; key {}", l.key);
  return out;
}

json::value Opt(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::trunc(*v) == *v && std::abs(*v) < 9e15) return static_cast<std::int64_t>(*v);
  return *v;
}
json::value Opt(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatRfc3339(*t)) : nullptr;
}
json::value Opt(const std::optional<std::string>& s) { return s ? json::value(*s) : nullptr; }
std::int64_t Seconds(core::Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}
json::object Labels(const core::Labels& labels) {
  json::object o;
  for (const auto& [k, v] : labels) o[k] = v;
  return o;
}

}  // namespace

std::string ExplanationText(const Explanation& e) {
  std::string out = fmt::format("{} / {} ({})\n", e.account, e.rule.name, e.marketplace);
  auto line = [&out](std::string_view label, const std::string& text) {
    if (!text.empty()) out += fmt::format("  {:<11} {}\n", label, text);
  };
  line("state:", e.state.reason);
  line("rule:", RuleLine(e.rule));
  line("value:", ValueLine(e));
  line("summary:", e.value.summary);
  line("next:", NextLine(e.state));
  if (e.silences.empty()) {
    line("silences:", "none match");
  }
  for (const auto& s : e.silences) {
    line("silence:", fmt::format("{} until {}{}{}", s.id, When(s.ends_at, e.timezone),
                                 s.comment.empty() ? "" : ", comment: " + s.comment,
                                 s.created_by.empty() ? "" : " (by " + s.created_by + ")"));
  }
  line("inhibition:", e.inhibited_by ? "inhibited by " + *e.inhibited_by : "none");

  bool active = e.state.state == AlertState::kFiring || e.state.state == AlertState::kFlapping;
  if (e.targets.empty()) {
    line("route:", "matched no route: nobody is told");
  } else if (!active && e.state.state != AlertState::kResolved) {
    out += fmt::format("  nothing is sent while it is {}; once it fires:\n",
                       core::Name(e.state.state));
  }
  for (const auto& t : e.targets) {
    line("route:", fmt::format("matched route #{} (receiver: {}, {})", t.route_index + 1,
                               t.receiver, config::Name(t.receiver_type)));
    line("  mute:", MuteLine(e, t));
    line("  quiet:", QuietLine(t));
    line("  group:", GroupLine(e, t));
    if (e.state.state == AlertState::kResolved && !t.send_resolved) {
      line("  resolved:", fmt::format("{} does not want resolved notices", t.receiver));
    }
  }
  if (e.legs.empty()) {
    line("outbox:", "no notification of this alert in the outbox");
  }
  for (const auto& l : e.legs) line("outbox:", LegLine(e, l));
  return out;
}

std::string ExplanationJson(const Explanation& e) {
  json::object doc;
  doc["generated_at"] = core::FormatRfc3339(e.generated_at);
  doc["account"] = e.account;
  doc["marketplace"] = e.marketplace;
  const RuleFacts& r = e.rule;
  doc["rule"] = json::object{{"name", r.name},
                             {"metric", r.metric},
                             {"kind", config::Name(r.kind)},
                             {"unit", core::Name(r.unit)},
                             {"direction", core::Name(r.direction)},
                             {"window_days", r.window_days},
                             {"warn", Opt(r.warn)},
                             {"critical", Opt(r.critical)},
                             {"clear", Opt(r.clear)},
                             {"for_seconds", Seconds(r.for_)},
                             {"clear_for_seconds", Seconds(r.clear_for)},
                             {"min_sample", r.min_sample},
                             {"allowance", r.allowance},
                             {"flap_max", r.flap_max},
                             {"flap_window_seconds", Seconds(r.flap_window)}};
  const ValueFacts& v = e.value;
  doc["value"] = json::object{
      {"evaluated", v.evaluated},
      {"value", Opt(v.value)},
      {"numerator", Opt(v.numerator)},
      {"denominator", Opt(std::optional<double>(v.denominator))},
      {"status", Opt(v.status)},
      {"insufficient_data", v.verdict.insufficient_data},
      {"breached", v.verdict.breached ? json::value(core::Name(*v.verdict.breached)) : nullptr},
      {"past_clear_level", v.verdict.clear},
      {"summary", v.summary}};
  const StateFacts& s = e.state;
  doc["state"] =
      json::object{{"state", core::Name(s.state)},
                   {"underlying_state", core::Name(s.underlying)},
                   {"stored", s.stored},
                   {"severity", core::Name(s.severity)},
                   {"since", core::FormatRfc3339(s.since)},
                   {"active_since", Opt(s.active_since)},
                   {"fires_at", Opt(s.fires_at)},
                   {"clear_since", Opt(s.clear_since)},
                   {"resolves_at", Opt(s.resolves_at)},
                   {"flapping", s.flapping},
                   {"changes_in_flap_window", s.changes_in_flap_window},
                   {"settles_at", Opt(s.settles_at)},
                   {"next_state", s.next_state ? json::value(core::Name(*s.next_state)) : nullptr},
                   {"next_transition",
                    s.next_transition ? json::value(rules::Name(*s.next_transition)) : nullptr},
                   {"reason", s.reason}};
  doc["labels"] = Labels(e.labels);
  doc["routed"] = !e.targets.empty();
  json::array routes;
  for (const auto& t : e.targets) {
    json::object mute{{"kind", notify::Name(t.mute.kind)},
                      {"by", t.mute.by.empty() ? json::value(nullptr) : json::value(t.mute.by)},
                      {"until", Opt(t.mute.until)}};
    json::value quiet = nullptr;
    if (t.has_quiet_hours) {
      quiet = json::object{{"timezone", t.quiet_timezone},
                           {"excepted", t.quiet_excepted},
                           {"until", Opt(t.quiet_until)},
                           {"next_start", Opt(t.next_quiet_start)}};
    }
    json::value told = nullptr;
    if (t.last_notified) {
      told = json::object{{"state", core::Name(t.last_notified->state)},
                          {"severity", core::Name(t.last_notified->severity)}};
    }
    json::object group{{"key", t.group_key},
                       {"labels", Labels(t.group_labels)},
                       {"open", t.group_open},
                       {"member", t.member},
                       {"members", t.group_members},
                       {"next_due", Opt(t.group_next_due)},
                       {"last_sent_at", Opt(t.group_last_sent_at)},
                       {"last_notified", told},
                       {"held_at_last_flush", t.held_at_last_flush}};
    routes.push_back(json::object{
        {"route_number", t.route_index + 1},
        {"receiver", t.receiver},
        {"receiver_type", config::Name(t.receiver_type)},
        {"send_resolved", t.send_resolved},
        {"fallback", t.fallback.empty() ? json::value(nullptr) : json::value(t.fallback)},
        {"mute", std::move(mute)},
        {"quiet_hours", std::move(quiet)},
        {"group", std::move(group)}});
  }
  doc["routes"] = std::move(routes);
  json::array silences;
  for (const auto& si : e.silences) {
    silences.push_back(json::object{{"id", si.id},
                                    {"matchers", Labels(si.matchers)},
                                    {"starts_at", core::FormatRfc3339(si.starts_at)},
                                    {"ends_at", core::FormatRfc3339(si.ends_at)},
                                    {"created_by", si.created_by},
                                    {"comment", si.comment},
                                    {"decisive", si.decisive}});
  }
  doc["silences"] = std::move(silences);
  doc["inhibited_by"] = Opt(e.inhibited_by);
  json::array legs;
  for (const auto& l : e.legs) {
    legs.push_back(json::object{
        {"id", l.id},
        {"idempotency_key", l.key},
        {"receiver", l.receiver},
        {"status", store::Name(l.status)},
        {"attempts", l.attempts},
        {"last_error", l.last_error},
        {"created_at", core::FormatRfc3339(l.created_at)},
        {"next_attempt_at",
         l.status == store::LegStatus::kPending ? Opt(std::optional(l.next_attempt_at)) : nullptr},
        {"finished_at", Opt(l.finished_at)},
        {"fallback_of", l.fallback_of ? json::value(*l.fallback_of) : nullptr},
        {"alert_state", core::Name(l.alert_state)},
        {"alert_severity", core::Name(l.alert_severity)},
        {"alerts_in_notification", l.alerts_in_notification}});
  }
  doc["outbox"] = std::move(legs);
  return json::serialize(doc);
}

}  // namespace sellerwatch::app
