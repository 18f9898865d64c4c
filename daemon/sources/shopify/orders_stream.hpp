#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/shopify/admin_client.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::shopify {

// Pages read in one poll before the rest is left to an immediate next poll.
inline constexpr int kMaxPagesPerPoll = 250;

// Orders updated since the cursor (the newest updatedAt stored) minus `overlap`, sorted by
// UPDATED_AT and read page by page through `pageInfo.endCursor`; the first poll reads the last
// 60 days (all Shopify shows without read_all_orders). A page that fails fails the poll and
// nothing of it is kept, so the next poll starts from the same cursor; a repeated endCursor is
// such a failure. Between pages it waits until the cost bucket holds what the next page asks
// for. A backlog too large for one poll (half the poll timeout used, or kMaxPagesPerPoll pages)
// is kept up to the last page read — safe, since every order not read yet was updated at or
// after the newest one read — and the rest is read by a poll right after.
class OrdersStream final : public Source {
 public:
  OrdersStream(std::string account, std::shared_ptr<AdminClient> client,
               core::Duration poll_timeout, int max_pages = kMaxPagesPerPoll);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll; }

 private:
  std::string account_;
  std::shared_ptr<AdminClient> client_;
  core::Duration poll_timeout_;
  int max_pages_;
};

}  // namespace sellerwatch::sources::shopify
