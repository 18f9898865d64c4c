#pragma once

// Names people understand (issue 18): what sellers read instead of a metric's code —
// "Late shipment rate (10 days)", not late_shipment_rate_10d — and one line saying what it
// counts, in the marketplace's own words where it has them (AliExpress' "no sale after
// transaction", Amazon's "pre-fulfilment cancel rate"). Codes stay in JSON, labels and /metrics.

#include <string>
#include <string_view>

#include "i18n/translator.hpp"

namespace sellerwatch::core {

struct MetricWords {
  std::string name;         // with its window: "Late shipment rate (10 days)"
  std::string description;  // one line: "Orders shipped after their ship-by date"
};

// The words for `metric` on `marketplace` (amazon, ebay, aliexpress, shopify, custom). A
// marketplace-reported value (platform.<name>) reads as its name in words; an unknown code
// stays as it is.
MetricWords WordsFor(std::string_view metric, std::string_view marketplace);
// The same in the reader's language.
MetricWords WordsFor(const i18n::Translator& tr, std::string_view metric,
                     std::string_view marketplace);

// A marketplace's name as it writes it: "AliExpress", "eBay"; "Other" for custom.
std::string_view MarketplaceName(std::string_view marketplace);

// The name alone, for a line that has no room for the description.
std::string DisplayName(std::string_view metric, std::string_view marketplace);
std::string DisplayName(const i18n::Translator& tr, std::string_view metric,
                        std::string_view marketplace);

}  // namespace sellerwatch::core
