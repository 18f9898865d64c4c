#include "net/bearer_token.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::net {
namespace {

TEST(BearerTokenTest, MatchesOnlyTheExactTokenAfterTheBearerScheme) {
  const std::string token = "s3cret-token-0123456789";
  struct Case {
    std::optional<std::string_view> header;
    bool matches;
  };
  const Case cases[] = {
      {"Bearer s3cret-token-0123456789", true},
      {"bearer s3cret-token-0123456789", true},  // the scheme is case-insensitive
      {"BEARER  s3cret-token-0123456789 ", true},
      {"Bearer s3cret-token-012345678", false},  // a prefix
      {"Bearer s3cret-token-01234567890", false},
      {"Bearer S3CRET-TOKEN-0123456789", false},  // the token is not
      {"Basic s3cret-token-0123456789", false},
      {"Bearers3cret-token-0123456789", false},
      {"s3cret-token-0123456789", false},
      {"Bearer ", false},
      {"Bearer", false},
      {"", false},
      {std::nullopt, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(BearerTokenMatches(c.header, token), c.matches) << c.header.value_or("(none)");
  }
}

TEST(BearerTokenTest, AnEmptyTokenMatchesNothing) {
  EXPECT_FALSE(BearerTokenMatches("Bearer ", ""));
  EXPECT_FALSE(BearerTokenMatches("Bearer x", ""));
}

}  // namespace
}  // namespace sellerwatch::net
