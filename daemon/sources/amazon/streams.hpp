#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/amazon/sp_api_client.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::amazon {

// Orders changed since the cursor (the latest lastUpdatedTime stored) minus `overlap`, every
// page of them; nothing is kept unless every page was read, so a failed page means the next
// poll starts from the same cursor. The first poll reads the last 60 days.
class OrdersStream final : public Source {
 public:
  OrdersStream(std::string account, std::shared_ptr<SpApiClient> client);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_orders; }

 private:
  std::string account_;
  std::shared_ptr<SpApiClient> client_;
};

enum class ReportKind { kFeedback, kPerformance };

// One report type through the Reports API 2021-06-30: createReport, getReport until DONE,
// getReportDocument, download (gunzip for GZIP), map. A report still being prepared after a
// short wait is remembered in the cursor and checked again a minute later.
class ReportStream final : public Source {
 public:
  ReportStream(std::string account, std::shared_ptr<SpApiClient> client, ReportKind kind);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override;

 private:
  std::string account_;
  std::shared_ptr<SpApiClient> client_;
  ReportKind kind_;
  std::string abandoned_;  // a report id that ended FATAL: never asked about again
};

}  // namespace sellerwatch::sources::amazon
