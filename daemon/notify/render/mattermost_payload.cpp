#include "notify/render/mattermost_payload.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = mattermost_limits;

// Room in every post for the heading and the "+N more" line.
constexpr std::size_t kAlertBudget = lim::kTextPerMessage - 700;

std::string Md(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kMarkdown, max_length);
}

std::string RenderLine(const AlertView& v) {
  return fmt::format("- {} **{}** \u2014 {}\n", v.icon, Md(v.Title(), 200), Md(v.Brief(), 200));
}

// `scale` divides the text budgets; RenderFitting halves it until the alert fits a post.
std::string RenderAlert(const i18n::Translator& tr, const AlertView& v, bool compact,
                        std::size_t scale) {
  std::string out = fmt::format("{} **{}** \u00B7 {} \u00B7 **{}**\n", v.icon, v.state, v.severity,
                                Md(v.Title(), 300));
  out += Md(v.summary, (compact ? 400 : 4000) / scale) + "\n";
  for (const auto& f : v.facts) {
    if (compact && !f.Essential()) continue;
    out += "- " + tr.TrC("label", "{}:", "**" + Md(f.name, 100) + "**") + " " +
           Md(f.value, (compact ? 300 : 1500) / scale) + "\n";
  }
  out += "_" + v.since + "_\n";
  return out;
}

std::string RenderFitting(const i18n::Translator& tr, const AlertView& v, bool compact) {
  for (std::size_t scale = 1;; scale *= 2) {
    std::string out = RenderAlert(tr, v, compact, scale) + "\n";
    if (core::TextLength(out) <= kAlertBudget || scale >= 64) return out;
  }
}

}  // namespace

std::vector<std::string> MattermostPayloads(const i18n::Translator& tr,
                                            const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<std::string> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderLine(v)
                                               : RenderFitting(tr, v, detail == Detail::kCompact));
    costs.push_back(core::TextLength(rendered.back()));
  }
  // Room for the heading and the "+N more" line.
  Packing packing =
      PackAlerts(costs, {kAlertBudget,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title = NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    std::string text = "#### " + Md(title, 500) + part + "\n";
    for (std::size_t i : packing.messages[m]) text += rendered[i];
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      text += "_" + MoreAlertsNotShown(tr, packing.omitted) + "_\n";
    }
    json::object body;
    body["text"] = core::Truncate(text, lim::kTextPerMessage);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
