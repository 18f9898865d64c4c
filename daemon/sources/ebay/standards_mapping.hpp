#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event_json.hpp"

namespace sellerwatch::sources::ebay {

enum class Cycle { kCurrent, kProjected };

struct MappedStandards {
  std::string level;  // standardsLevel: TOP_RATED, ABOVE_STANDARD, BELOW_STANDARD
  std::vector<core::ParsedEvent> events;
};

// Sell Analytics `getSellerStandardsProfile` → `platform.*` values reported at `now`. CURRENT
// (eBay's last monthly evaluation) gives plain names, PROJECTED (where the seller is heading
// today) the same names with `_projected` after the metric (before any `.threshold`/`.level`):
//   standards_level[_projected]            TOP_RATED | ABOVE_STANDARD | BELOW_STANDARD
//   <metric>[_projected]                   the metric's value
//   <metric>[_projected].threshold         the bound it is held to (upper, else lower)
//   <metric>[_projected].level             the level this metric alone earns
// where <metric> is the metricKey in lower case (defective_transaction_rate, claims_saf_rate,
// shipping_miss_rate, min_txn_count, …). The value may be a number, a string or
// {value, numerator, denominator}; RATE metrics come in percent and become fractions, like
// every rate in sellerwatch ("0.14" → 0.0014). A metric without a key or value is skipped; an
// answer without standardsLevel is an error.
core::Result<MappedStandards> MapStandardsProfile(std::string_view body, Cycle cycle,
                                                  const std::string& account, core::Timestamp now);

// Sell Analytics `getCustomerServiceMetric` for `type` (ITEM_NOT_AS_DESCRIBED or
// ITEM_NOT_RECEIVED) → per dimension (the dimension's value in lower case: domestic, …):
//   <type>.<dimension>.rate                the seller's rate, as a fraction
//   <type>.<dimension>.rating              eBay's rating against peers (LOW … VERY HIGH)
//   <type>.<dimension>.count               the metric's count
//   <type>.<dimension>.transaction_count   the transactions it is measured over
// e.g. platform.item_not_received.domestic.rating. No dimensions (a seller eBay has not rated)
// is no values, not an error.
core::Result<std::vector<core::ParsedEvent>> MapCustomerServiceMetric(std::string_view body,
                                                                      std::string_view type,
                                                                      const std::string& account,
                                                                      core::Timestamp now);

// `platform.standards_projection`: DROPS, RISES or KEEPS, the projected level against the
// current one (TOP_RATED > ABOVE_STANDARD > BELOW_STANDARD), so a projected fall from Top
// Rated can warn without nagging a seller who is steadily Above Standard. nullopt when either
// level is not one of the three.
std::optional<core::ParsedEvent> MapProjection(std::string_view current, std::string_view projected,
                                               const std::string& account, core::Timestamp now);

// A decimal percent as a fraction, exactly ("0.14" → "0.0014", "3.00" → "0.03"); nullopt when
// `percent` is not a plain decimal number.
std::optional<std::string> PercentToFraction(std::string_view percent);

}  // namespace sellerwatch::sources::ebay
