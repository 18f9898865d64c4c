#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "sources/flat_files/mapped_report.hpp"

namespace sellerwatch::sources::flat_files {

// Amazon's Seller Feedback report (GET_SELLER_FEEDBACK_DATA, or the "Feedback Manager"
// download): tab-separated, columns found by header name (Date, Rating, Comments, Order ID;
// others ignored, older exports' extra columns included). Dates are YYYY-MM-DD, RFC 3339 or the
// US M/D/YY(YY) form, taken as UTC midnight. One feedback per order: its id is the order id.
// A bad row is refused alone, naming its line; a header without Date, Rating or Order ID is an
// error.
core::Result<MappedReport> MapFeedbackReport(std::string_view tsv, const std::string& account);

// Whether a header line is the feedback report's.
bool IsFeedbackReportHeader(std::string_view header_line);

}  // namespace sellerwatch::sources::flat_files
