#include "core/human_format.hpp"

#include <date/tz.h>

#include <array>
#include <cmath>

#include "core/local_time.hpp"

namespace sellerwatch::core {
namespace {

using i18n::N_;

constexpr std::array<std::string_view, 7> kWeekdays = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"),
                                                       N_("Thu"), N_("Fri"), N_("Sat")};

}  // namespace

std::string FormatPercent(const i18n::Translator& tr, double fraction) {
  return tr.Tr("{}%", tr.Decimal(fraction * 100.0, 2));
}

std::string FormatLikelihood(const i18n::Translator& tr, double probability) {
  double percent = std::round(probability * 100);
  // A chance that is not certain is never shown as certain, nor a possible one as impossible.
  if (percent >= 100 && probability < 1) percent = 99;
  if (percent <= 0 && probability > 0) percent = 1;
  return tr.Tr("{}%", tr.Number(percent, 0));
}

std::string FormatCount(const i18n::Translator& tr, long long n) {
  return tr.Number(static_cast<double>(n), 0);
}

std::string FormatValue(const i18n::Translator& tr, MetricUnit unit, double value) {
  switch (unit) {
    case MetricUnit::kRate:
      return FormatPercent(tr, value);
    case MetricUnit::kDuration: {
      long minutes = std::lround(value / 60.0);
      if (minutes < 60) return tr.Tr("{}m", minutes);
      if (minutes % 60 == 0) return tr.Tr("{}h", FormatCount(tr, minutes / 60));
      return tr.Tr("{}h {}m", FormatCount(tr, minutes / 60), minutes % 60);
    }
    case MetricUnit::kCount:
      return FormatCount(tr, std::llround(value));
    case MetricUnit::kNumber:
    case MetricUnit::kStatus:
      break;
  }
  return tr.Decimal(value, 4);
}

std::string FormatDuration(const i18n::Translator& tr, Duration d) {
  using std::chrono::duration_cast;
  if (d < Duration::zero()) d = -d;
  auto days = duration_cast<std::chrono::days>(d);
  auto hours = duration_cast<std::chrono::hours>(d - days);
  auto minutes = duration_cast<std::chrono::minutes>(d - days - hours);
  auto seconds = duration_cast<std::chrono::seconds>(d - days - hours - minutes);
  std::string parts[2];
  int n = 0;
  auto add = [&](long long count, std::string text) {
    if (count > 0 && n < 2) parts[n++] = std::move(text);
  };
  add(days.count(), tr.TrN("{} day", "{} days", days.count()));
  add(hours.count(), tr.TrN("{} hour", "{} hours", hours.count()));
  add(minutes.count(), tr.TrN("{} minute", "{} minutes", minutes.count()));
  if (n == 0 || (days.count() == 0 && hours.count() == 0)) {
    add(seconds.count(), tr.TrN("{} second", "{} seconds", seconds.count()));
  }
  if (n == 0) return tr.TrN("{} second", "{} seconds", 0);
  if (n == 1) return parts[0];
  // TRANSLATORS: two parts of a duration, largest first: "2 hours 30 minutes".
  return tr.TrC("duration", "{} {}", parts[0], parts[1]);
}

std::string FormatLocal(const i18n::Translator& tr, Timestamp t, const std::string& zone) {
  auto zoned = date::make_zoned(FindZone(zone), std::chrono::floor<std::chrono::seconds>(t));
  date::weekday day{date::floor<date::days>(zoned.get_local_time())};
  std::string weekday = tr.Tr(kWeekdays[day.c_encoding()]);
  // TRANSLATORS: weekday, then the time as date.h formats it (%H hours, %M minutes, %Z zone).
  return tr.TrC("weekday and time", "{} {}", weekday, date::format("%H:%M %Z", zoned));
}

std::string FormatDateTime(const i18n::Translator& tr, Timestamp t, const std::string& zone) {
  auto zoned = date::make_zoned(FindZone(zone), std::chrono::floor<std::chrono::minutes>(t));
  // TRANSLATORS: a date and time; date.h's strftime-like fields (%Y year, %m month, %d day).
  return date::format(tr.TrC("date format", "%Y-%m-%d %H:%M %Z"), zoned);
}

}  // namespace sellerwatch::core
