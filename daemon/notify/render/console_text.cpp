#include "notify/render/console_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace sellerwatch::notify {

// Labels and annotations are untrusted (buyer comments reach them): each is cleaned to one line
// of valid UTF-8 without control characters, so it can neither start a line of its own in a log
// nor send escape sequences to a terminal.
std::string ConsoleText(const core::Notification& n) {
  if (n.digest) return core::CleanText(n.digest->text);
  std::string out;
  for (const auto& a : n.alerts) {
    std::string status(core::Name(a.state));
    std::transform(status.begin(), status.end(), status.begin(), ::toupper);
    out += fmt::format("{} {:<8} {:<8} {}\n", core::FormatRfc3339(n.created_at), status,
                       core::Name(a.severity), core::CleanLine(a.Annotation("summary")));
    for (const char* key : {"headroom", "forecast", "items"}) {
      if (const auto& text = a.Annotation(key); !text.empty()) {
        out += fmt::format("    {:<11} {}\n", std::string(key) + ":", core::CleanLine(text));
      }
    }
    std::string window = core::CleanLine(a.Annotation("window"));
    const std::string& title = a.Annotation("title");
    out += fmt::format(
        "    rule:       {} ({}{}{})\n", core::CleanLine(title.empty() ? a.Label("rule") : title),
        core::CleanLine(a.Annotation("threshold")), window.empty() ? "" : ", window ", window);
    if (a.state != core::AlertState::kResolved) {
      if (const auto& hint = a.Annotation("hint"); !hint.empty()) {
        out += fmt::format("    what to do: {}\n", core::CleanLine(hint));
      }
    }
  }
  return out;
}

}  // namespace sellerwatch::notify
