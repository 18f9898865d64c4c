#include "metrics/forecast_text.hpp"

#include "core/human_format.hpp"

namespace sellerwatch::metrics {
namespace {

// A pace per day: one decimal while small ("0.6", "2"), whole above ten ("14").
std::string Pace(const i18n::Translator& tr, double per_day) {
  return tr.Decimal(per_day, per_day >= 10 ? 0 : 1);
}

}  // namespace

std::string ExplainForecast(const i18n::Translator& tr, const Forecast& forecast,
                            const core::MetricInfo& info, std::optional<double> level,
                            std::optional<double> probability, int within_days) {
  // The bad event's noun in the number it goes with ("1 late shipment", "2.1 late shipments").
  auto noun = [&](const std::string& n) {
    std::string_view word = n == "1" ? info.bad_event : info.bad_events;
    return tr.Tr(word);
  };
  const std::string recent = Pace(tr, forecast.recent_bad_per_day);
  // TRANSLATORS: a forecast's reason: "2.1 late shipments a day lately (usually 0.6) of 20 a
  // day" — {0} a number, {1} what it counts, {2} the usual number, {3} all orders (or messages)
  // a day.
  std::string out =
      tr.Tr("{} {} a day lately (usually {}) of {} a day", recent, noun(recent),
            Pace(tr, forecast.baseline_bad_per_day), Pace(tr, forecast.denominator_per_day));
  const std::string within = tr.TrN("{} day", "{} days", within_days);
  const std::string leaving = tr.Number(forecast.leaving_bad, 0);
  // TRANSLATORS: continues the line: "…; 1 late shipment of 140 leave the window within 7 days"
  // — of the 140 orders that leave the counted window, 1 was a late shipment.
  out = tr.Tr("{}; {} {} of {} leave the window within {}", out, leaving, noun(leaving),
              tr.Number(forecast.leaving_total, 0), within);
  if (forecast.maturing_bad >= 0.5) {
    const std::string maturing = tr.Number(forecast.maturing_bad, 0);
    // TRANSLATORS: continues the line: bad events expected still to be reported (a late claim)
    // for orders already in the window.
    out = tr.Tr("{}; about {} {} still to be reported for orders already in it", out, maturing,
                noun(maturing));
  }
  if (level && probability) {
    // TRANSLATORS: continues the line: "…; reaching 4% within 7 days: 85% likely".
    out =
        tr.Tr("{}; reaching {} within {}: {} likely", out, core::FormatValue(tr, info.unit, *level),
              within, core::FormatLikelihood(tr, *probability));
  }
  return out;
}

std::string ExplainForecast(const Forecast& forecast, const core::MetricInfo& info,
                            std::optional<double> level, std::optional<double> probability,
                            int within_days) {
  return ExplainForecast(i18n::Translator(), forecast, info, level, probability, within_days);
}

}  // namespace sellerwatch::metrics
