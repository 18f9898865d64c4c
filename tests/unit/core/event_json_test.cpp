#include "core/event_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sellerwatch::core {
namespace {

TEST(EventJsonTest, ParsesTheDesignExamples) {
  auto order = ParseEventJson(
      R"({"type":"order","account":"acme-us","id":"111-2223334-5556667","purchased_at":"2026-11-01T10:00:00Z",)"
      R"("status":"shipped","fulfillment":"merchant","ship_by":"2026-11-03T07:59:59Z","shipped_at":"2026-11-02T16:00:00Z",)"
      R"("tracking_valid":true,"deliver_by":"2026-11-08T07:59:59Z","delivered_at":null,)"
      R"("cancelled_at":null,"cancel_initiator":null,"updated_at":"2026-11-02T16:05:00Z"})");
  ASSERT_TRUE(order) << order.error().message;
  const auto& o = std::get<Order>(order->event);
  EXPECT_EQ(o.id, "111-2223334-5556667");
  EXPECT_EQ(o.status, OrderStatus::kShipped);
  EXPECT_TRUE(o.merchant());
  EXPECT_EQ(FormatRfc3339(*o.ship_by), "2026-11-03T07:59:59Z");
  EXPECT_EQ(o.tracking_valid, std::optional<bool>(true));
  EXPECT_FALSE(o.delivered_at);
  EXPECT_EQ(FormatRfc3339(o.updated_at), "2026-11-02T16:05:00Z");

  auto fb = ParseEventJson(
      R"({"type":"feedback","account":"acme-us","id":"fb-1","order_id":"111","rating":1,)"
      R"("received_at":"2026-11-09T08:00:00Z","comment":"arrived broken","removed":false})");
  ASSERT_TRUE(fb) << fb.error().message;
  EXPECT_TRUE(std::get<Feedback>(fb->event).negative());
  // No updated_at: the event's own time stands in.
  EXPECT_EQ(FormatRfc3339(std::get<Feedback>(fb->event).updated_at), "2026-11-09T08:00:00Z");

  auto claim = ParseEventJson(
      R"({"type":"claim","account":"acme-us","id":"az-9","order_id":"111","kind":"a_to_z",)"
      R"("opened_at":"2026-11-10T00:00:00Z","status":"open"})");
  ASSERT_TRUE(claim) << claim.error().message;
  EXPECT_TRUE(std::get<Claim>(claim->event).defect());

  auto msg = ParseEventJson(
      R"({"type":"message","account":"acme-us","id":"m-1","thread":"t-1","order_id":"111",)"
      R"("received_at":"2026-11-10T09:00:00Z","replied_at":"2026-11-10T20:00:00Z"})");
  ASSERT_TRUE(msg) << msg.error().message;
  EXPECT_EQ(FormatRfc3339(std::get<Message>(msg->event).updated_at), "2026-11-10T20:00:00Z");
}

TEST(EventJsonTest, DisputeAndCloseFieldsRoundTripAndAreOmittedWhenUnset) {
  auto dispute = ParseEventJson(
      R"({"type":"claim","account":"ae","id":"5001","order_id":"8001","kind":"dispute",)"
      R"("opened_at":"2026-11-10T00:00:00Z","status":"closed","reason":"Item not received",)"
      R"("respond_by":"2026-11-15T00:00:00Z","escalated":true,"decided_at":"2026-11-20T00:00:00Z",)"
      R"("decided_by":"platform","refund":12.5})");
  ASSERT_TRUE(dispute) << dispute.error().message;
  const auto& c = std::get<Claim>(dispute->event);
  EXPECT_EQ(c.reason, "Item not received");
  EXPECT_EQ(FormatRfc3339(*c.respond_by), "2026-11-15T00:00:00Z");
  EXPECT_TRUE(c.escalated);
  EXPECT_EQ(c.decided_by, DecidedBy::kPlatform);
  EXPECT_EQ(c.refund, 12.5);
  EXPECT_TRUE(c.against_seller());
  EXPECT_FALSE(c.defect());                                        // a dispute is not an ODR defect
  EXPECT_EQ(FormatRfc3339(c.updated_at), "2026-11-20T00:00:00Z");  // the decision, not opening
  auto again = ParseEventJson(dispute->payload);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->payload, dispute->payload);

  auto closed = ParseEventJson(
      R"({"type":"order","account":"ae","id":"8002","purchased_at":"2026-11-01T10:00:00Z",)"
      R"("status":"cancelled","fulfillment":"merchant","cancelled_at":"2026-11-04T10:00:00Z",)"
      R"("cancel_initiator":"seller","cancel_reason":"ship_timeout"})");
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_TRUE(std::get<Order>(closed->event).seller_fault_close());
  EXPECT_NE(closed->payload.find(R"("cancel_reason":"ship_timeout")"), std::string::npos);

  // Events without the new fields keep the payload they always had.
  auto plain = ParseEventJson(
      R"({"type":"claim","account":"a","id":"c","kind":"a_to_z","opened_at":"2026-11-10T00:00:00Z"})");
  ASSERT_TRUE(plain);
  for (const char* key : {"reason", "respond_by", "escalated", "decided", "refund"})
    EXPECT_EQ(plain->payload.find(key), std::string::npos) << key;

  auto negative = ParseEventJson(
      R"({"type":"claim","account":"a","id":"c","kind":"dispute","opened_at":"2026-11-10T00:00:00Z","refund":-1})");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "field 'refund': expected a number >= 0 or null");
  auto who = ParseEventJson(
      R"({"type":"claim","account":"a","id":"c","kind":"dispute","opened_at":"2026-11-10T00:00:00Z","decided_by":"judge"})");
  ASSERT_FALSE(who);
  EXPECT_NE(who.error().message.find("negotiation, platform, seller_timeout"), std::string::npos);
}

TEST(EventJsonTest, KeepsUnknownFieldsAsExtraAndRoundTrips) {
  auto e = ParseEventJson(
      R"({"type":"feedback","account":"a","id":"f","rating":5,"received_at":"2026-11-09T08:00:00Z","stars_source":"api","x":{"y":1}})");
  ASSERT_TRUE(e);
  EXPECT_NE(e->payload.find(R"("extra":{"stars_source":"api","x":{"y":1}})"), std::string::npos)
      << e->payload;
  auto again = ParseEventJson(e->payload);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->payload, e->payload);  // a stored payload reads back to itself
}

// Found by event_jsonl_fuzz and amazon_fuzz (issue 17): payloads the store could not read back,
// which then failed every load of the account ("stored ... is unreadable"). A number too large
// for a double (1e400 reads as infinity, which JSON cannot write) and bytes that are not UTF-8
// used to reach the payload as they were.
TEST(EventJsonTest, PayloadsAlwaysReadBack) {
  struct Case {
    const char* what;
    std::string line;
    std::string payload_has;  // empty: the line is refused
  } cases[] = {
      {"infinite refund",
       R"({"type":"claim","account":"a","id":"c","kind":"dispute","opened_at":"2026-11-10T00:00:00Z","refund":1e400})",
       ""},
      {"negative infinite refund",
       R"({"type":"claim","account":"a","id":"c","kind":"dispute","opened_at":"2026-11-10T00:00:00Z","refund":-1e400})",
       ""},
      {"infinity among the unknown fields",
       R"({"type":"message","account":"a","id":"m","received_at":"2026-11-10T00:00:00Z","x":[1e400,{"y":-1e999}],"z":2.5})",
       R"("extra":{"x":[null,{"y":null}],"z":2.5E0})"},
  };
  for (const auto& c : cases) {
    auto e = ParseEventJson(c.line);
    if (c.payload_has.empty()) {
      ASSERT_FALSE(e) << c.what;
      EXPECT_EQ(e.error().message, "field 'refund': expected a number >= 0 or null") << c.what;
      continue;
    }
    ASSERT_TRUE(e) << c.what << ": " << e.error().message;
    EXPECT_NE(e->payload.find(c.payload_has), std::string::npos) << c.what << ": " << e->payload;
    EXPECT_TRUE(DecodeEvent(e->payload)) << c.what;
  }
  // An event a source built from a Latin-1 report: its text is written as U+FFFD.
  Feedback f;
  f.account = "a";
  f.id = "f\xE9";
  f.rating = 1;
  f.comment = "caf\xE9 cr\xE8me \xC3";
  const std::string payload = EncodeEvent(f);
  EXPECT_NE(payload.find("\"comment\":\"caf\xEF\xBF\xBD cr\xEF\xBF\xBD"
                         "me \xEF\xBF\xBD\""),
            std::string::npos)
      << payload;
  auto back = DecodeEvent(payload);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(std::get<Feedback>(*back).id, "f\xEF\xBF\xBD");
}

TEST(EventJsonTest, ErrorsNameTheField) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {R"({"type":"order")", "invalid JSON at column"},
      {R"([1,2])", "expected a JSON object"},
      {R"({"account":"a","id":"x"})", "missing required field 'type'"},
      {R"({"type":"refund","account":"a","id":"x"})", "field 'type': expected one of order"},
      {R"({"type":"order","id":"x","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant"})",
       "missing required field 'account'"},
      {R"({"type":"order","account":"a","id":"","purchased_at":"2026-11-01T10:00:00Z"})",
       "field 'id': expected a non-empty string"},
      {R"({"type":"order","account":"a","id":"x","purchased_at":"2026-11-01","status":"shipped","fulfillment":"merchant"})",
       "field 'purchased_at': expected an RFC 3339 time"},
      {R"({"type":"order","account":"a","id":"x","purchased_at":"2026-11-01T10:00:00Z","status":"lost","fulfillment":"merchant"})",
       "field 'status': expected one of pending, unshipped, shipped, delivered, cancelled"},
      {R"({"type":"order","account":"a","id":"x","purchased_at":"2026-11-01T10:00:00Z","status":"shipped"})",
       "missing required field 'fulfillment'"},
      {R"({"type":"order","account":"a","id":"x","purchased_at":"2026-11-01T10:00:00Z","status":"cancelled","fulfillment":"merchant","cancel_initiator":"cat"})",
       "field 'cancel_initiator'"},
      {R"({"type":"order","account":"a","id":"x","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant","tracking_valid":"yes"})",
       "field 'tracking_valid': expected true, false or null"},
      {R"({"type":"feedback","account":"a","id":"f","rating":0,"received_at":"2026-11-09T08:00:00Z"})",
       "field 'rating': expected an integer from 1 to 5"},
      {R"({"type":"claim","account":"a","id":"c","kind":"refund","opened_at":"2026-11-09T08:00:00Z"})",
       "field 'kind'"},
      {R"({"type":"message","account":"a","id":"m","received_at":"2026-11-10T09:00:00Z","replied_at":"2026-11-10T08:00:00Z"})",
       "field 'replied_at': is before received_at"},
  };
  for (const auto& c : cases) {
    auto r = ParseEventJson(c.line);
    ASSERT_FALSE(r) << c.line;
    EXPECT_EQ(r.error().kind, ErrorKind::kData);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.line << "\n  got: " << r.error().message;
  }
}

TEST(EventJsonTest, DecodeReadsBackWhatParseStored) {
  auto parsed = ParseEventJson(
      R"({"type":"message","account":"a","id":"m","received_at":"2026-11-10T09:00:00Z","x":1})");
  ASSERT_TRUE(parsed);
  auto decoded = DecodeEvent(parsed->payload);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(EncodeEvent(*decoded), EncodeEvent(parsed->event));
  EXPECT_FALSE(DecodeEvent(R"({"type":"message","account":"a","id":"m"})"));
  EXPECT_FALSE(DecodeEvent("not json"));
}

TEST(EventJsonTest, DefaultAccountFillsMissingOne) {
  auto e = ParseEventJson(
      R"({"type":"claim","id":"c","kind":"chargeback","opened_at":"2026-11-09T08:00:00Z"})",
      "shop-1");
  ASSERT_TRUE(e);
  EXPECT_EQ(AccountOf(e->event), "shop-1");
}

// The payload is written by hand; it must be exactly what boost::json makes of it, or payloads
// stored before would no longer compare equal to the same event imported again.
TEST(EventJsonTest, PayloadIsBoostJsonsOwnSerialization) {
  Claim c;
  c.account = "a";
  c.id = "quote\" backslash\\ slash/ tab\t nl\n cr\r bs\b ff\f nul" + std::string(1, '\0') +
         "\x01\x1f del\x7f utf8 \xc3\xa9\xe2\x82\xac";
  c.order_id = "o";
  c.kind = ClaimKind::kDispute;
  c.opened_at = *ParseRfc3339("2026-11-10T00:00:00.5Z");
  c.status = "open";
  c.reason = "\"";
  c.respond_by = *ParseRfc3339("1969-12-31T23:59:59.999Z");
  c.escalated = true;
  c.decided_by = DecidedBy::kNegotiation;
  c.refund = 0.1;
  c.updated_at = c.opened_at;
  Feedback f;
  f.account = "a";
  f.id = "f";
  f.rating = 2;
  f.received_at = *ParseRfc3339("2026-11-09T08:00:00Z");
  f.comment = "ok";
  f.updated_at = f.received_at;
  for (const Event& e : {Event(c), Event(f)}) {
    const std::string payload = EncodeEvent(e);
    EXPECT_EQ(boost::json::serialize(boost::json::parse(payload)), payload);
    auto parsed = ParseEventJson(payload);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->payload, payload);
  }
  auto with_extra = ParseEventJson(
      R"({"type":"feedback","account":"a","id":"f","rating":5,"received_at":"2026-11-09T08:00:00Z","n":1.5e300,"s":"\u0001\u00e9"})");
  ASSERT_TRUE(with_extra);
  EXPECT_EQ(boost::json::serialize(boost::json::parse(with_extra->payload)), with_extra->payload);
}

TEST(EventJsonTest, EncodeMatchesParse) {
  Order o;
  o.account = "a";
  o.id = "o1";
  o.purchased_at = *ParseRfc3339("2026-11-01T10:00:00Z");
  o.status = OrderStatus::kCancelled;
  o.cancelled_at = *ParseRfc3339("2026-11-01T11:00:00Z");
  o.cancel_initiator = CancelInitiator::kBuyer;
  o.updated_at = *o.cancelled_at;
  auto parsed = ParseEventJson(EncodeEvent(o));
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& back = std::get<Order>(parsed->event);
  EXPECT_EQ(back.cancel_initiator, std::optional(CancelInitiator::kBuyer));
  EXPECT_FALSE(back.seller_cancelled());
  EXPECT_EQ(back.updated_at, o.updated_at);
}

}  // namespace
}  // namespace sellerwatch::core
