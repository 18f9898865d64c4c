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

// `data` gzip-compressed (report documents with compressionAlgorithm GZIP).
std::string Gzip(const std::string& data);

// A fake Selling Partner API on 127.0.0.1 (port 0) built from the official examples in
// tests/data/amazon/, for the amazon-sp-api source's tests:
//   POST /auth/o2/token                          LWA refresh-token grant (checks every field)
//   GET  /orders/2026-01-01/orders               searchOrders: page 1 = the official example,
//                                                page 2 (its nextToken) = that order cancelled
//                                                on the buyer's request, under another id
//   GET  /orders/v0/orders                       getOrders: the example, then (NextToken) the
//                                                sandbox's two unshipped orders
//   POST /reports/2021-06-30/reports             createReport
//   GET  /reports/2021-06-30/reports/{id}        IN_PROGRESS once, then DONE
//   GET  /reports/2021-06-30/documents/{id}      a pre-signed URL on this server; the feedback
//                                                document is gzip (compressionAlgorithm GZIP)
//   GET  /download/...                           the documents: FeedbackTsv(), the V2 report
// Every timestamp in the fixtures moves by whole days so their newest is 5 days ago (the
// store keeps 90 days); Shift() gives a fixture timestamp as served.
class SpApiServer {
 public:
  static constexpr std::string_view kClientId = "amzn1.application-oa2-client.fake";
  static constexpr std::string_view kClientSecret = "amzn1.oa2-cs.v1.SECRET-do-not-log";
  static constexpr std::string_view kRefreshToken = "Atzr|REFRESH-do-not-log";
  static constexpr std::string_view kAccessPrefix = "Atza|ACCESS-do-not-log-";

  enum class Fault {
    k429,              // HTTP 429 with no rate-limit header (as SP-API sends it)
    k500,              // HTTP 500 InternalFailure
    kHang,             // no answer at all: the poll timeout must fire
    kTruncated,        // Content-Length promises more than is sent
    kMalformedJson,    // 200 with broken JSON
    kExpiredToken,     // 401 for the current token, which stops working (a refresh fixes it)
    kRejectAll,        // 403 for every token: credentials rejected
    kRepeatPage,       // page 2 of the orders also repeats page 1's order
    kReportFatal,      // getReport answers processingStatus FATAL
    kReportCancelled,  // getReport answers CANCELLED (Amazon: no data)
  };

  SpApiServer();

  std::string Endpoint() const;       // "http://127.0.0.1:<port>"
  std::string TokenEndpoint() const;  // Endpoint() + "/auth/o2/token"

  // The next `times` SP-API requests whose path starts with `path_prefix` get `fault`.
  void Inject(Fault fault, int times = 1, std::string path_prefix = "/");
  void ClearFaults();

  // A fixture timestamp ("2024-12-25T10:30:00Z") as this server serves it.
  std::string Shift(const std::string& fixture_file, std::string_view timestamp) const;
  // The GET_SELLER_FEEDBACK_DATA document served (TSV; its dates are recent).
  const std::string& FeedbackTsv() const { return feedback_tsv_; }

  std::vector<RecordedRequest> Requests() const { return http_.Requests(); }
  std::size_t TokenRequests() const;
  // Every access token issued so far.
  std::vector<std::string> IssuedTokens() const;

 private:
  struct FaultRule {
    Fault fault;
    int remaining;
    std::string prefix;
  };

  ScriptedResponse Answer(const RecordedRequest& request);
  ScriptedResponse Token(const RecordedRequest& request);
  ScriptedResponse Orders(const std::string& path, const std::string& query, bool repeat);
  ScriptedResponse Reports(const RecordedRequest& request, const std::string& path);

  std::map<std::string, std::string> fixtures_;      // file → served (shifted) JSON
  std::map<std::string, std::chrono::days> shifts_;  // file → shift
  std::string feedback_tsv_;
  std::string search_page2_;

  mutable std::mutex mutex_;
  std::vector<FaultRule> faults_;
  std::vector<std::string> tokens_;  // issued; the last one is valid unless revoked
  bool token_revoked_ = false;
  std::size_t token_requests_ = 0;
  std::map<std::string, int> report_checks_;  // reportId → getReport calls
  int next_report_ = 0;

  HttpTestServer http_;  // last: its thread calls Answer() until it is destroyed
};

}  // namespace sellerwatch::testing
