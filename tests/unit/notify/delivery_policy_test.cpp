// Delivery policy (DESIGN.md §1.5): Retry-After parsing, HTTP and SMTP answer classification
// with the chat services' own wait hints, exponential backoff with jitter, the retry horizon.

#include "notify/delivery_policy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "net/retry_after.hpp"

namespace sellerwatch::notify {
namespace {

using config::ReceiverType;
using core::Duration;
using core::Timestamp;
using Kind = SendOutcome::Kind;
using namespace std::chrono_literals;

Timestamp T(const std::string& rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

const Timestamp kNow = T("2026-01-15T10:00:00Z");  // a Thursday

// ------------------------------------------------------------------------- Retry-After
struct RetryAfterCase {
  std::string name;
  std::string header;
  std::optional<Duration> expected;
};

void PrintTo(const RetryAfterCase& c, std::ostream* os) { *os << c.name; }

class DeliveryRetryAfterTest : public ::testing::TestWithParam<RetryAfterCase> {};

TEST_P(DeliveryRetryAfterTest, Parses) {
  const RetryAfterCase& c = GetParam();
  EXPECT_EQ(net::ParseRetryAfter(c.header, kNow), c.expected) << "'" << c.header << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Delivery, DeliveryRetryAfterTest,
    ::testing::ValuesIn(std::vector<RetryAfterCase>{
        {"Seconds", "120", 120s},
        {"SecondsWithSpaces", " 7\t", 7s},
        {"Zero", "0", 0s},
        {"NegativeIsZero", "-5", 0s},
        {"FractionInMillis", "1.5", 1500ms},
        {"Empty", "", std::nullopt},
        {"Blank", "   ", std::nullopt},
        {"Word", "soon", std::nullopt},
        {"TrailingGarbage", "12abc", std::nullopt},
        {"DanglingDot", "1.", std::nullopt},
        {"TwoDots", "1.2.3", std::nullopt},
        {"OnlySign", "-", std::nullopt},
        {"HugeIsCapped", "99999999999999999999", 24h * 30},
        {"ImfFixdate", "Thu, 15 Jan 2026 10:01:30 GMT", 90s},
        {"ImfFixdateInThePastIsZero", "Thu, 15 Jan 2026 09:00:00 GMT", 0s},
        {"ImfFixdateNextMonth", "Sun, 01 Feb 2026 10:00:00 GMT", 17 * 24h},
        {"Rfc850", "Thursday, 15-Jan-26 10:00:10 GMT", 10s},
        {"Asctime", "Thu Jan 15 10:00:05 2026", 5s},
        {"AsctimePaddedDay", "Sun Feb  1 10:00:00 2026", 17 * 24h},
        {"ImfFixdateNotGmt", "Thu, 15 Jan 2026 10:01:30 UTC", std::nullopt},
        {"ImfFixdateBadDay", "Thu, 32 Jan 2026 10:00:00 GMT", std::nullopt},
        {"ImfFixdateFebruary30", "Mon, 30 Feb 2026 10:00:00 GMT", std::nullopt},
        {"ImfFixdateBadMonth", "Thu, 15 Foo 2026 10:00:00 GMT", std::nullopt},
        {"ImfFixdateBadHour", "Thu, 15 Jan 2026 25:00:00 GMT", std::nullopt},
        {"ImfFixdateLongDayName", "Thursday, 15 Jan 2026 10:00:00 GMT", std::nullopt},
        {"ImfFixdateTrailing", "Thu, 15 Jan 2026 10:01:30 GMT x", std::nullopt},
        {"Rfc850ShortDayName", "Thu, 15-Jan-26 10:00:10 GMT", std::nullopt},
    }),
    [](const ::testing::TestParamInfo<RetryAfterCase>& info) { return info.param.name; });

// ------------------------------------------------------------------------- HTTP answers
struct HttpCase {
  std::string name;
  long status;
  std::optional<std::string> retry_after;
  std::string body;
  ReceiverType channel;
  SendOutcome expected;
};

void PrintTo(const HttpCase& c, std::ostream* os) { *os << c.name; }

class DeliveryHttpTest : public ::testing::TestWithParam<HttpCase> {};

TEST_P(DeliveryHttpTest, Classifies) {
  const HttpCase& c = GetParam();
  std::optional<std::string_view> header;
  if (c.retry_after) header = *c.retry_after;
  SendOutcome got = ClassifyHttp(c.status, header, c.body, c.channel, kNow);
  EXPECT_EQ(Name(got.kind), Name(c.expected.kind));
  EXPECT_EQ(got.retry_after, c.expected.retry_after);
  EXPECT_EQ(got.detail, c.expected.detail);
}

const std::string kTelegram429 =
    R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7",)"
    R"("parameters":{"retry_after":7}})";

std::vector<HttpCase> HttpCases() {
  const std::string long_body(300, 'x');
  return {
      {"SlackOk",
       200,
       std::nullopt,
       "ok",
       ReceiverType::kSlack,
       {Kind::kDelivered, std::nullopt, "HTTP 200"}},
      {"DiscordNoContent",
       204,
       std::nullopt,
       "",
       ReceiverType::kDiscord,
       {Kind::kDelivered, std::nullopt, "HTTP 204"}},
      {"TeamsAccepted",
       202,
       std::nullopt,
       "",
       ReceiverType::kTeams,
       {Kind::kDelivered, std::nullopt, "HTTP 202"}},
      {"SlackRateLimitedHonoursHeader",
       429,
       "30",
       "rate_limited",
       ReceiverType::kSlack,
       {Kind::kRetry, 30s, "HTTP 429: rate_limited"}},
      {"RateLimitedWithoutHint",
       429,
       std::nullopt,
       "",
       ReceiverType::kWebhook,
       {Kind::kRetry, std::nullopt, "HTTP 429"}},
      {"DiscordBodyHint",
       429,
       std::nullopt,
       R"({"message":"You are being rate limited.","retry_after":3.5,"global":false})",
       ReceiverType::kDiscord,
       {Kind::kRetry, 3500ms, "HTTP 429: You are being rate limited."}},
      {"DiscordLongestHintWins",
       429,
       "2",
       R"({"message":"You are being rate limited.","retry_after":1.234,"global":false})",
       ReceiverType::kDiscord,
       {Kind::kRetry, 2s, "HTTP 429: You are being rate limited."}},
      {"DiscordGarbageBody",
       429,
       std::nullopt,
       "<html>busy</html>",
       ReceiverType::kDiscord,
       {Kind::kRetry, std::nullopt, "HTTP 429: <html>busy</html>"}},
      {"BodyHintIgnoredForOtherChannels",
       429,
       std::nullopt,
       R"({"retry_after":9})",
       ReceiverType::kWebhook,
       {Kind::kRetry, std::nullopt, R"(HTTP 429: {"retry_after":9})"}},
      {"Telegram429",
       429,
       std::nullopt,
       kTelegram429,
       ReceiverType::kTelegram,
       {Kind::kRetry, 7s, "Telegram error 429: Too Many Requests: retry after 7"}},
      {"TelegramOkFalseBehind200IsRetried",
       200,
       std::nullopt,
       kTelegram429,
       ReceiverType::kTelegram,
       {Kind::kRetry, 7s, "Telegram error 429 (HTTP 200): Too Many Requests: retry after 7"}},
      {"TelegramOkFalseBehind200IsPermanent",
       200,
       std::nullopt,
       R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})",
       ReceiverType::kTelegram,
       {Kind::kPermanent, std::nullopt,
        "Telegram error 400 (HTTP 200): Bad Request: chat not found"}},
      {"TelegramOkFalseWithoutCodeIsRetried",
       200,
       std::nullopt,
       R"({"ok":false})",
       ReceiverType::kTelegram,
       {Kind::kRetry, std::nullopt, "Telegram ok:false without error_code (HTTP 200)"}},
      {"TelegramHttpStatusBeatsErrorCode",
       400,
       std::nullopt,
       R"({"ok":false,"error_code":429,"description":"odd"})",
       ReceiverType::kTelegram,
       {Kind::kPermanent, std::nullopt, "Telegram error 429: odd"}},
      {"TelegramBlocked",
       403,
       std::nullopt,
       R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})",
       ReceiverType::kTelegram,
       {Kind::kPermanent, std::nullopt,
        "Telegram error 403: Forbidden: bot was blocked by the user"}},
      {"TelegramOk",
       200,
       std::nullopt,
       R"({"ok":true,"result":{"message_id":1}})",
       ReceiverType::kTelegram,
       {Kind::kDelivered, std::nullopt, "HTTP 200"}},
      {"TelegramMessageTooLong",
       400,
       std::nullopt,
       R"({"ok":false,"error_code":400,"description":"Bad Request: message is too long"})",
       ReceiverType::kTelegram,
       {Kind::kPermanent, std::nullopt, "Telegram error 400: Bad Request: message is too long"}},
      {"TelegramServerError",
       502,
       std::nullopt,
       "Bad Gateway",
       ReceiverType::kTelegram,
       {Kind::kRetry, std::nullopt, "HTTP 502: Bad Gateway"}},
      {"Forbidden",
       403,
       std::nullopt,
       "",
       ReceiverType::kWebhook,
       {Kind::kPermanent, std::nullopt, "HTTP 403"}},
      {"SlackNoService",
       404,
       std::nullopt,
       "no_service",
       ReceiverType::kSlack,
       {Kind::kPermanent, std::nullopt, "HTTP 404: no_service"}},
      {"PermanentIgnoresRetryAfter",
       400,
       "30",
       "invalid_payload",
       ReceiverType::kSlack,
       {Kind::kPermanent, std::nullopt, "HTTP 400: invalid_payload"}},
      {"RequestTimeout",
       408,
       std::nullopt,
       "",
       ReceiverType::kWebhook,
       {Kind::kRetry, std::nullopt, "HTTP 408"}},
      {"InternalError",
       500,
       std::nullopt,
       "",
       ReceiverType::kGoogleChat,
       {Kind::kRetry, std::nullopt, "HTTP 500"}},
      {"UnavailableWithHttpDate",
       503,
       "Thu, 15 Jan 2026 10:05:00 GMT",
       "",
       ReceiverType::kMattermost,
       {Kind::kRetry, 300s, "HTTP 503"}},
      {"UnavailableWithGarbageHeader",
       503,
       "later",
       "",
       ReceiverType::kSlack,
       {Kind::kRetry, std::nullopt, "HTTP 503"}},
      {"NoResponse",
       0,
       std::nullopt,
       "",
       ReceiverType::kSlack,
       {Kind::kRetry, std::nullopt, "no HTTP response"}},
      {"RedirectIsPermanent",
       301,
       std::nullopt,
       "",
       ReceiverType::kWebhook,
       {Kind::kPermanent, std::nullopt, "HTTP 301"}},
      {"LongBodyIsCut",
       400,
       std::nullopt,
       long_body,
       ReceiverType::kWebhook,
       {Kind::kPermanent, std::nullopt, "HTTP 400: " + std::string(200, 'x') + "..."}},
      {"ControlCharactersInBodyAreBlanked",
       500,
       std::nullopt,
       "a\r\nb",
       ReceiverType::kWebhook,
       {Kind::kRetry, std::nullopt, "HTTP 500: a  b"}},
  };
}

INSTANTIATE_TEST_SUITE_P(Delivery, DeliveryHttpTest, ::testing::ValuesIn(HttpCases()),
                         [](const ::testing::TestParamInfo<HttpCase>& info) {
                           return info.param.name;
                         });

// ------------------------------------------------------------------------- SMTP answers
TEST(DeliverySmtpTest, Classifies) {
  struct Case {
    std::optional<int> code;
    std::string message;
    Kind kind;
    std::string detail;
  };
  for (const Case& c : std::vector<Case>{
           {std::nullopt, "Connection refused", Kind::kRetry, "SMTP: no reply: Connection refused"},
           {std::nullopt, "", Kind::kRetry, "SMTP: no reply"},
           {250, "OK queued", Kind::kDelivered, "SMTP 250: OK queued"},
           {421, "Service not available", Kind::kRetry, "SMTP 421: Service not available"},
           {450, "Mailbox busy", Kind::kRetry, "SMTP 450: Mailbox busy"},
           {451, "", Kind::kRetry, "SMTP 451"},
           {535, "Authentication failed", Kind::kPermanent, "SMTP 535: Authentication failed"},
           {550, "No such user", Kind::kPermanent, "SMTP 550: No such user"},
           {554, "Line too long\r\n", Kind::kPermanent, "SMTP 554: Line too long  "},
       }) {
    SendOutcome got = ClassifySmtp(c.code, c.message);
    EXPECT_EQ(Name(got.kind), Name(c.kind)) << c.detail;
    EXPECT_EQ(got.detail, c.detail);
    EXPECT_FALSE(got.retry_after.has_value());
  }
}

// ------------------------------------------------------------------------- backoff
struct BackoffCase {
  std::string name;
  int attempts;
  std::optional<Duration> retry_after;
  double jitter;
  BackoffPolicy policy;
  Duration expected;  // after kNow
};

void PrintTo(const BackoffCase& c, std::ostream* os) { *os << c.name; }

class DeliveryBackoffTest : public ::testing::TestWithParam<BackoffCase> {};

TEST_P(DeliveryBackoffTest, NextAttempt) {
  const BackoffCase& c = GetParam();
  EXPECT_EQ(NextAttemptAt(c.attempts, kNow, c.retry_after, c.jitter, c.policy) - kNow, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Delivery, DeliveryBackoffTest,
    ::testing::ValuesIn(std::vector<BackoffCase>{
        // Default policy: 10 s doubling to 1 h; the delay lies in [ceiling/2, ceiling).
        {"FirstRetryLowestJitter", 1, std::nullopt, 0.0, {}, 5s},
        {"FirstRetryMidJitter", 1, std::nullopt, 0.5, {}, 7500ms},
        {"FirstRetryHighJitter", 1, std::nullopt, 0.999, {}, 9995ms},  // rounded to ms
        {"SecondRetry", 2, std::nullopt, 0.0, {}, 10s},
        {"ThirdRetry", 3, std::nullopt, 0.0, {}, 20s},
        {"CappedAtMax", 10, std::nullopt, 0.0, {}, 30min},
        {"CappedAtMaxJitter", 10, std::nullopt, 0.5, {}, 45min},
        {"ManyAttemptsStayCapped", 100000, std::nullopt, 0.999, {}, 3598200ms},
        {"ZeroAttemptsIsFirst", 0, std::nullopt, 0.0, {}, 5s},
        {"RetryAfterLongerThanBackoff", 1, 60s, 0.0, {}, 60s},
        {"RetryAfterPastMaxIsHonoured", 20, 2h, 0.9, {}, 2h},
        {"BackoffLongerThanRetryAfter", 3, 1s, 0.0, {}, 20s},
        {"RetryAfterZero", 1, 0s, 0.0, {}, 5s},
        {"JitterAboveOneIsClamped", 1, std::nullopt, 1.5, {}, 10s},
        {"NegativeJitterIsClamped", 1, std::nullopt, -1.0, {}, 5s},
        {"NanJitterIsClamped", 1, std::nullopt, std::numeric_limits<double>::quiet_NaN(), {}, 5s},
        {"CustomPolicy", 3, std::nullopt, 0.0, {1s, 3.0, 1min}, 4500ms},
        {"CustomPolicyCapped", 5, std::nullopt, 0.0, {1s, 3.0, 1min}, 30s},
    }),
    [](const ::testing::TestParamInfo<BackoffCase>& info) { return info.param.name; });

TEST(DeliveryGiveUpTest, Horizon) {
  struct Case {
    Duration since_first;
    Duration horizon;
    bool gives_up;
  };
  for (const Case& c : std::vector<Case>{{0s, 48h, false},
                                         {47h + 59min, 48h, false},
                                         {48h, 48h, true},
                                         {72h, 48h, true},
                                         {-1h, 48h, false},
                                         {0s, 0s, true}}) {
    EXPECT_EQ(GivesUp(kNow, kNow + c.since_first, c.horizon), c.gives_up)
        << core::FormatDuration(c.since_first) << " of " << core::FormatDuration(c.horizon);
  }
}

}  // namespace
}  // namespace sellerwatch::notify
