// eBay answers as the ebay source reads them. The first byte picks the parser:
//   0  Fulfillment getOrders page, each order mapped (without and with a shipment and a
//      buyer's cancellation)
//   1  an order's shipping fulfillments        2  Post-Order cancellation search
//   3  getSellerStandardsProfile (both cycles) 4  getCustomerServiceMetric (both types)
//   5  a percent as a fraction
// Every event must be one the store can keep and read back.

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.hpp"
#include "sources/ebay/cancellation_mapping.hpp"
#include "sources/ebay/order_mapping.hpp"
#include "sources/ebay/standards_mapping.hpp"
#include "sources/json_fields.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources::ebay;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795000000000);

// A well-formed order, for the parsers that feed MapOrder something else than the order.
const boost::json::object& FixtureOrder() {
  static const boost::json::object order =
      boost::json::parse(R"({"orderId":"00-00000-00001","legacyOrderId":"100000000001-1",
        "creationDate":"2026-01-10T09:00:00.000Z","lastModifiedDate":"2026-01-11T15:30:00.000Z",
        "orderFulfillmentStatus":"FULFILLED","cancelStatus":{"cancelState":"CANCELED",
        "cancelRequests":[]},"lineItems":[{"lineItemId":"10000000000001",
        "lineItemFulfillmentInstructions":{"shipByDate":"2026-01-12T07:59:59.000Z",
        "maxEstimatedDeliveryDate":"2026-01-16T08:00:00.000Z"}}]})")
          .as_object();
  return order;
}

void Map(const boost::json::object& order, const Shipment* shipment,
         const CancellationIndex& cancellations) {
  auto mapped = MapOrder(order, "acme-ebay", shipment, cancellations);
  if (mapped) fuzz::CheckStorable(core::Event(*mapped));
}

void CheckEvents(const core::Result<std::vector<core::ParsedEvent>>& events) {
  if (events) fuzz::CheckStorable(*events);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 6);
  const CancellationIndex none;
  switch (mode) {
    case 0: {
      auto page = ParseOrdersPage(text);
      if (!page) break;
      for (const auto& order : page->orders) {
        const std::string id = OrderIdOf(order);
        (void)IsCancelled(order);
        (void)HasShipped(order);
        (void)CreatedAt(order);
        Map(order, nullptr, none);
        Shipment shipped{kNow, true, true};
        CancellationIndex by_buyer;
        by_buyer.Add({"c-1", id, core::CancelInitiator::kBuyer, "CANCEL_CLOSED_WITH_REFUND"});
        Map(order, &shipped, by_buyer);
      }
      break;
    }
    case 1: {
      auto shipment = ParseShippingFulfillments(text, "00-00000-00001");
      if (shipment) Map(FixtureOrder(), &*shipment, none);
      break;
    }
    case 2: {
      auto page = ParseCancellationSearch(text);
      if (!page) break;
      CancellationIndex index;
      for (const auto& c : page->cancellations) index.Add(c);
      fuzz::Require(index.size() == page->cancellations.size(), "cancellations went missing");
      for (const auto& c : page->cancellations) (void)index.InitiatorOf(c.legacy_order_id, "");
      Map(FixtureOrder(), nullptr, index);
      break;
    }
    case 3: {
      auto current = MapStandardsProfile(text, Cycle::kCurrent, "acme-ebay", kNow);
      auto projected = MapStandardsProfile(text, Cycle::kProjected, "acme-ebay", kNow);
      if (current) fuzz::CheckStorable(current->events);
      if (projected) fuzz::CheckStorable(projected->events);
      if (current && projected) {
        if (auto p = MapProjection(current->level, projected->level, "acme-ebay", kNow))
          fuzz::CheckStorable(*p);
      }
      break;
    }
    case 4:
      CheckEvents(MapCustomerServiceMetric(text, "ITEM_NOT_AS_DESCRIBED", "acme-ebay", kNow));
      CheckEvents(MapCustomerServiceMetric(text, "ITEM_NOT_RECEIVED", "acme-ebay", kNow));
      break;
    default:
      if (auto fraction = PercentToFraction(text)) {
        // The fraction is stored as a platform value's text: it must read as a plain decimal.
        fuzz::Require(
            !fraction->empty() && fraction->find_first_not_of("0123456789.-") == std::string::npos,
            "a fraction that is not a plain decimal", *fraction);
        const double want = std::strtod(std::string(text).c_str(), nullptr) / 100;
        const double got = std::strtod(fraction->c_str(), nullptr);
        if (std::isfinite(want) && std::isfinite(got) && std::abs(want) < 1e300) {
          fuzz::Require(std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want)),
                        "a fraction that is not the percent / 100", *fraction);
        }
      }
      break;
  }
  return 0;
}
