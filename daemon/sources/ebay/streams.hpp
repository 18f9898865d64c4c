#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/ebay/ebay_client.hpp"
#include "sources/ebay/standards_mapping.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::ebay {

// Orders modified since the cursor (the latest lastModifiedDate stored) minus `overlap`:
// every getOrders page, then for each order in them that has shipped its shipping
// fulfillments (shipped time, tracking), and when any is cancelled the Post-Order
// cancellation search from the earliest creation date among them (who cancelled). Nothing
// is kept unless every call succeeded, so a failed call means the next poll starts from the
// same cursor. The first poll reads the last 60 days.
class OrdersStream final : public Source {
 public:
  OrdersStream(std::string account, std::shared_ptr<EbayClient> client);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_orders; }

 private:
  std::string account_;
  std::shared_ptr<EbayClient> client_;
};

// The seller standards: getSellerStandardsProfile for the configured program, CURRENT and
// PROJECTED, and getCustomerServiceMetric ITEM_NOT_AS_DESCRIBED and ITEM_NOT_RECEIVED
// (CURRENT) for the configured marketplace → platform values, plus the projection
// (standards_mapping.hpp). Four Analytics calls a poll.
class StandardsStream final : public Source {
 public:
  StandardsStream(std::string account, std::shared_ptr<EbayClient> client);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_standards; }

 private:
  boost::asio::awaitable<core::Result<MappedStandards>> Profile(Cycle cycle, core::Timestamp now);
  boost::asio::awaitable<core::Result<std::vector<core::ParsedEvent>>> CustomerService(
      std::string type, core::Timestamp now);

  std::string account_;
  std::shared_ptr<EbayClient> client_;
};

}  // namespace sellerwatch::sources::ebay
