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
  const i18n::Translator& tr = d.language;
  std::vector<core::DigestChatSection> out;
  for (const auto& a : d.accounts) {
    core::DigestChatSection s;
    s.title = fmt::format("{} {}", Icon(a.status),
                          tr.TrC("account heading", "{} ({}): {}", a.id,
                                 DigestMarketplace(tr, a.marketplace), StatusWord(tr, a.status)));
    for (const auto& m : a.metrics) {
      if (!m.now && !m.week_ago) continue;
      // TRANSLATORS: one metric in the chat digest: name, value now, (change), 28-day sparkline,
      // target.
      s.lines.push_back(
          fmt::format("{} {}", Icon(m.status),
                      tr.Tr("{} {} ({}) {} target {}", core::DisplayName(tr, m.name, a.marketplace),
                            FormatMaybe(tr, m.unit, m.now), FormatChange(tr, m.unit, m.change),
                            Sparkline(m.daily), FormatTarget(tr, m))));
      if (!m.outlook.empty()) s.lines.push_back("    " + m.outlook);
    }
    std::size_t firing = 0;
    for (const auto& al : a.alerts) firing += al.resolved_at ? 0 : 1;
    s.lines.push_back(tr.Tr("alerts this week: {} ({} still firing)", a.alerts.size(), firing) +
                      " \u00B7 " + tr.Tr("at risk now: {}", a.at_risk_count) + " \u00B7 " +
                      tr.Tr("negative feedback: {}", a.negative_feedback_count));
    if (!a.feedback.empty()) {
      const auto& f = a.feedback.front();
      s.lines.push_back(tr.Tr("latest: {} \"{}\"", Stars(f.rating), f.comment));
    }
    // One line: the headline values (without any, the first few); the rest are in the email.
    const bool any_headline = std::any_of(a.platform.begin(), a.platform.end(),
                                          [](const PlatformRow& p) { return p.headline; });
    std::string says;
    std::size_t shown = 0;
    for (const auto& p : a.platform) {
      if (any_headline ? !p.headline : shown == 3) continue;
      const std::string label = PlatformLabel(tr, p);
      std::string value = p.projected.empty()
                              ? tr.TrC("platform value", "{} {}", label, p.value)
                              : tr.Tr("{} {} (projected {})", label, p.value, p.projected);
      says += (shown++ ? " \u00B7 " : "") + value;
    }
    if (shown) {
      const std::size_t more = a.platform.size() - shown;
      s.lines.push_back(more ? tr.Tr("marketplace says: {} (+{} more values)", says, more)
                             : tr.Tr("marketplace says: {}", says));
    }
    for (const auto& src : a.sources) {
      if (src.stale) s.lines.push_back(tr.Tr("source {} is stale", src.name));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sellerwatch::digest
