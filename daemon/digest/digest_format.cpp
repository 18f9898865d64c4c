#include "digest/digest_format.hpp"

#include <array>
#include <cmath>

#include "core/alert.hpp"
#include "core/human_format.hpp"
#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "core/platform_display.hpp"

namespace sellerwatch::digest {
namespace {

using i18n::N_;

constexpr std::array<std::string_view, 7> kWeekdays = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"),
                                                       N_("Thu"), N_("Fri"), N_("Sat")};

// The weekday in the language, for a date pattern's "{}".
std::string Weekday(const i18n::Translator& tr, core::Timestamp t, const std::string& zone) {
  const std::string w = core::FormatLocal(t, zone, "%w");  // 0 = Sunday
  const std::size_t i = w.size() == 1 && w[0] >= '0' && w[0] <= '6' ? w[0] - '0' : 0;
  return tr.Tr(kWeekdays[i]);
}

}  // namespace

std::string FormatMaybe(const i18n::Translator& tr, core::MetricUnit unit,
                        const std::optional<double>& value) {
  return value ? core::FormatValue(tr, unit, *value) : "\u2014";
}

std::string FormatChange(const i18n::Translator& tr, core::MetricUnit unit,
                         const std::optional<double>& change) {
  if (!change) return "\u2014";
  double c = *change;
  if (std::abs(c) < 1e-12) return "\u00B10";
  std::string sign = c > 0 ? "+" : "\u2212";
  if (unit == core::MetricUnit::kRate) {
    // TRANSLATORS: a change of a rate in percentage points: "+0.30 pp" (sign, then the number).
    return tr.Tr("{}{} pp", sign, tr.Number(std::abs(c) * 100, 2));
  }
  return sign + core::FormatValue(tr, unit, std::abs(c));
}

std::string FormatTarget(const i18n::Translator& tr, const MetricRow& row) {
  std::string out;
  // TRANSLATORS: a metric's warning level in a target column: "warn 1.5%".
  if (row.warn) out = tr.TrC("target", "warn {}", core::FormatValue(tr, row.unit, *row.warn));
  if (row.critical) {
    if (!out.empty()) out += " \u00B7 ";
    // TRANSLATORS: a metric's critical level in a target column: "critical 2.5%".
    out += tr.TrC("target", "critical {}", core::FormatValue(tr, row.unit, *row.critical));
  }
  return out.empty() ? "\u2014" : out;
}

std::string LocalWhen(const i18n::Translator& tr, core::Timestamp t, const std::string& zone) {
  // TRANSLATORS: the weekday ({}), then date.h's fields: %d day, %b month name, %m month number,
  // %H:%M the time. "Sat 21 Nov 09:00".
  const std::string pattern = tr.TrC("date", "{} %d %b %H:%M", Weekday(tr, t, zone));
  return core::FormatLocal(t, zone, pattern.c_str());
}

std::string FormatWhen(const Digest& digest, core::Timestamp t) {
  return LocalWhen(digest.language, t, digest.timezone);
}

std::string LocalDay(const i18n::Translator& tr, core::Timestamp t, const std::string& zone) {
  // TRANSLATORS: a day as date.h writes it: %d day, %b month name, %m month number. "21 Nov".
  return core::FormatLocal(t, zone, tr.TrC("date", "%d %b").c_str());
}

std::string LocalDateTime(const i18n::Translator& tr, core::Timestamp t, const std::string& zone) {
  // TRANSLATORS: date.h's fields: %d day, %b month name, %m month number, %H:%M the time, %Z the
  // time zone. "12 Dec 14:00 PST".
  return core::FormatLocal(t, zone, tr.TrC("date", "%d %b %H:%M %Z").c_str());
}

std::string FormatSpan(const i18n::Translator& tr, core::Duration d) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  if (minutes < 60) return tr.Tr("{}m", minutes);
  auto hours = minutes / 60;
  if (hours < 24) return minutes % 60 ? tr.Tr("{}h {}m", hours, minutes % 60) : tr.Tr("{}h", hours);
  // TRANSLATORS: a short span of days and hours: "3d 4h".
  return hours % 24 ? tr.Tr("{}d {}h", hours / 24, hours % 24) : tr.Tr("{}d", hours / 24);
}

std::string DescribeAlert(const Digest& digest, const AlertRow& a) {
  const i18n::Translator& tr = digest.language;
  const std::string span = FormatSpan(tr, a.time_in_alert);
  if (a.fired_at && a.resolved_at) {
    return tr.Tr("fired {}, resolved {} ({} in alert)", FormatWhen(digest, *a.fired_at),
                 FormatWhen(digest, *a.resolved_at), span);
  }
  if (a.fired_at)
    return tr.Tr("fired {}, still firing ({} in alert)", FormatWhen(digest, *a.fired_at), span);
  if (a.resolved_at) {
    return tr.Tr("firing since before the week, resolved {} ({} in alert)",
                 FormatWhen(digest, *a.resolved_at), span);
  }
  return tr.Tr("firing since before the week, still firing ({} in alert)", span);
}

std::string Stars(int rating) {
  std::string out;
  for (int i = 1; i <= 5; ++i) out += i <= rating ? "\u2605" : "\u2606";
  return out;
}

std::string DigestSubject(const Digest& digest) {
  return digest.language.Tr("[sellerwatch] Weekly digest: {}", digest.verdict);
}

std::string AlertName(const i18n::Translator& tr, const AccountDigest& account,
                      const AlertRow& alert) {
  return alert.metric.empty() ? core::MetaAlertTitle(tr, alert.rule)
                              : core::DisplayName(tr, alert.metric, account.marketplace);
}

std::string StatusWord(const i18n::Translator& tr, Status status) {
  switch (status) {
    case Status::kCritical:
      return tr.TrC("status", "critical");
    case Status::kWarning:
      return tr.TrC("status", "warning");
    case Status::kOk:
      return tr.TrC("status", "ok");
    case Status::kNoData:
      break;
  }
  return tr.TrC("status", "no data");
}

std::string SeverityWord(const i18n::Translator& tr, core::Severity severity) {
  return severity == core::Severity::kCritical ? tr.TrC("severity", "critical")
                                               : tr.TrC("severity", "warning");
}

std::string AlertStateWord(const i18n::Translator& tr, core::AlertState state) {
  switch (state) {
    case core::AlertState::kFiring:
      return tr.TrC("state", "firing");
    case core::AlertState::kPending:
      return tr.TrC("state", "pending");
    case core::AlertState::kFlapping:
      return tr.TrC("state", "flapping");
    case core::AlertState::kResolved:
      return tr.TrC("state", "resolved");
    case core::AlertState::kInactive:
      break;
  }
  return tr.TrC("state", "inactive");
}

std::string EventWords(const i18n::Translator& tr, std::string_view english) {
  if (tr.IsEnglish() || english.empty()) return std::string(english);
  return tr.Tr(english);
}

std::string AtRiskKind(const i18n::Translator& tr, std::string_view kind,
                       std::string_view marketplace) {
  return tr.IsEnglish() ? std::string(kind) : core::DisplayName(tr, kind, marketplace);
}

std::string PlatformLabel(const i18n::Translator& tr, const PlatformRow& row) {
  return row.headline ? core::PlatformLabel(tr, row.name) : row.label;
}

std::string DigestMarketplace(const i18n::Translator& tr, std::string_view marketplace) {
  return tr.IsEnglish() ? std::string(marketplace) : MarketplaceName(tr, marketplace);
}

std::string MarketplaceName(const i18n::Translator& tr, std::string_view marketplace) {
  // TRANSLATORS: the marketplace of an account that is on none of the known ones.
  if (marketplace == "custom") return tr.TrC("marketplace", "Other");
  return std::string(core::MarketplaceName(marketplace));
}

std::size_t DisplayWidth(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    // fmt's table of wide code points (format.h compute_width), so columns agree with its padding.
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || cp == 0x2329 || cp == 0x232a ||
                      (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6f) ||
                      (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
                      (cp >= 0x20000 && cp <= 0x2fffd) || (cp >= 0x30000 && cp <= 0x3fffd) ||
                      (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff);
    width += wide ? 2 : 1;
  }
  return width;
}

}  // namespace sellerwatch::digest
