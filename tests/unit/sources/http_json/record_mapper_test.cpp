#include "sources/http_json/record_mapper.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/kontor_erp.hpp"
#include "sources/http_json/page_mapper.hpp"
#include "unit/sources/http_json/http_json_test_config.hpp"

namespace sellerwatch::sources::http_json {
namespace {
namespace json = boost::json;
using test_config::SettingsFrom;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

// Kontor, the invented ERP of tests/data/http_json: every order field, each in another form.
const std::string kKontor =
    std::string("        url: https://erp.example.com/api/v1/orders?changedSince={since}\n") +
    testing::kKontorPaging + testing::kKontorFields;

const char* kShipped = R"({
  "orderNo": "SO-1001", "created": "02.03.2026 09:15", "modified": 1772798700,
  "state": "delivered", "channel": {"type": "own"},
  "customer": {"name": "Erika Musterfrau", "email": "erika@example.org"},
  "shipping": {"due": "2026-03-04T18:00:00+01:00", "shippedAt": 1772532000000,
               "tracking": {"status": "valid"}},
  "delivery": {"promisedBy": "2026-03-09T22:59:59Z", "deliveredAt": "2026-03-06T12:00:00Z"},
  "cancellation": null})";

const char* kCancelled = R"({
  "orderNo": 1003, "created": "10.03.2026 11:00", "modified": "1773154860", "state": "storno",
  "channel": {"type": "own"}, "shipping": {"due": null, "shippedAt": null, "tracking": null},
  "delivery": {}, "cancellation": {"at": "10.03.2026 16:00", "by": "customer"}})";

core::Result<core::ParsedEvent> MapOne(const Settings& s, std::string_view record) {
  return RecordMapper(s, "shop").Map(json::parse(record));
}

TEST(RecordMapper, EveryOrderFieldFromItsOwnFormat) {
  Settings s = SettingsFrom(kKontor);
  auto e = MapOne(s, kShipped);
  ASSERT_TRUE(e) << e.error().message;
  const auto& o = std::get<core::Order>(e->event);
  EXPECT_EQ(o.account, "shop");
  EXPECT_EQ(o.id, "SO-1001");
  EXPECT_EQ(o.purchased_at, T("2026-03-02T08:15:00Z"));  // Berlin, CET
  EXPECT_EQ(o.updated_at, T("2026-03-06T12:05:00Z"));    // unix seconds
  EXPECT_EQ(o.status, core::OrderStatus::kDelivered);
  EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(o.ship_by, T("2026-03-04T17:00:00Z"));     // RFC 3339 with an offset
  EXPECT_EQ(o.shipped_at, T("2026-03-03T10:00:00Z"));  // unix milliseconds
  EXPECT_EQ(o.tracking_valid, true);
  EXPECT_EQ(o.deliver_by, T("2026-03-09T22:59:59Z"));
  EXPECT_EQ(o.delivered_at, T("2026-03-06T12:00:00Z"));
  EXPECT_FALSE(o.cancelled_at.has_value());
  EXPECT_FALSE(o.cancel_initiator.has_value());
  // Only mapped fields are stored: not the customer's name or e-mail.
  EXPECT_EQ(e->payload.find("erika"), std::string::npos) << e->payload;
  EXPECT_EQ(
      e->payload,
      R"({"type":"order","account":"shop","id":"SO-1001","purchased_at":"2026-03-02T08:15:00Z",)"
      R"("status":"delivered","fulfillment":"merchant","ship_by":"2026-03-04T17:00:00Z",)"
      R"("shipped_at":"2026-03-03T10:00:00Z","tracking_valid":true,)"
      R"("deliver_by":"2026-03-09T22:59:59Z","delivered_at":"2026-03-06T12:00:00Z",)"
      R"("cancelled_at":null,"cancel_initiator":null,"updated_at":"2026-03-06T12:05:00Z"})");
}

TEST(RecordMapper, CancelledOrderNumericIdAndNullsAsAbsent) {
  Settings s = SettingsFrom(kKontor);
  auto e = MapOne(s, kCancelled);
  ASSERT_TRUE(e) << e.error().message;
  const auto& o = std::get<core::Order>(e->event);
  EXPECT_EQ(o.id, "1003");  // a number is taken as its decimal text
  EXPECT_EQ(o.status, core::OrderStatus::kCancelled);
  EXPECT_EQ(o.cancelled_at, T("2026-03-10T15:00:00Z"));
  EXPECT_EQ(o.cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(o.updated_at, T("2026-03-10T15:01:00Z"));  // unix seconds as a string
  EXPECT_FALSE(o.ship_by.has_value());
  EXPECT_FALSE(o.tracking_valid.has_value());
  EXPECT_TRUE(o.seller_cancelled() == false);
}

TEST(RecordMapper, ValueMapsCatchAllAndUnknownValues) {
  Settings s = SettingsFrom(kKontor);
  json::value r = json::parse(kCancelled);
  r.as_object()["cancellation"].as_object()["by"] = "payment provider";
  auto e = RecordMapper(s, "shop").Map(r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(std::get<core::Order>(e->event).cancel_initiator, core::CancelInitiator::kUnknown);

  r.as_object()["state"] = "returned";  // status has no "*"
  auto bad = RecordMapper(s, "shop").Map(r);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "field 'status' (/state): \"returned\" is not in its 'values' ('delivered', 'open', "
            "'picking', 'sent', 'storno'); add it, or \"*\" for any other");
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kData);

  r.as_object()["state"] = json::array{1};
  EXPECT_EQ(RecordMapper(s, "shop").Map(r).error().message,
            "field 'status' (/state): expected a value to look up in 'values', got [1]");
}

TEST(RecordMapper, RequiredFieldMissingOrNullNamesFieldAndPointer) {
  Settings s = SettingsFrom(kKontor);
  json::value r = json::parse(kShipped);
  r.as_object().erase("created");
  EXPECT_EQ(RecordMapper(s, "shop").Map(r).error().message,
            "field 'purchased_at': nothing at /created (required for order events)");
  r.as_object()["created"] = nullptr;
  EXPECT_EQ(RecordMapper(s, "shop").Map(r).error().message,
            "field 'purchased_at': null at /created (required for order events)");
  r.as_object()["created"] = "gestern";
  EXPECT_EQ(RecordMapper(s, "shop").Map(r).error().message,
            "field 'purchased_at' (/created): expected a time like '%d.%m.%Y %H:%M', got "
            "\"gestern\"");
  r = json::parse(kShipped);
  r.as_object()["shipping"].as_object()["shippedAt"] = "yesterday";
  EXPECT_EQ(RecordMapper(s, "shop").Map(r).error().message,
            "field 'shipped_at' (/shipping/shippedAt): expected unix milliseconds (a number), got "
            "\"yesterday\"");
}

TEST(RecordMapper, ConstantsDefaultsAndPassThroughEnums) {
  Settings s = SettingsFrom(
      "        url: https://erp.example.com/orders\n"
      "        fields:\n"
      "          id: /n\n"
      "          purchased_at: /t\n"
      "          status: {pointer: /s, default: pending}\n"
      "          fulfillment: {value: merchant}\n"
      "          tracking_valid: /tv\n");
  auto e = MapOne(s, R"({"n": "A-1", "t": "2026-11-01T10:00:00Z", "s": "shipped", "tv": false})");
  ASSERT_TRUE(e) << e.error().message;
  const auto& o = std::get<core::Order>(e->event);
  EXPECT_EQ(o.status, core::OrderStatus::kShipped);  // already a normalized value
  EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(o.tracking_valid, false);
  // No updated_at mapped: the latest time the record carries (as for JSONL imports).
  EXPECT_EQ(o.updated_at, T("2026-11-01T10:00:00Z"));

  auto d = MapOne(s, R"({"n": "A-2", "t": "2026-11-01T10:00:00Z"})");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(std::get<core::Order>(d->event).status, core::OrderStatus::kPending);  // default

  EXPECT_EQ(
      MapOne(s, R"({"n": "A-3", "t": "2026-11-01T10:00:00Z", "s": "Shipped"})").error().message,
      "field 'status' (/s): \"Shipped\" is not one of pending, unshipped, shipped, delivered "
      "or cancelled; translate the API's values with 'values:'");
  EXPECT_EQ(MapOne(s, R"({"n": "A-4", "t": "2026-11-01T10:00:00Z", "tv": "yes"})").error().message,
            "field 'tracking_valid' (/tv): expected true or false, got \"yes\"; translate other "
            "values with 'values:'");
  EXPECT_EQ(MapOne(s, R"({"n": {"x": 1}, "t": "2026-11-01T10:00:00Z"})").error().message,
            "field 'id' (/n): expected a string or an integer, got {\"x\":1}");
  // An empty id is refused by the normalized-event rules.
  EXPECT_EQ(MapOne(s, R"({"n": "", "t": "2026-11-01T10:00:00Z"})").error().message,
            "field 'id': expected a non-empty string");
}

TEST(RecordMapper, ValueMapKeysAreTheTextOfNumbersAndBooleans) {
  Settings s = SettingsFrom(
      "        url: https://erp.example.com/orders\n"
      "        fields:\n"
      "          id: /n\n"
      "          purchased_at: /t\n"
      "          status: {pointer: /s, values: {1: pending, 2: shipped, 2.5: delivered}}\n"
      "          fulfillment: {pointer: /own, values: {true: merchant, false: platform}}\n");
  auto order = [&](std::string_view s_value, std::string_view own) {
    auto e = MapOne(s, std::string(R"({"n": "A", "t": "2026-11-01T10:00:00Z", "s": )") +
                           std::string(s_value) + R"(, "own": )" + std::string(own) + "}");
    EXPECT_TRUE(e) << e.error().message;
    return e ? std::get<core::Order>(e->event) : core::Order{};
  };
  EXPECT_EQ(order("1", "true").status, core::OrderStatus::kPending);
  EXPECT_EQ(order("\"2\"", "true").status, core::OrderStatus::kShipped);
  EXPECT_EQ(order("2.5", "true").status, core::OrderStatus::kDelivered);
  EXPECT_EQ(order("1", "true").fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(order("1", "false").fulfillment, core::Fulfillment::kPlatform);
}

TEST(RecordMapper, FeedbackRatingsInTheFormsShopsWriteThem) {
  Settings s = SettingsFrom(
      "        url: https://erp.example.com/reviews\n"
      "        event_type: feedback\n"
      "        fields:\n"
      "          id: /review/id\n"
      "          order_id: /order\n"
      "          rating: /stars\n"
      "          received_at: {pointer: /at, format: unix}\n"
      "          comment: /text\n"
      "          removed: {pointer: /visibility, values: {hidden: true, public: false}}\n");
  for (std::string_view stars : {"2", "\"2\"", "2.0"}) {
    auto e = MapOne(s, std::string(R"({"review": {"id": 77}, "order": "SO-1", "stars": )") +
                           std::string(stars) +
                           R"(, "at": 1793527200, "text": "late <b>", "visibility": "hidden"})");
    ASSERT_TRUE(e) << stars << ": " << e.error().message;
    const auto& f = std::get<core::Feedback>(e->event);
    EXPECT_EQ(f.id, "77");
    EXPECT_EQ(f.order_id, "SO-1");
    EXPECT_EQ(f.rating, 2);
    EXPECT_EQ(f.received_at, T("2026-11-01T10:00:00Z"));
    EXPECT_EQ(f.updated_at, f.received_at);
    EXPECT_EQ(f.comment, "late <b>");
    EXPECT_TRUE(f.removed);
    EXPECT_FALSE(f.negative());
  }
  for (std::string_view stars : {"0", "6", "\"five\"", "4.5"}) {
    auto e = MapOne(s, std::string(R"({"review": {"id": 1}, "stars": )") + std::string(stars) +
                           R"(, "at": 1793527200})");
    ASSERT_FALSE(e) << stars;
    EXPECT_EQ(e.error().message,
              "field 'rating' (/stars): expected a rating from 1 to 5, got " + std::string(stars));
  }
}

TEST(RecordMapper, ClaimsAndMessages) {
  Settings claims = SettingsFrom(
      "        url: https://erp.example.com/returns\n"
      "        event_type: claim\n"
      "        fields:\n"
      "          id: /rma\n"
      "          order_id: /order\n"
      "          kind: {value: return}\n"
      "          opened_at: /opened\n"
      "          status: {pointer: /state, values: {OPEN: open, DONE: closed}}\n");
  auto c = MapOne(claims, R"({"rma": "R-9", "order": "SO-1", "opened": "2026-11-01T10:00:00Z",
                              "state": "DONE"})");
  ASSERT_TRUE(c) << c.error().message;
  const auto& claim = std::get<core::Claim>(c->event);
  EXPECT_EQ(claim.kind, core::ClaimKind::kReturn);
  EXPECT_EQ(claim.status, "closed");
  EXPECT_EQ(claim.opened_at, T("2026-11-01T10:00:00Z"));

  Settings messages = SettingsFrom(
      "        url: https://erp.example.com/inbox\n"
      "        event_type: message\n"
      "        fields:\n"
      "          id: /id\n"
      "          thread: /ticket\n"
      "          received_at: /in\n"
      "          replied_at: /out\n");
  auto m = MapOne(messages, R"({"id": "m-1", "ticket": 55, "in": "2026-11-01T10:00:00Z",
                                "out": "2026-11-01T12:00:00Z"})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(std::get<core::Message>(m->event).thread, "55");
  EXPECT_EQ(std::get<core::Message>(m->event).replied_at, T("2026-11-01T12:00:00Z"));
  // The normalized-event rules apply to mapped records too.
  auto early = MapOne(messages, R"({"id": "m-2", "in": "2026-11-01T10:00:00Z",
                                    "out": "2026-11-01T09:00:00Z"})");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().message, "field 'replied_at': is before received_at");
}

// ------------------------------------------------------------------------------------ pages

TEST(PageMapper, RecordsAndNextFromTheirPointers) {
  Settings s = SettingsFrom(kKontor);
  RecordMapper mapper(s, "shop");
  std::string body = std::string(R"({"data": {"orders": [)") + kShipped + "," + kCancelled +
                     R"(]}, "meta": {"next_cursor": "cur_3"}})";
  auto page = MapPage(body, s.items, s.next, mapper);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->records, 2u);
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(core::IdOf(page->events[1].event), "1003");
  EXPECT_EQ(page->next, "cur_3");

  for (std::string_view last : {"null", "\"\"", "false"}) {
    auto p =
        MapPage(R"({"data": {"orders": []}, "meta": {"next_cursor": )" + std::string(last) + "}}",
                s.items, s.next, mapper);
    ASSERT_TRUE(p) << last;
    EXPECT_FALSE(p->next.has_value()) << last;
  }
  auto absent = MapPage(R"({"data": {"orders": []}})", s.items, s.next, mapper);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->next.has_value());
  auto number =
      MapPage(R"({"data": {"orders": []}, "meta": {"next_cursor": 42}})", s.items, s.next, mapper);
  EXPECT_EQ(number->next, "42");
  auto object =
      MapPage(R"({"data": {"orders": []}, "meta": {"next_cursor": {}}})", s.items, s.next, mapper);
  EXPECT_EQ(object.error().message,
            "next (/meta/next_cursor): expected a URL or a token, got an object");
}

TEST(PageMapper, ItemsNullIsEmptyAbsentOrWrongIsAnError) {
  Settings s = SettingsFrom(kKontor);
  RecordMapper mapper(s, "shop");
  auto null_items = MapPage(R"({"data": {"orders": null}})", s.items, s.next, mapper);
  ASSERT_TRUE(null_items);
  EXPECT_EQ(null_items->records, 0u);
  EXPECT_EQ(MapPage(R"({"data": {"order": []}})", s.items, s.next, mapper).error().message,
            "items: nothing at /data/orders in the answer (its top-level keys: data)");
  EXPECT_EQ(MapPage(R"({"data": {"orders": {}}})", s.items, s.next, mapper).error().message,
            "items: expected a list at /data/orders, got an object");
  EXPECT_EQ(MapPage(R"({"data": {"orders": ["SO-1"]}})", s.items, s.next, mapper).error().message,
            "record /data/orders/0: expected an object, got a string");
  auto broken = MapPage(R"({"data": {"orders": [)", s.items, s.next, mapper);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message,
            "malformed JSON: incomplete JSON (the answer ends after 21 bytes: cut short?)");
  auto garbage = MapPage(R"({"data": x})", s.items, s.next, mapper);
  ASSERT_FALSE(garbage);
  EXPECT_TRUE(garbage.error().message.starts_with("malformed JSON at byte 10 of 11: "))
      << garbage.error().message;
}

TEST(PageMapper, ABadRecordFailsThePageNamingItsPlaceAndId) {
  Settings s = SettingsFrom(kKontor);
  RecordMapper mapper(s, "shop");
  json::value bad = json::parse(kShipped);
  bad.as_object()["orderNo"] = "SO-1002";
  bad.as_object().erase("created");
  std::string body =
      std::string(R"({"data": {"orders": [)") + kShipped + "," + json::serialize(bad) + "]}}";
  auto page = MapPage(body, s.items, s.next, mapper);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().message,
            "record /data/orders/1 (id 'SO-1002'): field 'purchased_at': nothing at /created "
            "(required for order events)");
}

TEST(PageMapper, AByteOrderMarkIsSkipped) {
  Settings s = SettingsFrom(kKontor);
  RecordMapper mapper(s, "shop");
  auto page = MapPage("\xEF\xBB\xBF{\"data\": {\"orders\": []}}", s.items, s.next, mapper);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->records, 0u);
}

TEST(PageMapper, TheDocumentItselfCanBeTheList) {
  Settings s = SettingsFrom(
      "        url: https://erp.example.com/orders\n"
      "        items: \"\"\n"
      "        fields: {id: /n, purchased_at: /t, status: {value: pending},\n"
      "                 fulfillment: {value: merchant}}\n");
  RecordMapper mapper(s, "shop");
  auto page = MapPage(R"([{"n": "a", "t": "2026-11-01T10:00:00Z"}])", s.items, s.next, mapper);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->records, 1u);
  EXPECT_FALSE(page->next.has_value());
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
