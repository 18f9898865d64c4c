#include <fmt/format.h>

#include <array>

#include "config/field_checks.hpp"
#include "config/sections.hpp"
#include "config/time_of_day.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 3> kDigestKeys = {"schedule", "timezone", "receivers"};

void ReadSchedule(Reader& reader, const Field& f, std::vector<WeeklyTime>& out) {
  std::vector<Scalar> entries;
  if (f.node.IsScalar()) {
    if (auto s = reader.ReadScalar(f)) entries.push_back(std::move(*s));
  } else if (f.node.IsSequence()) {
    if (auto list = reader.ReadScalarList(f)) entries = std::move(*list);
    if (f.node.size() == 0) reader.Error(f, "needs at least one time like \"Sat 09:00\"");
  } else {
    reader.Error(f, fmt::format("expected a weekly time like \"Sat 09:00\" or a list of them, "
                                "got {}",
                                Describe(f.node)));
    return;
  }
  for (const Scalar& s : entries) {
    if (s.unresolved) continue;
    if (auto t = ParseWeeklyTime(s.value)) {
      out.push_back(*t);
    } else {
      reader.Error(s.where, f.path,
                   fmt::format("invalid schedule {}: expected a weekday and a time of day like "
                               "\"Sat 09:00\"",
                               s.Quoted()));
    }
  }
}

}  // namespace

void ParseDigest(Reader& reader, const Field& f, const Config& config, DigestConfig& out) {
  MapReader map(reader, f, kDigestKeys);
  if (!map.ok()) return;
  out.timezone = config.daemon.timezone;
  if (map.Require("schedule")) ReadSchedule(reader, *map.Get("schedule"), out.schedule);
  if (auto tz = map.Get("timezone")) {
    if (auto zone = ReadTimeZone(reader, *tz)) out.timezone = *zone;
  }
  if (map.Require("receivers")) {
    Field at = *map.Get("receivers");
    out.receivers = ReadReceiverNames(reader, at, config);
    if (at.node.IsSequence() && at.node.size() == 0)
      reader.Error(at, "needs at least one receiver");
    for (const auto& name : out.receivers) {
      const ReceiverConfig* r = config.FindReceiver(name);
      if (r && r->type == ReceiverType::kAlertmanager) {
        reader.Error(
            at,
            fmt::format("receiver '{}' is an Alertmanager: it takes alerts, not digests", name));
      }
    }
  }
}

}  // namespace sellerwatch::config
