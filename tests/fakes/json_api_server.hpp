#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "fakes/http_test_server.hpp"

namespace sellerwatch::testing {

// A fake ERP ("Kontor", invented) on 127.0.0.1 (port 0) for the http-json source's tests. It
// serves the SYNTHETIC orders of tests/data/http_json/kontor_orders.json, sorted by `modified`
// and filtered by `changedSince` (unix seconds), `page_size` records a page, in three paging
// styles:
//   GET /api/v1/orders?changedSince=S&key=K[&cursor=C]  {"data":{"orders":[..]},
//                                                        "meta":{"next_cursor":C|null}}
//   GET /api/v1/orders-by-link?changedSince=S&key=K[&page=N]  {"orders":[..],
//                                                        "links":{"next":"/api/..."|null}}
//   GET /api/v1/orders-by-page?changedSince=S&key=K&page=N   {"orders":[..]} (N from 1; past
//                                                        the end: empty; or offset=O)
// Every request needs "Authorization: Bearer <kToken>" and key=<kUrlKey>, else 401. Every time
// in the fixture moves by whole days (in its own format and zone) so that the newest
// `modified` is a day ago; Shift() gives a fixture instant as served.
class JsonApiServer {
 public:
  static constexpr std::string_view kToken = "kontor-TOKEN-do-not-log-7f3a";
  static constexpr std::string_view kUrlKey = "urlkey-do-not-log-91c2";

  enum class Fault {
    k429,            // 429 with Retry-After: 7
    k500,            // 500 {"error":{"message":"database unavailable"}}
    kHang,           // never answers: the poll timeout must fire
    kTruncated,      // Content-Length promises more than is sent
    kMalformedJson,  // 200 with broken JSON
    kRepeatNext,     // the page's next points at the page itself
    kMissingField,   // the page's second record has no "created"
    kUnauthorized,   // 401 whose message echoes the token it was sent
  };

  explicit JsonApiServer(std::size_t page_size = 3);

  // "http://127.0.0.1:<port><path>"
  std::string Url(std::string_view path) const { return http_.Url(path); }

  // The next `times` requests for page `page` (1-based; 0: any page) get `fault`.
  void Inject(Fault fault, int times = 1, int page = 0);
  void ClearFaults();

  // A fixture instant (RFC 3339, UTC) as served.
  core::Timestamp Shift(std::string_view fixture_time) const;
  // Changes an order's state and marks it modified at `modified` (as served).
  void Update(std::string_view order_no, std::string_view state, core::Timestamp modified);

  std::vector<RecordedRequest> Requests() const { return http_.Requests(); }
  std::size_t RequestCount() const { return http_.RequestCount(); }

 private:
  struct FaultRule {
    Fault fault;
    int remaining;
    int page;
  };

  ScriptedResponse Answer(const RecordedRequest& request);

  std::size_t page_size_;
  std::chrono::days shift_{0};
  std::string orders_;  // the served orders: a JSON array, sorted by modified

  mutable std::mutex mutex_;
  std::vector<FaultRule> faults_;

  HttpTestServer http_;  // last: its thread calls Answer() until it is destroyed
};

}  // namespace sellerwatch::testing
