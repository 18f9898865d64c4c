#include "sources/http_json/url_template.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources::http_json {
namespace {

using P = UrlTemplate::Placeholder;

TEST(UrlTemplate, PlaceholdersAreFilledAndPercentEncoded) {
  auto t = UrlTemplate::Parse(
      "https://erp.example.com/api/orders?since={since}&page={page}&key=abc{since}");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_TRUE(t->Uses(P::kSince));
  EXPECT_TRUE(t->Uses(P::kPage));
  EXPECT_FALSE(t->Uses(P::kOffset));
  EXPECT_EQ(t->Render({"2026-11-01T10:00:00+01:00", 3, 0}),
            "https://erp.example.com/api/orders?since=2026-11-01T10%3A00%3A00%2B01%3A00&page=3&"
            "key=abc2026-11-01T10%3A00%3A00%2B01%3A00");
  auto offset = UrlTemplate::Parse("http://h/o/{offset}/x");
  ASSERT_TRUE(offset);
  EXPECT_EQ(offset->Render({"", 1, 250}), "http://h/o/250/x");
  auto plain = UrlTemplate::Parse("http://h/o?all=1");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->Uses(P::kSince));
  EXPECT_EQ(plain->Render({"x", 1, 0}), "http://h/o?all=1");
}

TEST(UrlTemplate, MistakesAreNamed) {
  auto typo = UrlTemplate::Parse("http://h/o?since={sinse}");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().message,
            "unknown placeholder '{sinse}'; did you mean 'since'?; known: {since}, {page}, "
            "{offset}");
  auto unknown = UrlTemplate::Parse("http://h/o?x={cursor}");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "unknown placeholder '{cursor}'; known: {since}, {page}, {offset}");
  EXPECT_EQ(UrlTemplate::Parse("http://h/o?x={since").error().message, "'{' without a closing '}'");
  EXPECT_EQ(UrlTemplate::Parse("http://h/o?x=since}").error().message,
            "'}' without a '{' before it");
}

TEST(NextUrl, RelativeAndAbsoluteLinksResolveLikeABrowser) {
  const std::string page = "https://erp.example.com/api/v1/orders?since=1&key=K";
  EXPECT_EQ(*ResolveNextUrl(page, "/api/v1/orders?since=1&key=K&page=2"),
            "https://erp.example.com/api/v1/orders?since=1&key=K&page=2");
  EXPECT_EQ(*ResolveNextUrl(page, "?page=3"), "https://erp.example.com/api/v1/orders?page=3");
  EXPECT_EQ(*ResolveNextUrl(page, "orders2?p=2"), "https://erp.example.com/api/v1/orders2?p=2");
  EXPECT_EQ(*ResolveNextUrl(page, "https://ERP.example.com:443/api/v1/orders?c=x"),
            "https://ERP.example.com:443/api/v1/orders?c=x");
}

TEST(NextUrl, AnotherOriginIsRefusedAndNotShownInFull) {
  const std::string page = "https://erp.example.com/api/orders";
  for (std::string_view other :
       {"https://evil.example.net/steal?t=SECRET", "http://erp.example.com/api/orders?t=SECRET",
        "https://erp.example.com:8443/api/orders?t=SECRET"}) {
    auto r = ResolveNextUrl(page, other);
    ASSERT_FALSE(r) << other;
    EXPECT_NE(r.error().message.find("leads to another origin"), std::string::npos);
    EXPECT_EQ(r.error().message.find("SECRET"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(ResolveNextUrl(page, "ht tp://x"));
}

TEST(NextToken, GoesIntoItsQueryParameterReplacingAnyThere) {
  EXPECT_EQ(*WithQueryParam("https://h/o?since=1&cursor=old&x=2", "cursor", "a+b/c=="),
            "https://h/o?since=1&x=2&cursor=a%2Bb%2Fc%3D%3D");
  EXPECT_EQ(*WithQueryParam("https://h/o", "page_token", "42"), "https://h/o?page_token=42");
}

TEST(ShownUrl, SchemeAndHostOnly) {
  EXPECT_EQ(ShownUrl("https://erp.example.com/api/orders?key=SECRET"), "https://erp.example.com/…");
  EXPECT_EQ(ShownUrl("https://user:SECRET@erp.example.com:8443/x"),
            "https://erp.example.com:8443/…");
  EXPECT_EQ(ShownUrl("http://h?x=1"), "http://h/…");
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
