#include "notify/render/digest_payloads.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <functional>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"
#include "notify/render/telegram_payload.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

// One channel's way of writing a section: its markup, how the title is set off, how length
// is counted, and its per-message budgets.
struct Style {
  core::Markup markup;
  std::string_view bold_open, bold_close;
  std::string_view line_separator;
  std::function<std::size_t(std::string_view)> cost;  // of a rendered section
  std::size_t section_budget;                         // one section, rendered
  std::size_t message_budget;                         // the sections of one message
  std::size_t sections_per_message;
};

struct Rendered {
  std::vector<std::string> sections;
  std::vector<std::vector<std::size_t>> messages;  // indexes into sections
  std::size_t omitted = 0;
};

std::string RenderSection(const core::DigestChatSection& s, const Style& style) {
  std::string out = std::string(style.bold_open) +
                    core::EscapeTruncated(core::CleanLine(s.title), style.markup, 200) +
                    std::string(style.bold_close);
  for (const auto& line : s.lines) {
    std::string next = std::string(style.line_separator) +
                       core::EscapeTruncated(core::CleanLine(line), style.markup, 500);
    if (style.cost(out + next) > style.section_budget) {
      std::string more = std::string(style.line_separator) + "\u2026";
      if (style.cost(out + more) <= style.section_budget) out += more;
      break;
    }
    out += next;
  }
  return out;
}

Rendered Render(const core::DigestPayload& d, const Style& style) {
  Rendered r;
  std::vector<std::size_t> costs;
  for (const auto& s : d.chat) {
    r.sections.push_back(RenderSection(s, style));
    costs.push_back(style.cost(r.sections.back()));
  }
  Packing packing =
      PackAlerts(costs, {style.message_budget, style.sections_per_message, kDigestMessages});
  r.messages = std::move(packing.messages);
  if (r.messages.empty()) r.messages.emplace_back();
  r.omitted = packing.omitted;
  return r;
}

std::string Part(const i18n::Translator& tr, const Rendered& r, std::size_t m) {
  return PartOf(tr, m + 1, r.messages.size());
}

std::string More(const i18n::Translator& tr, const Rendered& r, std::size_t m) {
  if (m + 1 != r.messages.size() || r.omitted == 0) return "";
  return tr.TrN("+{} more account: see the email digest or `sellerwatch digest --text`",
                "+{} more accounts: see the email digest or `sellerwatch digest --text`",
                static_cast<long long>(r.omitted));
}

std::size_t Utf16(std::string_view s) { return core::TextLength(s); }
std::size_t Bytes(std::string_view s) { return s.size() * 6 / 5 + 16; }  // JSON escaping

std::string PlainTitle(std::string_view text, std::size_t max) {
  return core::PlainWithoutAngles(core::CleanLine(text), max);
}

}  // namespace

std::vector<std::string> DigestSlackPayloads(const i18n::Translator& tr,
                                             const core::DigestPayload& d) {
  const Style style{core::Markup::kSlackMrkdwn, "*", "*", "\n", Utf16, 3000, 12000, 20};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    json::array blocks;
    blocks.push_back(
        {{"type", "header"},
         {"text",
          {{"type", "plain_text"}, {"text", PlainTitle(d.chat_title + Part(tr, r, m), 150)}}}});
    for (std::size_t i : r.messages[m]) {
      blocks.push_back(
          {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", r.sections[i]}}}});
    }
    if (auto more = More(tr, r, m); !more.empty()) {
      blocks.push_back(
          {{"type", "context"},
           {"elements", {{{"type", "mrkdwn"}, {"text", core::EscapeSlackMrkdwn(more)}}}}});
    }
    json::object body;
    body["text"] =
        core::EscapeTruncated(core::CleanLine(d.chat_title), core::Markup::kSlackMrkdwn, 1000);
    body["blocks"] = std::move(blocks);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

std::vector<std::string> DigestDiscordPayloads(const i18n::Translator& tr,
                                               const core::DigestPayload& d) {
  // The section's first line is the embed title; the rest its description.
  const Style style{core::Markup::kDiscordMarkdown, "**", "**", "\n", Utf16, 3000, 5800, 10};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    json::array embeds;
    for (std::size_t i : r.messages[m]) {
      embeds.push_back(json::object{{"description", r.sections[i]}});
    }
    std::string content =
        core::EscapeTruncated(core::CleanLine(d.chat_title), core::Markup::kDiscordMarkdown, 1500) +
        Part(tr, r, m);
    if (auto more = More(tr, r, m); !more.empty())
      content += "\n" + core::EscapeDiscordMarkdown(more);
    json::object body;
    body["content"] = core::Truncate(content, 2000);
    body["username"] = "sellerwatch";
    body["allowed_mentions"] = {{"parse", json::array()}};
    body["embeds"] = std::move(embeds);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

std::vector<std::string> DigestTeamsPayloads(const i18n::Translator& tr,
                                             const core::DigestPayload& d) {
  // TextBlocks take Markdown; a line break needs a blank line between lines.
  const Style style{core::Markup::kMarkdown, "**", "**", "\n\n", Bytes, 6000, 14000, 20};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    json::array body{{{"type", "TextBlock"},
                      {"text", core::EscapeTruncated(core::CleanLine(d.chat_title),
                                                     core::Markup::kMarkdown, 300) +
                                   Part(tr, r, m)},
                      {"size", "Large"},
                      {"weight", "Bolder"},
                      {"wrap", true}}};
    for (std::size_t i : r.messages[m]) {
      body.push_back(
          {{"type", "Container"},
           {"separator", true},
           {"items", {{{"type", "TextBlock"}, {"text", r.sections[i]}, {"wrap", true}}}}});
    }
    if (auto more = More(tr, r, m); !more.empty()) {
      body.push_back({{"type", "TextBlock"}, {"text", core::EscapeMarkdown(more)}, {"wrap", true}});
    }
    json::object card{{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                      {"type", "AdaptiveCard"},
                      {"version", "1.4"},
                      {"body", std::move(body)}};
    json::object attachment{{"contentType", "application/vnd.microsoft.card.adaptive"},
                            {"contentUrl", nullptr},
                            {"content", std::move(card)}};
    json::object message{{"type", "message"}};
    message["attachments"] = json::array{std::move(attachment)};
    bodies.push_back(json::serialize(message));
  }
  return bodies;
}

std::vector<std::string> DigestTelegramPayloads(const i18n::Translator& tr,
                                                const core::DigestPayload& d,
                                                std::string_view chat_id) {
  const Style style{core::Markup::kTelegramHtml, "<b>", "</b>", "\n",
                    core::TelegramVisibleLength, 3500,  3700,   20};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    std::string text =
        "<b>" +
        core::EscapeTruncated(core::CleanLine(d.chat_title), core::Markup::kTelegramHtml, 200) +
        Part(tr, r, m) + "</b>";
    for (std::size_t i : r.messages[m]) text += "\n\n" + r.sections[i];
    if (auto more = More(tr, r, m); !more.empty())
      text += "\n\n<i>" + core::EscapeTelegramHtml(more) + "</i>";
    bodies.push_back(TelegramMessageBody(chat_id, std::move(text)));
  }
  return bodies;
}

std::vector<std::string> DigestMattermostPayloads(const i18n::Translator& tr,
                                                  const core::DigestPayload& d) {
  const Style style{core::Markup::kMarkdown, "#### ", "", "\n", Utf16, 5000, 14000, 50};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    std::string text =
        "### " +
        core::EscapeTruncated(core::CleanLine(d.chat_title), core::Markup::kMarkdown, 300) +
        Part(tr, r, m);
    for (std::size_t i : r.messages[m]) text += "\n\n" + r.sections[i];
    if (auto more = More(tr, r, m); !more.empty())
      text += "\n\n_" + core::EscapeMarkdown(more) + "_";
    bodies.push_back(json::serialize(json::object{{"text", std::move(text)}}));
  }
  return bodies;
}

std::vector<std::string> DigestGoogleChatPayloads(const i18n::Translator& tr,
                                                  const core::DigestPayload& d) {
  // Card text is the HTML subset Chat renders.
  const Style style{core::Markup::kHtml, "<b>", "</b>", "<br>", Bytes, 8000, 22000, 40};
  Rendered r = Render(d, style);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < r.messages.size(); ++m) {
    json::array sections;
    auto paragraph = [](std::string html) {
      json::object text{{"text", std::move(html)}};
      json::object widget{{"textParagraph", std::move(text)}};
      return json::object{{"widgets", json::array{std::move(widget)}}};
    };
    for (std::size_t i : r.messages[m]) sections.push_back(paragraph(r.sections[i]));
    if (auto more = More(tr, r, m); !more.empty()) {
      sections.push_back(paragraph("<i>" + core::EscapeHtml(more) + "</i>"));
    }
    std::string title = PlainTitle(d.chat_title + Part(tr, r, m), 200);
    json::object card{{"header", {{"title", title}}}, {"sections", std::move(sections)}};
    json::object body;
    body["text"] = title;
    body["cardsV2"] = json::array{{{"cardId", "digest"}, {"card", std::move(card)}}};
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
