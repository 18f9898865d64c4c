#include "sources/http_json/json_pointer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sellerwatch::sources::http_json {
namespace {
namespace json = boost::json;

const json::value kDoc = json::parse(R"({
  "data": {"orders": [{"id": 1}, {"id": 2}]},
  "a/b": "slash", "m~n": "tilde", "": "empty key", "01": "key not index",
  "n": null, "s": "text"
})");

std::string At(std::string_view pointer) {
  auto p = JsonPointer::Parse(pointer);
  EXPECT_TRUE(p) << pointer;
  if (!p) return "<invalid>";
  const json::value* v = p->Find(kDoc);
  return v ? json::serialize(*v) : "<none>";
}

TEST(JsonPointer, Rfc6901Evaluation) {
  EXPECT_EQ(At(""), json::serialize(kDoc));
  EXPECT_EQ(At("/data/orders/1/id"), "2");
  EXPECT_EQ(At("/data/orders/0"), R"({"id":1})");
  EXPECT_EQ(At("/a~1b"), R"("slash")");
  EXPECT_EQ(At("/m~0n"), R"("tilde")");
  EXPECT_EQ(At("/"), R"("empty key")");
  EXPECT_EQ(At("/01"), R"("key not index")");  // in an object, "01" is a key
  EXPECT_EQ(At("/n"), "null");
}

TEST(JsonPointer, MissingStepsFindNothing) {
  EXPECT_EQ(At("/data/orders/2"), "<none>");   // past the end
  EXPECT_EQ(At("/data/orders/-"), "<none>");   // RFC 6901 "-": never an element
  EXPECT_EQ(At("/data/orders/01"), "<none>");  // leading zero: not an index
  EXPECT_EQ(At("/data/orders/x"), "<none>");
  EXPECT_EQ(At("/s/0"), "<none>");  // into a string
  EXPECT_EQ(At("/n/x"), "<none>");  // into null
  EXPECT_EQ(At("/nope"), "<none>");
}

TEST(JsonPointer, SyntaxErrorsSayWhy) {
  auto no_slash = JsonPointer::Parse("data/orders");
  ASSERT_FALSE(no_slash);
  EXPECT_EQ(no_slash.error().message, "must be empty (the whole document) or start with '/'");
  for (std::string_view bad : {"/a~2", "/a~", "/~x/b"}) {
    auto p = JsonPointer::Parse(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().message, "'~' must be followed by 0 (for '~') or 1 (for '/') (RFC 6901)");
  }
  EXPECT_EQ(JsonPointer::Parse("/x")->text(), "/x");
  EXPECT_TRUE(JsonPointer::Parse("")->empty());
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
