#include "sources/simulator/simulator_source.hpp"

#include <boost/json.hpp>

namespace sellerwatch::sources::simulator {
namespace json = boost::json;

SimulatorSource::SimulatorSource(std::string account, const Settings& settings)
    : params_{std::move(account), settings.seed, settings.orders_per_day,
              settings.scenario == "deteriorating", settings.incident_every},
      poll_(settings.poll) {}

boost::asio::awaitable<core::Result<SourceBatch>> SimulatorSource::Poll(
    std::optional<std::string> cursor, core::Timestamp now) {
  co_return Read(cursor, now);
}

core::Result<SourceBatch> SimulatorSource::Read(const std::optional<std::string>& cursor,
                                                core::Timestamp now) {
  core::Timestamp anchor = now;
  std::optional<core::Timestamp> after;
  if (cursor) {
    boost::system::error_code ec;
    json::value v = json::parse(*cursor, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    const json::value* a = o ? o->if_contains("anchor") : nullptr;
    const json::value* u = o ? o->if_contains("until") : nullptr;
    if (!a || !u || !a->is_int64() || !u->is_int64()) {
      return core::Error::Permanent("simulator: unreadable cursor '" + *cursor + "'");
    }
    anchor = core::FromUnixMillis(a->get_int64());
    after = core::FromUnixMillis(u->get_int64());
    if (now <= *after) return SourceBatch{};  // the clock went back: nothing new yet
  }
  SourceBatch batch;
  for (auto& e : EventsChangedBetween(params_, anchor, after, now)) {
    std::string payload = core::EncodeEvent(e);
    batch.events.push_back({std::move(e), std::move(payload)});
  }
  json::object c;
  c["anchor"] = core::ToUnixMillis(anchor);
  c["until"] = core::ToUnixMillis(now);
  batch.cursor = json::serialize(c);
  return batch;
}

}  // namespace sellerwatch::sources::simulator
