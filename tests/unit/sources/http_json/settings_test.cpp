// check-config for http-json sources: every mistake is one error at FILE:LINE:COL with what is
// wrong, and the good configs read into the settings the source runs on.

#include "sources/http_json/settings.hpp"

#include <gtest/gtest.h>

#include "unit/sources/http_json/http_json_test_config.hpp"

namespace sellerwatch::sources::http_json {
namespace {

using test_config::ConfigText;
using test_config::Load;
using test_config::SettingsFrom;
using namespace std::chrono_literals;

const std::string kUrl = "        url: https://erp.example.com/api/orders?since={since}\n";
const std::string kFields =
    "        fields:\n"
    "          id: /orderNo\n"
    "          purchased_at: /created\n"
    "          updated_at: /modified\n"
    "          status: /state\n"
    "          fulfillment: {value: merchant}\n";

// "LINE:COL" of the first occurrence of `marker` in `text`.
std::string PositionOf(const std::string& text, const std::string& marker) {
  auto pos = text.find(marker);
  EXPECT_NE(pos, std::string::npos) << marker;
  if (pos == std::string::npos) return "?";
  auto line_start = text.rfind('\n', pos);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  std::size_t line =
      1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
  return std::to_string(line) + ":" + std::to_string(pos - line_start + 1);
}

struct Case {
  std::string name;
  std::string source;   // the source's keys after `type: http-json`
  std::string at;       // where the error must point: the first occurrence of this text
  std::string message;  // what it must start with (after "erp.yaml:LINE:COL: ")
};

TEST(HttpJsonConfig, EachMistakeIsOneErrorAtItsPlace) {
  const std::string p = "accounts[0].sources[0].";
  const std::vector<Case> cases = {
      {"pointer without a slash",
       kUrl + "        fields: {id: /orderNo, purchased_at: created,\n"
              "                 status: /s, fulfillment: /f}\n",
       "created,",
       p + "fields.purchased_at: invalid JSON pointer 'created': must be empty (the "
           "whole document) or start with '/'"},
      {"bad escape in items", kUrl + "        items: /data/~2\n" + kFields, "/data/~2",
       p + "items: invalid JSON pointer '/data/~2': '~' must be followed by 0 (for '~') or 1 "
           "(for '/') (RFC 6901)"},
      {"bad next pointer", kUrl + "        next: links.next\n" + kFields, "links.next",
       p + "next: invalid JSON pointer 'links.next'"},
      {"misspelt field", kUrl + kFields + "          stauts_x: /x\n", "stauts_x",
       p + "fields: unknown field 'stauts_x' for order events; fields: id, "
           "purchased_at, status, fulfillment, ship_by, shipped_at, tracking_valid, "
           "deliver_by, delivered_at, cancelled_at, cancel_initiator, cancel_reason, updated_at"},
      {"typo with a suggestion", kUrl + kFields + "          shiped_at: /y\n", "shiped_at",
       p + "fields: unknown field 'shiped_at' for order events; did you mean 'shipped_at'?"},
      {"a field of another event type", kUrl + kFields + "          rating: /stars\n", "rating",
       p + "fields: unknown field 'rating' for order events (feedback events have it: is "
           "event_type right?)"},
      {"account is not a field", kUrl + kFields + "          account: /shop\n", "account: /shop",
       p + "fields: 'account' is not mapped: it comes from the config (the account's id)"},
      {"missing required fields",
       kUrl + "        fields:\n          id: /orderNo\n          purchased_at: /created\n",
       "id: /orderNo",
       p + "fields: order events need these fields mapped (missing: status, "
           "fulfillment)"},
      {"missing one required feedback field",
       kUrl + "        event_type: feedback\n        fields: {id: /id, rating: /stars}\n",
       "{id: /id", p + "fields: feedback events need this field mapped (missing: received_at)"},
      {"no fields at all", kUrl, "type: http-json",
       "accounts[0].sources[0]: missing required key 'fields'"},
      {"pattern without a date",
       kUrl + kFields + "          ship_by: {pointer: /due, format: \"%H:%M\"}\n", "\"%H:%M\"",
       p + "fields.ship_by.format: invalid time format '%H:%M': the pattern cannot read back a "
           "date it writes"},
      {"unknown format name", kUrl + kFields + "          ship_by: {pointer: /due, format: iso}\n",
       "iso}",
       p + "fields.ship_by.format: invalid time format 'iso': expected rfc3339, unix, "
           "unix_ms, auto or a pattern"},
      {"unknown key in a field",
       kUrl + kFields + "          ship_by: {pointer: /due, fromat: unix}\n", "fromat",
       "unknown key 'fromat'; did you mean 'format'?"},
      {"timezone without a pattern",
       kUrl + kFields + "          ship_by: {pointer: /due, timezone: Europe/Berlin}\n",
       "Europe/Berlin}",
       p + "fields.ship_by.timezone: 'timezone' applies to a format pattern "
           "without %z"},
      {"unknown time zone",
       kUrl + kFields +
           "          ship_by: {pointer: /due, format: \"%F %T\", timezone: Europe/Berln}\n",
       "Europe/Berln",
       p + "fields.ship_by.timezone: unknown time zone 'Europe/Berln'; did you "
           "mean 'Europe/Berlin'?"},
      {"format on a text field",
       kUrl + kFields + "          cancel_initiator: {pointer: /c, format: unix}\n", "unix}",
       p + "fields.cancel_initiator.format: 'format' applies to time fields only"},
      {"misspelt normalized value",
       kUrl + "        fields:\n          id: /orderNo\n          purchased_at: /created\n"
              "          status: {pointer: /state, values: {sent: shiped}}\n"
              "          fulfillment: {value: merchant}\n",
       "shiped}",
       p + "fields.status.values.sent: invalid status 'shiped': expected pending, "
           "unshipped, shipped, delivered or cancelled; did you mean 'shipped'?"},
      {"bad boolean value",
       kUrl + kFields + "          tracking_valid: {pointer: /t, values: {ok: yes}}\n", "yes}",
       p + "fields.tracking_valid.values.ok: invalid tracking_valid 'yes': expected true or false"},
      {"pointer and value",
       kUrl + kFields + "          cancel_initiator: {pointer: /c, value: seller}\n",
       "{pointer: /c, value",
       p + "fields.cancel_initiator: takes either 'pointer' (read from the "
           "record) or 'value' (a constant), not both"},
      {"neither pointer nor value",
       kUrl + kFields + "          cancel_initiator: {default: seller}\n", "{default",
       p + "fields.cancel_initiator: needs 'pointer' (where in the record) or 'value'"},
      {"constant id",
       kUrl + "        fields: {id: {value: x}, purchased_at: /c, status: /s, fulfillment: /f}\n",
       "x}", p + "fields.id.value: every record needs its own id: use 'pointer'"},
      {"time with a constant",
       kUrl + kFields + "          ship_by: {value: \"2026-11-01T00:00:00Z\"}\n",
       "\"2026-11-01T00:00:00Z\"",
       p + "fields.ship_by.value: a time field is read from the record: use 'pointer'"},
      {"field without a pointer", kUrl + kFields + "          ship_by:\n", "ship_by:",
       p + "fields.ship_by: expected a JSON pointer like /created or a mapping like {pointer: "
           "/created, ...}, got nothing"},
      {"unknown placeholder", "        url: https://erp.example.com/api?since={sinse}\n" + kFields,
       "https://erp", p + "url: unknown placeholder '{sinse}'; did you mean 'since'?"},
      {"not http", "        url: ftp://erp.example.com/api?key=${ERP_TOKEN}\n" + kFields, "ftp://",
       p + "url: invalid URL '<redacted>'"},
      {"event type typo", kUrl + "        event_type: feedbak\n" + kFields, "feedbak",
       p + "event_type: unknown event type 'feedbak'; did you mean 'feedback'?"},
      {"event type typo", kUrl + "        event_type: orders\n" + kFields, "orders\n",
       p + "event_type: unknown event type 'orders'; did you mean 'order'?"},
      {"next_param without next", kUrl + "        next_param: cursor\n" + kFields, "cursor\n",
       p + "next_param: next_param says where the token found at 'next' goes, but there is no "
           "'next'"},
      {"two paging modes",
       "        url: https://erp.example.com/api?page={page}\n        next: /links/next\n" +
           kFields,
       "/links/next", p + "next: 'next' and {page}/{offset} in url are two paging modes: use one"},
      {"page and offset",
       "        url: https://erp.example.com/api?page={page}&o={offset}\n" + kFields, "https://erp",
       p + "url: {page} and {offset} are two paging modes: use one"},
      {"header with a line break",
       kUrl + "        headers: {X-Key: \"abc\\r\\nX-Evil: 1\"}\n" + kFields, "\"abc",
       p + "headers.X-Key: a header value must not contain a line break"},
      {"bad header name", kUrl + "        headers: {\"X Key\": abc}\n" + kFields, "\"X Key\"",
       p + "headers: invalid header name 'X Key'"},
      {"max_pages 0", kUrl + "        max_pages: 0\n" + kFields, "0\n",
       p + "max_pages: must be between 1 and 100000"},
      {"bad since_format", kUrl + "        since_format: epoch\n" + kFields, "epoch",
       p + "since_format: invalid time format 'epoch'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = ConfigText(c.source);
    auto r = Load(c.source);
    EXPECT_FALSE(r.ok());
    std::vector<std::string> errors;
    for (const auto& d : r.diagnostics)
      if (!d.warning) errors.push_back(d.Format());
    std::string all;
    for (const auto& e : errors) all += "\n  " + e;
    ASSERT_EQ(errors.size(), 1u) << all;
    std::string expected = "erp.yaml:" + PositionOf(text, c.at) + ": " + c.message;
    EXPECT_TRUE(errors[0].starts_with(expected)) << "expected: " << expected << "\nactual:" << all;
    EXPECT_EQ(all.find("s3cr3t"), std::string::npos) << all;
  }
}

TEST(HttpJsonConfig, WarningsForKeysThatDoNothing) {
  auto r = Load(
      "        url: https://erp.example.com/api/orders\n"
      "        since_format: unix\n        first_page: 0\n" +
      kFields);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> warnings;
  for (const auto& d : r.diagnostics) warnings.push_back(d.Format());
  ASSERT_EQ(warnings.size(), 2u);
  std::string all = warnings[0] + "\n" + warnings[1];
  EXPECT_NE(
      all.find(
          "erp.yaml:7:23: warning: accounts[0].sources[0].since_format: has no effect: url has "
          "no {since}"),
      std::string::npos)
      << all;
  EXPECT_NE(
      all.find("erp.yaml:8:21: warning: accounts[0].sources[0].first_page: has no effect: url has "
               "no {page}"),
      std::string::npos)
      << all;

  auto no_updated = Load(kUrl +
                         "        fields: {id: /n, purchased_at: /c, status: /s, "
                         "fulfillment: /f}\n");
  ASSERT_TRUE(no_updated.ok());
  ASSERT_EQ(no_updated.diagnostics.size(), 1u);
  EXPECT_TRUE(no_updated.diagnostics[0].warning);
  EXPECT_NE(no_updated.diagnostics[0].message.find("updated_at is not mapped"), std::string::npos);
}

TEST(HttpJsonConfig, GoodConfigReadsIntoSettings) {
  Settings s = SettingsFrom(
      "        url: https://erp.example.com/api/orders?since={since}&key=${ERP_KEY}\n"
      "        headers: {Authorization: \"${ERP_TOKEN}\", X-Tenant: acme}\n"
      "        event_type: order\n"
      "        items: /data/orders\n"
      "        next: /meta/next\n"
      "        next_param: cursor\n"
      "        timezone: Europe/Berlin\n"
      "        since_format: \"%Y-%m-%d %H:%M:%S\"\n"
      "        overlap: 10m\n"
      "        backfill: 30d\n"
      "        max_pages: 20\n"
      "        poll: 2m\n" +
      std::string("        fields:\n"
                  "          id: /orderNo\n"
                  "          purchased_at: {pointer: /created, format: \"%d.%m.%Y %H:%M\"}\n"
                  "          updated_at: {pointer: /modified, format: unix}\n"
                  "          status: {pointer: /state, values: {sent: shipped, \"*\": pending}}\n"
                  "          fulfillment: {value: merchant}\n"
                  "          ship_by: {pointer: /due, format: \"%F %T\", timezone: UTC}\n"));
  EXPECT_EQ(s.url.Reveal(),
            "https://erp.example.com/api/orders?since={since}&key=k3y-s3cr3t-value");
  EXPECT_EQ(s.headers.at("Authorization").Reveal(), "Bearer s3cr3t-token-value");
  EXPECT_EQ(s.headers.at("X-Tenant").Reveal(), "acme");
  EXPECT_EQ(s.items.text(), "/data/orders");
  EXPECT_EQ(s.next->text(), "/meta/next");
  EXPECT_EQ(s.next_param, "cursor");
  EXPECT_EQ(s.timezone, "Europe/Berlin");
  EXPECT_EQ(s.since_format.kind, TimeFormat::Kind::kPattern);
  EXPECT_EQ(s.since_format.timezone, "Europe/Berlin");
  EXPECT_EQ(s.overlap, 10min);
  EXPECT_EQ(s.backfill, 30 * core::kDay);
  EXPECT_EQ(s.max_pages, 20);
  EXPECT_EQ(s.poll, 2min);
  EXPECT_EQ(s.fields.size(), 6u);
  EXPECT_EQ(s.fields.at("purchased_at").format.timezone, "Europe/Berlin");  // the source's zone
  EXPECT_EQ(s.fields.at("ship_by").format.timezone, "UTC");                 // its own
  EXPECT_EQ(s.fields.at("updated_at").format.kind, TimeFormat::Kind::kUnix);
  EXPECT_EQ(s.fields.at("status").values.at("*"), "pending");
  EXPECT_EQ(s.fields.at("fulfillment").constant, "merchant");
  EXPECT_FALSE(s.fields.at("id").pointer->empty());
}

TEST(HttpJsonConfig, DefaultsAndEquality) {
  Settings a = SettingsFrom(kUrl + kFields);
  EXPECT_EQ(a.event_type, core::EventType::kOrder);
  EXPECT_TRUE(a.items.empty());
  EXPECT_FALSE(a.next.has_value());
  EXPECT_EQ(a.overlap, 5min);
  EXPECT_EQ(a.backfill, 60 * core::kDay);
  EXPECT_EQ(a.max_pages, 100);
  EXPECT_EQ(a.first_page, 1);
  EXPECT_EQ(a.poll, 5min);
  EXPECT_EQ(a.since_format.kind, TimeFormat::Kind::kRfc3339);
  // A reload keeps the running source only when nothing changed.
  EXPECT_TRUE(a.Equals(SettingsFrom(kUrl + kFields)));
  EXPECT_FALSE(a.Equals(SettingsFrom(kUrl + kFields + "          ship_by: /due\n")));
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
