#include "core/event_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <initializer_list>
#include <type_traits>

#include "core/utf8.hpp"

namespace sellerwatch::core {
namespace json = boost::json;
namespace {

// Reads fields of one object, remembering which were consumed so the rest become "extra".
class Fields {
 public:
  explicit Fields(const json::object& obj) : obj_(obj) {}

  const json::value* Find(std::string_view key) {
    auto it = obj_.find(key);
    if (it == obj_.end()) return nullptr;
    if (std::find(used_.begin(), used_.end(), key) == used_.end()) used_.push_back(key);
    return &it->value();
  }

  Result<std::string> RequiredString(std::string_view key) {
    const json::value* v = Find(key);
    if (!v) return Missing(key);
    if (v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());  // numeric ids, e.g. Shopify
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return Bad(key, "expected a non-empty string");
  }

  Result<std::string> OptionalString(std::string_view key) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::string();
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return Bad(key, "expected a string or null");
  }

  Result<Timestamp> RequiredTime(std::string_view key) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return Missing(key);
    return Time(key, *v);
  }

  Result<std::optional<Timestamp>> OptionalTime(std::string_view key) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::optional<Timestamp>();
    auto t = Time(key, *v);
    if (!t) return t.error();
    return std::optional<Timestamp>(*t);
  }

  // A number >= 0 (an amount).
  Result<std::optional<double>> OptionalAmount(std::string_view key) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::optional<double>();
    if (v->is_number()) {
      // 1e400 reads as infinity, which JSON cannot write back.
      double d = v->to_number<double>();
      if (d >= 0 && std::isfinite(d)) return std::optional<double>(d);
    }
    return Bad(key, "expected a number >= 0 or null");
  }

  Result<std::optional<bool>> OptionalBool(std::string_view key) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::optional<bool>();
    if (!v->is_bool()) return Bad(key, "expected true, false or null");
    return std::optional<bool>(v->get_bool());
  }

  template <class E>
  Result<std::optional<E>> OptionalEnum(std::string_view key,
                                        std::optional<E> (*parse)(std::string_view),
                                        std::string_view allowed) {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::optional<E>();
    if (v->is_string()) {
      if (auto e = parse(v->get_string())) return std::optional<E>(*e);
    }
    return Bad(key, fmt::format("expected one of {}, got {}", allowed, json::serialize(*v)));
  }

  template <class E>
  Result<E> RequiredEnum(std::string_view key, std::optional<E> (*parse)(std::string_view),
                         std::string_view allowed) {
    auto r = OptionalEnum(key, parse, allowed);
    if (!r) return r.error();
    if (!*r) return Missing(key);
    return **r;
  }

  json::object Extra() const {
    json::object extra;
    if (obj_.size() == used_.size()) return extra;  // the usual case: every field is known
    for (const auto& kv : obj_) {
      if (std::find(used_.begin(), used_.end(), kv.key()) == used_.end())
        extra.emplace(kv.key(), kv.value());
    }
    return extra;
  }

  static Error Missing(std::string_view key) {
    return Error::Data(fmt::format("missing required field '{}'", key));
  }
  static Error Bad(std::string_view key, std::string_view why) {
    return Error::Data(fmt::format("field '{}': {}", key, why));
  }

 private:
  static Result<Timestamp> Time(std::string_view key, const json::value& v) {
    if (v.is_string()) {
      if (auto t = ParseRfc3339(v.get_string())) return *t;
    }
    return Bad(key, fmt::format("expected an RFC 3339 time like 2026-11-01T10:00:00Z, got {}",
                                json::serialize(v)));
  }

  const json::object& obj_;
  std::vector<std::string_view> used_;  // keys the parser asked for: literals, so views suffice
};

#define SW_TRY(var, expr)               \
  auto var##_r = (expr);                \
  if (!var##_r) return var##_r.error(); \
  auto var = std::move(*var##_r)

Timestamp Latest(Timestamp t, std::initializer_list<std::optional<Timestamp>> others) {
  for (const auto& o : others)
    if (o && *o > t) t = *o;
  return t;
}

Result<Event> ParseOrder(Fields& f, std::string account, std::string id) {
  Order o;
  o.account = std::move(account);
  o.id = std::move(id);
  SW_TRY(purchased_at, f.RequiredTime("purchased_at"));
  SW_TRY(status, f.RequiredEnum("status", &ParseOrderStatus,
                                "pending, unshipped, shipped, delivered, cancelled"));
  SW_TRY(fulfillment, f.RequiredEnum("fulfillment", &ParseFulfillment, "merchant, platform"));
  SW_TRY(ship_by, f.OptionalTime("ship_by"));
  SW_TRY(shipped_at, f.OptionalTime("shipped_at"));
  SW_TRY(tracking_valid, f.OptionalBool("tracking_valid"));
  SW_TRY(deliver_by, f.OptionalTime("deliver_by"));
  SW_TRY(delivered_at, f.OptionalTime("delivered_at"));
  SW_TRY(cancelled_at, f.OptionalTime("cancelled_at"));
  SW_TRY(initiator, f.OptionalEnum("cancel_initiator", &ParseCancelInitiator,
                                   "seller, buyer, platform, unknown"));
  SW_TRY(cancel_reason, f.OptionalString("cancel_reason"));
  SW_TRY(updated_at, f.OptionalTime("updated_at"));
  o.purchased_at = purchased_at;
  o.status = status;
  o.fulfillment = fulfillment;
  o.ship_by = ship_by;
  o.shipped_at = shipped_at;
  o.tracking_valid = tracking_valid;
  o.deliver_by = deliver_by;
  o.delivered_at = delivered_at;
  o.cancelled_at = cancelled_at;
  o.cancel_initiator = initiator;
  o.cancel_reason = std::move(cancel_reason);
  o.updated_at =
      updated_at.value_or(Latest(purchased_at, {shipped_at, delivered_at, cancelled_at}));
  return Event(std::move(o));
}

Result<Event> ParseFeedback(Fields& f, std::string account, std::string id) {
  Feedback fb;
  fb.account = std::move(account);
  fb.id = std::move(id);
  SW_TRY(order_id, f.OptionalString("order_id"));
  const json::value* rating = f.Find("rating");
  if (!rating) return Fields::Missing("rating");
  if (!rating->is_int64() || rating->get_int64() < 1 || rating->get_int64() > 5)
    return Fields::Bad("rating", "expected an integer from 1 to 5");
  SW_TRY(received_at, f.RequiredTime("received_at"));
  SW_TRY(comment, f.OptionalString("comment"));
  SW_TRY(removed, f.OptionalBool("removed"));
  SW_TRY(updated_at, f.OptionalTime("updated_at"));
  fb.order_id = std::move(order_id);
  fb.rating = static_cast<int>(rating->get_int64());
  fb.received_at = received_at;
  fb.comment = std::move(comment);
  fb.removed = removed.value_or(false);
  fb.updated_at = updated_at.value_or(received_at);
  return Event(std::move(fb));
}

Result<Event> ParseClaim(Fields& f, std::string account, std::string id) {
  Claim c;
  c.account = std::move(account);
  c.id = std::move(id);
  SW_TRY(order_id, f.OptionalString("order_id"));
  SW_TRY(kind, f.RequiredEnum("kind", &ParseClaimKind, "a_to_z, chargeback, dispute, return"));
  SW_TRY(opened_at, f.RequiredTime("opened_at"));
  SW_TRY(status, f.OptionalString("status"));
  SW_TRY(reason, f.OptionalString("reason"));
  SW_TRY(respond_by, f.OptionalTime("respond_by"));
  SW_TRY(escalated, f.OptionalBool("escalated"));
  SW_TRY(decided_at, f.OptionalTime("decided_at"));
  SW_TRY(decided_by,
         f.OptionalEnum("decided_by", &ParseDecidedBy, "negotiation, platform, seller_timeout"));
  SW_TRY(refund, f.OptionalAmount("refund"));
  SW_TRY(updated_at, f.OptionalTime("updated_at"));
  c.order_id = std::move(order_id);
  c.kind = kind;
  c.opened_at = opened_at;
  c.status = status.empty() ? "open" : std::move(status);
  c.reason = std::move(reason);
  c.respond_by = respond_by;
  c.escalated = escalated.value_or(false);
  c.decided_at = decided_at;
  c.decided_by = decided_by;
  c.refund = refund;
  c.updated_at = updated_at.value_or(Latest(opened_at, {decided_at}));
  return Event(std::move(c));
}

Result<Event> ParseMessage(Fields& f, std::string account, std::string id) {
  Message m;
  m.account = std::move(account);
  m.id = std::move(id);
  SW_TRY(thread, f.OptionalString("thread"));
  SW_TRY(order_id, f.OptionalString("order_id"));
  SW_TRY(received_at, f.RequiredTime("received_at"));
  SW_TRY(replied_at, f.OptionalTime("replied_at"));
  SW_TRY(updated_at, f.OptionalTime("updated_at"));
  if (replied_at && *replied_at < received_at)
    return Fields::Bad("replied_at", "is before received_at");
  m.thread = std::move(thread);
  m.order_id = std::move(order_id);
  m.received_at = received_at;
  m.replied_at = replied_at;
  m.updated_at = updated_at.value_or(Latest(received_at, {replied_at}));
  return Event(std::move(m));
}

Result<Event> ParsePlatform(Fields& f, std::string account, std::string id) {
  if (!id.starts_with("platform.") || id.size() == 9)
    return Fields::Bad("id", "expected the metric it reports, like platform.account_status");
  PlatformValue p;
  p.account = std::move(account);
  p.id = std::move(id);
  SW_TRY(value, f.RequiredString("value"));
  SW_TRY(reported_at, f.RequiredTime("reported_at"));
  SW_TRY(updated_at, f.OptionalTime("updated_at"));
  p.value = std::move(value);
  p.reported_at = reported_at;
  p.updated_at = updated_at.value_or(reported_at);
  return Event(std::move(p));
}

#undef SW_TRY

// Writes the canonical JSON of an event straight into a string, byte for byte what
// boost::json::serialize makes of the object these fields form in this order (stored payloads are
// compared as text). Building that object first costs more than parsing the line did.
class CanonicalWriter {
 public:
  explicit CanonicalWriter(std::string& out) : out_(out) {}

  CanonicalWriter& Key(std::string_view key) {
    out_ += open_ ? ',' : '{';
    open_ = true;
    Quoted(key);
    out_ += ':';
    return *this;
  }
  void String(std::string_view s) { Quoted(s); }
  void Time(Timestamp t) {
    out_ += '"';
    AppendRfc3339(out_, t);
    out_ += '"';
  }
  void Time(const std::optional<Timestamp>& t) { t ? Time(*t) : Null(); }
  void Bool(bool b) { out_ += b ? "true" : "false"; }
  void Bool(const std::optional<bool>& b) { b ? Bool(*b) : Null(); }
  void Int(std::int64_t i) { out_ += std::to_string(i); }
  void Null() { out_ += "null"; }
  // Numbers with a fraction and unknown fields: boost::json's own text, so they stay identical.
  void Value(const json::value& v) { out_ += json::serialize(v); }
  template <class E>
  void Enum(const std::optional<E>& e) {
    e ? String(Name(*e)) : Null();
  }
  void Close() { out_ += '}'; }

 private:
  // JSON string escaping as boost::json::serialize does it: quote, backslash and control
  // characters only; the short forms where JSON has them, else u00xx with lowercase hex. A byte
  // that is not valid UTF-8 (a report cell in Latin-1) is written as U+FFFD: the payload must
  // always parse again, or the stored event could never be read back.
  void Quoted(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        std::size_t next = i;
        if (NextCodePoint(s, next) == kReplacementChar && next == i + 1) {
          out_.append(s.data() + plain, i - plain);
          AppendUtf8(out_, kReplacementChar);
          plain = i + 1;
        }
        i = next - 1;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      out_ += '\\';
      switch (c) {
        case '"':
          out_ += '"';
          break;
        case '\\':
          out_ += '\\';
          break;
        case '\b':
          out_ += 'b';
          break;
        case '\t':
          out_ += 't';
          break;
        case '\n':
          out_ += 'n';
          break;
        case '\f':
          out_ += 'f';
          break;
        case '\r':
          out_ += 'r';
          break;
        default:
          out_ += "u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 15];
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
    out_ += '"';
  }

  std::string& out_;
  bool open_ = false;
};

// The event's fields into `w`, the object left open for "extra". Fields added after the first
// format are written only when set, so the payloads of events without them stay as they were.
void WriteFields(CanonicalWriter& w, const Event& event) {
  w.Key("type").String(Name(TypeOf(event)));
  w.Key("account").String(AccountOf(event));
  w.Key("id").String(IdOf(event));
  std::visit(
      [&w](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Order>) {
          w.Key("purchased_at").Time(e.purchased_at);
          w.Key("status").String(Name(e.status));
          w.Key("fulfillment").String(Name(e.fulfillment));
          w.Key("ship_by").Time(e.ship_by);
          w.Key("shipped_at").Time(e.shipped_at);
          w.Key("tracking_valid").Bool(e.tracking_valid);
          w.Key("deliver_by").Time(e.deliver_by);
          w.Key("delivered_at").Time(e.delivered_at);
          w.Key("cancelled_at").Time(e.cancelled_at);
          w.Key("cancel_initiator").Enum(e.cancel_initiator);
          if (!e.cancel_reason.empty()) w.Key("cancel_reason").String(e.cancel_reason);
        } else if constexpr (std::is_same_v<T, Feedback>) {
          w.Key("order_id").String(e.order_id);
          w.Key("rating").Int(e.rating);
          w.Key("received_at").Time(e.received_at);
          w.Key("comment").String(e.comment);
          w.Key("removed").Bool(e.removed);
        } else if constexpr (std::is_same_v<T, Claim>) {
          w.Key("order_id").String(e.order_id);
          w.Key("kind").String(Name(e.kind));
          w.Key("opened_at").Time(e.opened_at);
          w.Key("status").String(e.status);
          if (!e.reason.empty()) w.Key("reason").String(e.reason);
          if (e.respond_by) w.Key("respond_by").Time(*e.respond_by);
          if (e.escalated) w.Key("escalated").Bool(true);
          if (e.decided_at) w.Key("decided_at").Time(*e.decided_at);
          if (e.decided_by) w.Key("decided_by").Enum(e.decided_by);
          if (e.refund && std::isfinite(*e.refund)) w.Key("refund").Value(*e.refund);
        } else if constexpr (std::is_same_v<T, PlatformValue>) {
          w.Key("value").String(e.value);
          w.Key("reported_at").Time(e.reported_at);
        } else {
          w.Key("thread").String(e.thread);
          w.Key("order_id").String(e.order_id);
          w.Key("received_at").Time(e.received_at);
          w.Key("replied_at").Time(e.replied_at);
        }
        w.Key("updated_at").Time(e.updated_at);
      },
      event);
}

// Whether a value holds a number JSON cannot write (1e400 parses as infinity).
bool HasNonFinite(const json::value& v) {
  if (v.is_double()) return !std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (HasNonFinite(e)) return true;
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (HasNonFinite(kv.value())) return true;
  }
  return false;
}

// The same value with such numbers as null, so that the payload stays JSON.
void NullNonFinite(json::value& v) {
  if (v.is_double() && !std::isfinite(v.get_double())) v = nullptr;
  if (v.is_array())
    for (auto& e : v.get_array()) NullNonFinite(e);
  if (v.is_object())
    for (auto& kv : v.get_object()) NullNonFinite(kv.value());
}

// The stored payload: the event's fields, then "extra" when there is any.
std::string Canonical(const Event& event, const json::object& extra, std::size_t size_hint) {
  std::string payload;
  payload.reserve(size_hint);
  CanonicalWriter w(payload);
  WriteFields(w, event);
  if (!extra.empty()) {
    json::value kept = extra;
    if (HasNonFinite(kept)) NullNonFinite(kept);  // rare: the copy above is Value()'s anyway
    w.Key("extra").Value(kept);
  }
  w.Close();
  return payload;
}

}  // namespace

namespace {

// The parser and the memory of the document it builds, reused by every parse on a thread (one
// allocation-free parse per line instead of a dozen allocations). A document lives until the next
// parse on the same thread, so none outlives the function that parsed it.
struct ParseBuffer {
  unsigned char first_block[16384];
  json::monotonic_resource memory{first_block, sizeof first_block};
  json::stream_parser parser;
};

Result<json::value> ParseDocument(std::string_view text) {
  thread_local ParseBuffer buffer;
  buffer.memory.release();
  json::stream_parser& parser = buffer.parser;
  parser.reset(json::storage_ptr(&buffer.memory));
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return Error::Data(fmt::format("invalid JSON at column {}: {}", consumed + 1, ec.message()));
  }
  json::value doc = parser.release();
  if (!doc.is_object()) return Error::Data("expected a JSON object");
  return doc;
}

Result<Event> ParseEvent(Fields& f, std::string_view default_account) {
  const json::value* type_v = f.Find("type");
  if (!type_v) return Fields::Missing("type");
  std::optional<EventType> type;
  if (type_v->is_string()) type = ParseEventType(type_v->get_string());
  if (!type) {
    return Fields::Bad(
        "type", fmt::format("expected one of order, feedback, claim, message, platform, got {}",
                            json::serialize(*type_v)));
  }
  std::string account;
  if (const json::value* a = f.Find("account"); a && !a->is_null()) {
    if (!a->is_string() || a->get_string().empty())
      return Fields::Bad("account", "expected a non-empty string");
    account = std::string(a->get_string());
  } else if (!default_account.empty()) {
    account = std::string(default_account);
  } else {
    return Fields::Missing("account");
  }
  auto id = f.RequiredString("id");
  if (!id) return id.error();
  switch (*type) {
    case EventType::kOrder:
      return ParseOrder(f, std::move(account), std::move(*id));
    case EventType::kFeedback:
      return ParseFeedback(f, std::move(account), std::move(*id));
    case EventType::kClaim:
      return ParseClaim(f, std::move(account), std::move(*id));
    case EventType::kMessage:
      return ParseMessage(f, std::move(account), std::move(*id));
    case EventType::kPlatform:
      return ParsePlatform(f, std::move(account), std::move(*id));
  }
  return Error::Internal("unreachable");
}

}  // namespace

Result<ParsedEvent> ParseEventJson(std::string_view text, std::string_view default_account) {
  auto doc = ParseDocument(text);
  if (!doc) return doc.error();
  Fields f(doc->get_object());
  auto event = ParseEvent(f, default_account);
  if (!event) return event.error();

  const json::value* previous_extra = f.Find("extra");  // a stored payload read back
  json::object extra = f.Extra();
  if (previous_extra && previous_extra->is_object()) {
    for (const auto& kv : previous_extra->get_object()) extra.emplace(kv.key(), kv.value());
  }
  std::string payload = Canonical(*event, extra, text.size() + 64);
  return ParsedEvent{std::move(*event), std::move(payload)};
}

Result<Event> DecodeEvent(std::string_view text) {
  auto doc = ParseDocument(text);
  if (!doc) return doc.error();
  Fields f(doc->get_object());
  return ParseEvent(f, {});
}

std::string EncodeEvent(const Event& event) { return Canonical(event, {}, 0); }

}  // namespace sellerwatch::core
