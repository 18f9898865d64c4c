#include <fmt/format.h>

#include <algorithm>

#include "core/metric_words.hpp"
#include "digest/digest_format.hpp"
#include "digest/render.hpp"
#include "digest/sparkline.hpp"

namespace sellerwatch::digest {
namespace {

std::string_view Icon(Status s) {
  switch (s) {
    case Status::kCritical:
      return "\U0001F534";  // red circle
    case Status::kWarning:
      return "\U0001F7E0";  // orange circle
    case Status::kOk:
      return "\U0001F7E2";  // green circle
    case Status::kNoData:
      break;
  }
  return "\u26AA";  // white circle
}

}  // namespace

std::vector<core::DigestChatSection> DigestChat(const Digest& d) {
  std::vector<core::DigestChatSection> out;
  for (const auto& a : d.accounts) {
    core::DigestChatSection s;
    s.title = fmt::format("{} {} ({}): {}", Icon(a.status), a.id, a.marketplace, Name(a.status));
    for (const auto& m : a.metrics) {
      if (!m.now && !m.week_ago) continue;
      s.lines.push_back(fmt::format("{} {} {} ({}) {} target {}", Icon(m.status),
                                    core::DisplayName(m.name, a.marketplace),
                                    FormatMaybe(m.unit, m.now), FormatChange(m.unit, m.change),
                                    Sparkline(m.daily), FormatTarget(m)));
      if (!m.outlook.empty()) s.lines.push_back("    " + m.outlook);
    }
    std::size_t firing = 0;
    for (const auto& al : a.alerts) firing += al.resolved_at ? 0 : 1;
    s.lines.push_back(
        fmt::format("alerts this week: {} ({} still firing) \u00B7 at risk now: {} "
                    "\u00B7 negative feedback: {}",
                    a.alerts.size(), firing, a.at_risk_count, a.negative_feedback_count));
    if (!a.feedback.empty()) {
      const auto& f = a.feedback.front();
      s.lines.push_back(fmt::format("latest: {} \"{}\"", Stars(f.rating), f.comment));
    }
    // One line: the headline values (without any, the first few); the rest are in the email.
    const bool any_headline = std::any_of(a.platform.begin(), a.platform.end(),
                                          [](const PlatformRow& p) { return p.headline; });
    std::string says;
    std::size_t shown = 0;
    for (const auto& p : a.platform) {
      if (any_headline ? !p.headline : shown == 3) continue;
      says += fmt::format("{}{} {}{}", shown++ ? " \u00B7 " : "", p.label, p.value,
                          p.projected.empty() ? "" : " (projected " + p.projected + ")");
    }
    if (shown) {
      const std::size_t more = a.platform.size() - shown;
      s.lines.push_back(fmt::format("marketplace says: {}{}", says,
                                    more ? fmt::format(" (+{} more values)", more) : ""));
    }
    for (const auto& src : a.sources) {
      if (src.stale) s.lines.push_back("source " + src.name + " is stale");
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sellerwatch::digest
