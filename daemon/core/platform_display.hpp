#pragma once

// How the values a marketplace reports about an account (`platform.*`: Amazon's account status
// and Account Health Rating, eBay's standards level, AliExpress' posting ban, ...) are shown to
// the seller: `status`, /metrics and the digest say them the same way.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::core {

// The latest value reported for one `platform.*` name.
struct PlatformReport {
  std::string name;   // "platform.account_status"
  std::string value;  // as the marketplace spells it
  Timestamp reported_at;
  bool operator==(const PlatformReport&) const = default;
};

// The value as a number when it is written as one in JSON's grammar ("1000", "0.009", "-2e3");
// "true", "NORMAL", "007", " 1" or "1e999" are not.
std::optional<double> PlatformNumber(std::string_view value);

// "AHR score" for platform.ahr_score; a name without a known label reads as itself without the
// "platform." prefix ("late_shipment_rate.status").
std::string PlatformLabel(std::string_view name);
// The same in the reader's language ("账户状态"); a name without a known label stays as it is.
std::string PlatformLabel(const i18n::Translator& tr, std::string_view name);

// The label as the name of an alert or a line's start, its words apart and capitalized:
// "Account status", "Standards level projected" (what core::DisplayName says of the name).
std::string PlatformName(const i18n::Translator& tr, std::string_view name);

// One line of a "Marketplace says" block.
struct PlatformLine {
  std::string name;       // the value's platform.* name
  std::string label;      // PlatformLabel(name)
  std::string value;      // as reported
  std::string projected;  // the "<name>_projected" value folded into this line; empty: none
  Timestamp reported_at;  // the later of the two reports
  bool headline = false;  // one of the values that sum up an account's standing
};

// The reports as lines: the headline values first (account status, AHR, standards level, ...),
// then the rest by name; eBay's "_projected" twin of a value shares its line.
std::vector<PlatformLine> PlatformLines(const std::vector<PlatformReport>& reports);

}  // namespace sellerwatch::core
