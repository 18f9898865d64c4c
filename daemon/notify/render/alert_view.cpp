#include "notify/render/alert_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/human_format.hpp"
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

void AddFact(AlertView& v, std::string key, std::string name, const std::string& raw) {
  std::string value = core::CleanLine(raw);
  if (value.find_first_not_of(' ') == std::string::npos) return;
  v.facts.push_back({std::move(key), std::move(name), std::move(value)});
}

AlertView MakeView(const i18n::Translator& tr, const core::Alert& a) {
  // The alert's words in the reader's language where the alert builder wrote them, else English.
  auto annotation = [&](const std::string& key) -> const std::string& {
    return a.Annotation(key, tr.Language());
  };
  AlertView v;
  v.alert = &a;
  v.state = StateWord(tr, a.state);
  v.icon = Icon(a);
  v.severity = SeverityWord(tr, a.severity);
  v.critical = a.severity == core::Severity::kCritical;
  v.account = core::CleanLine(a.Label("account"));
  // The rule in words (its title); an alert from elsewhere (Alertmanager's own) by its codes.
  std::string rule = annotation("title");
  if (rule.empty()) {
    rule = a.Label("rule");
    const std::string& metric = a.Label("metric");
    if (!metric.empty() && metric != rule) {
      rule = rule.empty() ? metric : rule + " (" + metric + ")";
    }
  }
  v.rule = core::CleanLine(rule);
  v.summary = core::CleanLine(annotation("summary"));
  if (v.summary.empty()) v.summary = v.Title();
  if (a.state == core::AlertState::kResolved && a.ends_at) {
    // TRANSLATORS: when an alert ended; {} is a date and time ("2026-11-01 11:00 UTC").
    v.since = tr.Tr("resolved {}", core::FormatDateTime(tr, *a.ends_at));
  } else {
    // TRANSLATORS: when an alert started; {} is a date and time ("2026-11-01 10:00 UTC").
    v.since = tr.Tr("since {}", core::FormatDateTime(tr, a.starts_at));
  }

  std::string value = annotation("value");
  const std::string& threshold = annotation("threshold");
  if (!threshold.empty()) {
    // TRANSLATORS: a metric's value, then its limits ("1.20% (warn 0.70%, critical 0.90%)").
    value = value.empty() ? tr.TrC("threshold alone", "({})", threshold)
                          : tr.TrC("value and threshold", "{} ({})", value, threshold);
  }
  AddFact(v, "value", tr.TrC("alert fact", "Value"), value);
  AddFact(v, "headroom", tr.TrC("alert fact", "Headroom"), annotation("headroom"));
  AddFact(v, "forecast", tr.TrC("alert fact", "Forecast"), annotation("forecast"));
  AddFact(v, "items", tr.TrC("alert fact", "At risk"), annotation("items"));
  AddFact(v, "window", tr.TrC("alert fact", "Window"), annotation("window"));
  AddFact(v, "description", tr.TrC("alert fact", "What it counts"), annotation("description"));
  if (a.state != core::AlertState::kResolved) {
    AddFact(v, "hint", tr.TrC("alert fact", "What to do"), annotation("hint"));
  }
  for (const auto& [key, text] : a.annotations) {
    if (std::find(kKnownAnnotations.begin(), kKnownAnnotations.end(), key) !=
        kKnownAnnotations.end()) {
      continue;
    }
    std::string name = core::CleanLine(key);
    AddFact(v, name, name, annotation(key));
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
    if (f.key == "value") return f.value;
  }
  return summary;
}

std::string StateWord(const i18n::Translator& tr, core::AlertState s) {
  switch (s) {
    case core::AlertState::kFiring:
      return tr.TrC("alert state", "FIRING");
    case core::AlertState::kResolved:
      return tr.TrC("alert state", "RESOLVED");
    case core::AlertState::kFlapping:
      return tr.TrC("alert state", "FLAPPING");
    case core::AlertState::kPending:
      return tr.TrC("alert state", "PENDING");
    case core::AlertState::kInactive:
      break;
  }
  return tr.TrC("alert state", "INACTIVE");
}

std::string SeverityWord(const i18n::Translator& tr, core::Severity s) {
  return s == core::Severity::kCritical ? tr.TrC("severity", "critical")
                                        : tr.TrC("severity", "warning");
}

std::vector<AlertView> OrderedAlertViews(const i18n::Translator& tr, const core::Notification& n) {
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
  for (const auto* a : order) views.push_back(MakeView(tr, *a));
  return views;
}

std::string NotificationState(const i18n::Translator& tr, const core::Notification& n) {
  bool firing = false, flapping = false;
  for (const auto& a : n.alerts) {
    firing |= a.state == core::AlertState::kFiring || a.state == core::AlertState::kPending;
    flapping |= a.state == core::AlertState::kFlapping;
  }
  if (firing) return StateWord(tr, core::AlertState::kFiring);
  if (flapping) return StateWord(tr, core::AlertState::kFlapping);
  return StateWord(tr, core::AlertState::kResolved);
}

namespace {

// "3 alerts (2 critical, 1 resolved)".
std::string GroupCounts(const i18n::Translator& tr, const std::vector<AlertView>& views) {
  std::size_t critical = 0, resolved = 0;
  for (const auto& v : views) {
    if (v.alert->state == core::AlertState::kResolved) {
      ++resolved;
    } else if (v.critical) {
      ++critical;
    }
  }
  auto count = static_cast<long long>(views.size());
  std::string alerts = tr.TrN("{} alert", "{} alerts", count);
  std::string counts;
  // TRANSLATORS: how many of a group's alerts are critical ("2 critical").
  if (critical) counts = tr.Tr("{} critical", critical);
  if (resolved) {
    // TRANSLATORS: how many of a group's alerts have resolved ("1 resolved").
    std::string part = tr.Tr("{} resolved", resolved);
    // TRANSLATORS: between two counts in parentheses: "2 critical, 1 resolved".
    counts = counts.empty() ? part : tr.TrC("two counts", "{}, {}", counts, part);
  }
  if (counts.empty()) return alerts;
  // TRANSLATORS: the number of alerts, then how many are critical/resolved in parentheses.
  return tr.TrC("alert count and breakdown", "{} ({})", alerts, counts);
}

// "FIRING critical: acme-us · order_defect_rate" (one alert) or "FIRING: 3 alerts (…)".
std::string TitleOf(const i18n::Translator& tr, const core::Notification& n,
                    const std::vector<AlertView>& views) {
  std::string state = NotificationState(tr, n);
  // TRANSLATORS: a notification without alerts; {} is the state word (FIRING, RESOLVED).
  if (views.empty()) return tr.Tr("{}: no alerts", state);
  if (views.size() == 1) {
    const AlertView& v = views.front();
    // TRANSLATORS: state word, severity word, then what the alert is about (or its summary):
    // "FIRING critical: acme-us · Order defect rate".
    return tr.TrC("state severity: title", "{0} {1}: {2}", v.state, v.severity, v.Title());
  }
  // TRANSLATORS: state word, then the alert count: "FIRING: 3 alerts (2 critical)".
  return tr.TrC("state: alert count", "{0}: {1}", state, GroupCounts(tr, views));
}

}  // namespace

std::string NotificationHeadline(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  std::string title = TitleOf(tr, n, views);
  if (views.empty()) return title;
  const AlertView& worst = views.front();
  if (views.size() == 1) return title + " \u2014 " + worst.summary;
  // TRANSLATORS: the worst alert of a group, then how many others: "acme-us · ODR and 2 more".
  return title + " \u2014 " + tr.Tr("{0} and {1} more", worst.Title(), views.size() - 1);
}

std::string NotificationTitle(const i18n::Translator& tr, const core::Notification& n) {
  return TitleOf(tr, n, OrderedAlertViews(tr, n));
}

std::string PartOf(const i18n::Translator& tr, std::size_t part, std::size_t parts) {
  if (parts <= 1) return {};
  // TRANSLATORS: appended to a message title when a notification is split over several
  // messages: " (1/3)" is the first of three. Keep the leading space if the language uses one.
  return tr.Tr(" ({}/{})", part, parts);
}

std::string MoreAlertsNotShown(const i18n::Translator& tr, std::size_t omitted) {
  return tr.TrN("+{} more alert not shown (lower priority)",
                "+{} more alerts not shown (lower priority)", static_cast<long long>(omitted));
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
