#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "config/did_you_mean.hpp"
#include "config/field_checks.hpp"
#include "config/sections.hpp"
#include "config/time_of_day.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 8> kRouteKeys = {
    "match",      "receivers",      "continue",        "group_by",
    "group_wait", "group_interval", "repeat_interval", "quiet_hours"};
constexpr std::array<std::string_view, 4> kQuietKeys = {"from", "to", "timezone", "except"};
constexpr std::array<std::string_view, 2> kSeverities = {"warning", "critical"};
constexpr std::array<std::string_view, 5> kMarketplaces = {"amazon", "ebay", "aliexpress",
                                                           "shopify", "custom"};

void ParseMatch(Reader& reader, const Field& f, const Config& config, Labels& out) {
  if (!f.node.IsMap() && !f.node.IsNull()) {
    reader.Error(
        f, fmt::format("expected a mapping of label names to values, got {}", Describe(f.node)));
    return;
  }
  MapReader map = MapReader::AnyKeys(reader, f);
  std::vector<std::string> account_ids;
  for (const auto& a : config.accounts) account_ids.push_back(a.id);
  for (const auto& entry : map.entries()) {
    if (!IsLabelName(entry.key)) {
      reader.Error(entry.key_where, f.path,
                   fmt::format("invalid label name '{}': use letters, digits and '_'", entry.key));
      continue;
    }
    if (!entry.value.node.IsScalar()) {
      reader.Error(entry.value,
                   fmt::format("expected a string to match, got {}", Describe(entry.value.node)));
      continue;
    }
    if (entry.key == "severity") {
      if (auto v = ReadOneOf(reader, entry.value, "severity", kSeverities)) out[entry.key] = *v;
      continue;
    }
    if (entry.key == "marketplace") {
      if (auto v = ReadOneOf(reader, entry.value, "marketplace", kMarketplaces))
        out[entry.key] = *v;
      continue;
    }
    auto value = reader.ReadScalar(entry.value);
    if (!value) continue;
    if (entry.key == "account" && !value->unresolved &&
        std::find(account_ids.begin(), account_ids.end(), value->value) == account_ids.end()) {
      reader.Error(entry.value,
                   fmt::format("unknown account {}{}", value->Quoted(),
                               value->redact ? "" : DidYouMean(value->value, account_ids)));
      continue;
    }
    out[entry.key] = value->value;
  }
}

std::optional<std::chrono::minutes> ReadTimeOfDay(Reader& reader, const Field& f, bool allow_24) {
  if (!f.node.IsScalar()) {
    reader.Error(f, fmt::format("expected a time of day like \"22:00\", got {}", Describe(f.node)));
    return std::nullopt;
  }
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (auto t = ParseTimeOfDay(s->value, allow_24)) return t;
  reader.Error(f, fmt::format("invalid time of day {}: expected HH:MM like \"22:00\"{}",
                              s->Quoted(), allow_24 ? " (or \"24:00\")" : ""));
  return std::nullopt;
}

std::optional<QuietHours> ParseQuietHours(Reader& reader, const Field& f,
                                          const DaemonConfig& daemon) {
  MapReader map(reader, f, kQuietKeys);
  if (!map.ok()) return std::nullopt;
  QuietHours quiet;
  quiet.timezone = daemon.timezone;
  bool ok = map.Require("from");
  ok = map.Require("to") && ok;
  std::optional<std::chrono::minutes> from;
  std::optional<std::chrono::minutes> to;
  if (auto v = map.Get("from")) from = ReadTimeOfDay(reader, *v, false);
  if (auto v = map.Get("to")) to = ReadTimeOfDay(reader, *v, true);
  if (from && to) {
    quiet.from = *from;
    quiet.to = *to;
    if (*from == *to || (from->count() == 0 && to->count() == 24 * 60)) {
      reader.Error(*map.Get("to"),
                   "from and to must differ (quiet hours cannot be empty or "
                   "the whole day)");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto tz = map.Get("timezone")) {
    if (auto zone = ReadTimeZone(reader, *tz)) {
      quiet.timezone = *zone;
    } else {
      ok = false;
    }
  }
  if (auto except = map.Get("except")) {
    if (auto list = reader.ReadScalarList(*except)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const Scalar& s = (*list)[i];
        if (auto severity = core::ParseSeverity(s.value)) {
          quiet.except.push_back(*severity);
        } else {
          reader.Error(
              s.where, IndexPath(except->path, i),
              fmt::format("unknown severity {}: expected warning or critical", s.Quoted()));
          ok = false;
        }
      }
    }
  }
  if (!ok) return std::nullopt;
  return quiet;
}

}  // namespace

void ParseRoutes(Reader& reader, const std::optional<Field>& f, const Config& config,
                 std::vector<RouteConfig>& out) {
  if (!f) {
    // No `routes:` at all: everything goes to every receiver.
    if (config.receivers.empty()) return;
    RouteConfig route;
    for (const auto& r : config.receivers) route.receivers.push_back(r.name);
    route.where = config.receivers.front().where;
    out.push_back(std::move(route));
    return;
  }
  auto items = reader.Items(*f, "a list of routes");
  if (items.empty() && (f->node.IsNull() || f->node.IsSequence()))
    reader.Warning(*f,
                   "no routes: alerts will not be sent anywhere (leave out routes: to send "
                   "everything to every receiver)");
  for (const Field& item : items) {
    MapReader map(reader, item, kRouteKeys);
    if (!map.ok()) continue;
    RouteConfig route;
    route.where = item.where;
    if (auto match = map.Get("match")) ParseMatch(reader, *match, config, route.match);
    if (map.Require("receivers")) {
      Field at = *map.Get("receivers");
      route.receivers = ReadReceiverNames(reader, at, config);
      if (at.node.IsSequence() && at.node.size() == 0)
        reader.Error(at, "needs at least one receiver");
    }
    map.Read("continue", route.continue_matching);
    if (auto group_by = map.Get("group_by")) {
      if (auto labels = reader.ReadScalarList(*group_by)) {
        for (std::size_t i = 0; i < labels->size(); ++i) {
          const Scalar& s = (*labels)[i];
          if (!IsLabelName(s.value)) {
            reader.Error(s.where, IndexPath(group_by->path, i),
                         fmt::format("invalid label name {}", s.Quoted()));
            continue;
          }
          route.group_by.push_back(s.value);
        }
      }
    }
    map.Read("group_wait", route.group_wait, Positive::kNo);
    map.Read("group_interval", route.group_interval, Positive::kYes);
    map.Read("repeat_interval", route.repeat_interval, Positive::kYes);
    if (auto quiet = map.Get("quiet_hours"))
      route.quiet_hours = ParseQuietHours(reader, *quiet, config.daemon);
    out.push_back(std::move(route));
  }
}

}  // namespace sellerwatch::config
