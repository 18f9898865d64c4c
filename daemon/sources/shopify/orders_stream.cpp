#include "sources/shopify/orders_stream.hpp"

#include <fmt/format.h>

#include <set>

#include "sources/shopify/order_mapping.hpp"
#include "sources/shopify/orders_query.hpp"
#include "sources/updated_since.hpp"

namespace sellerwatch::sources::shopify {
namespace asio = boost::asio;

namespace {

constexpr core::Duration kFirstLookback = 60 * core::kDay;
// How soon the rest of a backlog is read (at least: the bucket may ask for longer).
constexpr core::Duration kBacklogRecheck = std::chrono::seconds(1);

}  // namespace

OrdersStream::OrdersStream(std::string account, std::shared_ptr<AdminClient> client,
                           core::Duration poll_timeout, int max_pages)
    : account_(std::move(account)),
      client_(std::move(client)),
      poll_timeout_(poll_timeout),
      max_pages_(max_pages) {}

asio::awaitable<core::Result<SourceBatch>> OrdersStream::Poll(std::optional<std::string> cursor,
                                                              core::Timestamp now) {
  const auto& s = client_->settings();
  auto since = ReadUpdatedSince(cursor, s.overlap, kFirstLookback, now);
  if (!since) co_return since.error().Context("orders");
  const core::Timestamp after = since->after;
  const auto start = std::chrono::steady_clock::now();
  using SteadyTime = AdminClient::SteadyTime;
  const bool limited = poll_timeout_ > core::Duration::zero();
  // Waits and retries stop a little before the Poller abandons the poll; new pages stop at half
  // of it, so a large backlog is kept in parts instead of failing every time.
  const SteadyTime deadline = limited ? start + poll_timeout_ * 9 / 10 : SteadyTime::max();
  const SteadyTime page_budget = limited ? start + poll_timeout_ / 2 : SteadyTime::max();

  SourceBatch batch;
  std::optional<core::Timestamp> newest = since->stored;
  std::optional<std::string> page_cursor;
  std::set<std::string> seen_cursors;
  std::size_t tests = 0;
  for (int page = 0;; ++page) {
    auto answer = co_await client_->Query(OrdersRequestBody(after, page_cursor), deadline, now);
    if (!answer) co_return answer.error();
    auto mapped = MapOrdersPage(answer->document, account_, s.handling_time);
    if (!mapped) co_return mapped.error().Context("POST " + client_->url());
    for (auto& e : mapped->orders) batch.events.push_back(std::move(e));
    if (mapped->newest && (!newest || *mapped->newest > *newest)) newest = mapped->newest;
    tests += mapped->test_orders;
    if (!mapped->has_next_page) break;
    if (!mapped->end_cursor) {
      co_return core::Error::Data(
          fmt::format("POST {}: hasNextPage without an endCursor", client_->url()));
    }
    if (!seen_cursors.insert(*mapped->end_cursor).second) {
      co_return core::Error::Transient(fmt::format(
          "POST {}: the same endCursor came back twice (page {})", client_->url(), page + 1));
    }
    page_cursor = mapped->end_cursor;

    core::Duration wait = answer->cost ? WaitBeforeNext(*answer->cost) : core::Duration::zero();
    auto steady = std::chrono::steady_clock::now();
    if (page + 1 >= max_pages_ || steady + wait > page_budget) {
      batch.poll_again_in = std::max(wait, kBacklogRecheck);
      client_->log().info("source={} read {} page(s) this poll; the rest follows in {}",
                          client_->source_id(), page + 1,
                          core::FormatDuration(*batch.poll_again_in));
      break;
    }
    if (wait > core::Duration::zero()) {
      client_->log().debug("source={} cost bucket low ({}): waiting {} before page {}",
                           client_->source_id(), Describe(*answer->cost),
                           core::FormatDuration(wait), page + 2);
      auto paused = co_await client_->Pause(
          wait, deadline, fmt::format("POST {}: cost bucket low", client_->url()));
      if (!paused) co_return paused.error();
    }
  }
  if (tests > 0) {
    client_->log().debug("source={} skipped {} test order(s)", client_->source_id(), tests);
  }
  batch.cursor = UpdatedSinceCursor(newest, now);
  co_return batch;
}

}  // namespace sellerwatch::sources::shopify
