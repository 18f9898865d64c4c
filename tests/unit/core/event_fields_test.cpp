#include "core/event_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/event_json.hpp"

namespace sellerwatch::core {
namespace {
namespace json = boost::json;

// A value of the right kind for every field.
json::value Sample(const EventField& f, EventType type) {
  switch (f.kind) {
    case FieldKind::kTime:
      return "2026-11-01T10:00:00Z";
    case FieldKind::kBool:
      return true;
    case FieldKind::kNumber:
      return 12.5;
    case FieldKind::kRating:
      return 2;
    case FieldKind::kEnum:
      return json::string(f.allowed.front());
    case FieldKind::kText:
      return f.name == "id" && type == EventType::kPlatform ? "platform.x" : "x";
  }
  return nullptr;
}

// The table must say what the JSONL parser does: with every required field an event parses,
// without any one of them it is refused, and every listed enum spelling is accepted.
TEST(EventFields, AgreeWithTheJsonlParser) {
  for (auto type : {EventType::kOrder, EventType::kFeedback, EventType::kClaim, EventType::kMessage,
                    EventType::kPlatform}) {
    json::object all{{"type", Name(type)}};
    json::object required{{"type", Name(type)}};
    for (const auto& f : FieldsOf(type)) {
      all[f.name] = Sample(f, type);
      if (f.required) required[f.name] = Sample(f, type);
    }
    auto parsed = ParseEventJson(json::serialize(all), "shop");
    ASSERT_TRUE(parsed) << Name(type) << ": " << parsed.error().message;
    EXPECT_TRUE(ParseEventJson(json::serialize(required), "shop")) << Name(type);
    for (const auto& f : FieldsOf(type)) {
      if (!f.required) continue;
      json::object without = required;
      without.erase(f.name);
      EXPECT_FALSE(ParseEventJson(json::serialize(without), "shop")) << Name(type) << "." << f.name;
    }
    for (const auto& f : FieldsOf(type)) {
      for (auto value : f.allowed) {
        json::object with = all;
        with[f.name] = json::string(value);
        EXPECT_TRUE(ParseEventJson(json::serialize(with), "shop")) << f.name << "=" << value;
      }
    }
    // And no field the parser keeps is missing from the table (it would land in "extra").
    EXPECT_EQ(parsed->payload.find("\"extra\""), std::string::npos) << parsed->payload;
  }
  EXPECT_EQ(FindField(EventType::kOrder, "ship_by")->kind, FieldKind::kTime);
  EXPECT_EQ(FindField(EventType::kOrder, "rating"), nullptr);
}

}  // namespace
}  // namespace sellerwatch::core
