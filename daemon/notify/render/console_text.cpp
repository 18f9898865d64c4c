#include "notify/render/console_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace sellerwatch::notify {

std::string ConsoleText(const core::Notification& n) {
  if (n.digest) return n.digest->text;
  std::string out;
  for (const auto& a : n.alerts) {
    std::string status(core::Name(a.state));
    std::transform(status.begin(), status.end(), status.begin(), ::toupper);
    out += fmt::format("{} {:<8} {:<8} {}\n", core::FormatRfc3339(n.created_at), status,
                       core::Name(a.severity), a.Annotation("summary"));
    for (const char* key : {"headroom", "forecast", "items"}) {
      if (const auto& text = a.Annotation(key); !text.empty()) {
        out += fmt::format("    {:<11} {}\n", std::string(key) + ":", text);
      }
    }
    std::string window = a.Annotation("window");
    out += fmt::format("    rule:       {} ({}{}{})\n", a.Label("rule"), a.Annotation("threshold"),
                       window.empty() ? "" : ", window ", window);
    if (a.state != core::AlertState::kResolved) {
      if (const auto& hint = a.Annotation("hint"); !hint.empty()) {
        out += fmt::format("    what to do: {}\n", hint);
      }
    }
  }
  return out;
}

}  // namespace sellerwatch::notify
