#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources::aliexpress {

// The gateway's refusal (sources.md §1.5): {"error_response": {type, code, msg, sub_code,
// sub_msg, request_id}} on sync calls, flat {type, code, message, request_id} on /rest calls.
// Numeric codes (legacy TOP, e.g. 7) are kept as their decimal text.
struct GatewayError {
  std::string type;  // SYSTEM | ISV (the caller's fault) | ISP (the service's)
  std::string code;
  std::string sub_code;
  std::string msg;
  std::string sub_msg;
  std::string request_id;
};

// What a refusal means for the caller.
enum class Refusal {
  kFlowControl,  // ApiCallLimit, TOP 7, accesscontrol.limited-by-*: wait, then ask again
  kSession,      // the access token (`session`) is expired or invalid: refresh it once
  kSignature,    // IncompleteSignature, TOP 25: app_secret (or the clock) is wrong
  kAppKey,       // the gateway does not know app_key
  kIpWhitelist,  // AppWhiteIpLimit: this machine's address is not in the app's whitelist
  kService,      // ISP/SYSTEM, TOP 15: AliExpress's own trouble, transient
  kOther,        // anything else the caller sent wrong (permanent)
};
Refusal Classify(const GatewayError& e);

// How long a flow-control ban lasts: the N of "this ban will last N seconds" / "This ban will
// last for N more seconds" in msg or sub_msg.
std::optional<core::Duration> BanDuration(const GatewayError& e);

// "ApiCallLimit: Api access frequency exceeds the limit. this ban will last 1 seconds
// (sub_code …: sub_msg; request_id …)": the gateway's own words, each cut to 200 characters.
std::string Describe(const GatewayError& e);

// A refusal as an error of `where` ("aliexpress.trade.seller.orderlist.get (POST url)"):
// flow control is rate limited (carrying the ban + 1 s, or zero when no duration was given);
// a bad signature, an unknown app key or a missing IP whitelist entry is a configuration error
// saying which keys to check; service trouble is transient; the rest permanent. A session
// refusal gets here only after a refresh did not help: credentials rejected.
core::Error ToError(const GatewayError& e, std::string_view where);

// One answer of the gateway: the response object (unwrapped from its single
// "<method_with_underscores>_response" key when there is one) or the refusal.
struct Answer {
  boost::json::object response;
  std::optional<GatewayError> refusal;
};
// Malformed JSON, or an answer that is not an object, is kData naming `where`; the body is
// never quoted.
core::Result<Answer> ParseAnswer(std::string_view body, std::string_view where);

// A list field in either form: a bare array, or the default (non-simplified) wrapper object
// holding exactly one array (`target_list: {aeop_order_item_dto: […]}`). Absent, null or any
// other shape: nullptr.
const boost::json::array* ListAt(const boost::json::object& o, std::string_view key);

// A business failure inside a successful gateway answer (sources.md §1.4): `success` false
// (boolean or "false"), or `is_success` false, → "error_code: error_message".
std::optional<std::string> BusinessFailure(const boost::json::object& result);

// A field that may come as a number or as a string of one (ids, counts, money), as text;
// "" when absent or of another type.
std::string TextAt(const boost::json::object& o, std::string_view key);
// The same as an integer; nullopt when absent or not an integer.
std::optional<std::int64_t> IntAt(const boost::json::object& o, std::string_view key);

}  // namespace sellerwatch::sources::aliexpress
