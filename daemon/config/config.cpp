#include "config/config.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/enum_table.hpp"

namespace sellerwatch::config {
namespace {

using core::NameIn;
using core::ParseIn;

constexpr core::EnumTable<RuleKind, 5> kRuleKinds{{
    {RuleKind::kThreshold, "threshold"},
    {RuleKind::kTrend, "trend"},
    {RuleKind::kForecast, "forecast"},
    {RuleKind::kStatusChange, "status_change"},
    {RuleKind::kAtRisk, "at_risk"},
}};

constexpr core::EnumTable<ReceiverType, 11> kReceiverTypes{{
    {ReceiverType::kEmail, "email"},
    {ReceiverType::kSlack, "slack"},
    {ReceiverType::kMattermost, "mattermost"},
    {ReceiverType::kDiscord, "discord"},
    {ReceiverType::kGoogleChat, "google_chat"},
    {ReceiverType::kTeams, "teams"},
    {ReceiverType::kTelegram, "telegram"},
    {ReceiverType::kWebhook, "webhook"},
    {ReceiverType::kAlertmanager, "alertmanager"},
    {ReceiverType::kConsole, "console"},
    {ReceiverType::kFile, "file"},
}};

}  // namespace

std::vector<i18n::Translator> Config::Languages() const {
  std::vector<i18n::Translator> out{i18n::Translator()};
  auto add = [&out](const i18n::Translator& t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  add(daemon.language);
  for (const auto& r : receivers) add(r.language);
  return out;
}

const AccountConfig* Config::FindAccount(std::string_view id) const {
  for (const auto& account : accounts)
    if (account.id == id) return &account;
  return nullptr;
}

const ReceiverConfig* Config::FindReceiver(std::string_view name) const {
  for (const auto& receiver : receivers)
    if (receiver.name == name) return &receiver;
  return nullptr;
}

std::string_view Name(RuleKind k) { return NameIn(kRuleKinds, k); }
std::string_view Name(ReceiverType t) { return NameIn(kReceiverTypes, t); }

std::optional<RuleKind> ParseRuleKind(std::string_view s) { return ParseIn(kRuleKinds, s); }
std::optional<ReceiverType> ParseReceiverType(std::string_view s) {
  return ParseIn(kReceiverTypes, s);
}

}  // namespace sellerwatch::config
