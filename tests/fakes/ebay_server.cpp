#include "fakes/ebay_server.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/base64.hpp"
#include "core/time.hpp"
#include "fakes/fake_data.hpp"

namespace sellerwatch::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kOrdersPath = "/sell/fulfillment/v1/order";

ScriptedResponse Json(int status, std::string body) {
  return {status,
          {{"Content-Type", "application/json"}, {"X-EBAY-C-REQUEST-ID", "fake-req"}},
          std::move(body)};
}

// eBay's REST error envelope.
ScriptedResponse ApiError(int status, int id, std::string_view message) {
  return Json(status, fmt::format(R"({{"errors":[{{"errorId":{},"domain":"API_FAKE",)"
                                  R"("category":"REQUEST","message":"{}"}}]}})",
                                  id, message));
}

std::string EbayTime(core::Timestamp t) {
  std::string s = core::FormatRfc3339(t);
  if (s.find('.') == std::string::npos) s.insert(s.size() - 1, ".000");
  return s;
}

json::object& OrderAt(json::value& page, std::size_t i) {
  return page.as_object().at("orders").as_array()[i].as_object();
}

}  // namespace

EbayServer::EbayServer() {
  auto now = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  auto today = std::chrono::floor<std::chrono::days>(now);
  auto reference =
      std::chrono::floor<std::chrono::days>(*core::ParseRfc3339("2026-01-13T00:00:00Z"));
  shift_ = std::chrono::duration_cast<std::chrono::days>(today - 1 * core::kDay - reference);
  auto shift = [this](json::value& doc) {
    ForEachString(doc, [this](json::string& s) {
      if (auto t = core::ParseRfc3339(s)) s = EbayTime(*t + shift_);
    });
  };

  // getOrders: the fixture's three orders, as a real getOrders answers (cancelRequests empty),
  // each with the legacyOrderId Post-Order knows it by; then three more.
  json::value page = json::parse(ReadTestData("ebay", "fulfillment_getOrders_SYNTHETIC.json"));
  const char* legacy[] = {"110000000011-2000000000011", "110000000002-2000000000002",
                          "110000000003-2000000000003"};
  for (std::size_t i = 0; i < 3; ++i) {
    OrderAt(page, i)["legacyOrderId"] = legacy[i];
    OrderAt(page, i).at("cancelStatus").as_object()["cancelRequests"] = json::array();
  }
  auto cancelled = [&](const char* id, const char* legacy_id, const char* created,
                       const char* cancelled_at) {
    json::object o = OrderAt(page, 1);
    o["orderId"] = id;
    o["legacyOrderId"] = legacy_id;
    o["creationDate"] = created;
    o["lastModifiedDate"] = cancelled_at;
    o["cancelStatus"] = json::object{{"cancelState", "CANCELED"},
                                     {"cancelledDate", cancelled_at},
                                     {"cancelRequests", json::array()}};
    return o;
  };
  json::array& list = page.as_object().at("orders").as_array();
  list.push_back(cancelled("00-00000-00004", "110000000001-2000000000001",
                           "2026-01-10T09:30:00.000Z", "2026-01-10T15:00:00.000Z"));
  list.push_back(cancelled("00-00000-00005", "110000000005-2000000000005",
                           "2026-01-11T08:00:00.000Z", "2026-01-11T12:00:00.000Z"));
  json::object late = OrderAt(page, 0);
  late["orderId"] = "00-00000-00006";
  late["legacyOrderId"] = "110000000006-2000000000006";
  late["creationDate"] = "2026-01-10T06:00:00.000Z";
  late["lastModifiedDate"] = "2026-01-12T09:00:00.000Z";
  late["fulfillmentHrefs"] = json::array{
      "https://api.ebay.com/sell/fulfillment/v1/order/00-00000-00006/shipping_fulfillment/6"};
  json::object& instructions = late.at("lineItems")
                                   .as_array()[0]
                                   .as_object()
                                   .at("lineItemFulfillmentInstructions")
                                   .as_object();
  instructions["shipByDate"] = "2026-01-11T07:59:59.000Z";
  instructions["maxEstimatedDeliveryDate"] = "2026-01-15T08:00:00.000Z";
  list.push_back(std::move(late));
  shift(page);
  for (auto& o : page.as_object().at("orders").as_array()) orders_.push_back(json::serialize(o));

  json::value shipped = json::parse(ReadTestData("ebay", "shipping_fulfillments_SYNTHETIC.json"));
  shift(shipped);
  shipments_["00-00000-00001"] = json::serialize(shipped);
  json::object& f = shipped.as_object().at("fulfillments").as_array()[0].as_object();
  f["fulfillmentId"] = "0000000000006";
  f.erase("shipmentTrackingNumber");
  f["shippedDate"] = Shift("2026-01-12T08:00:00.000Z");
  shipments_["00-00000-00006"] = json::serialize(shipped);

  json::value cancels =
      json::parse(ReadTestData("ebay", "postorder_cancellation_search_SYNTHETIC.json"));
  shift(cancels);
  cancellations_ = json::serialize(cancels);

  profile_ = ReadTestData("ebay", "seller_standards_profile_example.json");
  cs_inr_ = ReadTestData("ebay", "customer_service_metric_SYNTHETIC.json");
  json::value inad = json::parse(cs_inr_);
  json::object& dim = inad.as_object().at("dimensionMetrics").as_array()[0].as_object();
  dim["dimension"] = json::object{{"dimensionKey", "LISTING_CATEGORY"},
                                  {"name", "Clothing, Shoes & Accessories"},
                                  {"value", "11450"}};
  json::object& rate = dim.at("metrics").as_array()[2].as_object();
  rate["value"] = "0.20";
  rate.at("benchmark").as_object()["rating"] = "LOW";
  cs_inad_ = json::serialize(inad);

  http_.SetHandler([this](const RecordedRequest& r) { return Answer(r); });
}

std::string EbayServer::Endpoint() const {
  std::string url = http_.Url("/");
  url.pop_back();
  return url;
}

std::string EbayServer::TokenEndpoint() const { return http_.Url("/identity/v1/oauth2/token"); }

void EbayServer::Inject(Fault fault, int times, std::string path_prefix) {
  std::lock_guard lock(mutex_);
  faults_.push_back({fault, times, std::move(path_prefix)});
}

void EbayServer::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

void EbayServer::SetLevels(std::string current, std::string projected) {
  std::lock_guard lock(mutex_);
  current_level_ = std::move(current);
  projected_level_ = std::move(projected);
}

void EbayServer::SetPageSize(int orders) {
  std::lock_guard lock(mutex_);
  page_size_ = orders;
}

std::string EbayServer::Shift(std::string_view timestamp) const {
  auto t = core::ParseRfc3339(timestamp);
  return t ? EbayTime(*t + shift_) : std::string(timestamp);
}

std::size_t EbayServer::TokenRequests() const {
  std::lock_guard lock(mutex_);
  return token_requests_;
}

std::vector<std::string> EbayServer::IssuedTokens() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

ScriptedResponse EbayServer::Token(const RecordedRequest& request) {
  ++token_requests_;
  std::string basic =
      "Basic " + core::Base64Encode(std::string(kClientId) + ":" + std::string(kClientSecret));
  if (request.method != "POST" || request.Header("authorization") != basic ||
      request.Header("content-type") != "application/x-www-form-urlencoded") {
    return Json(401,
                R"({"error":"invalid_client","error_description":"client authentication failed"})");
  }
  auto form = DecodeForm(request.body);
  if (form["grant_type"] != "refresh_token" || form["refresh_token"] != kRefreshToken) {
    return Json(400, R"({"error":"invalid_grant","error_description":"the provided authorization )"
                     R"(refresh token is invalid or was issued to another client"})");
  }
  if (form["scope"] != kScopes) {
    return Json(400,
                R"({"error":"invalid_scope","error_description":"The requested scope is )"
                R"(invalid, unknown, malformed, or exceeds the scope granted to the client"})");
  }
  tokens_.push_back(std::string(kAccessPrefix) + std::to_string(tokens_.size() + 1));
  token_revoked_ = false;
  return Json(200, fmt::format(R"({{"access_token":"{}","expires_in":7200,)"
                               R"("token_type":"User Access Token"}})",
                               tokens_.back()));
}

ScriptedResponse EbayServer::Answer(const RecordedRequest& request) {
  std::lock_guard lock(mutex_);
  std::string target = request.target;
  std::string path = target.substr(0, target.find('?'));
  std::string query = path.size() < target.size() ? target.substr(path.size() + 1) : "";
  if (path == "/identity/v1/oauth2/token") return Token(request);

  bool paged = path == kOrdersPath && DecodeForm(query)["offset"] != "0";
  bool repeat_page = false, repeat_next = false;
  for (auto& rule : faults_) {
    if (rule.remaining <= 0 || !path.starts_with(rule.prefix)) continue;
    if (rule.fault == Fault::kRepeatPage || rule.fault == Fault::kRepeatNext) {
      if (!paged) continue;
      --rule.remaining;
      (rule.fault == Fault::kRepeatPage ? repeat_page : repeat_next) = true;
      break;
    }
    if (rule.fault != Fault::kRejectAll) --rule.remaining;
    switch (rule.fault) {
      case Fault::k429:
        return ApiError(429, 2001, "Too many requests. The request limit has been reached.");
      case Fault::k429RetryAfter: {
        auto r = ApiError(429, 2001, "Too many requests. The request limit has been reached.");
        r.headers.emplace_back("Retry-After", "7");
        return r;
      }
      case Fault::k500:
        return ApiError(500, 10001, "System error. Please try again later.");
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
        return Json(200, R"({"orders":[{"orderId":"00-00000-00001",)");
      case Fault::kExpiredToken:
        token_revoked_ = true;
        return ApiError(401, 1001, "Invalid access token");
      case Fault::kRejectAll:
        return ApiError(403, 1100, "Access denied");
      case Fault::kRepeatPage:
      case Fault::kRepeatNext:
        break;
    }
  }

  // Post-Order wants its own scheme ("Bearer" is refused with 401 there), REST wants Bearer.
  bool post_order = path.starts_with("/post-order/");
  std::string scheme = post_order ? "IAF " : "Bearer ";
  auto auth = request.Header("authorization");
  if (!auth || tokens_.empty() || *auth != scheme + tokens_.back() || token_revoked_) {
    return ApiError(401, 1001, "Invalid access token");
  }
  if (post_order) {
    if (request.Header("x-ebay-c-marketplace-id") != kMarketplace) {
      return ApiError(400, 1505, "X-EBAY-C-MARKETPLACE-ID missing or not supported");
    }
    if (path == "/post-order/v2/cancellation/search") return Cancellations(query);
    return ApiError(404, 1, "Resource not found");
  }
  if (path == kOrdersPath) return Orders(query, repeat_page, repeat_next);
  if (path.starts_with(std::string(kOrdersPath) + "/") && path.ends_with("/shipping_fulfillment")) {
    std::string id = path.substr(kOrdersPath.size() + 1);
    id = id.substr(0, id.find('/'));
    for (const auto& o : orders_) {
      if (json::parse(o).at("orderId").as_string() != id) continue;
      auto it = shipments_.find(id);
      return Json(200, it != shipments_.end() ? it->second : R"({"fulfillments":[],"total":0})");
    }
    return ApiError(404, 32100, "Invalid order ID: " + id);
  }
  if (path.starts_with("/sell/analytics/v1/")) return Standards(path, query);
  return ApiError(404, 1, "Resource not found");
}

ScriptedResponse EbayServer::Orders(const std::string& query, bool repeat_page, bool repeat_next) {
  auto q = DecodeForm(query);
  const std::string& filter = q["filter"];
  constexpr std::string_view kPrefix = "lastmodifieddate:[";
  if (!filter.starts_with(kPrefix) || !filter.ends_with("..]") ||
      !core::ParseRfc3339(filter.substr(kPrefix.size(), filter.size() - kPrefix.size() - 3))) {
    return ApiError(400, 30700, "Invalid filter: " + filter);
  }
  int limit = q["limit"].empty() ? 50 : std::stoi(q["limit"]);
  int offset = q["offset"].empty() ? 0 : std::stoi(q["offset"]);
  if (limit < 1 || limit > 200) return ApiError(400, 30820, "Invalid limit");
  int size = std::min(limit, page_size_);
  int total = static_cast<int>(orders_.size());
  json::array orders;
  for (int i = offset; i < std::min(offset + size, total); ++i) {
    orders.push_back(json::parse(orders_[static_cast<std::size_t>(i)]));
  }
  if (repeat_page) orders.push_back(json::parse(orders_[0]));
  json::object doc;
  std::string encoded_filter = query.substr(query.find("filter=") + 7);
  encoded_filter = encoded_filter.substr(0, encoded_filter.find('&'));
  auto url = [&](int at) {
    return fmt::format("{}{}?filter={}&limit={}&offset={}", Endpoint(), kOrdersPath, encoded_filter,
                       limit, at);
  };
  doc["href"] = url(offset);
  doc["total"] = total;
  doc["limit"] = limit;
  doc["offset"] = offset;
  if (offset + size < total || repeat_next) doc["next"] = url(repeat_next ? offset : offset + size);
  doc["orders"] = std::move(orders);
  return Json(200, json::serialize(doc));
}

ScriptedResponse EbayServer::Cancellations(const std::string& query) {
  auto q = DecodeForm(query);
  auto from = core::ParseRfc3339(q["creation_date_range_from"]);
  if (!from) return ApiError(400, 1201, "Invalid creation_date_range_from");
  auto to = q["creation_date_range_to"].empty() ? std::optional(*from + 90 * core::kDay)
                                                : core::ParseRfc3339(q["creation_date_range_to"]);
  if (!to) return ApiError(400, 1202, "Invalid creation_date_range_to");
  int limit = q["limit"].empty() ? 25 : std::stoi(q["limit"]);
  int page = q["offset"].empty() ? 1 : std::stoi(q["offset"]);
  json::value doc = json::parse(cancellations_);
  json::array matching;
  for (const auto& c : doc.at("cancellations").as_array()) {
    auto requested = core::ParseRfc3339(c.at("cancelRequestDate").at("value").as_string());
    if (requested && *requested >= *from && *requested <= *to) matching.push_back(c);
  }
  int total = static_cast<int>(matching.size());
  int pages = std::max(1, (total + limit - 1) / limit);
  json::array slice;
  for (int i = (page - 1) * limit; i < std::min(page * limit, total); ++i) {
    slice.push_back(matching[static_cast<std::size_t>(i)]);
  }
  doc.as_object()["cancellations"] = std::move(slice);
  doc.as_object()["paginationOutput"] = json::object{
      {"limit", limit}, {"offset", page}, {"totalEntries", total}, {"totalPages", pages}};
  doc.as_object()["total"] = total;
  return Json(200, json::serialize(doc));
}

ScriptedResponse EbayServer::Standards(const std::string& path, const std::string& query) {
  const std::string profile = "/sell/analytics/v1/seller_standards_profile/PROGRAM_US/";
  if (path == profile + "CURRENT" || path == profile + "PROJECTED") {
    json::value doc = json::parse(profile_);
    json::object& o = doc.as_object();
    bool projected = path.ends_with("PROJECTED");
    o["standardsLevel"] = projected ? projected_level_ : current_level_;
    if (projected) {
      o.at("cycle").as_object()["cycleType"] = "PROJECTED";
      // The other value shape: bare numbers.
      json::object& defects = o.at("metrics").as_array()[1].as_object();
      defects["value"] = 0.6;
      defects["thresholdUpperBound"] = 0.5;
      defects["level"] = "ABOVE_STANDARD";
    }
    return Json(200, json::serialize(doc));
  }
  const std::string cs = "/sell/analytics/v1/customer_service_metric/";
  if (path == cs + "ITEM_NOT_RECEIVED/CURRENT" || path == cs + "ITEM_NOT_AS_DESCRIBED/CURRENT") {
    if (DecodeForm(query)["evaluation_marketplace_id"] != kMarketplace) {
      return ApiError(400, 54001, "Invalid or missing evaluation_marketplace_id");
    }
    return Json(200, path.find("ITEM_NOT_RECEIVED") != std::string::npos ? cs_inr_ : cs_inad_);
  }
  return ApiError(404, 54404, "No seller standards profile for this program or cycle");
}

}  // namespace sellerwatch::testing
