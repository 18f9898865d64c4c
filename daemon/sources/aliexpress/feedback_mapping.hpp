#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::aliexpress {

// `aliexpress.evaluation.listorderevaluation.get` (target_list of trade_evaluation_open_dto)
// as feedback events, one per rated child order:
//   id: the child order_id, else "<parent_order_id>-<product_id>"; order_id: the parent order
//   id (the one orders are stored under); rating: buyer_evaluation (1–5, a string or a number);
//   received_at: valid_date (when the rating became visible; US Pacific, assumed as for every
//   other AliExpress time), else buyer_fb_date; comment: buyer_feedback (buyer-written:
//   untrusted, kept as text only); updated_at: gmt_modified, else received_at.
// Entries the buyer has not rated (no buyer_evaluation) are skipped. A business failure is
// kPermanent; a malformed entry kData naming it.
core::Result<std::vector<core::Feedback>> MapEvaluations(const boost::json::object& response,
                                                         const std::string& account,
                                                         std::string_view where);

}  // namespace sellerwatch::sources::aliexpress
