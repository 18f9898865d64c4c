#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::aliexpress {

// One page of `aliexpress.issue.issuelist.get` (current_page, page_size, total_item,
// data_list).
struct IssueListPage {
  std::vector<boost::json::object> issues;
  int total_item = 0;
};
core::Result<IssueListPage> ParseIssueListPage(const boost::json::object& response,
                                               std::string_view where);

// issue_id (list) or id (detail), as text.
std::string IssueIdOf(const boost::json::object& issue);
// gmt_modified (US Pacific), else gmt_create.
core::Result<core::Timestamp> ModifiedAtOf(const boost::json::object& issue);

// `aliexpress.issue.detail.get`'s result_object; errors name `where`.
core::Result<boost::json::object> ParseIssueDetail(const boost::json::object& response,
                                                   std::string_view where);

// The normalized claim status of an AliExpress issue_status: processing (or none) → open,
// finish → closed, canceled_issue → withdrawn (the buyer took it back); anything else as sent.
std::string ClaimStatusOf(std::string_view issue_status);

// A dispute as a `claim` of kind `dispute`, from its list entry, its detail, or both (at
// least one): id issue_id, order_id the parent order id (the one the seller sees), opened_at
// gmt_create, status ClaimStatusOf (the detail's when there is one), updated_at the later of
// the list's gmt_modified and the newest time in the detail, reason reason_english (list) or
// issue_reason. From the detail only (sources.md §1.7): respond_by timeout_trigger_time while
// open; escalated when there is a platform solution, a reached platform_arbitrate, an
// "ae_feedback" stage or a step by AliExpress staff ("waiter"); decided_* and refund from the
// reached solution (reached_type negotiation_consensus → negotiation, platform_arbitrate →
// platform, seller_reponse_timeout → seller_timeout), a refund_reject ending being a refund
// of 0.
core::Result<core::Claim> MapDispute(const boost::json::object* listed,
                                     const boost::json::object* detail, const std::string& account);

}  // namespace sellerwatch::sources::aliexpress
