#include "digest/digest_export.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <functional>

namespace sellerwatch::digest {
namespace json = boost::json;
namespace {

// ------------------------------------------------------------------------------ encoding
json::value Optional(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
template <class Int>
json::value OptionalInt(const std::optional<Int>& v) {
  return v ? json::value(static_cast<std::int64_t>(*v)) : json::value(nullptr);
}
json::value Time(core::Timestamp t) { return json::value(core::FormatRfc3339(t)); }
json::value OptionalTime(const std::optional<core::Timestamp>& t) {
  return t ? Time(*t) : json::value(nullptr);
}

json::object MetricToJson(const MetricInput& m) {
  json::array history;
  for (const auto& h : m.history) history.push_back(json::array{h.day, Optional(h.value)});
  return {{"name", m.name},
          {"unit", core::Name(m.unit)},
          {"direction", core::Name(m.direction)},
          {"window_days", m.window_days},
          {"value", Optional(m.value)},
          {"denominator", m.denominator},
          {"insufficient_data", m.insufficient_data},
          {"warn", Optional(m.warn)},
          {"critical", Optional(m.critical)},
          {"breached", m.breached ? json::value(core::Name(*m.breached)) : json::value(nullptr)},
          {"bad_events_allowed", OptionalInt(m.bad_events_allowed)},
          {"good_events_needed", OptionalInt(m.good_events_needed)},
          {"warn_in_days", OptionalInt(m.warn_in_days)},
          {"critical_in_days", OptionalInt(m.critical_in_days)},
          {"warn_probability", Optional(m.warn_probability)},
          {"critical_probability", Optional(m.critical_probability)},
          {"forecast_within_days", m.forecast_within_days},
          {"forecast_why", m.forecast_why},
          {"bad_events", m.bad_events},
          {"good_events", m.good_events},
          {"history", std::move(history)}};
}

json::object AccountToJson(const AccountInput& a) {
  json::array metrics, alert_events, active_alerts, at_risk, feedback, sources, platform;
  for (const auto& m : a.metrics) metrics.push_back(MetricToJson(m));
  for (const auto& e : a.alert_events) {
    alert_events.push_back(json::object{{"rule", e.rule},
                                        {"metric", e.metric},
                                        {"state", core::Name(e.state)},
                                        {"severity", core::Name(e.severity)},
                                        {"at", Time(e.at)}});
  }
  for (const auto& r : a.active_alerts) {
    active_alerts.push_back(json::object{
        {"rule", r.rule}, {"severity", core::Name(r.severity)}, {"since", Time(r.since)}});
  }
  for (const auto& r : a.at_risk) {
    at_risk.push_back(json::object{
        {"kind", r.kind}, {"id", r.id}, {"deadline", Time(r.deadline)}, {"note", r.note}});
  }
  for (const auto& f : a.feedback) {
    feedback.push_back(json::object{{"id", f.id},
                                    {"order_id", f.order_id},
                                    {"rating", f.rating},
                                    {"received_at", Time(f.received_at)},
                                    {"comment", f.comment}});
  }
  for (const auto& s : a.sources) {
    sources.push_back(json::object{{"name", s.name},
                                   {"last_update", OptionalTime(s.last_update)},
                                   {"stale_after_ms", s.stale_after.count()}});
  }
  for (const auto& p : a.platform) {
    platform.push_back(
        json::object{{"name", p.name}, {"value", p.value}, {"reported_at", Time(p.reported_at)}});
  }
  return {{"id", a.id},
          {"marketplace", a.marketplace},
          {"metrics", std::move(metrics)},
          {"alert_events", std::move(alert_events)},
          {"active_alerts", std::move(active_alerts)},
          {"at_risk", std::move(at_risk)},
          {"feedback", std::move(feedback)},
          {"sources", std::move(sources)},
          {"platform", std::move(platform)}};
}

// ------------------------------------------------------------------------------ decoding
// Reads the fields of one JSON object; every error names the field's path.
class Fields {
 public:
  Fields(const json::object& o, std::string path) : o_(o), path_(std::move(path)) {}

  std::string Where(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  core::Error Bad(std::string_view key, std::string_view what) const {
    return core::Error::Data(Where(key) + ": " + std::string(what));
  }
  const json::value* Find(std::string_view key) const {
    const auto* v = o_.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
  }

  core::Result<std::string> String(std::string_view key) const {
    const auto* v = o_.if_contains(key);
    if (!v || !v->is_string()) return Bad(key, "missing or not a string");
    return std::string(v->get_string());
  }
  core::Result<std::int64_t> Int(std::string_view key) const {
    const auto* v = o_.if_contains(key);
    if (!v || !v->is_int64()) return Bad(key, "missing or not an integer");
    return v->get_int64();
  }
  core::Result<bool> Bool(std::string_view key) const {
    const auto* v = o_.if_contains(key);
    if (!v || !v->is_bool()) return Bad(key, "missing or not true/false");
    return v->get_bool();
  }
  core::Result<double> Number(std::string_view key) const {
    const auto* v = o_.if_contains(key);
    if (!v || !v->is_number()) return Bad(key, "missing or not a number");
    return v->to_number<double>();
  }
  core::Result<std::optional<double>> OptionalNumber(std::string_view key) const {
    if (!Find(key)) return std::optional<double>();
    auto n = Number(key);
    if (!n) return n.error();
    return std::optional<double>(*n);
  }
  core::Result<std::optional<std::int64_t>> OptionalInt(std::string_view key) const {
    if (!Find(key)) return std::optional<std::int64_t>();
    auto n = Int(key);
    if (!n) return n.error();
    return std::optional<std::int64_t>(*n);
  }
  core::Result<core::Timestamp> Time(std::string_view key) const {
    auto s = String(key);
    if (!s) return s.error();
    auto t = core::ParseRfc3339(*s);
    if (!t) return Bad(key, "'" + *s + "' is not an RFC 3339 time");
    return *t;
  }
  core::Result<std::optional<core::Timestamp>> OptionalTime(std::string_view key) const {
    if (!Find(key)) return std::optional<core::Timestamp>();
    auto t = Time(key);
    if (!t) return t.error();
    return std::optional<core::Timestamp>(*t);
  }
  template <class E>
  core::Result<E> Enum(std::string_view key, std::optional<E> (*parse)(std::string_view),
                       std::string_view what) const {
    auto s = String(key);
    if (!s) return s.error();
    auto e = parse(*s);
    if (!e) return Bad(key, "'" + *s + "' is not " + std::string(what));
    return *e;
  }
  // Calls `each` with the fields of every object in the array `key` (missing: none).
  core::Result<void> Objects(std::string_view key,
                             const std::function<core::Result<void>(const Fields&)>& each) const {
    const auto* v = o_.if_contains(key);
    if (!v) return {};
    if (!v->is_array()) return Bad(key, "not an array");
    std::size_t i = 0;
    for (const auto& item : v->get_array()) {
      const std::string where = fmt::format("{}[{}]", Where(key), i++);
      if (!item.is_object()) return core::Error::Data(where + ": not an object");
      if (auto r = each(Fields(item.get_object(), where)); !r) return r.error();
    }
    return {};
  }
  const json::object& object() const { return o_; }
  const std::string& path() const { return path_; }

 private:
  const json::object& o_;
  std::string path_;
};

std::optional<core::MetricUnit> ParseUnit(std::string_view s) {
  for (auto u : {core::MetricUnit::kRate, core::MetricUnit::kCount, core::MetricUnit::kDuration,
                 core::MetricUnit::kNumber, core::MetricUnit::kStatus}) {
    if (core::Name(u) == s) return u;
  }
  return std::nullopt;
}

// Assigns a Result's value to `out`, or returns its error from the enclosing function.
#define SW_READ(out, expr)                       \
  do {                                           \
    auto sw_read_ = (expr);                      \
    if (!sw_read_) return sw_read_.error();      \
    out = static_cast<decltype(out)>(*sw_read_); \
  } while (false)

core::Result<std::vector<DailyValue>> HistoryFromJson(const Fields& f) {
  std::vector<DailyValue> out;
  const auto* v = f.object().if_contains("history");
  if (!v) return out;
  if (!v->is_array()) return f.Bad("history", "not an array");
  std::size_t i = 0;
  for (const auto& item : v->get_array()) {
    const auto* pair = item.if_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_int64() ||
        !((*pair)[1].is_number() || (*pair)[1].is_null())) {
      return f.Bad(fmt::format("history[{}]", i), "not a [day, value|null] pair");
    }
    DailyValue d;
    d.day = (*pair)[0].get_int64();
    if ((*pair)[1].is_number()) d.value = (*pair)[1].to_number<double>();
    out.push_back(d);
    ++i;
  }
  return out;
}

core::Result<MetricInput> MetricFromJson(const Fields& f) {
  MetricInput m;
  SW_READ(m.name, f.String("name"));
  SW_READ(m.unit, f.Enum<core::MetricUnit>("unit", &ParseUnit, "a metric unit"));
  SW_READ(m.direction, f.Enum<core::Direction>("direction", &core::ParseDirection, "a direction"));
  SW_READ(m.window_days, f.Int("window_days"));
  SW_READ(m.value, f.OptionalNumber("value"));
  SW_READ(m.denominator, f.Number("denominator"));
  SW_READ(m.insufficient_data, f.Bool("insufficient_data"));
  SW_READ(m.warn, f.OptionalNumber("warn"));
  SW_READ(m.critical, f.OptionalNumber("critical"));
  if (f.Find("breached")) {
    SW_READ(m.breached, f.Enum<core::Severity>("breached", &core::ParseSeverity, "a severity"));
  }
  std::optional<std::int64_t> n;
  SW_READ(n, f.OptionalInt("bad_events_allowed"));
  if (n) m.bad_events_allowed = static_cast<long>(*n);
  SW_READ(n, f.OptionalInt("good_events_needed"));
  if (n) m.good_events_needed = static_cast<long>(*n);
  SW_READ(n, f.OptionalInt("warn_in_days"));
  if (n) m.warn_in_days = static_cast<int>(*n);
  SW_READ(n, f.OptionalInt("critical_in_days"));
  if (n) m.critical_in_days = static_cast<int>(*n);
  SW_READ(m.warn_probability, f.OptionalNumber("warn_probability"));
  SW_READ(m.critical_probability, f.OptionalNumber("critical_probability"));
  SW_READ(n, f.OptionalInt("forecast_within_days"));
  if (n) m.forecast_within_days = static_cast<int>(*n);
  SW_READ(m.forecast_why, f.String("forecast_why"));
  SW_READ(m.bad_events, f.String("bad_events"));
  SW_READ(m.good_events, f.String("good_events"));
  SW_READ(m.history, HistoryFromJson(f));
  return m;
}

core::Result<AccountInput> AccountFromJson(const Fields& f) {
  AccountInput a;
  SW_READ(a.id, f.String("id"));
  SW_READ(a.marketplace, f.String("marketplace"));
  auto read = [&](std::string_view key, auto&& one) { return f.Objects(key, one); };
  auto r = read("metrics", [&](const Fields& m) -> core::Result<void> {
    auto metric = MetricFromJson(m);
    if (!metric) return metric.error();
    a.metrics.push_back(std::move(*metric));
    return {};
  });
  if (!r) return r.error();
  r = read("alert_events", [&](const Fields& e) -> core::Result<void> {
    AlertEventInput in;
    SW_READ(in.rule, e.String("rule"));
    SW_READ(in.metric, e.String("metric"));
    SW_READ(in.state, e.Enum<core::AlertState>("state", &core::ParseAlertState, "an alert state"));
    SW_READ(in.severity, e.Enum<core::Severity>("severity", &core::ParseSeverity, "a severity"));
    SW_READ(in.at, e.Time("at"));
    a.alert_events.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  r = read("active_alerts", [&](const Fields& e) -> core::Result<void> {
    ActiveAlertInput in;
    SW_READ(in.rule, e.String("rule"));
    SW_READ(in.severity, e.Enum<core::Severity>("severity", &core::ParseSeverity, "a severity"));
    SW_READ(in.since, e.Time("since"));
    a.active_alerts.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  r = read("at_risk", [&](const Fields& e) -> core::Result<void> {
    AtRiskInput in;
    SW_READ(in.kind, e.String("kind"));
    SW_READ(in.id, e.String("id"));
    SW_READ(in.deadline, e.Time("deadline"));
    SW_READ(in.note, e.String("note"));
    a.at_risk.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  r = read("feedback", [&](const Fields& e) -> core::Result<void> {
    FeedbackInput in;
    SW_READ(in.id, e.String("id"));
    SW_READ(in.order_id, e.String("order_id"));
    SW_READ(in.rating, e.Int("rating"));
    SW_READ(in.received_at, e.Time("received_at"));
    SW_READ(in.comment, e.String("comment"));
    a.feedback.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  r = read("sources", [&](const Fields& e) -> core::Result<void> {
    SourceInput in;
    SW_READ(in.name, e.String("name"));
    SW_READ(in.last_update, e.OptionalTime("last_update"));
    std::int64_t ms = 0;
    SW_READ(ms, e.Int("stale_after_ms"));
    in.stale_after = core::Duration(ms);
    a.sources.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  // Missing in exports of versions before it: no values, which is what they knew.
  r = read("platform", [&](const Fields& e) -> core::Result<void> {
    core::PlatformReport in;
    SW_READ(in.name, e.String("name"));
    SW_READ(in.value, e.String("value"));
    SW_READ(in.reported_at, e.Time("reported_at"));
    a.platform.push_back(std::move(in));
    return {};
  });
  if (!r) return r.error();
  return a;
}

}  // namespace

std::string EncodeExport(const DigestExport& e) {
  json::array accounts;
  for (const auto& a : e.accounts) accounts.push_back(AccountToJson(a));
  json::object doc{{"format", e.format},
                   {"shard", e.shard.Label()},
                   {"config_sha256", e.config_sha256},
                   {"config_path", e.config_path},
                   {"sellerwatch_version", e.sellerwatch_version},
                   {"built_at", Time(e.built_at)},
                   {"slot", OptionalTime(e.slot)},
                   {"accounts", std::move(accounts)}};
  return json::serialize(doc) + "\n";
}

core::Result<DigestExport> DecodeExport(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return core::Error::Data("not JSON: " + ec.message());
  if (!doc.is_object()) return core::Error::Data("not a digest export (a JSON object)");
  const Fields f(doc.get_object(), "");
  DigestExport e;
  // The format first: a newer layout may differ anywhere else.
  SW_READ(e.format, f.Int("format"));
  if (e.format != kExportFormat) {
    return core::Error::Data(
        fmt::format("export format {}; this sellerwatch reads format {}", e.format, kExportFormat));
  }
  std::string shard;
  SW_READ(shard, f.String("shard"));
  auto parsed_shard = core::ParseShard(shard, "shard");
  if (!parsed_shard) return core::Error::Data(parsed_shard.error().message);
  e.shard = *parsed_shard;
  SW_READ(e.config_sha256, f.String("config_sha256"));
  SW_READ(e.config_path, f.String("config_path"));
  SW_READ(e.sellerwatch_version, f.String("sellerwatch_version"));
  SW_READ(e.built_at, f.Time("built_at"));
  SW_READ(e.slot, f.OptionalTime("slot"));
  auto r = f.Objects("accounts", [&](const Fields& a) -> core::Result<void> {
    auto account = AccountFromJson(a);
    if (!account) return account.error();
    e.accounts.push_back(std::move(*account));
    return {};
  });
  if (!r) return r.error();
  return e;
}

#undef SW_READ

}  // namespace sellerwatch::digest
