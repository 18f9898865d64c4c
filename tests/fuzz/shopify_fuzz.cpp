// Shopify GraphQL Admin answers as the shopify source reads them: the `orders` page (edges or
// nodes, pageInfo), the `errors` list in either shape, and the cost block that paces the next
// query. Every order must be storable; every wait must be a sane duration.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "sources/json_fields.hpp"
#include "sources/shopify/graphql_errors.hpp"
#include "sources/shopify/order_mapping.hpp"
#include "sources/shopify/throttle.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources::shopify;

namespace {

void CheckWait(core::Duration wait) {
  fuzz::Require(wait >= core::Duration::zero(), "a negative wait");
  // The orders stream adds it to a steady_clock time: it must stay far from overflowing.
  fuzz::Require(wait <= std::chrono::hours(24 * 365), "a wait of more than a year");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::AsText(data, size);
  (void)ErrorText(ErrorsOf(text));
  auto doc = sources::ParseJsonObject(text, "orders");
  if (!doc) return 0;
  auto errors = ErrorsOf(*doc);
  (void)HasCode(errors, "THROTTLED");
  (void)ErrorText(errors);
  for (auto handling : {core::Duration::zero(), core::Duration(std::chrono::hours(48))}) {
    auto page = MapOrdersPage(*doc, "acme-shop", handling);
    if (page) fuzz::CheckStorable(page->orders);
  }
  if (auto cost = ParseCost(*doc)) {
    (void)Describe(*cost);
    CheckWait(WaitBeforeNext(*cost));
    if (cost->requested) {
      if (auto wait = WaitForPoints(*cost->requested, *cost)) CheckWait(*wait);
    }
  }
  return 0;
}
