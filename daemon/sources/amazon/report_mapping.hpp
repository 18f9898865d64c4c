#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event_json.hpp"
#include "sources/flat_files/mapped_report.hpp"

namespace sellerwatch::sources::amazon {

using flat_files::MappedReport;

// The feedback report is a flat file shared with the file source: see
// sources/flat_files/amazon_feedback_report.hpp.

// GET_V2_SELLER_PERFORMANCE_REPORT (JSON) → `platform.*` values reported at `now`:
//   account_status; <metric>.rate / .target / .status for each rate metric (order defect rate
//   per channel: order_defect_rate.mfn.rate, ...); <violation>.count / .status for each policy
//   area; ahr_status, ahr_score; warning.<type>; policy_violation_warnings.count.
// Key names are snake_case of the report's keys, with the schema's spelling winning over the
// official example's (prefulfillmentCancelRate → pre_fulfillment_cancellation_rate, ahrStatus
// and accountHealthRatingStatus → ahr_status, warningState → warning, documentRequest →
// document_requests). The first of `marketplaces` (or the report's first marketplace) gives
// plain names; any other marketplace's values end in ".<marketplaceId>"; marketplaces not
// listed are skipped.
core::Result<MappedReport> MapPerformanceReport(std::string_view json_text,
                                                const std::string& account,
                                                const std::vector<std::string>& marketplaces,
                                                core::Timestamp now);

// A gzip stream inflated (report documents with compressionAlgorithm GZIP).
core::Result<std::string> Gunzip(std::string_view data, std::size_t max_bytes);

}  // namespace sellerwatch::sources::amazon
