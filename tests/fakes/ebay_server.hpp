#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/http_test_server.hpp"

namespace sellerwatch::testing {

// A fake eBay on 127.0.0.1 (port 0), built from the fixtures in tests/data/ebay/, for the
// `ebay` source's tests:
//   POST /identity/v1/oauth2/token               refresh-token grant: checks Basic client
//                                                auth, grant_type, refresh_token and scope
//   GET  /sell/fulfillment/v1/order              getOrders: needs filter=lastmodifieddate:[…]
//                                                (not applied: every poll sees every order),
//                                                pages of PageSize() orders with `next`
//   GET  /sell/fulfillment/v1/order/{id}/shipping_fulfillment
//   GET  /post-order/v2/cancellation/search      needs `Authorization: IAF`, the marketplace
//                                                header; applies creation_date_range_from/to
//   GET  /sell/analytics/v1/seller_standards_profile/PROGRAM_US/{CURRENT|PROJECTED}
//   GET  /sell/analytics/v1/customer_service_metric/{type}/CURRENT?evaluation_marketplace_id=
//
// The shop (order ids 00-00000-0000N):
//   1  FULFILLED, shipped before its ship-by date with tracking
//   2  cancelled; Post-Order: requestorType SELLER, out of stock
//   3  NOT_STARTED; its ship-by date has passed; a buyer cancel request is pending
//   4  cancelled; Post-Order: requestorType BUYER
//   5  cancelled; Post-Order has no record of it
//   6  FULFILLED after its ship-by date, no tracking number
// Post-Order knows orders by legacyOrderId, which the getOrders answer carries too.
// Standards: CURRENT is the fixture (TOP_RATED; value objects), PROJECTED is ABOVE_STANDARD
// with bare-number values; both levels can be changed (SetLevels).
//
// Every timestamp moves by whole days so that the fixtures' 2026-01-13 is yesterday: every
// order is a few days old, in every metric window, with its ship-by date passed.
class EbayServer {
 public:
  static constexpr std::string_view kClientId = "SellerWa-watch-PRD-fake0000-00000000";
  static constexpr std::string_view kClientSecret = "PRD-SECRET-do-not-log";
  static constexpr std::string_view kRefreshToken = "v^1.1#i^1#REFRESH-do-not-log";
  static constexpr std::string_view kAccessPrefix = "v^1.1#i^1#ACCESS-do-not-log-";
  static constexpr std::string_view kScopes =
      "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly "
      "https://api.ebay.com/oauth/api_scope/sell.analytics.readonly";
  static constexpr std::string_view kMarketplace = "EBAY_US";

  enum class Fault {
    k429,            // HTTP 429 without Retry-After
    k429RetryAfter,  // HTTP 429 with Retry-After: 7
    k500,            // HTTP 500 with eBay's errors envelope
    kHang,           // no answer at all: the poll timeout must fire
    kTruncated,      // Content-Length promises more than is sent
    kMalformedJson,  // 200 with broken JSON
    kExpiredToken,   // 401 for the current token, which stops working (a refresh fixes it)
    kRejectAll,      // 403 for every token: credentials rejected
    kRepeatPage,     // getOrders page 2 also repeats page 1's first order
    kRepeatNext,     // getOrders page 2's `next` points at page 2 again
  };

  EbayServer();

  std::string Endpoint() const;       // "http://127.0.0.1:<port>"
  std::string TokenEndpoint() const;  // Endpoint() + "/identity/v1/oauth2/token"

  // The next `times` API requests (not token requests) whose path starts with `path_prefix`
  // get `fault`.
  void Inject(Fault fault, int times = 1, std::string path_prefix = "/");
  void ClearFaults();
  void SetLevels(std::string current, std::string projected);
  void SetPageSize(int orders);

  // A fixture timestamp ("2026-01-10T09:00:00.000Z") as this server serves it.
  std::string Shift(std::string_view timestamp) const;

  std::vector<RecordedRequest> Requests() const { return http_.Requests(); }
  std::size_t TokenRequests() const;
  std::vector<std::string> IssuedTokens() const;  // every access token issued so far

 private:
  struct FaultRule {
    Fault fault;
    int remaining;
    std::string prefix;
  };

  ScriptedResponse Answer(const RecordedRequest& request);
  ScriptedResponse Token(const RecordedRequest& request);
  ScriptedResponse Orders(const std::string& query, bool repeat_page, bool repeat_next);
  ScriptedResponse Cancellations(const std::string& query);
  ScriptedResponse Standards(const std::string& path, const std::string& query);

  std::chrono::days shift_{0};
  std::vector<std::string> orders_;               // served JSON of each order, in page order
  std::map<std::string, std::string> shipments_;  // orderId → getShippingFulfillments answer
  std::string cancellations_;                     // the search's full answer
  std::string profile_;
  std::string cs_inr_;
  std::string cs_inad_;

  mutable std::mutex mutex_;
  std::vector<FaultRule> faults_;
  std::vector<std::string> tokens_;  // issued; the last one is valid unless revoked
  bool token_revoked_ = false;
  std::size_t token_requests_ = 0;
  std::string current_level_ = "TOP_RATED";
  std::string projected_level_ = "ABOVE_STANDARD";
  int page_size_ = 3;

  HttpTestServer http_;  // last: its thread calls Answer() until it is destroyed
};

}  // namespace sellerwatch::testing
