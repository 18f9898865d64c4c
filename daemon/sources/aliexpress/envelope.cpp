#include "sources/aliexpress/envelope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "net/retry_after.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

namespace {

std::string Cut(std::string s) { return s.size() > 200 ? s.substr(0, 200) + "…" : s; }

bool Contains(std::string_view text, std::string_view part) {
  auto it = std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

std::optional<GatewayError> ErrorOf(const json::object& o, bool flat) {
  GatewayError e;
  e.code = TextAt(o, "code");
  if (flat && (e.code.empty() || e.code == "0")) return std::nullopt;
  e.type = StringAt(o, "type");
  e.sub_code = TextAt(o, "sub_code");
  e.msg = StringAt(o, "msg");
  if (e.msg.empty()) e.msg = StringAt(o, "message");
  e.sub_msg = StringAt(o, "sub_msg");
  e.request_id = StringAt(o, "request_id");
  return e;
}

// The N of "<marker> N" or "<marker> for N" in `text`, case-insensitively.
std::optional<int> NumberAfter(std::string_view text, std::string_view marker) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t at = lower.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(lower).substr(at + marker.size());
  auto skip_spaces = [&rest] {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  };
  skip_spaces();
  if (rest.starts_with("for ")) rest.remove_prefix(4);
  skip_spaces();
  int n = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc() || end == rest.data()) return std::nullopt;
  return n;
}

}  // namespace

Refusal Classify(const GatewayError& e) {
  const std::string& c = e.code;
  if (c == "ApiCallLimit" || c == "7" || e.sub_code.starts_with("accesscontrol.limited-by") ||
      Contains(e.msg, "ban will last") || Contains(e.sub_msg, "ban will last")) {
    return Refusal::kFlowControl;
  }
  if (c == "IncompleteSignature" || c == "InvalidSignature" || c == "25")
    return Refusal::kSignature;
  if (c == "InvalidAppKey" || c == "AppKeyNotExist" || c == "29" ||
      (Contains(c, "appkey") && !Contains(c, "limit"))) {
    return Refusal::kAppKey;
  }
  if (c == "AppWhiteIpLimit") return Refusal::kIpWhitelist;
  if (c == "IllegalAccessToken" || c == "InvalidSession" || c == "SessionExpired" ||
      c == "MissingAccessToken" || c == "26" || c == "27" || Contains(e.sub_code, "session") ||
      Contains(e.msg, "session expired") || Contains(e.msg, "invalid session") ||
      Contains(e.msg, "access token is invalid") || Contains(e.msg, "access_token is invalid")) {
    return Refusal::kSession;
  }
  if (e.type == "ISP" || e.type == "SYSTEM" || c == "15" || c == "ServiceUnavailable" ||
      c == "InternalError" || e.sub_code.starts_with("isp.")) {
    return Refusal::kService;
  }
  return Refusal::kOther;
}

std::optional<core::Duration> BanDuration(const GatewayError& e) {
  for (const std::string* text : {&e.msg, &e.sub_msg}) {
    // Within Retry-After's bounds: a negative ban is none, a ban of decades a month.
    if (auto n = NumberAfter(*text, "ban will last")) {
      return net::RetryAfterSeconds(static_cast<double>(*n));
    }
  }
  return std::nullopt;
}

std::string Describe(const GatewayError& e) {
  std::string out = e.code.empty() ? std::string("(no code)") : Cut(e.code);
  if (!e.msg.empty()) out += ": " + Cut(e.msg);
  std::string extra;
  if (!e.sub_code.empty()) {
    extra = "sub_code " + Cut(e.sub_code) + (e.sub_msg.empty() ? "" : ": " + Cut(e.sub_msg));
  }
  if (!e.request_id.empty()) {
    extra += (extra.empty() ? "" : "; ") + std::string("request_id ") + Cut(e.request_id);
  }
  if (!extra.empty()) out += " (" + extra + ")";
  return out;
}

core::Error ToError(const GatewayError& e, std::string_view where) {
  std::string said = fmt::format("{}: AliExpress refused: {}", where, Describe(e));
  switch (Classify(e)) {
    case Refusal::kFlowControl: {
      auto ban = BanDuration(e);
      core::Duration wait = ban ? *ban + std::chrono::seconds(1) : core::Duration::zero();
      return core::Error::RateLimited(
          said + (ban ? fmt::format(" (flow control; retry after {})", core::FormatDuration(wait))
                      : std::string(" (flow control; backing off)")),
          wait);
    }
    case Refusal::kSignature:
      return core::Error::Config(
          said +
          " (the request signature was refused: app_secret is not the App Secret of app_key, "
          "or this machine's clock is wrong; check both keys in the AliExpress Open Platform "
          "console)");
    case Refusal::kAppKey:
      return core::Error::Config(
          said + " (app_key is not an AliExpress Open Platform app; check app_key and app_secret)");
    case Refusal::kIpWhitelist:
      return core::Error::Config(
          said +
          " (this machine's IP address is not in the app's IP whitelist; add it in the "
          "AliExpress Open Platform console)");
    case Refusal::kSession:
      return std::move(core::Error::Permanent(
                           said + " (credentials rejected after a token refresh: the seller "
                                  "must authorize the app again and the new tokens go into "
                                  "access_token and refresh_token)"))
          .WithReason(core::ErrorReason::kCredentialsRejected);
    case Refusal::kService:
      return core::Error::Transient(said);
    case Refusal::kOther:
      break;
  }
  return core::Error::Permanent(said);
}

core::Result<Answer> ParseAnswer(std::string_view body, std::string_view where) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return core::Error::Data(fmt::format("{}: malformed JSON: {}", where, ec.message()));
  if (!v.is_object())
    return core::Error::Data(fmt::format("{}: answer is not a JSON object", where));
  json::object& root = v.as_object();
  Answer out;
  if (const json::object* err = ObjectAt(root, "error_response")) {
    out.refusal = ErrorOf(*err, false);
    return out;
  }
  json::object* wrapped = nullptr;
  int wrappers = 0;
  for (auto& [key, value] : root) {
    if (!std::string_view(key).ends_with("_response") || !value.is_object()) continue;
    ++wrappers;
    wrapped = &value.as_object();
  }
  if (wrappers == 1) {
    out.response = std::move(*wrapped);
    return out;
  }
  out.refusal = ErrorOf(root, true);  // the flat form (rest calls; sometimes sync ones too)
  if (!out.refusal) out.response = std::move(root);
  return out;
}

const json::array* ListAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return nullptr;
  if (v->is_array()) return &v->as_array();
  if (!v->is_object() || v->as_object().size() != 1) return nullptr;
  const json::value& inner = v->as_object().begin()->value();
  return inner.is_array() ? &inner.as_array() : nullptr;
}

std::optional<std::string> BusinessFailure(const json::object& result) {
  auto is_false = [&](std::string_view key) {
    const json::value* v = result.if_contains(key);
    return v != nullptr &&
           ((v->is_bool() && !v->as_bool()) || (v->is_string() && v->as_string() == "false"));
  };
  if (!is_false("success") && !is_false("is_success")) return std::nullopt;
  std::string code = TextAt(result, "error_code");
  std::string message = StringAt(result, "error_message");
  if (message.empty()) message = StringAt(result, "error_msg");
  if (code.empty() && message.empty()) return std::string("success=false without an error code");
  return Cut(code) + (message.empty() ? "" : ": " + Cut(message));
}

std::string TextAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) return fmt::format("{}", v->as_double());
  return {};
}

std::optional<std::int64_t> IntAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_string()) {
    std::string_view s = v->as_string();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return n;
  }
  return std::nullopt;
}

}  // namespace sellerwatch::sources::aliexpress
