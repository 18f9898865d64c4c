#include "sources/shopify/throttle.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "net/retry_after.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::shopify {
namespace json = boost::json;

namespace {

std::optional<double> NumberAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

}  // namespace

std::optional<QueryCost> ParseCost(const json::object& document) {
  const json::object* extensions = ObjectAt(document, "extensions");
  const json::object* cost = extensions ? ObjectAt(*extensions, "cost") : nullptr;
  const json::object* status = cost ? ObjectAt(*cost, "throttleStatus") : nullptr;
  if (status == nullptr) return std::nullopt;
  auto maximum = NumberAt(*status, "maximumAvailable");
  auto available = NumberAt(*status, "currentlyAvailable");
  auto rate = NumberAt(*status, "restoreRate");
  if (!maximum || !available || !rate) return std::nullopt;
  return QueryCost{NumberAt(*cost, "requestedQueryCost"), NumberAt(*cost, "actualQueryCost"),
                   *maximum, *available, *rate};
}

std::optional<core::Duration> WaitForPoints(double needed, const QueryCost& cost) {
  if (!(cost.restore_rate > 0)) return std::nullopt;
  double missing = needed - cost.currently_available;
  if (!(missing > 0)) return core::Duration::zero();
  // A huge cost or a tiny restore rate: no longer than Retry-After's cap (and no overflow).
  const double ms = std::ceil(missing / cost.restore_rate * 1000);
  constexpr core::Duration kCap = net::kMaxRetryAfter;
  if (!(ms < static_cast<double>(kCap.count()))) return kCap;
  return core::Duration(static_cast<core::Duration::rep>(ms));
}

core::Duration WaitBeforeNext(const QueryCost& cost) {
  if (!cost.requested) return core::Duration::zero();
  return WaitForPoints(*cost.requested, cost).value_or(core::Duration::zero());
}

std::string Describe(const QueryCost& cost) {
  std::string needed = cost.requested ? fmt::format(", {:g} needed", *cost.requested) : "";
  return fmt::format("{:g} of {:g} points available{}, restoring {:g}/s", cost.currently_available,
                     cost.maximum_available, needed, cost.restore_rate);
}

}  // namespace sellerwatch::sources::shopify
