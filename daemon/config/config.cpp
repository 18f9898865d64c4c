#include "config/config.hpp"

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
