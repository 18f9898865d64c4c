#include "notify/render/console_text.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"

namespace sellerwatch::notify {
namespace {

// The annotations shown on lines of their own, with their labels (padded to one column).
constexpr std::array<std::pair<const char*, std::string_view>, 3> kFactLines = {{
    {"headroom", i18n::N_("headroom:")},
    {"forecast", i18n::N_("forecast:")},
    {"items", i18n::N_("items:")},
}};

}  // namespace

// Labels and annotations are untrusted (buyer comments reach them): each is cleaned to one line
// of valid UTF-8 without control characters, so it can neither start a line of its own in a log
// nor send escape sequences to a terminal. fmt pads by display width, so the columns stay
// aligned with wide (CJK) labels too.
std::string ConsoleText(const i18n::Translator& tr, const core::Notification& n) {
  if (n.digest) return core::CleanText(n.digest->text);
  const std::string& language = tr.Language();
  std::string out;
  for (const auto& a : n.alerts) {
    out += fmt::format("{} {:<8} {:<8} {}\n", core::FormatRfc3339(n.created_at),
                       StateWord(tr, a.state), SeverityWord(tr, a.severity),
                       core::CleanLine(a.Annotation("summary", language)));
    for (const auto& [key, label] : kFactLines) {
      if (const auto& text = a.Annotation(key, language); !text.empty()) {
        out += fmt::format("    {:<11} {}\n", tr.Tr(label), core::CleanLine(text));
      }
    }
    std::string window = core::CleanLine(a.Annotation("window", language));
    const std::string& title = a.Annotation("title", language);
    std::string limits = core::CleanLine(a.Annotation("threshold", language));
    // TRANSLATORS: after a rule's limits, in parentheses: "(warn 2%, critical 4%, window 60 days)".
    if (!window.empty()) limits += tr.Tr(", window {}", window);
    // TRANSLATORS: the rule line: the rule's title, then its limits and window in parentheses.
    std::string rule = tr.TrC("rule and limits", "{} ({})",
                              core::CleanLine(title.empty() ? a.Label("rule") : title), limits);
    out += fmt::format("    {:<11} {}\n", tr.Tr("rule:"), rule);
    if (a.state != core::AlertState::kResolved) {
      if (const auto& hint = a.Annotation("hint", language); !hint.empty()) {
        out += fmt::format("    {:<11} {}\n", tr.Tr("what to do:"), core::CleanLine(hint));
      }
    }
  }
  return out;
}

}  // namespace sellerwatch::notify
