#include "notify/render/alert_view.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace sellerwatch::notify {
namespace {

// Annotations that are shown in their own place or are machine-only duplicates of one.
constexpr std::array<std::string_view, 13> kKnownAnnotations = {
    "description", "summary", "title", "value",     "threshold", "headroom",   "forecast",
    "items",       "window",  "hint",  "value_raw", "numerator", "denominator"};

int Rank(const core::Alert& a) {
  bool critical = a.severity == core::Severity::kCritical;
  switch (a.state) {
    case core::AlertState::kFiring:
      return critical ? 0 : 2;
    case core::AlertState::kFlapping:
      return critical ? 1 : 3;
    case core::AlertState::kPending:
      return 4;
    case core::AlertState::kResolved:
      return critical ? 5 : 6;
    case core::AlertState::kInactive:
      return 7;
  }
  return 8;
}

std::string StateWord(core::AlertState s) {
  std::string out(core::Name(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c - 'a' + 'A'); });
  return out;
}

std::string Icon(const core::Alert& a) {
  switch (a.state) {
    case core::AlertState::kResolved:
      return "\u2705";  // ✅
    case core::AlertState::kFlapping:
      return "\U0001F501";  // 🔁
    case core::AlertState::kPending:
    case core::AlertState::kInactive:
      return "\u23F3";  // ⏳
    case core::AlertState::kFiring:
      break;
  }
  return a.severity == core::Severity::kCritical ? "\U0001F525" : "\u26A0\uFE0F";  // 🔥 ⚠️
}

std::string Minute(core::Timestamp t) {
  return date::format("%Y-%m-%d %H:%M UTC", std::chrono::floor<std::chrono::minutes>(t));
}

void AddFact(AlertView& v, std::string name, const std::string& raw) {
  std::string value = core::CleanLine(raw);
  if (value.find_first_not_of(' ') == std::string::npos) return;
  v.facts.push_back({std::move(name), std::move(value)});
}

AlertView MakeView(const core::Alert& a) {
  AlertView v;
  v.alert = &a;
  v.state = StateWord(a.state);
  v.icon = Icon(a);
  v.severity = std::string(core::Name(a.severity));
  v.critical = a.severity == core::Severity::kCritical;
  v.account = core::CleanLine(a.Label("account"));
  // The rule in words (its title); an alert from elsewhere (Alertmanager's own) by its codes.
  std::string rule = a.Annotation("title");
  if (rule.empty()) {
    rule = a.Label("rule");
    const std::string& metric = a.Label("metric");
    if (!metric.empty() && metric != rule) {
      rule = rule.empty() ? metric : rule + " (" + metric + ")";
    }
  }
  v.rule = core::CleanLine(rule);
  v.summary = core::CleanLine(a.Annotation("summary"));
  if (v.summary.empty()) v.summary = v.Title();
  v.since = a.state == core::AlertState::kResolved && a.ends_at ? "resolved " + Minute(*a.ends_at)
                                                                : "since " + Minute(a.starts_at);

  std::string value = a.Annotation("value");
  const std::string& threshold = a.Annotation("threshold");
  if (!threshold.empty()) value += (value.empty() ? "" : " ") + ("(" + threshold + ")");
  AddFact(v, "Value", value);
  AddFact(v, "Headroom", a.Annotation("headroom"));
  AddFact(v, "Forecast", a.Annotation("forecast"));
  AddFact(v, "At risk", a.Annotation("items"));
  AddFact(v, "Window", a.Annotation("window"));
  AddFact(v, "What it counts", a.Annotation("description"));
  if (a.state != core::AlertState::kResolved) AddFact(v, "What to do", a.Annotation("hint"));
  for (const auto& [key, text] : a.annotations) {
    if (std::find(kKnownAnnotations.begin(), kKnownAnnotations.end(), key) !=
        kKnownAnnotations.end()) {
      continue;
    }
    AddFact(v, core::CleanLine(key), text);
  }
  return v;
}

}  // namespace

std::string AlertView::Title() const {
  if (account.empty()) return rule;
  if (rule.empty()) return account;
  return account + " \u00B7 " + rule;
}

const std::string& AlertView::Brief() const {
  for (const auto& f : facts) {
    if (f.name == "Value") return f.value;
  }
  return summary;
}

std::vector<AlertView> OrderedAlertViews(const core::Notification& n) {
  std::vector<const core::Alert*> order;
  order.reserve(n.alerts.size());
  for (const auto& a : n.alerts) order.push_back(&a);
  std::stable_sort(order.begin(), order.end(), [](const core::Alert* x, const core::Alert* y) {
    int rx = Rank(*x), ry = Rank(*y);
    if (rx != ry) return rx < ry;
    if (x->Label("account") != y->Label("account"))
      return x->Label("account") < y->Label("account");
    return x->Label("rule") < y->Label("rule");
  });
  std::vector<AlertView> views;
  views.reserve(order.size());
  for (const auto* a : order) views.push_back(MakeView(*a));
  return views;
}

std::string NotificationState(const core::Notification& n) {
  bool firing = false, flapping = false;
  for (const auto& a : n.alerts) {
    firing |= a.state == core::AlertState::kFiring || a.state == core::AlertState::kPending;
    flapping |= a.state == core::AlertState::kFlapping;
  }
  if (firing) return "FIRING";
  if (flapping) return "FLAPPING";
  return "RESOLVED";
}

namespace {

std::string GroupCounts(const std::vector<AlertView>& views) {
  std::size_t critical = 0, resolved = 0;
  for (const auto& v : views) {
    if (v.alert->state == core::AlertState::kResolved) {
      ++resolved;
    } else if (v.critical) {
      ++critical;
    }
  }
  std::string counts;
  if (critical) counts = fmt::format("{} critical", critical);
  if (resolved) counts += fmt::format("{}{} resolved", counts.empty() ? "" : ", ", resolved);
  return fmt::format("{} alerts{}", views.size(), counts.empty() ? "" : " (" + counts + ")");
}

}  // namespace

std::string NotificationHeadline(const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(n);
  std::string state = NotificationState(n);
  if (views.empty()) return state + ": no alerts";
  const AlertView& worst = views.front();
  if (views.size() == 1) {
    return fmt::format("{} {}: {} \u2014 {}", worst.state, worst.severity, worst.Title(),
                       worst.summary);
  }
  return fmt::format("{}: {} \u2014 {} and {} more", state, GroupCounts(views), worst.Title(),
                     views.size() - 1);
}

std::string NotificationTitle(const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(n);
  std::string state = NotificationState(n);
  if (views.empty()) return state + ": no alerts";
  if (views.size() == 1) {
    return fmt::format("{} {}: {}", views.front().state, views.front().severity,
                       views.front().Title());
  }
  return fmt::format("{}: {}", state, GroupCounts(views));
}

Detail DetailFor(std::size_t alert_count, bool line_mode_allowed) {
  if (alert_count <= 3) return Detail::kFull;
  if (alert_count <= 20 || !line_mode_allowed) return Detail::kCompact;
  return Detail::kLine;
}

unsigned AlertColor(const AlertView& v) {
  switch (v.alert->state) {
    case core::AlertState::kResolved:
      return 0x2EB67D;
    case core::AlertState::kFlapping:
      return 0x8E44AD;
    case core::AlertState::kPending:
    case core::AlertState::kInactive:
      return 0x95A5A6;
    case core::AlertState::kFiring:
      break;
  }
  return v.critical ? 0xE01E5A : 0xECB22E;
}

}  // namespace sellerwatch::notify
