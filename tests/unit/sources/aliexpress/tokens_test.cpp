// The seller token pair: which one a source calls with (config or store), its stored form,
// and the refresh answer.

#include "sources/aliexpress/tokens.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
namespace json = boost::json;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(AliExpressTokens, FingerprintIdentifiesTheConfigTokensWithoutHoldingThem) {
  std::string f = Fingerprint("access-1", "refresh-1");
  EXPECT_EQ(f.size(), 64u);
  EXPECT_EQ(f, Fingerprint("access-1", "refresh-1"));
  EXPECT_NE(f, Fingerprint("access-2", "refresh-1"));
  EXPECT_NE(f, Fingerprint("access-1", "refresh-2"));
  EXPECT_NE(Fingerprint("a", "bc"), Fingerprint("ab", "c"));
  EXPECT_EQ(f.find("access"), std::string::npos);
}

TEST(AliExpressTokens, StoredFormRoundTrips) {
  TokenPair pair{"a-2", "r-2", T("2026-03-03T10:00:00Z"), T("2026-03-04T10:00:00Z"), "origin"};
  auto back = DecodeStored(EncodeStored(pair));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->access_token, "a-2");
  EXPECT_EQ(back->refresh_token, "r-2");
  EXPECT_EQ(back->access_expires_at, pair.access_expires_at);
  EXPECT_EQ(back->refresh_expires_at, pair.refresh_expires_at);
  EXPECT_EQ(back->origin, "origin");
  TokenPair open_ended{"a", "r", std::nullopt, std::nullopt, "o"};
  auto kept = DecodeStored(EncodeStored(open_ended));
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->access_expires_at.has_value());
  for (const char* bad : {"", "{", "[]", R"({"access_token":"a","refresh_token":"r"})",
                          R"({"access_token":"","refresh_token":"r","origin":"o"})"}) {
    EXPECT_FALSE(DecodeStored(bad).has_value()) << bad;
  }
}

TEST(AliExpressTokens, AStoredPairWinsOnlyOverTheConfigTokensItDescendsFrom) {
  TokenPair stored{"a-7", "r-7", T("2026-03-03T10:00:00Z"), std::nullopt,
                   Fingerprint("a-0", "r-0")};
  TokenPair same = Choose(stored, "a-0", "r-0");
  EXPECT_EQ(same.access_token, "a-7");
  EXPECT_EQ(same.refresh_token, "r-7");
  // The seller pasted a new authorization: the older stored chain is not used.
  TokenPair pasted = Choose(stored, "a-new", "r-new");
  EXPECT_EQ(pasted.access_token, "a-new");
  EXPECT_EQ(pasted.refresh_token, "r-new");
  EXPECT_FALSE(pasted.access_expires_at.has_value());
  EXPECT_EQ(pasted.origin, Fingerprint("a-new", "r-new"));
  TokenPair first = Choose(std::nullopt, "a-0", "r-0");
  EXPECT_EQ(first.access_token, "a-0");
  EXPECT_EQ(first.origin, stored.origin);
}

TEST(AliExpressTokens, RefreshAnswerWithAbsoluteEnds) {
  auto answer =
      json::parse(testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                                    "/aliexpress/auth_token_create_response_SYNTHETIC.json"))
          .as_object();
  TokenPair previous{"old-a", "old-r", std::nullopt, std::nullopt, "o"};
  auto pair = ParseRefreshAnswer(answer, previous, T("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->access_token, "50000000000PLACEHOLDERACCESSTOKEN");
  EXPECT_EQ(pair->refresh_token, "50001000000PLACEHOLDERREFRESHTOKEN");
  EXPECT_EQ(pair->access_expires_at, core::FromUnixMillis(1775000000000));
  EXPECT_EQ(pair->refresh_expires_at, core::FromUnixMillis(1777592000000));
  EXPECT_EQ(pair->origin, "o");
}

TEST(AliExpressTokens, RefreshAnswerWithRelativeEndsAndNoNewRefreshToken) {
  auto answer = json::parse(R"({"access_token":"a-1","expires_in":86400,)"
                            R"("refresh_expires_in":"0","code":"0"})")
                    .as_object();
  TokenPair previous{"a-0", "r-0", std::nullopt, std::nullopt, "o"};
  auto pair = ParseRefreshAnswer(answer, previous, T("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->refresh_token, "r-0");
  EXPECT_EQ(pair->access_expires_at, T("2026-03-02T00:00:00Z"));
  EXPECT_EQ(pair->refresh_expires_at, T("2026-03-01T00:00:00Z"));  // 0: cannot be refreshed
}

// Found by api_errors_fuzz (issue 17): relative ends of INT64_MAX seconds overflowed as
// milliseconds (UB); they are capped a century ahead and kept in the store like any other.
TEST(AliExpressTokens, RefreshAnswerWithEndsBeyondReason) {
  auto answer = json::parse(R"({"access_token":"a-1","expires_in":9223372036854775807,)"
                            R"("refresh_expires_in":"9223372036854775807"})")
                    .as_object();
  TokenPair previous{"a-0", "r-0", std::nullopt, std::nullopt, "o"};
  auto pair = ParseRefreshAnswer(answer, previous, T("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(pair);
  const auto century = std::chrono::seconds(std::int64_t{100} * 365 * 24 * 3600);
  EXPECT_EQ(pair->access_expires_at, T("2026-03-01T00:00:00Z") + century);
  EXPECT_EQ(pair->refresh_expires_at, T("2026-03-01T00:00:00Z") + century);
  auto back = DecodeStored(EncodeStored(*pair));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->access_expires_at, pair->access_expires_at);
}

TEST(AliExpressTokens, RefreshAnswerWithoutAnAccessTokenIsRefusedWithoutQuotingIt) {
  auto answer = json::parse(R"({"refresh_token":"SECRET-r","code":"0"})").as_object();
  auto pair = ParseRefreshAnswer(answer, TokenPair{}, T("2026-03-01T00:00:00Z"));
  ASSERT_FALSE(pair);
  EXPECT_EQ(pair.error().kind, core::ErrorKind::kData);
  EXPECT_EQ(pair.error().message.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
