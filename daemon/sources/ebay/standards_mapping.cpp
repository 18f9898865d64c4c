#include "sources/ebay/standards_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::ebay {
namespace json = boost::json;

namespace {

// "DEFECTIVE_TRANSACTION_RATE" → "defective_transaction_rate"; "Mature markets" →
// "mature_markets": letters and digits kept, every other run becomes one '_'.
std::string Slug(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// A scalar as text; an object as its "value" member ({value, numerator, denominator},
// {value, currency}). Empty when there is nothing usable.
std::string ValueText(const json::value* v) {
  if (v == nullptr) return {};
  if (v->is_object()) return ValueText(v->as_object().if_contains("value"));
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) return fmt::format("{}", v->as_double());
  return {};
}

class Writer {
 public:
  Writer(const std::string& account, core::Timestamp now) : account_(account), now_(now) {}

  void Put(const std::string& name, std::string value) {
    if (value.empty()) return;
    core::Event event =
        core::PlatformValue{account_, "platform." + name, std::move(value), now_, now_};
    events.push_back(Encoded(std::move(event)));
  }
  void PutRate(const std::string& name, const std::string& percent) {
    if (percent.empty()) return;
    Put(name, PercentToFraction(percent).value_or(percent));
  }

  std::vector<core::ParsedEvent> events;

 private:
  const std::string& account_;
  core::Timestamp now_;
};

int Rank(std::string_view level) {
  if (level == "TOP_RATED") return 3;
  if (level == "ABOVE_STANDARD") return 2;
  if (level == "BELOW_STANDARD") return 1;
  return 0;
}

}  // namespace

std::optional<std::string> PercentToFraction(std::string_view percent) {
  std::string_view s = percent;
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](unsigned char c) { return std::isdigit(c); });
  };
  if ((whole.empty() && frac.empty()) || !digits(whole) || !digits(frac) ||
      (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  // Move the point two places left: all digits, with the point before the last frac+2 of them.
  std::string all = std::string(whole) + std::string(frac);
  std::size_t decimals = frac.size() + 2;
  if (all.size() <= decimals) all.insert(0, decimals - all.size() + 1, '0');
  std::string int_part = all.substr(0, all.size() - decimals);
  std::string frac_part = all.substr(all.size() - decimals);
  int_part.erase(0, std::min(int_part.find_first_not_of('0'), int_part.size() - 1));
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.pop_back();
  std::string out = int_part + (frac_part.empty() ? "" : "." + frac_part);
  if (negative && out != "0") out.insert(0, "-");
  return out;
}

core::Result<MappedStandards> MapStandardsProfile(std::string_view body, Cycle cycle,
                                                  const std::string& account, core::Timestamp now) {
  const char* what = cycle == Cycle::kCurrent ? "seller standards profile CURRENT"
                                              : "seller standards profile PROJECTED";
  auto doc = ParseJsonObject(body, what);
  if (!doc) return doc.error();
  MappedStandards out;
  out.level = StringAt(*doc, "standardsLevel");
  if (out.level.empty()) {
    return core::Error::Data(fmt::format("{}: answer has no standardsLevel", what));
  }
  const std::string suffix = cycle == Cycle::kCurrent ? "" : "_projected";
  Writer w(account, now);
  w.Put("standards_level" + suffix, out.level);
  if (const json::array* metrics = ArrayAt(*doc, "metrics")) {
    for (const auto& m : *metrics) {
      if (!m.is_object()) continue;
      const json::object& metric = m.as_object();
      std::string name = Slug(StringAt(metric, "metricKey"));
      if (name.empty()) continue;
      name += suffix;
      bool rate = StringAt(metric, "type") == "RATE";
      std::string value = ValueText(metric.if_contains("value"));
      const json::value* bound = metric.if_contains("thresholdUpperBound");
      if (bound == nullptr) bound = metric.if_contains("thresholdLowerBound");
      std::string threshold = ValueText(bound);
      if (rate) {
        w.PutRate(name, value);
        w.PutRate(name + ".threshold", threshold);
      } else {
        w.Put(name, value);
        w.Put(name + ".threshold", threshold);
      }
      w.Put(name + ".level", StringAt(metric, "level"));
    }
  }
  out.events = std::move(w.events);
  return out;
}

core::Result<std::vector<core::ParsedEvent>> MapCustomerServiceMetric(std::string_view body,
                                                                      std::string_view type,
                                                                      const std::string& account,
                                                                      core::Timestamp now) {
  std::string what = fmt::format("customer service metric {}", type);
  Writer w(account, now);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return w.events;  // 204
  auto doc = ParseJsonObject(body, what);
  if (!doc) return doc.error();
  const json::value* dims = doc->if_contains("dimensionMetrics");
  if (dims != nullptr && !dims->is_array() && !dims->is_null()) {
    return core::Error::Data(what + ": 'dimensionMetrics' is not an array");
  }
  if (dims == nullptr || dims->is_null()) return w.events;
  const std::string prefix = Slug(type) + ".";
  for (const auto& d : dims->as_array()) {
    if (!d.is_object()) continue;
    const json::object* dimension = ObjectAt(d.as_object(), "dimension");
    std::string key = dimension ? Slug(StringAt(*dimension, "value")) : std::string();
    if (key.empty() && dimension) key = Slug(StringAt(*dimension, "name"));
    if (key.empty()) continue;
    const json::array* metrics = ArrayAt(d.as_object(), "metrics");
    if (metrics == nullptr) continue;
    for (const auto& m : *metrics) {
      if (!m.is_object()) continue;
      const json::object& metric = m.as_object();
      std::string metric_key = StringAt(metric, "metricKey");
      std::string value = ValueText(metric.if_contains("value"));
      if (metric_key == "RATE") {
        w.PutRate(prefix + key + ".rate", value);
        if (const json::object* b = ObjectAt(metric, "benchmark")) {
          w.Put(prefix + key + ".rating", StringAt(*b, "rating"));
        }
      } else if (metric_key == "COUNT") {
        w.Put(prefix + key + ".count", value);
      } else if (metric_key == "TRANSACTION_COUNT") {
        w.Put(prefix + key + ".transaction_count", value);
      }
    }
  }
  return w.events;
}

std::optional<core::ParsedEvent> MapProjection(std::string_view current, std::string_view projected,
                                               const std::string& account, core::Timestamp now) {
  int from = Rank(current), to = Rank(projected);
  if (from == 0 || to == 0) return std::nullopt;
  Writer w(account, now);
  w.Put("standards_projection", to < from ? "DROPS" : to > from ? "RISES" : "KEEPS");
  return std::move(w.events.front());
}

}  // namespace sellerwatch::sources::ebay
