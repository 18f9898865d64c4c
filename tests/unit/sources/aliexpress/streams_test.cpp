// The aliexpress streams and their shared client against the fake gateway, in-process: what
// one poll fetches within its budgets, a dispute that leaves the lists, a feedback backlog read
// in parts, one refresh shared by concurrent calls, and a refresh ahead of a known expiry.

#include "sources/aliexpress/streams.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <sstream>

#include "fakes/aliexpress_gateway.hpp"
#include "fakes/fake_data.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/aliexpress/tokens.hpp"
#include "store/cursor_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::AliExpressGateway;
using Fault = AliExpressGateway::Fault;

class AliExpressStreamTest : public ::testing::Test {
 protected:
  AliExpressStreamTest() {
    settings_.endpoint = gateway_.Endpoint();
    settings_.app_key = config::Secret(std::string(AliExpressGateway::kAppKey));
    settings_.app_secret = config::Secret(std::string(AliExpressGateway::kAppSecret));
    settings_.access_token = config::Secret(std::string(AliExpressGateway::kAccessToken));
    settings_.refresh_token = config::Secret(std::string(AliExpressGateway::kRefreshToken));
    log_ = std::make_shared<spdlog::logger>(
        "aliexpress-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text_));
    log_->set_level(spdlog::level::debug);
    client_ = std::make_shared<IopClient>(http_, settings_, 10s, "", true, *db_, log_, "ae/ae");
  }

  core::Result<SourceBatch> Poll(Source& s, std::optional<std::string> cursor = {}) {
    return testing::RunAwaitable(io_, s.Poll(std::move(cursor), now_), 60s);
  }

  template <class T>
  static std::map<std::string, T> Of(const SourceBatch& batch) {
    std::map<std::string, T> out;
    for (const auto& e : batch.events)
      if (auto* v = std::get_if<T>(&e.event)) out[v->id] = *v;
    return out;
  }

  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  AliExpressGateway gateway_;
  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_ = *store::OpenStore(dir_.File("state"));
  Settings settings_;
  std::ostringstream log_text_;
  std::shared_ptr<spdlog::logger> log_;
  asio::io_context io_;
  net::CurlMulti multi_{io_};
  net::HttpClient http_{multi_};
  std::shared_ptr<IopClient> client_;
};

TEST_F(AliExpressStreamTest, ClosedOrderDetailsStayWithinTheBudgetNewestFirst) {
  OrdersStream orders("ae", client_, 1);
  auto batch = Poll(orders);
  ASSERT_TRUE(batch) << batch.error().message;
  auto calls = gateway_.Calls("aliexpress.solution.order.info.get");
  ASSERT_EQ(calls.size(), 1u);
  // Order 9 closed most recently (4 days back).
  EXPECT_EQ(json::parse(calls[0].at("param1")).at("order_id").as_int64(), 8100000000000009);
  EXPECT_NE(log_text_.str().find("3 closed order(s) mapped from the order list alone"),
            std::string::npos)
      << log_text_.str();
  auto mapped = Of<core::Order>(*batch);
  ASSERT_EQ(mapped.size(), 10u);
  // Without its detail, order 6's delivery reads as its last modification.
  EXPECT_EQ(mapped.at("8100000000000006").delivered_at, gateway_.Instant("2026-01-25 16:00:00"));
  EXPECT_EQ(mapped.at("8100000000000010").delivered_at, gateway_.Instant("2026-02-26 10:00:00"));
}

TEST_F(AliExpressStreamTest, ADisputeThatLeavesTheListsIsFetchedByItsId) {
  DisputesStream disputes("ae", client_);
  auto first = Poll(disputes);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(Of<core::Claim>(*first).at("7100000000000001").status, "open");
  gateway_.CloseDisputeUnlisted("7100000000000001");
  auto second = Poll(disputes, first->cursor);
  ASSERT_TRUE(second) << second.error().message;
  auto claims = Of<core::Claim>(*second);
  ASSERT_EQ(claims.count("7100000000000001"), 1u);
  EXPECT_EQ(claims.at("7100000000000001").status, "closed");
  EXPECT_EQ(claims.at("7100000000000001").order_id, "8100000000000004");
  auto cursor = json::parse(*second->cursor);
  EXPECT_TRUE(cursor.at("open").as_array().empty()) << *second->cursor;
  auto details = gateway_.Calls("aliexpress.issue.detail.get");
  EXPECT_EQ(details.back().at("issue_id"), "7100000000000001");
  EXPECT_EQ(details.back().at("buyer_login_id"), "us100000004");
}

TEST_F(AliExpressStreamTest, AFinishedDisputeBeyondTheBudgetHoldsTheCursorBack) {
  DisputesStream disputes("ae", client_, 0);
  auto first = Poll(disputes);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(gateway_.Calls("aliexpress.issue.detail.get").empty());
  // Neither the open nor the finished one is stored from the list alone (that would drop a
  // stored deadline or ruling); the withdrawn one needs no detail.
  auto claims = Of<core::Claim>(*first);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims.begin()->second.status, "withdrawn");
  // The finished dispute (modified 02-12) was read without its detail: the next poll starts
  // before it, so it gets one.
  auto cursor = json::parse(*first->cursor);
  EXPECT_EQ(*core::ParseRfc3339(cursor.at("modified").as_string()),
            gateway_.Instant("2026-02-17 18:20:00") - 1ms);
  DisputesStream generous("ae", client_, 2);
  auto second = Poll(generous, first->cursor);
  ASSERT_TRUE(second);
  std::set<std::string> asked;
  for (const auto& c : gateway_.Calls("aliexpress.issue.detail.get"))
    asked.insert(c.at("issue_id"));
  EXPECT_EQ(asked, (std::set<std::string>{"7100000000000001", "7100000000000002"}));
  EXPECT_EQ(*core::ParseRfc3339(json::parse(*second->cursor).at("modified").as_string()),
            gateway_.Instant("2026-03-01 09:00:00"));
}

TEST_F(AliExpressStreamTest, AKnownOpenDisputeIsFetchedAgainOnlyOnceItChanges) {
  DisputesStream disputes("ae", client_);
  auto first = Poll(disputes);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(Of<core::Claim>(*first).at("7100000000000001").respond_by, gateway_.DisputeDueAt());
  const std::size_t asked = gateway_.Calls("aliexpress.issue.detail.get").size();
  // A cursor past the overlap: the open dispute has not changed since it was read.
  json::object cursor = json::parse(*first->cursor).as_object();
  cursor["modified"] =
      core::FormatRfc3339(gateway_.Instant("2026-03-01 09:00:00") + settings_.overlap + 1h);
  auto second = Poll(disputes, json::serialize(cursor));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(gateway_.Calls("aliexpress.issue.detail.get").size(), asked);
  EXPECT_EQ(Of<core::Claim>(*second).count("7100000000000001"), 0u);
  EXPECT_EQ(json::parse(*second->cursor).at("open").as_array().size(), 1u) << *second->cursor;
}

TEST_F(AliExpressStreamTest, AFeedbackBacklogIsReadInPartsWithoutGaps) {
  FeedbackStream feedback("ae", client_);
  // A cursor 100 days back: more windows than one poll reads.
  auto from = now_ - 100 * core::kDay;
  auto first = Poll(feedback, core::FormatRfc3339(from));
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->poll_again_in.has_value());
  EXPECT_EQ(gateway_.Calls("aliexpress.evaluation.listorderevaluation.get").size(),
            static_cast<std::size_t>(FeedbackStream::kMaxFeedbackWindows));
  auto read_to = *core::ParseRfc3339(*first->cursor);
  EXPECT_EQ(read_to, from - settings_.overlap + FeedbackStream::kMaxFeedbackWindows * core::kDay);
  auto second = Poll(feedback, first->cursor);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->poll_again_in.has_value());
  EXPECT_EQ(Of<core::Feedback>(*second).size(), 3u);
  // Windows follow each other: each starts where the one before ended (earlier only inside the
  // repeated hour when Pacific clocks fall back, whatever day the test runs).
  auto calls = gateway_.Calls("aliexpress.evaluation.listorderevaluation.get");
  const std::size_t per_poll = FeedbackStream::kMaxFeedbackWindows;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    auto window = json::parse(calls[i].at("trade_evaluation_request"));
    core::Timestamp start = (i < per_poll ? from : read_to) - settings_.overlap +
                            static_cast<int>(i % per_poll) * core::kDay;
    EXPECT_EQ(window.at("start_valid_date").as_string(), PacificWindowStart(start)) << i;
    if (i + 1 < calls.size()) {
      EXPECT_EQ(window.at("end_valid_date").as_string(), FormatPacific(start + core::kDay)) << i;
    }
  }
}

TEST_F(AliExpressStreamTest, ConcurrentCallsShareOneRefresh) {
  gateway_.Inject(Fault::kExpiredSession, 1, "aliexpress.");
  OrdersStream orders("ae", client_);
  DisputesStream disputes("ae", client_);
  FeedbackStream feedback("ae", client_);
  using namespace asio::experimental::awaitable_operators;
  auto both = [&]() -> asio::awaitable<bool> {
    auto [a, b, c] =
        co_await (orders.Poll(std::nullopt, now_) && disputes.Poll(std::nullopt, now_) &&
                  feedback.Poll(std::nullopt, now_));
    co_return a.has_value() && b.has_value() && c.has_value();
  };
  EXPECT_TRUE(testing::RunAwaitable(io_, both(), 60s)) << log_text_.str();
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
  auto stored = store::CursorStore(*db_).Get("ae/ae#tokens");
  ASSERT_TRUE(stored && *stored);
  auto pair = DecodeStored(**stored);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->access_token, gateway_.CurrentAccessToken());
  EXPECT_EQ(pair->origin,
            Fingerprint(AliExpressGateway::kAccessToken, AliExpressGateway::kRefreshToken));
  EXPECT_TRUE(pair->refresh_expires_at.has_value());
  EXPECT_EQ(log_text_.str().find(AliExpressGateway::kAccessPrefix), std::string::npos);
}

TEST_F(AliExpressStreamTest, AnAccessTokenAboutToExpireIsRefreshedFirst) {
  TokenPair stored{std::string(AliExpressGateway::kAccessToken),
                   std::string(AliExpressGateway::kRefreshToken), now_ + 10min,
                   now_ + 30 * core::kDay,
                   Fingerprint(AliExpressGateway::kAccessToken, AliExpressGateway::kRefreshToken)};
  ASSERT_TRUE(store::CursorStore(*db_).Put("ae/ae#tokens", EncodeStored(stored), now_));
  AccountStream account("ae", client_);
  auto batch = Poll(account);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
  auto requests = gateway_.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].target.starts_with(AliExpressGateway::kRefreshPath));
  EXPECT_EQ(testing::DecodeForm(requests[1].body)["session"], gateway_.CurrentAccessToken());
  EXPECT_EQ(Of<core::PlatformValue>(*batch).at("platform.product_posting_forbidden").value,
            "false");
}

TEST_F(AliExpressStreamTest, AFlowControlBanLongerThanThePollIsNotWaitedOut) {
  gateway_.SetBanSeconds(3);
  gateway_.Inject(Fault::kFlowControl, 1, "aliexpress.solution.merchant");
  auto short_client =
      std::make_shared<IopClient>(http_, settings_, 2s, "", true, *db_, log_, "ae/ae");
  AccountStream account("ae", short_client);
  auto batch = Poll(account);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().retry_after, core::Duration(4s));
  EXPECT_EQ(gateway_.Requests().size(), 1u);
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
