#include "sources/ebay/streams.hpp"

#include <fmt/format.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "sources/ebay/cancellation_mapping.hpp"
#include "sources/ebay/order_mapping.hpp"
#include "sources/ebay/standards_mapping.hpp"
#include "sources/json_fields.hpp"
#include "sources/percent_encoding.hpp"
#include "sources/updated_since.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::ebay {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr core::Duration kFirstLookback = 60 * core::kDay;
// Post-Order searches at most 18 months back.
constexpr core::Duration kCancellationHorizon = 540 * core::kDay;
// Guards against a server that pages forever (500 × 200 orders is far beyond a 60-day shop).
constexpr int kMaxPages = 500;
constexpr int kMaxCancellationPages = 100;
constexpr int kParallelShipmentCalls = 4;
constexpr std::string_view kOrdersPath = "/sell/fulfillment/v1/order";

// eBay's date filters want milliseconds: "2026-01-10T00:00:00.000Z".
std::string EbayTime(core::Timestamp t) {
  std::string s = core::FormatRfc3339(t);
  if (s.find('.') == std::string::npos) s.insert(s.size() - 1, ".000");
  return s;
}

// `next` is an absolute URL on eBay's host; the same page is read through `endpoint`, so the
// token never goes anywhere else (and a local fake or a proxy works).
std::optional<std::string> NextPath(const std::string& next) {
  std::size_t at = next.find(kOrdersPath);
  if (at == std::string::npos) return std::nullopt;
  return next.substr(at);
}

}  // namespace

OrdersStream::OrdersStream(std::string account, std::shared_ptr<EbayClient> client)
    : account_(std::move(account)), client_(std::move(client)) {}

asio::awaitable<core::Result<SourceBatch>> OrdersStream::Poll(std::optional<std::string> cursor,
                                                              core::Timestamp now) {
  const auto& s = client_->settings();
  auto since = ReadUpdatedSince(cursor, s.overlap, kFirstLookback, now);
  if (!since) co_return since.error().Context("orders");
  const core::Timestamp after = since->after;
  const std::string where = fmt::format("GET {}{}", s.endpoint, kOrdersPath);

  // 1. Every getOrders page. An order on two pages (eBay re-sorting under us) is kept once.
  std::vector<std::string> ids;
  std::map<std::string, json::object> orders;
  std::optional<core::Timestamp> newest = since->stored;
  std::string path = std::string(kOrdersPath) + "?filter=lastmodifieddate:%5B" +
                     PercentEncode(EbayTime(after)) + "..%5D&limit=200&offset=0";
  std::set<std::string> followed;
  for (int page = 0;; ++page) {
    if (page == kMaxPages) {
      co_return core::Error::Transient(
          fmt::format("{}: more than {} pages; nothing stored", where, kMaxPages));
    }
    auto body = co_await client_->Get(path, now);
    if (!body) co_return body.error();
    auto parsed = ParseOrdersPage(*body);
    if (!parsed) co_return parsed.error().Context(where);
    for (auto& o : parsed->orders) {
      std::string id = OrderIdOf(o);
      if (!orders.contains(id)) ids.push_back(id);
      orders[id] = std::move(o);
    }
    if (parsed->newest && (!newest || *parsed->newest > *newest)) newest = parsed->newest;
    if (!parsed->next) break;
    auto next = NextPath(*parsed->next);
    if (!next) {
      co_return core::Error::Data(fmt::format("{}: 'next' is not a getOrders URL", where));
    }
    if (!followed.insert(*next).second) {
      co_return core::Error::Transient(
          fmt::format("{}: the same next page came back twice", where));
    }
    path = std::move(*next);
  }

  // 2. Shipped time and tracking of every order that has shipped, a few calls at a time.
  std::vector<std::string> shipped;
  std::optional<core::Timestamp> earliest_cancelled;
  for (const auto& id : ids) {
    const json::object& o = orders.at(id);
    if (HasShipped(o)) shipped.push_back(id);
    if (IsCancelled(o)) {
      core::Timestamp created = CreatedAt(o).value_or(after);
      if (!earliest_cancelled || created < *earliest_cancelled) earliest_cancelled = created;
    }
  }
  std::map<std::string, Shipment> shipments;
  std::optional<core::Error> failed;
  std::size_t next_shipment = 0;
  auto fetch_shipments = [&]() -> asio::awaitable<void> {
    while (!failed && next_shipment < shipped.size()) {
      std::string id = shipped[next_shipment++];
      std::string call =
          std::string(kOrdersPath) + "/" + PercentEncode(id) + "/shipping_fulfillment";
      auto body = co_await client_->Get(call, now);
      if (!body) {
        if (!failed) failed = body.error();
        co_return;
      }
      auto shipment = ParseShippingFulfillments(*body, id);
      if (!shipment) {
        if (!failed) failed = shipment.error().Context("GET " + s.endpoint + call);
        co_return;
      }
      shipments[id] = *shipment;
    }
  };
  {
    using namespace asio::experimental::awaitable_operators;
    static_assert(kParallelShipmentCalls == 4);
    co_await (fetch_shipments() && fetch_shipments() && fetch_shipments() && fetch_shipments());
  }
  if (failed) co_return *failed;

  // 3. Who cancelled: the Post-Order cancellations created since the earliest cancelled order
  //    was (a cancellation is never older than its order).
  CancellationIndex cancellations;
  if (earliest_cancelled) {
    core::Timestamp from = std::max(*earliest_cancelled, now - kCancellationHorizon);
    const std::string search = "/post-order/v2/cancellation/search";
    for (int page = 1, pages = 1; page <= pages; ++page) {
      if (page > kMaxCancellationPages) {
        co_return core::Error::Transient(fmt::format("GET {}{}: more than {} pages; nothing stored",
                                                     s.endpoint, search, page - 1));
      }
      std::string call = search + "?creation_date_range_from=" + PercentEncode(EbayTime(from)) +
                         "&creation_date_range_to=" + PercentEncode(EbayTime(now)) +
                         "&limit=200&offset=" + std::to_string(page);
      auto body = co_await client_->GetPostOrder(call, now);
      if (!body) co_return body.error();
      auto parsed = ParseCancellationSearch(*body);
      if (!parsed) co_return parsed.error().Context("GET " + s.endpoint + search);
      if (parsed->cancellations.empty()) break;
      for (auto& c : parsed->cancellations) cancellations.Add(std::move(c));
      pages = parsed->total_pages;
    }
  }

  // 4. Map, now that everything about each order is known.
  SourceBatch batch;
  for (const auto& id : ids) {
    auto it = shipments.find(id);
    auto order = MapOrder(orders.at(id), account_, it == shipments.end() ? nullptr : &it->second,
                          cancellations);
    if (!order) co_return order.error().Context(where);
    batch.events.push_back(Encoded(std::move(*order)));
  }
  batch.cursor = UpdatedSinceCursor(newest, now);
  co_return batch;
}

StandardsStream::StandardsStream(std::string account, std::shared_ptr<EbayClient> client)
    : account_(std::move(account)), client_(std::move(client)) {}

asio::awaitable<core::Result<MappedStandards>> StandardsStream::Profile(Cycle cycle,
                                                                        core::Timestamp now) {
  const auto& s = client_->settings();
  std::string path = "/sell/analytics/v1/seller_standards_profile/" + PercentEncode(s.program) +
                     (cycle == Cycle::kCurrent ? "/CURRENT" : "/PROJECTED");
  auto body = co_await client_->Get(path, now);
  if (!body) co_return body.error();
  auto mapped = MapStandardsProfile(*body, cycle, account_, now);
  if (!mapped) co_return mapped.error().Context("GET " + s.endpoint + path);
  co_return std::move(*mapped);
}

asio::awaitable<core::Result<std::vector<core::ParsedEvent>>> StandardsStream::CustomerService(
    std::string type, core::Timestamp now) {
  const auto& s = client_->settings();
  std::string path = "/sell/analytics/v1/customer_service_metric/" + type + "/CURRENT";
  auto body = co_await client_->Get(
      path + "?evaluation_marketplace_id=" + PercentEncode(s.marketplace_id), now);
  if (!body) co_return body.error();
  auto mapped = MapCustomerServiceMetric(*body, type, account_, now);
  if (!mapped) co_return mapped.error().Context("GET " + s.endpoint + path);
  co_return std::move(*mapped);
}

asio::awaitable<core::Result<SourceBatch>> StandardsStream::Poll(std::optional<std::string>,
                                                                 core::Timestamp now) {
  SourceBatch batch;
  auto take = [&batch](std::vector<core::ParsedEvent>& events) {
    for (auto& e : events) batch.events.push_back(std::move(e));
  };
  auto current = co_await Profile(Cycle::kCurrent, now);
  if (!current) co_return current.error();
  take(current->events);
  auto projected = co_await Profile(Cycle::kProjected, now);
  if (!projected) co_return projected.error();
  take(projected->events);
  if (auto projection = MapProjection(current->level, projected->level, account_, now)) {
    batch.events.push_back(std::move(*projection));
  }
  auto inad = co_await CustomerService("ITEM_NOT_AS_DESCRIBED", now);
  if (!inad) co_return inad.error();
  take(*inad);
  auto inr = co_await CustomerService("ITEM_NOT_RECEIVED", now);
  if (!inr) co_return inr.error();
  take(*inr);
  batch.cursor = "{}";
  co_return batch;
}

}  // namespace sellerwatch::sources::ebay
