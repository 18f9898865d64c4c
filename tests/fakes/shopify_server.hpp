#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "fakes/http_test_server.hpp"

namespace sellerwatch::testing {

// A fake Shopify GraphQL Admin API on 127.0.0.1 (port 0), for the shopify source's tests:
//   POST /admin/api/{version}/graphql.json
// It checks the X-Shopify-Access-Token header (401 otherwise), parses the request JSON and
// answers the `orders` query from the orders of tests/data/shopify/ (both files: 8 orders,
// one of them a test order) plus one "live" order placed 40 h before the server started, not
// fulfilled yet and last updated an hour before it started (the newest update of all). It honours
// the variables as Shopify does: `query` must be an `updated_at:>'RFC 3339'` search (only later
// updates are returned), `first` (≤ 250; the server serves at most PageSize() per page, so the
// fixtures span several pages) and `after` (one of its own endCursors). Orders come sorted by
// updatedAt. Every answer carries `extensions.cost` from a real leaky bucket (requested cost from
// `first`, actual cost from the orders returned, restoring by the clock); a request the bucket
// cannot pay for is THROTTLED. Fixture timestamps move by whole days so the newest order update is
// one to two days ago; Shift() gives a fixture timestamp as served.
class ShopifyServer {
 public:
  static constexpr std::string_view kAccessToken = "shpat_FAKE-do-not-log-0123456789abcdef";
  static constexpr std::string_view kPage1 = "graphql_orders_query_response_SYNTHETIC.json";
  static constexpr std::string_view kPage2 = "graphql_orders_more_SYNTHETIC.json";
  static constexpr std::string_view kLiveOrderId = "1009";

  enum class Fault {
    kThrottled,      // the bucket is just short of the next request: THROTTLED (HTTP 200),
                     // restore rate 50/s, so the wait is about a second
    kThrottled429,   // the same, answered with HTTP 429
    kThrottledLong,  // the bucket restores 1 point/s: the wait is minutes
    kLowBucket,      // the next page is answered, but leaves the bucket ~1 s short of the next
    k429,            // HTTP 429 without a cost block (REST-style "Exceeded 2 calls per second")
    k500,            // HTTP 500
    kHang,           // no answer at all: the poll timeout must fire
    kTruncated,      // Content-Length promises more than is sent
    kMalformedJson,  // 200 with broken JSON
    kRepeatCursor,   // a follow-up page answers with the endCursor it was asked for
    kRepeatRecords,  // a follow-up page also repeats the previous page's first order
    kUnauthorized,   // 401 "[API] Invalid API key or access token"
    kAccessDenied,   // 200 with errors[].extensions.code ACCESS_DENIED, data null
    kGraphqlError,   // 200 with an undefinedField error
  };

  ShopifyServer();

  std::string Endpoint() const;  // "http://127.0.0.1:<port>"
  // The next `times` GraphQL requests get `fault`; with `follow_up_only`, only requests for a
  // second or later page (kRepeatCursor and kRepeatRecords always are).
  void Inject(Fault fault, int times = 1, bool follow_up_only = false);
  void ClearFaults();
  void SetPageSize(std::size_t n);
  std::size_t PageSize() const;

  // A fixture timestamp as this server serves it.
  std::string Shift(std::string_view fixture_file, std::string_view timestamp) const;
  // The live order's placement (createdAt, processedAt) and last update (the newest of all).
  core::Timestamp LiveOrderPlacedAt() const { return live_placed_at_; }
  core::Timestamp LiveOrderUpdatedAt() const { return live_updated_at_; }

  std::vector<RecordedRequest> Requests() const { return http_.Requests(); }
  std::size_t ThrottledAnswers() const;
  // steady-clock arrival of each GraphQL request, in order.
  std::vector<std::chrono::steady_clock::time_point> Arrivals() const;

 private:
  struct FaultRule {
    Fault fault;
    int remaining;
    bool follow_up_only;
  };

  ScriptedResponse Answer(const RecordedRequest& request);
  ScriptedResponse Orders(const std::string& after_cursor, core::Timestamp updated_after,
                          std::size_t first, std::optional<Fault> fault);
  std::string CostBlock(double requested, std::optional<double> actual) const;
  void Refill();

  std::vector<std::string> orders_;  // served order nodes (JSON), sorted by updatedAt
  std::vector<core::Timestamp> updated_;
  std::vector<std::string> ids_;
  std::chrono::days shift_{0};
  core::Timestamp live_placed_at_;
  core::Timestamp live_updated_at_;

  mutable std::mutex mutex_;
  std::vector<FaultRule> faults_;
  std::size_t page_size_ = 3;
  std::size_t throttled_ = 0;
  std::vector<std::chrono::steady_clock::time_point> arrivals_;
  // The leaky bucket.
  double maximum_ = 2000;
  double available_ = 2000;
  double restore_rate_ = 100;
  std::chrono::steady_clock::time_point refilled_ = std::chrono::steady_clock::now();

  HttpTestServer http_;  // last: its thread calls Answer() until it is destroyed
};

}  // namespace sellerwatch::testing
