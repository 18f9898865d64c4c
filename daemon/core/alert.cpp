#include "core/alert.hpp"

#include <map>

namespace sellerwatch::core {

std::string_view Name(Severity s) { return s == Severity::kCritical ? "critical" : "warning"; }

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "warning") return Severity::kWarning;
  if (s == "critical") return Severity::kCritical;
  return std::nullopt;
}

std::string_view Name(AlertState s) {
  switch (s) {
    case AlertState::kInactive:
      return "inactive";
    case AlertState::kPending:
      return "pending";
    case AlertState::kFiring:
      return "firing";
    case AlertState::kResolved:
      return "resolved";
    case AlertState::kFlapping:
      return "flapping";
  }
  return "?";
}

std::optional<AlertState> ParseAlertState(std::string_view s) {
  for (auto st : {AlertState::kInactive, AlertState::kPending, AlertState::kFiring,
                  AlertState::kResolved, AlertState::kFlapping})
    if (Name(st) == s) return st;
  return std::nullopt;
}

const std::string& Alert::Label(const std::string& key) const {
  static const std::string kEmpty;
  auto it = labels.find(key);
  return it == labels.end() ? kEmpty : it->second;
}

const std::string& Alert::Annotation(const std::string& key) const {
  static const std::string kEmpty;
  auto it = annotations.find(key);
  return it == annotations.end() ? kEmpty : it->second;
}

const std::string& Alert::Annotation(const std::string& key, const std::string& language) const {
  if (auto lang = localized.find(language); lang != localized.end()) {
    if (auto it = lang->second.find(key); it != lang->second.end()) return it->second;
  }
  return Annotation(key);
}

std::string_view MetaAlertTitle(std::string_view rule) {
  static const std::map<std::string, std::string_view, std::less<>> kTitles = {
      {"source_down", i18n::N_("Source not answering")},
      {"delivery_failed", i18n::N_("Notification not delivered")},
      {"config_reload_failed", i18n::N_("Config reload failed")}};
  auto it = kTitles.find(rule);
  return it != kTitles.end() ? it->second : rule;
}

std::string MetaAlertTitle(const i18n::Translator& tr, std::string_view rule) {
  std::string_view title = MetaAlertTitle(rule);
  return title == rule ? std::string(rule) : tr.Tr(title);
}

Alert MakeMetaAlert(std::string rule, Severity severity, Labels labels, const MetaAlertWords& words,
                    std::span<const i18n::Translator> languages, Timestamp now) {
  Alert a;
  a.labels = std::move(labels);
  a.labels["rule"] = std::move(rule);
  a.labels["severity"] = std::string(Name(severity));
  const std::string& name = a.labels["rule"];
  auto write = [&](const i18n::Translator& tr, Labels& out) {
    if (MetaAlertTitle(name) != name) out["title"] = MetaAlertTitle(tr, name);
    MetaAlertText text = words(tr);
    out["summary"] = std::move(text.summary);
    if (!text.hint.empty()) out["hint"] = std::move(text.hint);
  };
  write(i18n::Translator(), a.annotations);
  for (const i18n::Translator& tr : languages)
    if (!tr.IsEnglish()) write(tr, a.localized[tr.Language()]);
  a.state = AlertState::kFiring;
  a.severity = severity;
  a.starts_at = now;
  return a;
}

}  // namespace sellerwatch::core
