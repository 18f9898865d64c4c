#include <fmt/format.h>

#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "digest/render.hpp"
#include "digest/sparkline.hpp"

namespace sellerwatch::digest {
namespace {

// fmt pads by display width (a Chinese character takes two columns), as DisplayWidth counts.
std::string Cell(const std::string& s, std::size_t width) {
  return fmt::format("{:<{}}", s, width);
}

void AppendAccount(std::string& out, const Digest& d, const AccountDigest& a) {
  const i18n::Translator& tr = d.language;
  // TRANSLATORS: an account's heading in the text digest: id, marketplace, status.
  out += "\n" +
         tr.Tr("== {} ({}): {} ==", a.id, DigestMarketplace(tr, a.marketplace),
               StatusWord(tr, a.status)) +
         "\n";
  std::vector<std::string> names;
  for (const auto& m : a.metrics) names.push_back(core::DisplayName(tr, m.name, a.marketplace));
  // One row of cells per metric after the header; a column is as wide as its default or, when
  // a cell is wider (longer words in another language), that cell and a space.
  std::vector<std::vector<std::string>> rows = {
      {tr.TrC("digest column", "metric"), tr.TrC("digest column", "now"),
       tr.TrC("digest column", "week ago"), tr.TrC("digest column", "change"),
       tr.TrC("digest column", "status"), tr.TrC("digest column", "target"),
       tr.TrC("digest column", "last 28 days")}};
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    const MetricRow& m = a.metrics[i];
    rows.push_back({names[i], FormatMaybe(tr, m.unit, m.now), FormatMaybe(tr, m.unit, m.week_ago),
                    FormatChange(tr, m.unit, m.change), StatusWord(tr, m.status),
                    FormatTarget(tr, m), Sparkline(m.daily)});
  }
  std::size_t widths[] = {6, 9, 10, 11, 10, 28};
  for (const auto& row : rows) {
    widths[0] = std::max(widths[0], DisplayWidth(row[0]));
    for (std::size_t c = 1; c < std::size(widths); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]) + 1);
    }
  }
  for (const auto& row : rows) {
    out += Cell(row[0], widths[0]) + "  ";
    for (std::size_t c = 1; c < std::size(widths); ++c) out += Cell(row[c], widths[c]);
    out += row.back() + "\n";
  }
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    if (!a.metrics[i].outlook.empty()) {
      out += "  " + tr.TrC("label", "{}: {}", names[i], a.metrics[i].outlook) + "\n";
    }
  }
  out += "\n" + (a.alerts.empty() ? tr.Tr("Alerts this week: none") : tr.Tr("Alerts this week:")) +
         "\n";
  for (const auto& al : a.alerts) {
    // TRANSLATORS: one alert of the week: its name, severity, then when it fired and resolved.
    out += "  - " +
           tr.TrC("digest alert", "{} {}: {}", AlertName(tr, a, al), SeverityWord(tr, al.severity),
                  DescribeAlert(d, al)) +
           "\n";
  }
  out += tr.Tr("At risk now: {}", a.at_risk_count) + "\n";
  for (const auto& r : a.at_risk) {
    const std::string item = r.note.empty() ? r.id : tr.TrC("label", "{}: {}", r.id, r.note);
    // TRANSLATORS: an item at risk: what kind, the order or message, its deadline.
    out += "  - " +
           tr.Tr("{} {} (due {})", AtRiskKind(tr, r.kind, a.marketplace), item,
                 FormatWhen(d, r.deadline)) +
           "\n";
  }
  if (a.at_risk_count > a.at_risk.size()) {
    out += "  " + tr.Tr("+ {} more", a.at_risk_count - a.at_risk.size()) + "\n";
  }
  out += tr.Tr("Negative feedback this week: {}", a.negative_feedback_count) + "\n";
  for (const auto& f : a.feedback) {
    // TRANSLATORS: one negative feedback: stars, when, (the order,) the buyer's comment.
    out += "  - " +
           (f.order_id.empty()
                ? tr.Tr("{} {}: \"{}\"", Stars(f.rating), FormatWhen(d, f.received_at), f.comment)
                : tr.Tr("{} {}, order {}: \"{}\"", Stars(f.rating), FormatWhen(d, f.received_at),
                        f.order_id, f.comment)) +
           "\n";
  }
  if (!a.platform.empty()) out += tr.Tr("Marketplace says:") + "\n";
  for (const auto& p : a.platform) {
    const std::string label = PlatformLabel(tr, p);
    const std::string when = FormatWhen(d, p.reported_at);
    out += "  - " +
           (p.projected.empty()
                ? tr.Tr("{}: {} (reported {})", label, p.value, when)
                : tr.Tr("{}: {}, projected {} (reported {})", label, p.value, p.projected, when)) +
           "\n";
  }
  out += (a.sources.empty() ? tr.Tr("Sources: none") : tr.Tr("Sources:")) + "\n";
  for (const auto& s : a.sources) {
    std::string line = s.last_update
                           ? tr.Tr("{}: last data {}", s.name, FormatWhen(d, *s.last_update))
                           : tr.Tr("{}: no data yet", s.name);
    out += "  - " + (s.stale ? tr.Tr("{} (STALE)", line) : line) + "\n";
  }
}

}  // namespace

std::string DigestText(const Digest& d) {
  const i18n::Translator& tr = d.language;
  std::string out = tr.Tr("sellerwatch weekly digest, {} to {} ({})", FormatWhen(d, d.week_start),
                          FormatWhen(d, d.now), d.timezone) +
                    "\n";
  out += d.verdict + "\n";
  for (const auto& a : d.accounts) AppendAccount(out, d, a);
  out += "\n-- \n" + tr.Tr("sellerwatch: sent to receiver {}", d.receiver) + "\n";
  return out;
}

core::DigestPayload RenderDigest(const Digest& d) {
  core::DigestPayload p;
  p.subject = core::Truncate(core::CleanLine(DigestSubject(d)), 200);
  p.text = DigestText(d);
  p.html = DigestHtml(d);
  p.chat_title = d.language.Tr("sellerwatch weekly digest: {}", d.verdict);
  p.chat = DigestChat(d);
  return p;
}

}  // namespace sellerwatch::digest
