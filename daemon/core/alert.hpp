#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::core {

using Labels = std::map<std::string, std::string>;

enum class Severity { kWarning, kCritical };
// Prometheus semantics: inactive → pending (for) → firing → resolved; an alert that changes
// too often is shown as flapping until it settles.
enum class AlertState { kInactive, kPending, kFiring, kResolved, kFlapping };

std::string_view Name(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);
std::string_view Name(AlertState s);
std::optional<AlertState> ParseAlertState(std::string_view s);

// One alert as the notification side sees it. Identity is (account, rule); the labels carry
// account, marketplace, rule, metric, severity and the account's own labels.
struct Alert {
  Labels labels;
  Labels annotations;  // summary, value, threshold, headroom, window, hint, ... (English)
  // The human annotations again in each other language a receiver reads ("zh-CN" → summary,
  // title, ...): written by the alert builder, kept in the outbox, never sent as JSON.
  std::map<std::string, Labels> localized;
  AlertState state = AlertState::kInactive;
  Severity severity = Severity::kWarning;
  Timestamp starts_at;
  std::optional<Timestamp> ends_at;

  const std::string& Label(const std::string& key) const;
  const std::string& Annotation(const std::string& key) const;
  // The annotation in `language`, or in English when it has no such translation.
  const std::string& Annotation(const std::string& key, const std::string& language) const;
};

// A weekly digest, rendered by digest/ before it is queued (notify/ must not depend on
// digest/): channels send these parts instead of rendering alerts. Chat sections are plain,
// cleaned text (sparklines included); each chat channel escapes and packs them to its limits.
struct DigestChatSection {
  std::string title;
  std::vector<std::string> lines;
  bool operator==(const DigestChatSection&) const = default;
};
struct DigestPayload {
  std::string subject;  // one line, cleaned
  std::string text;     // the text/plain part (LF line ends)
  std::string html;     // the text/html part, complete and escaped
  std::string chat_title;
  std::vector<DigestChatSection> chat;
  bool operator==(const DigestPayload&) const = default;
};

// What a seller reads instead of a meta alert's rule code ("Source not answering"); any other
// rule as it is.
std::string_view MetaAlertTitle(std::string_view rule);
std::string MetaAlertTitle(const i18n::Translator& tr, std::string_view rule);

// What a meta alert says, in one language.
struct MetaAlertText {
  std::string summary;
  std::string hint;  // what to do; empty: nothing
};
using MetaAlertWords = std::function<MetaAlertText(const i18n::Translator&)>;

// An alert sellerwatch raises about itself (delivery_failed, source_down, config_reload_failed):
// firing, starting `now`, with `rule` and `severity` among its labels; `words` writes its summary
// and hint in English (`annotations`) and again, with its title, in each other of `languages`
// (`localized`).
Alert MakeMetaAlert(std::string rule, Severity severity, Labels labels, const MetaAlertWords& words,
                    std::span<const i18n::Translator> languages, Timestamp now);

// What one receiver is asked to deliver: one or more alerts sharing a group, or a digest.
struct Notification {
  std::string receiver;
  std::string group_key;
  Timestamp created_at;
  std::vector<Alert> alerts;
  std::optional<DigestPayload> digest = std::nullopt;  // set: a digest; `alerts` is empty
};

}  // namespace sellerwatch::core
