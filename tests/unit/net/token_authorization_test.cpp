#include "net/token_authorization.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"

namespace sellerwatch::net {
namespace {

TEST(TokenAuthorizationTest, MatchesOnlyTheExactTokenAfterTheBearerScheme) {
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
      {"Basic s3cret-token-0123456789", false},   // Basic is base64 of user:password
      {"Bearers3cret-token-0123456789", false},
      {"s3cret-token-0123456789", false},
      {"Bearer ", false},
      {"Bearer", false},
      {"", false},
      {std::nullopt, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(TokenAuthorizes(c.header, token), c.matches) << c.header.value_or("(none)");
  }
}

TEST(TokenAuthorizationTest, BasicTakesAnyUserNameAndTheTokenAsPassword) {
  const std::string token = "s3cret:token";  // a colon in the password is the password's
  auto basic = [](std::string_view user_password) {
    return "Basic " + core::Base64Encode(user_password);
  };
  struct Case {
    std::string header;
    bool matches;
  };
  const Case cases[] = {
      {basic("seller:s3cret:token"), true},
      {basic(":s3cret:token"), true},  // no user name
      {"basic  " + core::Base64Encode("x:s3cret:token") + " ", true},
      {basic("seller:s3cret:toke"), false},
      {basic("s3cret:token"), false},  // the token as user name, password "token"
      {basic("seller:S3CRET:TOKEN"), false},
      {basic("no colon at all"), false},
      {"Basic !!!not-base64!!!", false},
      {"Basic ", false},
      {"Bearer " + core::Base64Encode("x:s3cret:token"), false},
  };
  for (const auto& c : cases) EXPECT_EQ(TokenAuthorizes(c.header, token), c.matches) << c.header;
}

TEST(TokenAuthorizationTest, AnEmptyTokenMatchesNothing) {
  EXPECT_FALSE(TokenAuthorizes("Basic " + core::Base64Encode("a:"), ""));
  EXPECT_FALSE(TokenAuthorizes("Bearer ", ""));
  EXPECT_FALSE(TokenAuthorizes("Bearer x", ""));
}

}  // namespace
}  // namespace sellerwatch::net
