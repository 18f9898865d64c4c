#include <fmt/format.h>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/email_body.hpp"

namespace sellerwatch::notify {
namespace {

// Mail has no hard size limit, but a 5,000-character comment is unreadable in a list.
constexpr std::size_t kSummaryLength = 2000;
constexpr std::size_t kFactLength = 1000;
constexpr std::size_t kCompactFactLength = 300;

}  // namespace

std::string EmailReceiverNote(const i18n::Translator& tr, const core::Notification& n) {
  // TRANSLATORS: in the e-mail footer; {} is the receiver's name from the config.
  return tr.Tr("receiver {}", core::Truncate(core::CleanLine(n.receiver), 100));
}

std::string EmailAlertCount(const i18n::Translator& tr, std::size_t alerts) {
  return tr.TrN("{} alert", "{} alerts", static_cast<long long>(alerts));
}

std::string EmailMoreAlerts(const i18n::Translator& tr, std::size_t omitted) {
  return tr.TrN("+{} more alert (lower priority)", "+{} more alerts (lower priority)",
                static_cast<long long>(omitted));
}

std::string EmailText(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const bool compact = views.size() > 3;
  std::string out = core::Truncate(NotificationTitle(tr, n), 500) + "\n";
  for (std::size_t i = 0; i < views.size() && i < kEmailMaxAlerts; ++i) {
    const AlertView& v = views[i];
    out += fmt::format("\n{} {} \u00B7 {} \u00B7 {}\n", v.icon, v.state, v.severity, v.Title());
    out += core::Truncate(v.summary, kSummaryLength) + "\n";
    for (const auto& f : v.facts) {
      if (compact && !f.Essential() && f.key != "hint") continue;
      // TRANSLATORS: a fact's name as a label before its value ("Value: 1.20%").
      out += fmt::format("  {:<12}{}\n", tr.TrC("label", "{}:", core::Truncate(f.name, 100)),
                         core::Truncate(f.value, compact ? kCompactFactLength : kFactLength));
    }
    out += "  " + v.since + "\n";
  }
  if (views.size() > kEmailMaxAlerts) {
    std::string more = EmailMoreAlerts(tr, views.size() - kEmailMaxAlerts);
    // TRANSLATORS: after "+N more alerts (lower priority)" in the e-mail's text part.
    out += "\n" + tr.Tr("{}; `sellerwatch status` lists all", more) + "\n";
  }
  out += fmt::format("\n-- \nsellerwatch \u00B7 {} \u00B7 {}\n", EmailReceiverNote(tr, n),
                     EmailAlertCount(tr, views.size()));
  return out;
}

}  // namespace sellerwatch::notify
