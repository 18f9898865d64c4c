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

std::string EmailText(const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(n);
  const bool compact = views.size() > 3;
  std::string out = core::Truncate(NotificationTitle(n), 500) + "\n";
  for (std::size_t i = 0; i < views.size() && i < kEmailMaxAlerts; ++i) {
    const AlertView& v = views[i];
    out += fmt::format("\n{} {} \u00B7 {} \u00B7 {}\n", v.icon, v.state, v.severity, v.Title());
    out += core::Truncate(v.summary, kSummaryLength) + "\n";
    for (const auto& f : v.facts) {
      if (compact && f.name != "Value" && f.name != "At risk" && f.name != "What to do") continue;
      out += fmt::format("  {:<12}{}\n", core::Truncate(f.name, 100) + ":",
                         core::Truncate(f.value, compact ? kCompactFactLength : kFactLength));
    }
    out += "  " + v.since + "\n";
  }
  if (views.size() > kEmailMaxAlerts) {
    out += fmt::format("\n+{} more alerts (lower priority); `sellerwatch status` lists all\n",
                       views.size() - kEmailMaxAlerts);
  }
  out += fmt::format("\n-- \nsellerwatch \u00B7 receiver {} \u00B7 {} alert{}\n",
                     core::Truncate(core::CleanLine(n.receiver), 100), views.size(),
                     views.size() == 1 ? "" : "s");
  return out;
}

}  // namespace sellerwatch::notify
