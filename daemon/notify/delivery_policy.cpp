#include "notify/delivery_policy.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>

#include "net/retry_after.hpp"

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;
using core::Duration;
using Kind = SendOutcome::Kind;

// The JSON body's wait hint: Discord {"retry_after": 1.5}, Telegram
// {"parameters": {"retry_after": 3}}.
std::optional<Duration> BodyRetryAfter(const json::object& o) {
  auto seconds = [](const json::value* v) -> std::optional<Duration> {
    if (v == nullptr) return std::nullopt;
    if (v->is_double()) return net::RetryAfterSeconds(v->get_double());
    if (v->is_int64()) return net::RetryAfterSeconds(static_cast<double>(v->get_int64()));
    if (v->is_uint64()) return net::RetryAfterSeconds(static_cast<double>(v->get_uint64()));
    return std::nullopt;
  };
  if (auto d = seconds(o.if_contains("retry_after"))) return d;
  if (const json::value* p = o.if_contains("parameters"); p != nullptr && p->is_object())
    return seconds(p->as_object().if_contains("retry_after"));
  return std::nullopt;
}

std::optional<json::object> JsonObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<Duration> Longest(std::optional<Duration> a, std::optional<Duration> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

Kind ByStatus(long status) {
  if (status >= 200 && status < 300) return Kind::kDelivered;
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) return Kind::kRetry;
  return Kind::kPermanent;
}

std::string Snippet(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out;
  for (char c : body.substr(0, kMax)) {
    out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  if (body.size() > kMax) out += "...";
  return out;
}

}  // namespace

std::string_view Name(SendOutcome::Kind kind) {
  switch (kind) {
    case Kind::kDelivered:
      return "delivered";
    case Kind::kRetry:
      return "retry";
    case Kind::kPermanent:
      return "permanent";
  }
  return "?";
}

SendOutcome ClassifyHttp(long status, std::optional<std::string_view> retry_after_header,
                         std::string_view body, config::ReceiverType channel, core::Timestamp now) {
  SendOutcome out;
  if (status <= 0) {
    out.kind = Kind::kRetry;
    out.detail = "no HTTP response";
    return out;
  }
  std::optional<Duration> hint;
  if (retry_after_header) hint = net::ParseRetryAfter(*retry_after_header, now);

  long effective = status;
  std::string detail = "HTTP " + std::to_string(status);
  bool json_hints =
      channel == config::ReceiverType::kDiscord || channel == config::ReceiverType::kTelegram;
  if (json_hints) {
    if (auto o = JsonObject(body)) {
      hint = Longest(hint, BodyRetryAfter(*o));
      const json::value* ok = o->if_contains("ok");
      if (channel == config::ReceiverType::kTelegram && ok != nullptr && ok->is_bool() &&
          !ok->get_bool()) {
        // Telegram documents error_code as "subject to change": the HTTP status decides, and
        // error_code only when a proxy hid the failure behind a 2xx.
        const json::value* code = o->if_contains("error_code");
        bool has_code = code != nullptr && code->is_int64();
        bool hidden = effective >= 200 && effective < 300;
        if (hidden) effective = has_code ? static_cast<long>(code->get_int64()) : 500;
        detail = has_code ? "Telegram error " + std::to_string(code->get_int64())
                          : "Telegram ok:false without error_code";
        if (hidden) detail += " (HTTP " + std::to_string(status) + ")";
        if (const json::value* d = o->if_contains("description"); d != nullptr && d->is_string())
          detail += ": " + std::string(d->get_string());
      } else if (const json::value* m = o->if_contains("message");
                 m != nullptr && m->is_string() && ByStatus(status) != Kind::kDelivered) {
        detail += ": " + std::string(m->get_string());
      }
    }
  }
  out.kind = ByStatus(effective);
  if (out.kind == Kind::kDelivered) {
    out.detail = detail;
    return out;
  }
  if (detail == "HTTP " + std::to_string(status) && !body.empty()) detail += ": " + Snippet(body);
  out.detail = std::move(detail);
  if (out.kind == Kind::kRetry) out.retry_after = hint;
  return out;
}

SendOutcome ClassifySmtp(std::optional<int> reply_code, std::string_view message) {
  SendOutcome out;
  if (!reply_code) {
    out.kind = Kind::kRetry;
    out.detail = "SMTP: no reply" + (message.empty() ? "" : ": " + Snippet(message));
    return out;
  }
  int code = *reply_code;
  if (code >= 200 && code < 400) {
    out.kind = Kind::kDelivered;
  } else if (code >= 400 && code < 500) {
    out.kind = Kind::kRetry;
  } else {
    out.kind = Kind::kPermanent;  // 5xx, and codes outside the protocol
  }
  out.detail = "SMTP " + std::to_string(code) + (message.empty() ? "" : ": " + Snippet(message));
  return out;
}

core::Timestamp NextAttemptAt(int attempts, core::Timestamp now,
                              std::optional<Duration> retry_after, double jitter_unit,
                              const BackoffPolicy& policy) {
  double ceiling = static_cast<double>(policy.initial.count());
  const double max = static_cast<double>(policy.max.count());
  for (int i = 1; i < attempts && ceiling < max; ++i) ceiling *= policy.factor;
  ceiling = std::min(ceiling, max);
  if (!(jitter_unit >= 0.0)) jitter_unit = 0.0;  // also NaN
  jitter_unit = std::min(jitter_unit, 1.0);
  auto delay = Duration(std::llround(ceiling / 2 + jitter_unit * ceiling / 2));
  if (retry_after) delay = std::max(delay, *retry_after);
  return now + delay;
}

bool GivesUp(core::Timestamp first_attempt_at, core::Timestamp now, Duration retry_horizon) {
  return now - first_attempt_at >= retry_horizon;
}

}  // namespace sellerwatch::notify
