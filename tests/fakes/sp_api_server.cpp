#include "fakes/sp_api_server.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/time.hpp"
#include "fakes/fake_data.hpp"

namespace sellerwatch::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

ScriptedResponse Json(int status, std::string body) {
  return {status,
          {{"Content-Type", "application/json"}, {"x-amzn-RequestId", "fake-req"}},
          std::move(body)};
}

ScriptedResponse ApiError(int status, std::string_view code, std::string_view message) {
  return Json(status,
              fmt::format(R"({{"errors":[{{"code":"{}","message":"{}"}}]}})", code, message));
}

std::string Day(core::Timestamp t, bool us_form) {
  auto ymd = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t));
  if (us_form) {
    return fmt::format("{}/{}/{:02}", static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), static_cast<int>(ymd.year()) % 100);
  }
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

SpApiServer::SpApiServer() {
  auto now = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  for (const char* file :
       {"orders_2026-01-01_searchOrders_200_example.json", "orders_v0_getOrders_200_example.json",
        "orders_v0_getOrders_200_sandbox_unshipped.json",
        "seller_performance_report_v2_example.json"}) {
    json::value doc = json::parse(ReadTestData("amazon", file));
    std::optional<core::Timestamp> newest;
    ForEachString(doc, [&](json::string& s) {
      if (auto t = core::ParseRfc3339(s); t && (!newest || *t > *newest)) newest = t;
    });
    auto shift = newest ? std::chrono::floor<std::chrono::days>(now - 5 * core::kDay - *newest)
                        : std::chrono::days(0);
    shifts_[file] = shift;
    ForEachString(doc, [&](json::string& s) {
      if (auto t = core::ParseRfc3339(s)) s = core::FormatRfc3339(*t + shift);
    });
    fixtures_[file] = json::serialize(doc);
  }
  // searchOrders page 2: the example's order again, cancelled at the buyer's request.
  json::value page2 = json::parse(fixtures_["orders_2026-01-01_searchOrders_200_example.json"]);
  json::object& order = page2.as_object().at("orders").as_array()[0].as_object();
  order["orderId"] = "123-4567890-7654321";
  order["lastUpdatedTime"] =
      Shift("orders_2026-01-01_searchOrders_200_example.json", "2024-12-26T09:00:00Z");
  order.at("fulfillment").as_object()["fulfillmentStatus"] = "CANCELLED";
  order.erase("packages");
  page2.as_object().erase("pagination");
  search_page2_ = json::serialize(page2);

  feedback_tsv_ = "Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n" +
                  Day(now - 3 * core::kDay, false) +
                  "\t1\tArrived broken, box crushed\t\t123-4567890-1234567\tb1@example.com\n" +
                  Day(now - 2 * core::kDay, true) +
                  "\t3\tSlow but OK\tSorry!\t902-1845936-5435065\tb2@example.com\n";

  http_.SetHandler([this](const RecordedRequest& r) { return Answer(r); });
}

std::string SpApiServer::Endpoint() const {
  std::string url = http_.Url("/");
  url.pop_back();
  return url;
}

std::string SpApiServer::TokenEndpoint() const { return http_.Url("/auth/o2/token"); }

void SpApiServer::Inject(Fault fault, int times, std::string path_prefix) {
  std::lock_guard lock(mutex_);
  faults_.push_back({fault, times, std::move(path_prefix)});
}

void SpApiServer::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

std::string SpApiServer::Shift(const std::string& fixture_file, std::string_view timestamp) const {
  auto t = core::ParseRfc3339(timestamp);
  return t ? core::FormatRfc3339(*t + shifts_.at(fixture_file)) : std::string(timestamp);
}

std::size_t SpApiServer::TokenRequests() const {
  std::lock_guard lock(mutex_);
  return token_requests_;
}

std::vector<std::string> SpApiServer::IssuedTokens() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

ScriptedResponse SpApiServer::Token(const RecordedRequest& request) {
  ++token_requests_;
  auto form = DecodeForm(request.body);
  if (request.method != "POST" || form["grant_type"] != "refresh_token" ||
      form["client_id"] != kClientId || form["client_secret"] != kClientSecret ||
      form["refresh_token"] != kRefreshToken) {
    return Json(400, R"({"error_description":"The request has an invalid grant parameter",)"
                     R"("error":"invalid_grant"})");
  }
  tokens_.push_back(std::string(kAccessPrefix) + std::to_string(tokens_.size() + 1));
  token_revoked_ = false;
  return Json(200, fmt::format(R"({{"access_token":"{}","refresh_token":"{}",)"
                               R"("token_type":"bearer","expires_in":3600}})",
                               tokens_.back(), kRefreshToken));
}

ScriptedResponse SpApiServer::Answer(const RecordedRequest& request) {
  std::lock_guard lock(mutex_);
  std::string target = request.target;
  std::string path = target.substr(0, target.find('?'));
  std::string query = path.size() < target.size() ? target.substr(path.size() + 1) : "";
  if (path == "/auth/o2/token") return Token(request);
  if (path.starts_with("/download/")) {
    if (path == "/download/feedback.tsv.gz") {
      return {200, {{"Content-Type", "application/octet-stream"}}, Gzip(feedback_tsv_)};
    }
    return {200,
            {{"Content-Type", "application/json"}},
            fixtures_["seller_performance_report_v2_example.json"]};
  }

  bool paged = query.find("paginationToken=") != std::string::npos ||
               query.find("NextToken=") != std::string::npos;
  bool repeat = false;
  for (auto& rule : faults_) {
    if (rule.remaining <= 0 || !path.starts_with(rule.prefix)) continue;
    if (rule.fault == Fault::kRepeatPage) {
      if (!paged) continue;
      --rule.remaining;
      repeat = true;
      break;
    }
    if (rule.fault != Fault::kRejectAll) --rule.remaining;
    switch (rule.fault) {
      case Fault::k429:
        return ApiError(429, "QuotaExceeded",
                        "You exceeded your quota for the requested resource.");
      case Fault::k500:
        return ApiError(500, "InternalFailure", "We encountered an internal error.");
      case Fault::kHang:
        return ScriptedResponse::Hang();
      case Fault::kTruncated: {
        ScriptedResponse r;
        r.raw =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            "{\"orders\":[{\"orderId\":";
        return r;
      }
      case Fault::kMalformedJson:
        return Json(200, R"({"orders":[{"orderId":"123-4567890-1234567",)");
      case Fault::kExpiredToken:
        token_revoked_ = true;
        return ApiError(401, "Unauthorized", "The access token you provided has expired.");
      case Fault::kRejectAll:
        return ApiError(403, "Unauthorized", "Access to requested resource is denied.");
      case Fault::kReportFatal:
      case Fault::kReportCancelled: {
        std::string id = path.substr(path.rfind('/') + 1);
        return Json(200, fmt::format(R"({{"reportId":"{}","processingStatus":"{}"}})", id,
                                     rule.fault == Fault::kReportFatal ? "FATAL" : "CANCELLED"));
      }
      case Fault::kRepeatPage:
        break;
    }
  }

  auto token = request.Header("x-amz-access-token");
  if (!token || tokens_.empty() || *token != tokens_.back() || token_revoked_) {
    return ApiError(403, "Unauthorized", "Access to requested resource is denied.");
  }
  if (path.starts_with("/orders/")) return Orders(path, query, repeat);
  if (path.starts_with("/reports/2021-06-30/")) return Reports(request, path);
  return ApiError(404, "NotFound", "Resource not found.");
}

ScriptedResponse SpApiServer::Orders(const std::string& path, const std::string& query,
                                     bool repeat) {
  auto q = DecodeForm(query);
  if (path == "/orders/2026-01-01/orders") {
    if (q["marketplaceIds"].empty() || q["lastUpdatedAfter"].empty()) {
      return ApiError(400, "InvalidInput", "marketplaceIds and lastUpdatedAfter are required");
    }
    const std::string& page1 = fixtures_["orders_2026-01-01_searchOrders_200_example.json"];
    if (q["paginationToken"].empty()) return Json(200, page1);
    if (!repeat) return Json(200, search_page2_);
    json::value doc = json::parse(search_page2_);
    doc.as_object().at("orders").as_array().push_back(
        json::parse(page1).as_object().at("orders").as_array()[0]);
    return Json(200, json::serialize(doc));
  }
  if (path == "/orders/v0/orders") {
    if (q["MarketplaceIds"].empty() || q["LastUpdatedAfter"].empty()) {
      return Json(400, ReadTestData("amazon", "orders_v0_getOrders_400_sandbox.json"));
    }
    if (q["NextToken"].empty()) return Json(200, fixtures_["orders_v0_getOrders_200_example.json"]);
    const std::string& page2 = fixtures_["orders_v0_getOrders_200_sandbox_unshipped.json"];
    if (!repeat) return Json(200, page2);
    json::value doc = json::parse(page2);
    doc.as_object().at("payload").as_object().at("Orders").as_array().push_back(
        json::parse(fixtures_["orders_v0_getOrders_200_example.json"])
            .as_object()
            .at("payload")
            .as_object()
            .at("Orders")
            .as_array()[0]);
    return Json(200, json::serialize(doc));
  }
  return ApiError(404, "NotFound", "Resource not found.");
}

ScriptedResponse SpApiServer::Reports(const RecordedRequest& request, const std::string& path) {
  const std::string base = "/reports/2021-06-30/";
  if (request.method == "POST" && path == base + "reports") {
    json::value body = json::parse(request.body);
    std::string type(body.as_object().at("reportType").as_string());
    std::string prefix = type == "GET_SELLER_FEEDBACK_DATA" ? "FB" : "PERF";
    return Json(202, fmt::format(R"({{"reportId":"{}-{}"}})", prefix, ++next_report_));
  }
  if (path.starts_with(base + "reports/")) {
    std::string id = path.substr(base.size() + 8);
    bool done = report_checks_[id]++ > 0;
    return Json(200, fmt::format(R"({{"reportId":"{}","processingStatus":"{}"{}}})", id,
                                 done ? "DONE" : "IN_PROGRESS",
                                 done ? ",\"reportDocumentId\":\"DOC-" + id + "\"" : ""));
  }
  if (path.starts_with(base + "documents/DOC-")) {
    std::string id = path.substr(base.size() + 14);
    if (id.starts_with("FB")) {
      return Json(200,
                  fmt::format(R"({{"reportDocumentId":"DOC-{}","compressionAlgorithm":"GZIP",)"
                              R"("url":"{}/download/feedback.tsv.gz?X-Amz-Signature=sig-secret"}})",
                              id, Endpoint()));
    }
    return Json(200,
                fmt::format(R"({{"reportDocumentId":"DOC-{}",)"
                            R"("url":"{}/download/performance.json?X-Amz-Signature=sig-secret"}})",
                            id, Endpoint()));
  }
  return ApiError(404, "NotFound", "Resource not found.");
}

}  // namespace sellerwatch::testing
