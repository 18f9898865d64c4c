#include <fmt/format.h>

#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "digest/render.hpp"
#include "digest/sparkline.hpp"

namespace sellerwatch::digest {
namespace {

// fmt pads by code points; sparkline and em dash are single code points, so columns line up.
std::string Cell(const std::string& s, std::size_t width) {
  return fmt::format("{:<{}}", s, width);
}

void AppendAccount(std::string& out, const Digest& d, const AccountDigest& a) {
  out += fmt::format("\n== {} ({}): {} ==\n", a.id, a.marketplace, Name(a.status));
  std::vector<std::string> names;
  for (const auto& m : a.metrics) names.push_back(core::DisplayName(m.name, a.marketplace));
  std::size_t name_width = 6;
  for (const auto& name : names) name_width = std::max(name_width, name.size());
  out += Cell("metric", name_width) + "  " + Cell("now", 9) + Cell("week ago", 10) +
         Cell("change", 11) + Cell("status", 10) + Cell("target", 28) + "last 28 days\n";
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    const MetricRow& m = a.metrics[i];
    out += Cell(names[i], name_width) + "  " + Cell(FormatMaybe(m.unit, m.now), 9) +
           Cell(FormatMaybe(m.unit, m.week_ago), 10) + Cell(FormatChange(m.unit, m.change), 11) +
           Cell(std::string(Name(m.status)), 10) + Cell(FormatTarget(m), 28) + Sparkline(m.daily) +
           "\n";
  }
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    if (!a.metrics[i].outlook.empty()) out += "  " + names[i] + ": " + a.metrics[i].outlook + "\n";
  }
  out += "\nAlerts this week:";
  if (a.alerts.empty()) out += " none";
  out += "\n";
  for (const auto& al : a.alerts) {
    out += fmt::format("  - {} {}: {}\n", AlertName(a, al), core::Name(al.severity),
                       DescribeAlert(d, al));
  }
  out += fmt::format("At risk now: {}\n", a.at_risk_count);
  for (const auto& r : a.at_risk) {
    out += fmt::format("  - {} {}{}{} (due {})\n", r.kind, r.id, r.note.empty() ? "" : ": ", r.note,
                       FormatWhen(d, r.deadline));
  }
  if (a.at_risk_count > a.at_risk.size()) {
    out += fmt::format("  + {} more\n", a.at_risk_count - a.at_risk.size());
  }
  out += fmt::format("Negative feedback this week: {}\n", a.negative_feedback_count);
  for (const auto& f : a.feedback) {
    out += fmt::format("  - {} {}{}: \"{}\"\n", Stars(f.rating), FormatWhen(d, f.received_at),
                       f.order_id.empty() ? "" : ", order " + f.order_id, f.comment);
  }
  if (!a.platform.empty()) out += "Marketplace says:\n";
  for (const auto& p : a.platform) {
    out += fmt::format("  - {}: {}{} (reported {})\n", p.label, p.value,
                       p.projected.empty() ? "" : ", projected " + p.projected,
                       FormatWhen(d, p.reported_at));
  }
  out += "Sources:";
  if (a.sources.empty()) out += " none";
  out += "\n";
  for (const auto& s : a.sources) {
    out += fmt::format(
        "  - {}: {}{}\n", s.name,
        s.last_update ? "last data " + FormatWhen(d, *s.last_update) : std::string("no data yet"),
        s.stale ? " (STALE)" : "");
  }
}

}  // namespace

std::string DigestText(const Digest& d) {
  std::string out = fmt::format("sellerwatch weekly digest, {} to {} ({})\n",
                                FormatWhen(d, d.week_start), FormatWhen(d, d.now), d.timezone);
  out += d.verdict + "\n";
  for (const auto& a : d.accounts) AppendAccount(out, d, a);
  out += "\n-- \nsellerwatch: sent to receiver " + d.receiver + "\n";
  return out;
}

core::DigestPayload RenderDigest(const Digest& d) {
  core::DigestPayload p;
  p.subject = core::Truncate(core::CleanLine(DigestSubject(d)), 200);
  p.text = DigestText(d);
  p.html = DigestHtml(d);
  p.chat_title = "sellerwatch weekly digest: " + d.verdict;
  p.chat = DigestChat(d);
  return p;
}

}  // namespace sellerwatch::digest
