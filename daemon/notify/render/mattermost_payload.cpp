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
std::string RenderAlert(const AlertView& v, bool compact, std::size_t scale) {
  std::string out = fmt::format("{} **{}** \u00B7 {} \u00B7 **{}**\n", v.icon, v.state, v.severity,
                                Md(v.Title(), 300));
  out += Md(v.summary, (compact ? 400 : 4000) / scale) + "\n";
  for (const auto& f : v.facts) {
    if (compact && f.name != "Value" && f.name != "At risk") continue;
    out +=
        fmt::format("- **{}**: {}\n", Md(f.name, 100), Md(f.value, (compact ? 300 : 1500) / scale));
  }
  out += "_" + v.since + "_\n";
  return out;
}

std::string RenderFitting(const AlertView& v, bool compact) {
  for (std::size_t scale = 1;; scale *= 2) {
    std::string out = RenderAlert(v, compact, scale) + "\n";
    if (core::TextLength(out) <= kAlertBudget || scale >= 64) return out;
  }
}

}  // namespace

std::vector<std::string> MattermostPayloads(const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<std::string> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderLine(v)
                                               : RenderFitting(v, detail == Detail::kCompact));
    costs.push_back(core::TextLength(rendered.back()));
  }
  // Room for the heading and the "+N more" line.
  Packing packing =
      PackAlerts(costs, {kAlertBudget,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title = NotificationTitle(n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = packing.messages.size() > 1
                           ? fmt::format(" ({}/{})", m + 1, packing.messages.size())
                           : std::string();
    std::string text = "#### " + Md(title, 500) + part + "\n";
    for (std::size_t i : packing.messages[m]) text += rendered[i];
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      text += fmt::format("_+{} more alert{} not shown (lower priority)_\n", packing.omitted,
                          packing.omitted == 1 ? "" : "s");
    }
    json::object body;
    body["text"] = core::Truncate(text, lim::kTextPerMessage);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
