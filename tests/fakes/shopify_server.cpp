#include "fakes/shopify_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>

#include "fakes/fake_data.hpp"

namespace sellerwatch::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

ScriptedResponse Json(int status, std::string body) {
  return {status,
          {{"Content-Type", "application/json; charset=utf-8"},
           {"X-Request-Id", "fake-shopify-request"}},
          std::move(body)};
}

// Shopify answers refusals outside GraphQL with a plain string in `errors`.
ScriptedResponse PlainError(int status, std::string_view message) {
  json::object o;
  o["errors"] = message;
  return Json(status, json::serialize(o));
}

ScriptedResponse GraphqlError(std::string_view code, std::string_view message) {
  json::object extensions;
  extensions["code"] = code;
  json::object error;
  error["message"] = message;
  error["extensions"] = std::move(extensions);
  json::object o;
  o["errors"] = json::array{std::move(error)};
  o["data"] = nullptr;
  return Json(200, json::serialize(o));
}

std::string Cursor(std::string_view id) { return "fake-cursor:" + std::string(id); }

constexpr double RequestedCost(std::size_t first) {
  return 2.0 + 16.0 * static_cast<double>(first);
}

}  // namespace

ShopifyServer::ShopifyServer() {
  auto now = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  std::vector<json::value> docs;
  std::optional<core::Timestamp> newest;  // order update
  for (std::string_view file : {kPage1, kPage2}) {
    docs.push_back(json::parse(ReadTestData("shopify", file)));
    for (auto& edge : docs.back().at("data").at("orders").at("edges").as_array()) {
      auto t = core::ParseRfc3339(edge.at("node").at("updatedAt").as_string());
      if (!newest || *t > *newest) newest = t;
    }
  }
  shift_ = std::chrono::floor<std::chrono::days>(now - core::kDay - *newest);
  std::vector<json::value> nodes;
  for (auto& doc : docs) {
    ForEachString(doc, [&](json::string& s) {
      if (auto t = core::ParseRfc3339(s)) s = core::FormatRfc3339(*t + shift_);
    });
    for (auto& edge : doc.at("data").at("orders").at("edges").as_array()) {
      nodes.push_back(edge.at("node"));
    }
  }
  // Placed 40 h ago and not fulfilled: with the default 48 h handling time it is due in 8 h.
  live_placed_at_ = std::chrono::floor<std::chrono::seconds>(now - 40h);
  live_updated_at_ = std::chrono::floor<std::chrono::seconds>(now - 1h);
  nodes.push_back(json::parse(fmt::format(
      R"({{"id":"gid://shopify/Order/{0}","name":"#{0}","createdAt":"{1}","processedAt":"{1}",)"
      R"("updatedAt":"{2}","closedAt":null,"cancelledAt":null,"cancelReason":null,"test":false,)"
      R"("displayFinancialStatus":"PAID","displayFulfillmentStatus":"UNFULFILLED",)"
      R"("fulfillments":[]}})",
      kLiveOrderId, core::FormatRfc3339(live_placed_at_), core::FormatRfc3339(live_updated_at_))));

  std::vector<std::size_t> order(nodes.size());
  std::iota(order.begin(), order.end(), 0);
  auto updated = [&](std::size_t i) {
    return *core::ParseRfc3339(nodes[i].at("updatedAt").as_string());
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(updated(a), nodes[a].at("id").as_string()) <
           std::pair(updated(b), nodes[b].at("id").as_string());
  });
  for (std::size_t i : order) {
    updated_.push_back(updated(i));
    std::string gid(nodes[i].at("id").as_string());
    ids_.push_back(gid.substr(gid.rfind('/') + 1));
    orders_.push_back(json::serialize(nodes[i]));
  }
  http_.SetHandler([this](const RecordedRequest& r) { return Answer(r); });
}

std::string ShopifyServer::Endpoint() const {
  std::string url = http_.Url("/");
  url.pop_back();
  return url;
}

void ShopifyServer::Inject(Fault fault, int times, bool follow_up_only) {
  std::lock_guard lock(mutex_);
  faults_.push_back(
      {fault, times,
       follow_up_only || fault == Fault::kRepeatCursor || fault == Fault::kRepeatRecords});
}

void ShopifyServer::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
  maximum_ = available_ = 2000;
  restore_rate_ = 100;
}

void ShopifyServer::SetPageSize(std::size_t n) {
  std::lock_guard lock(mutex_);
  page_size_ = n;
}

std::size_t ShopifyServer::PageSize() const {
  std::lock_guard lock(mutex_);
  return page_size_;
}

std::string ShopifyServer::Shift(std::string_view, std::string_view timestamp) const {
  auto t = core::ParseRfc3339(timestamp);
  return t ? core::FormatRfc3339(*t + shift_) : std::string(timestamp);
}

std::size_t ShopifyServer::ThrottledAnswers() const {
  std::lock_guard lock(mutex_);
  return throttled_;
}

std::vector<std::chrono::steady_clock::time_point> ShopifyServer::Arrivals() const {
  std::lock_guard lock(mutex_);
  return arrivals_;
}

void ShopifyServer::Refill() {
  auto now = std::chrono::steady_clock::now();
  std::chrono::duration<double> elapsed = now - refilled_;
  available_ = std::min(maximum_, available_ + elapsed.count() * restore_rate_);
  refilled_ = now;
}

std::string ShopifyServer::CostBlock(double requested, std::optional<double> actual) const {
  json::object status;
  status["maximumAvailable"] = maximum_;
  status["currentlyAvailable"] = std::floor(available_);
  status["restoreRate"] = restore_rate_;
  json::object cost;
  cost["requestedQueryCost"] = requested;
  cost["actualQueryCost"] = actual ? json::value(*actual) : json::value(nullptr);
  cost["throttleStatus"] = std::move(status);
  return json::serialize(cost);
}

ScriptedResponse ShopifyServer::Answer(const RecordedRequest& request) {
  std::lock_guard lock(mutex_);
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (request.method != "POST" || !path.starts_with("/admin/api/") ||
      !path.ends_with("/graphql.json")) {
    return PlainError(404, "Not Found");
  }
  arrivals_.push_back(std::chrono::steady_clock::now());

  // The request: {"query", "variables": {"first", "after", "query"}}.
  boost::system::error_code ec;
  json::value body = json::parse(request.body, ec);
  const json::object* o = !ec && body.is_object() ? &body.as_object() : nullptr;
  const json::value* query = o ? o->if_contains("query") : nullptr;
  const json::value* variables = o ? o->if_contains("variables") : nullptr;
  std::string after;
  if (variables != nullptr && variables->is_object()) {
    if (const json::value* a = variables->as_object().if_contains("after"); a && a->is_string()) {
      after = std::string(a->as_string());
    }
  }

  std::optional<Fault> fault;
  for (auto& rule : faults_) {
    if (rule.remaining <= 0) continue;
    if (rule.follow_up_only && after.empty()) continue;
    --rule.remaining;
    fault = rule.fault;
    break;
  }
  if (fault) {
    switch (*fault) {
      case Fault::k429: {
        auto r = PlainError(429,
                            "Exceeded 2 calls per second for api client. Reduce request "
                            "rates to resume uninterrupted service.");
        r.headers.emplace_back("Retry-After", "2");
        return r;
      }
      case Fault::k500:
        return PlainError(500, "Internal Server Error");
      case Fault::kHang:
        return ScriptedResponse::Hang();
      case Fault::kTruncated: {
        ScriptedResponse r;
        r.raw =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            "{\"data\":{\"orders\":{\"edges\":[{\"node\":";
        return r;
      }
      case Fault::kMalformedJson:
        return Json(200, R"({"data":{"orders":{"edges":[{"node":{"id":"gid://shopify/Order/1)");
      case Fault::kUnauthorized:
        return PlainError(401,
                          "[API] Invalid API key or access token (unrecognized login or wrong "
                          "password)");
      case Fault::kAccessDenied:
        return GraphqlError("ACCESS_DENIED",
                            "Access denied for orders field. Required access: `read_orders` "
                            "access scope.");
      case Fault::kGraphqlError:
        return GraphqlError("undefinedField", "Field 'bogus' doesn't exist on type 'Order'");
      case Fault::kThrottled:
      case Fault::kThrottled429:
      case Fault::kThrottledLong:
      case Fault::kLowBucket:
      case Fault::kRepeatCursor:
      case Fault::kRepeatRecords:
        break;  // below, once the request is known to be good
    }
  }

  auto token = request.Header("x-shopify-access-token");
  if (!token || *token != kAccessToken) {
    return PlainError(401,
                      "[API] Invalid API key or access token (unrecognized login or wrong "
                      "password)");
  }
  if (query == nullptr || !query->is_string() || variables == nullptr || !variables->is_object()) {
    return PlainError(400, "Bad Request: expected a JSON body with 'query' and 'variables'");
  }
  std::string_view text = query->as_string();
  // The search filter must travel as a variable, never spliced into the document.
  if (text.find("orders(") == std::string_view::npos ||
      text.find("sortKey: UPDATED_AT") == std::string_view::npos ||
      text.find("$query") == std::string_view::npos ||
      text.find("updated_at") != std::string_view::npos) {
    return GraphqlError("BAD_REQUEST", "the fake serves the orders query with variables only");
  }
  const json::object& vars = variables->as_object();
  const json::value* first = vars.if_contains("first");
  const json::value* search = vars.if_contains("query");
  if (first == nullptr || !first->is_int64() || first->as_int64() < 1 || first->as_int64() > 250) {
    return GraphqlError("BAD_REQUEST", "first must be between 1 and 250");
  }
  std::optional<core::Timestamp> updated_after;
  if (search != nullptr && search->is_string()) {
    std::string_view s = search->as_string();
    constexpr std::string_view kPrefix = "updated_at:>'";
    if (s.starts_with(kPrefix) && s.ends_with('\'')) {
      updated_after = core::ParseRfc3339(s.substr(kPrefix.size(), s.size() - kPrefix.size() - 1));
    }
  }
  if (!updated_after) {
    return GraphqlError("BAD_REQUEST", "query must be updated_at:>'<RFC 3339>'");
  }
  return Orders(after, *updated_after, static_cast<std::size_t>(first->as_int64()), fault);
}

ScriptedResponse ShopifyServer::Orders(const std::string& after_cursor,
                                       core::Timestamp updated_after, std::size_t first,
                                       std::optional<Fault> fault) {
  const double requested = RequestedCost(first);
  Refill();
  if (fault == Fault::kThrottled || fault == Fault::kThrottled429 ||
      fault == Fault::kThrottledLong) {
    maximum_ = 1000;
    restore_rate_ = fault == Fault::kThrottledLong ? 1 : 50;
    available_ = requested - (fault == Fault::kThrottledLong ? 600 : 50);
  }
  if (available_ < requested) {
    ++throttled_;
    int status = fault == Fault::kThrottled429 ? 429 : 200;
    return Json(status, R"({"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED",)"
                        R"("documentation":"https://shopify.dev/api/usage/rate-limits"}}],)"
                        R"("extensions":{"cost":)" +
                            CostBlock(requested, std::nullopt) + "}}");
  }

  std::vector<std::size_t> matching;
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    if (updated_[i] > updated_after) matching.push_back(i);
  }
  std::size_t start = 0;
  if (!after_cursor.empty()) {
    auto it = std::find_if(matching.begin(), matching.end(),
                           [&](std::size_t i) { return Cursor(ids_[i]) == after_cursor; });
    if (it == matching.end()) {
      return GraphqlError("BAD_REQUEST", "Invalid cursor for current pagination");
    }
    start = static_cast<std::size_t>(it - matching.begin()) + 1;
  }
  std::size_t count = std::min({first, page_size_, matching.size() - start});
  std::vector<std::size_t> page(matching.begin() + static_cast<std::ptrdiff_t>(start),
                                matching.begin() + static_cast<std::ptrdiff_t>(start + count));
  if (fault == Fault::kRepeatRecords && start > 0) page.insert(page.begin(), matching[start - 1]);

  json::array edges;
  for (std::size_t i : page) {
    json::object edge;
    edge["cursor"] = Cursor(ids_[i]);
    edge["node"] = json::parse(orders_[i]);
    edges.push_back(std::move(edge));
  }
  json::object info;
  info["hasNextPage"] = start + count < matching.size();
  info["endCursor"] = page.empty() ? json::value(nullptr) : json::value(Cursor(ids_[page.back()]));
  if (fault == Fault::kRepeatCursor) {
    info["hasNextPage"] = true;
    info["endCursor"] = after_cursor;
  }
  const double actual = 2.0 + 3.0 * static_cast<double>(page.size());
  available_ -= actual;
  if (fault == Fault::kLowBucket) {
    maximum_ = 1000;
    restore_rate_ = 50;
    available_ = requested - 50;  // the next page must wait about a second
  }
  json::object orders;
  orders["edges"] = std::move(edges);
  orders["pageInfo"] = std::move(info);
  json::object data;
  data["orders"] = std::move(orders);
  json::object doc;
  doc["data"] = std::move(data);
  doc["extensions"] = json::object{{"cost", json::parse(CostBlock(requested, actual))}};
  return Json(200, json::serialize(doc));
}

}  // namespace sellerwatch::testing
