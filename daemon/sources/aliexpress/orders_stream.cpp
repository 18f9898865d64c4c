#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "sources/aliexpress/order_mapping.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/aliexpress/poll_clock.hpp"
#include "sources/aliexpress/streams.hpp"
#include "sources/json_fields.hpp"
#include "sources/updated_since.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::aliexpress {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kListApi = "aliexpress.trade.seller.orderlist.get";
constexpr std::string_view kDetailApi = "aliexpress.solution.order.info.get";
constexpr core::Duration kFirstLookback = 60 * core::kDay;
// The API's create-date window is 180 days; a day less leaves room for clock skew.
constexpr core::Duration kCreateWindow = 179 * core::kDay;
// Closed (FINISH) orders: windows of at most 30 days.
constexpr core::Duration kFinishWindow = 30 * core::kDay;
constexpr int kPageSize = 50;  // the largest page size is not documented; 50 is safe
constexpr int kMaxPages = 200;

struct Query {
  std::string status;  // "" = every status but FINISH
  core::Timestamp created_from, created_to, modified_from, modified_to;
};

// (Built outside the coroutines: GCC 12 mishandles initializer lists inside them.)
Params ListParams(const Query& q, int page) {
  json::object o;
  o["create_date_start"] = FormatPacific(q.created_from);
  o["create_date_end"] = FormatPacific(q.created_to);
  o["modified_date_start"] = PacificWindowStart(q.modified_from);
  o["modified_date_end"] = FormatPacific(q.modified_to);
  if (!q.status.empty()) o["order_status"] = q.status;
  o["page_size"] = kPageSize;
  o["current_page"] = page;
  return {{"param_aeop_order_query", json::serialize(o)}};
}

Params DetailParams(const json::value& order_id) {
  json::object param;
  param["order_id"] = order_id;
  return {{"param1", json::serialize(param)}};
}

std::vector<Query> Queries(core::Timestamp after, core::Timestamp now) {
  std::vector<Query> out;
  out.push_back({"", now - kCreateWindow, now, after, now});
  for (core::Timestamp m = after; m < now; m += kFinishWindow) {
    core::Timestamp m_end = std::min(m + kFinishWindow, now);
    // Closed orders are created before they were last modified, and at most 180 days earlier.
    for (core::Timestamp c = now - kCreateWindow; c < m_end; c += kFinishWindow) {
      out.push_back({"FINISH", c, std::min(c + kFinishWindow, now), m, m_end});
    }
  }
  return out;
}

struct Seen {
  json::object order;
  core::Timestamp updated;
  core::Timestamp answered_at;
};

}  // namespace

OrdersStream::OrdersStream(std::string account, std::shared_ptr<IopClient> client, int max_details)
    : account_(std::move(account)), client_(std::move(client)), max_details_(max_details) {}

asio::awaitable<core::Result<SourceBatch>> OrdersStream::Poll(std::optional<std::string> cursor,
                                                              core::Timestamp now) {
  const auto& s = client_->settings();
  auto since = ReadUpdatedSince(cursor, s.overlap, kFirstLookback, now);
  if (!since) co_return since.error().Context("orders");
  const PollClock clock = PollClock::Start(client_->poll_timeout());
  const std::string where = client_->Where(kListApi);

  // 1. Every page of every query. An order seen twice (on two pages, or in both queries) is
  //    kept in its latest version.
  std::vector<std::string> ids;
  std::map<std::string, Seen> orders;
  std::optional<core::Timestamp> newest = since->stored;
  for (const Query& q : Queries(since->after, now)) {
    std::set<std::string> in_query;
    for (int page = 1, pages = 1; page <= pages; ++page) {
      if (page > kMaxPages) {
        co_return core::Error::Transient(
            fmt::format("{}: more than {} pages; nothing stored", where, kMaxPages));
      }
      auto answer =
          co_await client_->Call(std::string(kListApi), ListParams(q, page), clock.deadline, now);
      if (!answer) co_return answer.error();
      auto parsed = ParseOrderListPage(*answer, where, kPageSize);
      if (!parsed) co_return parsed.error();
      if (parsed->orders.empty()) break;
      bool all_seen = page > 1;
      for (auto& o : parsed->orders) {
        std::string id = OrderIdOf(o);
        all_seen = all_seen && in_query.contains(id);
        in_query.insert(id);
        auto updated = UpdatedAtOf(o);
        if (!updated) co_return updated.error().Context(where);
        if (!newest || *updated > *newest) newest = *updated;
        auto it = orders.find(id);
        if (it != orders.end() && it->second.updated > *updated) continue;
        if (it == orders.end()) ids.push_back(id);
        orders[id] = Seen{std::move(o), *updated, parsed->answered_at.value_or(now)};
      }
      if (all_seen) {
        co_return core::Error::Transient(fmt::format(
            "{}: page {} repeats orders of the pages before it (the server did not page); "
            "nothing stored",
            where, page));
      }
      pages = parsed->total_page;
    }
  }

  // 2. The details of closed orders, newest first, within the budget.
  std::vector<std::string> closed;
  for (const auto& id : ids)
    if (WantsDetail(orders.at(id).order)) closed.push_back(id);
  std::stable_sort(closed.begin(), closed.end(), [&](const auto& a, const auto& b) {
    return orders.at(a).updated > orders.at(b).updated;
  });
  std::map<std::string, OrderDetail> details;
  const std::string detail_where = client_->Where(kDetailApi);
  for (const auto& id : closed) {
    if (static_cast<int>(details.size()) >= max_details_ || clock.Spent()) break;
    auto answer = co_await client_->Call(std::string(kDetailApi),
                                         DetailParams(orders.at(id).order.at("order_id")),
                                         clock.deadline, now);
    if (!answer) co_return answer.error();
    auto detail = ParseOrderDetail(*answer, id);
    if (!detail) co_return detail.error().Context(detail_where);
    details[id] = std::move(*detail);
  }
  if (details.size() < closed.size()) {
    client_->log().info(
        "source={}/orders {} closed order(s) mapped from the order list alone (details are fetched "
        "for {} a poll)",
        client_->source_id(), closed.size() - details.size(), max_details_);
  }

  // 3. Map, now that everything about each order is known.
  SourceBatch batch;
  for (const auto& id : ids) {
    const Seen& seen = orders.at(id);
    auto it = details.find(id);
    auto order = MapOrder(seen.order, account_, seen.answered_at,
                          it == details.end() ? nullptr : &it->second);
    if (!order) co_return order.error().Context(where);
    batch.events.push_back(Encoded(std::move(*order)));
  }
  batch.cursor = UpdatedSinceCursor(newest, now);
  co_return batch;
}

}  // namespace sellerwatch::sources::aliexpress
