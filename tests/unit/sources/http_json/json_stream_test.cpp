// The http-json stream against the fake ERP: every paging style, the cursor, and each fault
// turned into an error that names the page and keeps secrets out.

#include "sources/http_json/json_stream.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "fakes/json_api_server.hpp"
#include "fakes/run_awaitable.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "unit/sources/http_json/http_json_test_config.hpp"

namespace sellerwatch::sources::http_json {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using sellerwatch::testing::HttpTestServer;
using sellerwatch::testing::JsonApiServer;
using sellerwatch::testing::ScriptedResponse;
using Fault = JsonApiServer::Fault;

std::string Fields() {
  return "        fields:\n"
         "          id: /orderNo\n"
         "          purchased_at: {pointer: /created, format: \"%d.%m.%Y %H:%M\"}\n"
         "          updated_at: {pointer: /modified, format: unix}\n"
         "          status: {pointer: /state, values: {open: unshipped, picking: unshipped,\n"
         "                   sent: shipped, delivered: delivered, storno: cancelled}}\n"
         "          fulfillment: {pointer: /channel/type, values: {own: merchant,\n"
         "                        marketplace: platform}}\n";
}

std::map<std::string, std::string> QueryOf(const std::string& target) {
  std::map<std::string, std::string> out;
  auto q = target.find('?');
  if (q == std::string::npos) return out;
  std::string rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    out[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
    rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
  }
  return out;
}

class JsonStreamTest : public ::testing::Test {
 protected:
  // The source's keys for one of the fake's paging styles.
  std::string ByCursor(const std::string& extra = "") {
    return "        url: " + server_.Url("/api/v1/orders") +
           "?changedSince={since}&key=" + std::string(JsonApiServer::kUrlKey) +
           "\n"
           "        headers: {Authorization: \"Bearer " +
           std::string(JsonApiServer::kToken) +
           "\"}\n"
           "        since_format: unix\n"
           "        timezone: Europe/Berlin\n"
           "        items: /data/orders\n"
           "        next: /meta/next_cursor\n"
           "        next_param: cursor\n" +
           extra + Fields();
  }
  std::string ByLink() {
    return "        url: " + server_.Url("/api/v1/orders-by-link") +
           "?changedSince={since}&key=" + std::string(JsonApiServer::kUrlKey) +
           "\n"
           "        headers: {Authorization: \"Bearer " +
           std::string(JsonApiServer::kToken) +
           "\"}\n"
           "        since_format: unix\n"
           "        timezone: Europe/Berlin\n"
           "        items: /orders\n"
           "        next: /links/next\n" +
           Fields();
  }
  std::string ByNumber(const std::string& placeholder) {
    return "        url: " + server_.Url("/api/v1/orders-by-page") +
           "?changedSince={since}&key=" + std::string(JsonApiServer::kUrlKey) + "&" + placeholder +
           "\n"
           "        headers: {Authorization: \"Bearer " +
           std::string(JsonApiServer::kToken) +
           "\"}\n"
           "        since_format: unix\n"
           "        timezone: Europe/Berlin\n"
           "        items: /orders\n" +
           Fields();
  }

  core::Result<SourceBatch> Poll(const std::string& source_yaml,
                                 std::optional<std::string> cursor = {},
                                 core::Duration timeout = 5s) {
    Settings s = test_config::SettingsFrom(source_yaml);
    auto url = UrlTemplate::Parse(s.url.Reveal());
    EXPECT_TRUE(url);
    auto client = std::make_shared<JsonApiClient>(http_, s, timeout, "", true);
    JsonStream stream("shop", s, *url, client);
    return sellerwatch::testing::RunAwaitable(io_, stream.Poll(std::move(cursor), now_));
  }

  void ExpectNoSecret(const std::string& text) {
    EXPECT_EQ(text.find(JsonApiServer::kToken), std::string::npos) << text;
    EXPECT_EQ(text.find(JsonApiServer::kUrlKey), std::string::npos) << text;
  }

  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  JsonApiServer server_;
  asio::io_context io_;
  net::CurlMulti multi_{io_};
  net::HttpClient http_{multi_};
};

TEST_F(JsonStreamTest, CursorPagingReadsEveryPageWithTheHeadersAndMovesTheCursor) {
  auto batch = Poll(ByCursor());
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->events.size(), 8u);
  EXPECT_EQ(core::IdOf(batch->events[0].event), "SO-1001");
  EXPECT_EQ(core::IdOf(batch->events[7].event), "SO-1008");
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(server_.Shift("2026-03-17T09:30:00Z")));
  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 3u);
  const auto since = std::chrono::floor<std::chrono::seconds>(now_ - 60 * core::kDay);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto q = QueryOf(requests[i].target);
    EXPECT_EQ(q["changedSince"], std::to_string(since.time_since_epoch().count()));
    EXPECT_EQ(q["key"], JsonApiServer::kUrlKey);
    EXPECT_EQ(requests[i].Header("authorization"), "Bearer " + std::string(JsonApiServer::kToken));
    EXPECT_EQ(requests[i].Header("accept"), "application/json");
  }
  EXPECT_FALSE(QueryOf(requests[0].target).contains("cursor"));
  EXPECT_EQ(QueryOf(requests[1].target)["cursor"], "cur_3_k9");
  EXPECT_EQ(QueryOf(requests[2].target)["cursor"], "cur_6_k9");
}

TEST_F(JsonStreamTest, TheNextPollAsksFromTheCursorMinusOverlap) {
  std::string cursor = core::FormatRfc3339(server_.Shift("2026-03-17T09:30:00Z"));
  auto batch = Poll(ByCursor("        overlap: 2h\n"), cursor);
  ASSERT_TRUE(batch) << batch.error().message;
  auto q = QueryOf(server_.Requests().at(0).target);
  auto expected = server_.Shift("2026-03-17T07:30:00Z");
  EXPECT_EQ(q["changedSince"], std::to_string(core::ToUnixMillis(expected) / 1000));
  ASSERT_EQ(batch->events.size(), 2u);  // SO-1007 (08:00) and SO-1008 (09:30)
  EXPECT_EQ(batch->cursor, cursor);
}

TEST_F(JsonStreamTest, NoNewRecordsKeepsTheCursorWhereItWas) {
  std::string cursor = core::FormatRfc3339(now_ - 1min);
  auto batch = Poll(ByCursor(), cursor);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->events.empty());
  EXPECT_EQ(batch->cursor, cursor);
}

TEST_F(JsonStreamTest, LinkPagingFollowsRelativeLinks) {
  auto batch = Poll(ByLink());
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->events.size(), 8u);
  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(QueryOf(requests[2].target)["page"], "3");
}

TEST_F(JsonStreamTest, PageAndOffsetPagingStopAtTheFirstEmptyPage) {
  auto by_page = Poll(ByNumber("page={page}"));
  ASSERT_TRUE(by_page) << by_page.error().message;
  EXPECT_EQ(by_page->events.size(), 8u);
  ASSERT_EQ(server_.RequestCount(), 4u);  // the 4th is empty
  EXPECT_EQ(QueryOf(server_.Requests()[3].target)["page"], "4");

  auto by_offset = Poll(ByNumber("offset={offset}"));
  ASSERT_TRUE(by_offset) << by_offset.error().message;
  EXPECT_EQ(by_offset->events.size(), 8u);
  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 8u);
  EXPECT_EQ(QueryOf(requests[4].target)["offset"], "0");
  EXPECT_EQ(QueryOf(requests[5].target)["offset"], "3");
  EXPECT_EQ(QueryOf(requests[7].target)["offset"], "8");
}

TEST_F(JsonStreamTest, ARepeatedNextIsAnErrorNotALoop) {
  server_.Inject(Fault::kRepeatNext, 1, 2);
  auto cursor_mode = Poll(ByCursor());
  ASSERT_FALSE(cursor_mode);
  EXPECT_EQ(cursor_mode.error().kind, core::ErrorKind::kData);
  EXPECT_NE(cursor_mode.error().message.find(
                "page 2 (GET " + server_.Url("/").substr(0, server_.Url("/").size() - 1) +
                "/…): next (/meta/next_cursor) leads to a page this poll already read"),
            std::string::npos)
      << cursor_mode.error().message;
  EXPECT_NE(cursor_mode.error().message.find("nothing of this poll was stored"), std::string::npos);
  EXPECT_EQ(server_.RequestCount(), 2u);

  server_.Inject(Fault::kRepeatNext, 1, 2);
  auto link_mode = Poll(ByLink());
  ASSERT_FALSE(link_mode);
  EXPECT_NE(link_mode.error().message.find("leads to a page this poll already read"),
            std::string::npos);
  ExpectNoSecret(link_mode.error().message);
}

TEST_F(JsonStreamTest, MorePagesThanMaxPagesIsAnError) {
  auto batch = Poll(ByCursor("        max_pages: 2\n"));
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().message.find("page 2 (GET "), std::string::npos);
  EXPECT_NE(batch.error().message.find("there are more than max_pages (2) pages"),
            std::string::npos)
      << batch.error().message;
  EXPECT_EQ(server_.RequestCount(), 2u);
}

TEST_F(JsonStreamTest, ABadRecordFailsThePollNamingPageAndRecord) {
  server_.Inject(Fault::kMissingField, 1, 2);
  auto batch = Poll(ByCursor());
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kData);
  std::string host = server_.Url("/");
  host.pop_back();
  EXPECT_EQ(batch.error().message,
            "page 2 (GET " + host +
                "/…): record /data/orders/1 (id 'SO-1005'): field 'purchased_at': nothing at "
                "/created (required for order events); nothing of this poll was stored, the next "
                "poll starts from the same cursor");
}

TEST_F(JsonStreamTest, HttpFaultsBecomeErrorsNamingThePage) {
  struct Case {
    Fault fault;
    core::ErrorKind kind;
    std::string expect;
  };
  for (const auto& c : std::vector<Case>{
           {Fault::k429, core::ErrorKind::kTransient,
            "HTTP 429: too many requests (rate limited; retry after 7s)"},
           {Fault::k500, core::ErrorKind::kTransient, "HTTP 500: database unavailable"},
           {Fault::kTruncated, core::ErrorKind::kTransient, "page 2: GET http://127.0.0.1"},
           {Fault::kMalformedJson, core::ErrorKind::kData, "page 2 (GET http://127.0.0.1"},
       }) {
    server_.Inject(c.fault, 1, 2);
    auto batch = Poll(ByCursor());
    ASSERT_FALSE(batch) << c.expect;
    EXPECT_EQ(batch.error().kind, c.kind) << batch.error().message;
    EXPECT_NE(batch.error().message.find(c.expect), std::string::npos) << batch.error().message;
    EXPECT_NE(batch.error().message.find("page 2"), std::string::npos) << batch.error().message;
    if (c.fault == Fault::k429) {
      EXPECT_EQ(batch.error().retry_after, core::Duration(7s));
    }
    ExpectNoSecret(batch.error().message);
    server_.ClearFaults();
  }
}

TEST_F(JsonStreamTest, A401IsCredentialsRejectedAndItsEchoIsScrubbed) {
  server_.Inject(Fault::kUnauthorized, 1, 1);
  auto batch = Poll(ByCursor());
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().reason, core::ErrorReason::kCredentialsRejected);
  EXPECT_EQ(batch.error().http_status, 401);
  EXPECT_NE(batch.error().message.find("HTTP 401: token <redacted> was revoked (credentials "
                                       "rejected: check the source's headers and any token in "
                                       "its url)"),
            std::string::npos)
      << batch.error().message;
  ExpectNoSecret(batch.error().message);
}

TEST_F(JsonStreamTest, AHangingPageTimesOutNamingThePage) {
  server_.Inject(Fault::kHang, 1, 1);
  auto batch = Poll(ByCursor(), std::nullopt, 1s);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kTransient);
  EXPECT_TRUE(batch.error().message.starts_with("page 1: GET http://127.0.0.1:"))
      << batch.error().message;
  ExpectNoSecret(batch.error().message);
}

class RawServerStreamTest : public JsonStreamTest {
 protected:
  std::string Source(const std::string& url_suffix, const std::string& paging) {
    return "        url: " + raw_.Url("/o") + url_suffix + "\n        items: /orders\n" + paging +
           "        fields: {id: /id, purchased_at: /t, updated_at: /u, status: {value: pending},\n"
           "                 fulfillment: {value: merchant}}\n";
  }
  HttpTestServer raw_;
};

TEST_F(RawServerStreamTest, AnAnswerRepeatingThePreviousPageEndsPaging) {
  // An API that clamps page numbers to its last page (or ignores {page}) must not be read
  // until max_pages.
  raw_.SetHandler([](const auto&) {
    return ScriptedResponse{
        200,
        {},
        R"({"orders":[{"id":"a","t":"2026-11-01T10:00:00Z","u":"2026-11-01T10:00:00Z"}]})"};
  });
  auto batch = Poll(Source("?p={page}", ""));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->events.size(), 1u);
  EXPECT_EQ(raw_.RequestCount(), 2u);
}

TEST_F(RawServerStreamTest, ANextLinkToAnotherHostIsRefused) {
  raw_.SetHandler([](const auto&) {
    return ScriptedResponse{
        200, {}, R"({"orders":[],"next":"https://elsewhere.example.net/o?token=abc"})"};
  });
  auto batch = Poll(Source("", "        next: /next\n"));
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().message.find("next (/next): the next-page link leads to another origin "
                                       "(https://elsewhere.example.net/…)"),
            std::string::npos)
      << batch.error().message;
  EXPECT_EQ(raw_.RequestCount(), 1u);
}

TEST_F(RawServerStreamTest, TheCursorNeverPassesNow) {
  raw_.SetHandler([](const auto&) {
    return ScriptedResponse{200, {}, R"({"orders":[{"id":"a","t":"2026-11-01T10:00:00Z",
                                          "u":"2999-01-01T00:00:00Z"}]})"};
  });
  auto batch = Poll(Source("", ""));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(now_));
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
