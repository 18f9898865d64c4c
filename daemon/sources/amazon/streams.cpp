#include "sources/amazon/streams.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "sources/amazon/order_mapping.hpp"
#include "sources/amazon/report_mapping.hpp"
#include "sources/flat_files/amazon_feedback_report.hpp"
#include "sources/percent_encoding.hpp"
#include "sources/updated_since.hpp"

namespace sellerwatch::sources::amazon {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr core::Duration kFirstLookback = 60 * core::kDay;
constexpr int kMaxPages = 200;  // a server repeating its nextToken must not loop us forever
constexpr core::Duration kReportRecheck = std::chrono::minutes(1);
constexpr core::Duration kPendingReportGivenUp = std::chrono::hours(2);
constexpr std::size_t kMaxReportBytes = std::size_t{256} << 20;

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + PercentEncode(id);
  return out;
}

std::string OrdersQuery(const Settings& s, core::Timestamp after,
                        const std::optional<std::string>& next) {
  std::string since = PercentEncode(core::FormatRfc3339(after));
  if (s.orders_api == "v0") {
    std::string q = "/orders/v0/orders?MarketplaceIds=" + Join(s.marketplace_ids) +
                    "&LastUpdatedAfter=" + since + "&MaxResultsPerPage=100";
    if (next) q += "&NextToken=" + PercentEncode(*next);
    return q;
  }
  std::string q = "/orders/2026-01-01/orders?marketplaceIds=" + Join(s.marketplace_ids) +
                  "&lastUpdatedAfter=" + since +
                  "&includedData=FULFILLMENT,PACKAGES,CANCELLATION&maxResultsPerPage=100";
  if (next) q += "&paginationToken=" + PercentEncode(*next);
  return q;
}

core::Result<json::object> JsonObject(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return core::Error::Data(fmt::format("{}: malformed JSON{}{}", what, ec ? ": " : "",
                                         ec ? ec.message() : std::string(" (not an object)")));
  }
  return std::move(v.as_object());
}

std::string StringOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

const char* ReportType(ReportKind kind) {
  return kind == ReportKind::kFeedback ? "GET_SELLER_FEEDBACK_DATA"
                                       : "GET_V2_SELLER_PERFORMANCE_REPORT";
}

}  // namespace

OrdersStream::OrdersStream(std::string account, std::shared_ptr<SpApiClient> client)
    : account_(std::move(account)), client_(std::move(client)) {}

asio::awaitable<core::Result<SourceBatch>> OrdersStream::Poll(std::optional<std::string> cursor,
                                                              core::Timestamp now) {
  const auto& s = client_->settings();
  auto since = ReadUpdatedSince(cursor, s.overlap, kFirstLookback, now);
  if (!since) co_return since.error().Context("orders");
  const core::Timestamp after = since->after;
  SourceBatch batch;
  std::optional<core::Timestamp> newest = since->stored;
  std::optional<std::string> next;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string query = OrdersQuery(s, after, next);
    auto body = co_await client_->Get(query, now);
    if (!body) co_return body.error();
    auto mapped = s.orders_api == "v0" ? MapGetOrdersPage(*body, account_)
                                       : MapSearchOrdersPage(*body, account_);
    if (!mapped) {
      co_return mapped.error().Context(
          fmt::format("GET {}{}", s.endpoint, query.substr(0, query.find('?'))));
    }
    for (auto& e : mapped->orders) {
      auto updated = core::UpdatedAtOf(e.event);
      if (!newest || updated > *newest) newest = updated;
      batch.events.push_back(std::move(e));
    }
    if (!mapped->next_token) break;
    if (mapped->next_token == next) {
      co_return core::Error::Transient(
          fmt::format("GET {}{}: the same next-page token came back twice", s.endpoint,
                      query.substr(0, query.find('?'))));
    }
    next = std::move(mapped->next_token);
  }
  batch.cursor = UpdatedSinceCursor(newest, now);
  co_return batch;
}

ReportStream::ReportStream(std::string account, std::shared_ptr<SpApiClient> client,
                           ReportKind kind)
    : account_(std::move(account)), client_(std::move(client)), kind_(kind) {}

core::Duration ReportStream::Interval() const {
  return kind_ == ReportKind::kFeedback ? client_->settings().poll_feedback
                                        : client_->settings().poll_performance;
}

asio::awaitable<core::Result<SourceBatch>> ReportStream::Poll(std::optional<std::string> cursor,
                                                              core::Timestamp now) {
  const auto& s = client_->settings();
  const std::string base = "/reports/2021-06-30";
  const char* type = ReportType(kind_);

  // A report requested by an earlier poll and not ready then.
  std::string report_id;
  if (cursor) {
    boost::system::error_code ec;
    json::value v = json::parse(*cursor, ec);
    if (!ec && v.is_object()) {
      std::string pending = StringOf(v.as_object(), "pending");
      const json::value* at = v.as_object().if_contains("requested_at");
      bool fresh = at != nullptr && at->is_int64() &&
                   now - core::FromUnixMillis(at->as_int64()) < kPendingReportGivenUp;
      if (!pending.empty() && pending != abandoned_ && fresh) report_id = pending;
    }
  }
  core::Timestamp requested_at = now;
  if (report_id.empty()) {
    json::object request;
    request["reportType"] = type;
    json::array ids;
    for (const auto& id : s.marketplace_ids) ids.emplace_back(id);
    request["marketplaceIds"] = std::move(ids);
    if (kind_ == ReportKind::kFeedback) {
      request["dataStartTime"] = core::FormatRfc3339(now - 90 * core::kDay);
    }
    std::string body = json::serialize(request);
    auto created = co_await client_->PostJson(base + "/reports", std::move(body), now);
    if (!created) co_return created.error();
    auto doc = JsonObject(*created, "createReport");
    if (!doc) co_return doc.error();
    report_id = StringOf(*doc, "reportId");
    if (report_id.empty()) co_return core::Error::Data("createReport: answer has no reportId");
  } else if (cursor) {
    boost::system::error_code ec;
    json::value v = json::parse(*cursor, ec);
    requested_at = core::FromUnixMillis(v.as_object().at("requested_at").as_int64());
  }

  // getReport allows 2 requests a second: wait 1, 2, 4 s before deferring to a later poll.
  std::string document_id;
  for (core::Duration wait = std::chrono::seconds(1);; wait *= 2) {
    auto answer = co_await client_->Get(base + "/reports/" + PercentEncode(report_id), now);
    if (!answer) co_return answer.error();
    auto doc = JsonObject(*answer, "getReport");
    if (!doc) co_return doc.error();
    std::string status = StringOf(*doc, "processingStatus");
    if (status == "DONE") {
      document_id = StringOf(*doc, "reportDocumentId");
      if (document_id.empty()) {
        co_return core::Error::Data(
            fmt::format("getReport {}: DONE without reportDocumentId", report_id));
      }
      break;
    }
    if (status == "CANCELLED") {  // Amazon's way of saying "no data for this period"
      SourceBatch none;
      none.cursor = "{}";
      co_return none;
    }
    if (status == "FATAL") {
      abandoned_ = report_id;
      co_return core::Error::Transient(fmt::format(
          "{} report {} ended FATAL at Amazon; a new one is requested next poll", type, report_id));
    }
    if (wait > std::chrono::seconds(4)) {
      SourceBatch later;
      json::object c;
      c["pending"] = report_id;
      c["requested_at"] = core::ToUnixMillis(requested_at);
      later.cursor = json::serialize(c);
      later.poll_again_in = kReportRecheck;
      co_return later;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, wait);
    co_await timer.async_wait(asio::use_awaitable);
  }

  auto answer = co_await client_->Get(base + "/documents/" + PercentEncode(document_id), now);
  if (!answer) co_return answer.error();
  auto doc = JsonObject(*answer, "getReportDocument");
  if (!doc) co_return doc.error();
  std::string url = StringOf(*doc, "url");
  if (url.empty()) co_return core::Error::Data("getReportDocument: answer has no url");
  auto content = co_await client_->Download(url, now);
  if (!content) co_return content.error().Context(std::string(type) + " document");
  if (StringOf(*doc, "compressionAlgorithm") == "GZIP") {
    auto inflated = Gunzip(*content, kMaxReportBytes);
    if (!inflated) co_return inflated.error().Context(std::string(type) + " document");
    content = std::move(*inflated);
  }
  auto mapped = kind_ == ReportKind::kFeedback
                    ? flat_files::MapFeedbackReport(*content, account_)
                    : MapPerformanceReport(*content, account_, s.marketplace_ids, now);
  if (!mapped) co_return mapped.error();
  SourceBatch batch;
  batch.events = std::move(mapped->events);
  batch.rejected = std::move(mapped->rejected);
  batch.cursor = "{}";
  co_return batch;
}

}  // namespace sellerwatch::sources::amazon
