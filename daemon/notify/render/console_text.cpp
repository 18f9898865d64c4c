#include "notify/render/console_text.hpp"

#include <fmt/format.h>

namespace sellerwatch::notify {

std::string ConsoleText(const core::Notification& n) {
  std::string out;
  for (const auto& a : n.alerts) {
    std::string status = a.state == core::AlertState::kResolved ? "RESOLVED" : "FIRING";
    out += fmt::format("{} {:<8} {:<8} {}\n", core::FormatRfc3339(n.created_at), status,
                       core::Name(a.severity), a.Annotation("summary"));
    if (const auto& h = a.Annotation("headroom"); !h.empty()) {
      out += fmt::format("    headroom:   {}\n", h);
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
