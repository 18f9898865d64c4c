#pragma once

#include <string>
#include <vector>

#include "app/page_summary.hpp"
#include "core/silence.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::app {

struct AccountPageInput {
  const AccountSummary& summary;
  const AccountStatus& status;          // every item at risk
  const digest::AccountDigest& month;   // digest::BuildAccount over kAccountPageSpan
  std::vector<core::Silence> silences;  // those in force that can mute the account's alerts
  i18n::Translator language = {};       // the summary's (daemon.language)
};

// What the account's page covers: 30 days of alerts and negative feedback, every item at risk.
inline const digest::Span kAccountPageSpan{30 * core::kDay, 500, 10};

// Whether `silence` can mute one of the account's alerts: each matcher on an account-level
// label (account, marketplace, the account's labels) agrees, and any other matcher names an
// alert-level label (rule, metric, severity, source).
bool SilenceConcerns(const core::Silence& silence, const AccountSummary& account);

// The status page's `/accounts/ID`: the account's status and most urgent sentence, then each
// metric with its description, value against target, headroom and forecast and a 28-day chart
// with its levels; items at risk with deadlines in the account's time zone; alerts now and of
// the last 30 days with their time in alert; recent negative feedback (the buyer's words as
// text); what the marketplace says; silences in force; sources with last success and error.
std::string AccountPage(const AccountPageInput& input, core::Timestamp now);

}  // namespace sellerwatch::app
