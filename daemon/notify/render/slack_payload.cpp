#include "notify/render/slack_payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = slack_limits;

// plain_text is not mrkdwn, yet angle brackets are what Slack's control sequences are made of:
// swap them for look-alikes rather than trusting every client to treat plain_text literally.
std::string PlainText(std::string_view text, std::size_t max_length) {
  return core::PlainWithoutAngles(text, max_length);
}

std::string Mrkdwn(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kSlackMrkdwn, max_length);
}

json::object TextObject(std::string_view type, std::string text) {
  return {{"type", type}, {"text", std::move(text)}};
}

struct RenderedAlert {
  json::object block;    // a section (full and compact detail)
  std::string line;      // one mrkdwn line (line detail), joined into sections per message
  std::size_t cost = 0;  // characters of text
};

RenderedAlert RenderLine(const AlertView& v) {
  RenderedAlert r;
  r.line = fmt::format("{} *{}* \u2014 {}", v.icon, Mrkdwn(v.Title(), 200), Mrkdwn(v.Brief(), 200));
  r.cost = core::TextLength(r.line) + 1;
  return r;
}

// Lines of one message grouped into as few sections as the section limit allows.
void AppendLineSections(const std::vector<RenderedAlert>& rendered,
                        const std::vector<std::size_t>& indexes, json::array& blocks) {
  std::string text;
  for (std::size_t i : indexes) {
    if (!text.empty() && core::TextLength(text) + rendered[i].cost > lim::kSectionText) {
      blocks.push_back({{"type", "section"}, {"text", TextObject("mrkdwn", std::move(text))}});
      text.clear();
    }
    if (!text.empty()) text += "\n";
    text += rendered[i].line;
  }
  if (!text.empty()) {
    blocks.push_back({{"type", "section"}, {"text", TextObject("mrkdwn", std::move(text))}});
  }
}

RenderedAlert RenderAlert(const AlertView& v, bool compact) {
  std::string head = fmt::format("{} *{}* \u00B7 {} \u00B7 *{}*", v.icon, v.state, v.severity,
                                 Mrkdwn(v.Title(), 300));
  std::string text = head + "\n";
  // Compact sections keep a group of 20 readable on a phone; a single alert shows everything.
  std::size_t summary_budget = compact ? 400 : lim::kSectionText - 600;
  text += Mrkdwn(v.summary, summary_budget);
  RenderedAlert r;
  if (compact) {
    for (const auto& f : v.facts) {
      if (!f.Essential()) continue;
      text += fmt::format("\n*{}* {}", Mrkdwn(f.name, 100), Mrkdwn(f.value, 300));
    }
    text += "\n_" + v.since + "_";
  } else {
    text += "\n_" + v.since + "_";
    json::array fields;
    // All fields together stay well inside the per-message budget with the section text.
    std::size_t remaining = lim::kBlockTextPerMessage - lim::kSectionText - 1000;
    for (const auto& f : v.facts) {
      if (fields.size() == lim::kFields || remaining < 200) break;
      std::string name = Mrkdwn(f.name, 100);
      std::string field =
          "*" + name + "*\n" + Mrkdwn(f.value, std::min(lim::kFieldText - 110, remaining - 110));
      remaining -= std::min(remaining, core::TextLength(field));
      r.cost += core::TextLength(field);
      fields.push_back(TextObject("mrkdwn", std::move(field)));
    }
    if (!fields.empty()) r.block["fields"] = std::move(fields);
  }
  text = core::Truncate(text, lim::kSectionText);  // belt and braces: the parts are budgeted above
  r.cost += core::TextLength(text);
  r.block["type"] = "section";
  r.block["text"] = TextObject("mrkdwn", std::move(text));
  return r;
}

}  // namespace

std::vector<std::string> SlackPayloads(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<RenderedAlert> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderLine(v)
                                               : RenderAlert(v, detail == Detail::kCompact));
    costs.push_back(rendered.back().cost);
  }
  Packing packing =
      PackAlerts(costs, {lim::kBlockTextPerMessage,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string headline = NotificationHeadline(tr, n);
  const std::string icon = views.empty() ? "" : views.front().icon + " ";
  const std::string title = icon + NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    const bool last = m + 1 == packing.messages.size();
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    json::array blocks;
    blocks.push_back(
        {{"type", "header"},
         {"text", TextObject("plain_text", PlainText(title + part, lim::kHeaderText))}});
    if (detail == Detail::kLine) {
      AppendLineSections(rendered, packing.messages[m], blocks);
    } else {
      for (std::size_t i : packing.messages[m]) blocks.push_back(rendered[i].block);
    }
    if (last && packing.omitted > 0) {
      std::string more =
          tr.TrN("+{} more alert not shown (lower priority); `sellerwatch status` lists all",
                 "+{} more alerts not shown (lower priority); `sellerwatch status` lists all",
                 static_cast<long long>(packing.omitted));
      blocks.push_back({{"type", "context"}, {"elements", {TextObject("mrkdwn", more)}}});
    }
    json::object body;
    body["text"] = Mrkdwn(headline + part, lim::kFallbackText);
    body["blocks"] = std::move(blocks);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
