#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// What every channel shows about one alert, already cleaned (valid UTF-8, no control
// characters, one line per field) and in the reader's language, but not escaped or shortened:
// each renderer escapes and budgets for its own target.
struct AlertView {
  struct Fact {
    std::string key;    // the annotation it shows ("value", "items", ...): what renderers pick by
    std::string name;   // "Value", "Headroom", ... translated, or an extra annotation's key
    std::string value;  // never empty
    // What compact listings keep of an alert: its value and what is at risk.
    bool Essential() const { return key == "value" || key == "items"; }
  };
  const core::Alert* alert = nullptr;
  std::string state;     // "FIRING" | "RESOLVED" | "FLAPPING" | "PENDING" | "INACTIVE", translated
  std::string icon;      // one emoji per state/severity, for chat headlines
  std::string severity;  // "critical" | "warning", translated
  std::string account;
  std::string rule;         // rule title, or the rule with " (metric)" when the metric differs
  std::string summary;      // the alert's summary annotation, or "<account> <rule>" without one
  std::string since;        // "since 2026-11-01 10:00 UTC" or "resolved 2026-11-01 11:00 UTC"
  std::vector<Fact> facts;  // Value (vs threshold), Headroom, Forecast, At risk, Window,
                            // What to do (not when resolved), then other annotations by key
  bool critical = false;

  // "acme-us · order_defect_rate": the headline after state and severity.
  std::string Title() const;
  // The Value fact (value and thresholds), or the summary without one: what a one-line
  // listing shows after the title.
  const std::string& Brief() const;
};

// The state and severity words a reader sees: "FIRING", "critical" ("告警中", "严重").
std::string StateWord(const i18n::Translator& tr, core::AlertState state);
std::string SeverityWord(const i18n::Translator& tr, core::Severity severity);

// The alerts worst first: firing critical, flapping critical, firing warning, flapping
// warning, pending, resolved critical, resolved warning; ties by account then rule. Text in
// `tr`'s language: its words, and the alert's annotations in it where the alert has them.
std::vector<AlertView> OrderedAlertViews(const i18n::Translator& tr,
                                         const core::Notification& notification);

// "FIRING", "RESOLVED" or "FLAPPING" for the notification as a whole (firing wins), translated.
std::string NotificationState(const i18n::Translator& tr, const core::Notification& notification);

// One plain line about the whole notification, for fallbacks, subjects and chat previews:
// "FIRING critical: acme-us · order_defect_rate — <summary>" or
// "FIRING: 3 alerts (2 critical, 1 resolved) — acme-us · order_defect_rate and 2 more".
std::string NotificationHeadline(const i18n::Translator& tr,
                                 const core::Notification& notification);

// The same without the summary, for headings above the alerts (which carry their summaries):
// "FIRING critical: acme-us · order_defect_rate" or "FIRING: 3 alerts (2 critical, 1 resolved)".
std::string NotificationTitle(const i18n::Translator& tr, const core::Notification& notification);

// "(1/3)": which part of a notification split over several messages this is.
std::string PartOf(const i18n::Translator& tr, std::size_t part, std::size_t parts);

// "+3 more alerts not shown (lower priority)": the alerts left out of a chat notification.
std::string MoreAlertsNotShown(const i18n::Translator& tr, std::size_t omitted);

// How much each alert shows: everything for a few alerts, the essentials for a group, one
// line each for a large group in text-only channels.
enum class Detail { kFull, kCompact, kLine };
Detail DetailFor(std::size_t alert_count, bool line_mode_allowed);

// 0xE01E5A-style RGB colour per severity/state: red critical, amber warning, green resolved,
// purple flapping.
unsigned AlertColor(const AlertView& view);

}  // namespace sellerwatch::notify
