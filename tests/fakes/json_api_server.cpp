#include "fakes/json_api_server.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/local_time.hpp"
#include "fakes/fake_data.hpp"

namespace sellerwatch::testing {
namespace json = boost::json;

namespace {

constexpr const char* kBerlin = "Europe/Berlin";
constexpr const char* kLocal = "%d.%m.%Y %H:%M";

ScriptedResponse Json(int status, std::string body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

// The fixture's own formats, moved by `shift`.
std::string ShiftLocal(const std::string& text, std::chrono::days shift) {
  int d = 0, m = 0, y = 0, hh = 0, mm = 0;
  std::sscanf(text.c_str(), "%d.%d.%d %d:%d", &d, &m, &y, &hh, &mm);
  date::local_days day{date::year(y) / m / d};
  auto utc = core::LocalToUtc(core::FindZone(kBerlin),
                              day + std::chrono::hours(hh) + std::chrono::minutes(mm)) +
             shift;
  return core::FormatLocal(utc, kBerlin, kLocal);
}

std::string ShiftBerlinRfc3339(const std::string& text, std::chrono::days shift) {
  auto t = *core::ParseRfc3339(text) + shift;
  return core::FormatLocal(t, kBerlin, "%Y-%m-%dT%H:%M:%S%Ez");
}

void ShiftOrder(json::object& o, std::chrono::days shift) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(shift).count();
  auto seconds = ms / 1000;
  auto str = [](json::value& v, auto f) {
    if (v.is_string()) v = f(std::string(v.get_string()));
  };
  str(o["created"], [&](const std::string& s) { return ShiftLocal(s, shift); });
  o["modified"] = o["modified"].to_number<std::int64_t>() + seconds;
  json::object& shipping = o["shipping"].as_object();
  str(shipping["due"], [&](const std::string& s) { return ShiftBerlinRfc3339(s, shift); });
  if (shipping["shippedAt"].is_int64())
    shipping["shippedAt"] = shipping["shippedAt"].get_int64() + ms;
  json::object& delivery = o["delivery"].as_object();
  for (const char* key : {"promisedBy", "deliveredAt"}) {
    str(delivery[key],
        [&](const std::string& s) { return core::FormatRfc3339(*core::ParseRfc3339(s) + shift); });
  }
  if (o["cancellation"].is_object()) {
    str(o["cancellation"].as_object()["at"],
        [&](const std::string& s) { return ShiftLocal(s, shift); });
  }
}

}  // namespace

JsonApiServer::JsonApiServer(std::size_t page_size) : page_size_(page_size) {
  std::ifstream in(std::string(SELLERWATCH_TEST_DATA) + "/http_json/kontor_orders.json");
  std::ostringstream buf;
  buf << in.rdbuf();
  json::value doc = json::parse(buf.str());
  json::array orders = doc.at("orders").as_array();
  std::int64_t newest = 0;
  for (const auto& o : orders)
    newest = std::max(newest, o.at("modified").to_number<std::int64_t>());
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  shift_ = std::chrono::floor<std::chrono::days>(
      now - std::chrono::days(1) - std::chrono::sys_seconds(std::chrono::seconds(newest)));
  for (auto& o : orders) ShiftOrder(o.as_object(), shift_);
  orders_ = json::serialize(orders);
  http_.SetHandler([this](const RecordedRequest& r) { return Answer(r); });
}

void JsonApiServer::Inject(Fault fault, int times, int page) {
  std::lock_guard lock(mutex_);
  faults_.push_back({fault, times, page});
}

void JsonApiServer::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

core::Timestamp JsonApiServer::Shift(std::string_view fixture_time) const {
  return *core::ParseRfc3339(fixture_time) + shift_;
}

void JsonApiServer::Update(std::string_view order_no, std::string_view state,
                           core::Timestamp modified) {
  std::lock_guard lock(mutex_);
  json::array orders = json::parse(orders_).as_array();
  for (auto& o : orders) {
    if (o.at("orderNo").as_string() != order_no) continue;
    o.as_object()["state"] = state;
    o.as_object()["modified"] = core::ToUnixMillis(modified) / 1000;
  }
  std::stable_sort(orders.begin(), orders.end(), [](const json::value& a, const json::value& b) {
    return a.at("modified").to_number<std::int64_t>() < b.at("modified").to_number<std::int64_t>();
  });
  orders_ = json::serialize(orders);
}

ScriptedResponse JsonApiServer::Answer(const RecordedRequest& request) {
  std::lock_guard lock(mutex_);
  const std::string path = request.target.substr(0, request.target.find('?'));
  auto query = QueryOf(request.target);
  if (request.Header("authorization") != "Bearer " + std::string(kToken) ||
      query["key"] != kUrlKey) {
    return Json(401, R"({"error":{"message":"missing or wrong API token"}})");
  }
  const bool by_cursor = path == "/api/v1/orders";
  const bool by_link = path == "/api/v1/orders-by-link";
  const bool by_page = path == "/api/v1/orders-by-page";
  if (!by_cursor && !by_link && !by_page) return Json(404, R"({"error":"no such endpoint"})");

  std::size_t offset = 0;
  if (by_cursor && !query["cursor"].empty()) {
    std::string c = query["cursor"];  // "cur_<offset>_k9"
    if (!c.starts_with("cur_")) return Json(400, R"({"error":"bad cursor"})");
    offset = std::stoul(c.substr(4));
  }
  if ((by_link || by_page) && !query["page"].empty()) {
    offset = (std::stoul(query["page"]) - 1) * page_size_;
  }
  if (by_page && !query["offset"].empty()) offset = std::stoul(query["offset"]);
  const int page = static_cast<int>(offset / page_size_) + 1;

  bool repeat = false;
  bool missing = false;
  for (auto& rule : faults_) {
    if (rule.remaining <= 0 || (rule.page != 0 && rule.page != page)) continue;
    --rule.remaining;
    switch (rule.fault) {
      case Fault::k429:
        return {429,
                {{"Content-Type", "application/json"}, {"Retry-After", "7"}},
                R"({"error":{"message":"too many requests"}})"};
      case Fault::k500:
        return Json(500, R"({"error":{"message":"database unavailable"}})");
      case Fault::kHang:
        return ScriptedResponse::Hang();
      case Fault::kTruncated: {
        ScriptedResponse r;
        r.raw =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            "{\"data\":{\"orders\":[{\"orderNo\":";
        return r;
      }
      case Fault::kMalformedJson:
        return Json(200, R"({"data":{"orders":[{"orderNo":"SO-1001",)");
      case Fault::kUnauthorized:
        return Json(401,
                    fmt::format(R"({{"error":{{"message":"token {} was revoked"}}}})", kToken));
      case Fault::kRepeatNext:
        repeat = true;
        break;
      case Fault::kMissingField:
        missing = true;
        break;
    }
    break;
  }

  std::int64_t since = query["changedSince"].empty() ? 0 : std::stoll(query["changedSince"]);
  json::array selected;
  const json::value orders = json::parse(orders_);
  for (const auto& o : orders.as_array()) {
    if (o.at("modified").to_number<std::int64_t>() >= since) selected.push_back(o);
  }
  json::array records;
  for (std::size_t i = offset; i < selected.size() && i < offset + page_size_; ++i)
    records.push_back(selected[i]);
  if (missing && records.size() >= 2) records[1].as_object().erase("created");
  const bool more = offset + page_size_ < selected.size();

  if (by_page) {
    json::object body;
    body["orders"] = records;
    return Json(200, json::serialize(body));
  }
  std::string base = fmt::format("changedSince={}&key={}", query["changedSince"], kUrlKey);
  if (by_link) {
    json::object body;
    body["orders"] = records;
    json::value next = nullptr;
    if (repeat) {
      next = json::string(request.target);
    } else if (more) {
      next = json::string(fmt::format("{}?{}&page={}", path, base, page + 1));
    }
    json::object links;
    links["next"] = std::move(next);
    body["links"] = std::move(links);
    return Json(200, json::serialize(body));
  }
  json::value next = nullptr;
  if (repeat) {
    next = json::string(query["cursor"].empty() ? "cur_0_k9" : query["cursor"]);
  } else if (more) {
    next = json::string(fmt::format("cur_{}_k9", offset + page_size_));
  }
  json::object body;
  json::object data;
  data["orders"] = std::move(records);
  json::object meta;
  meta["next_cursor"] = std::move(next);
  meta["total"] = selected.size();
  body["data"] = std::move(data);
  body["meta"] = std::move(meta);
  return Json(200, json::serialize(body));
}

}  // namespace sellerwatch::testing
