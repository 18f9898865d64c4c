// The pipeline's durable state as the store keeps it (DESIGN.md §3.1, §3.3): exact round trips
// and strict reading.

#include "notify/state_json.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::notify {
namespace {

using core::AlertState;
using core::Severity;

core::Alert FullAlert() {
  core::Alert a;
  a.labels = {{"account", "acme-us"}, {"rule", "odr"}, {"team", "ü \"quoted\"\n"}};
  a.annotations = {{"summary", "ODR 0.8% > 0.7%"}, {"value", "0.8%"}};
  a.state = AlertState::kFlapping;
  a.severity = Severity::kCritical;
  a.starts_at = core::FromUnixMillis(1768471200123);
  a.ends_at = core::FromUnixMillis(1768474800999);
  return a;
}

GroupState FullGroup() {
  GroupState g;
  g.key = "1:ops-email:{account=\"acme-us\"}";
  g.receiver = "ops-email";
  g.route_index = 1;
  g.group_labels = {{"account", "acme-us"}};
  g.members["acme-us/odr"] = FullAlert();
  core::Alert open = FullAlert();
  open.labels["rule"] = "late";
  open.state = AlertState::kFiring;
  open.ends_at.reset();
  g.members["acme-us/late"] = open;
  g.next_flush_at = core::FromUnixMillis(1768471230000);
  g.last_flush_at = core::FromUnixMillis(1768471200000);
  g.last_sent_at = std::nullopt;
  g.last_notified["acme-us/odr"] = {AlertState::kFiring, Severity::kWarning};
  g.held = {"acme-us/late"};
  g.content_hash = std::string(64, 'a');
  return g;
}

void ExpectSameAlert(const core::Alert& a, const core::Alert& b) {
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.starts_at, b.starts_at);
  EXPECT_EQ(a.ends_at, b.ends_at);
}

TEST(GroupStateJsonTest, GroupRoundTrip) {
  GroupState g = FullGroup();
  std::string json = ToJson(g);
  auto back = GroupStateFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->key, g.key);
  EXPECT_EQ(back->receiver, g.receiver);
  EXPECT_EQ(back->route_index, g.route_index);
  EXPECT_EQ(back->group_labels, g.group_labels);
  ASSERT_EQ(back->members.size(), 2u);
  for (const auto& [id, alert] : g.members) ExpectSameAlert(back->members.at(id), alert);
  EXPECT_EQ(back->next_flush_at, g.next_flush_at);
  EXPECT_EQ(back->last_flush_at, g.last_flush_at);
  EXPECT_EQ(back->last_sent_at, g.last_sent_at);
  EXPECT_EQ(back->last_notified, g.last_notified);
  EXPECT_EQ(back->held, g.held);
  EXPECT_EQ(back->content_hash, g.content_hash);
  EXPECT_EQ(ToJson(*back), json);
}

TEST(GroupStateJsonTest, EmptyGroupRoundTrip) {
  GroupState g;
  auto back = GroupStateFromJson(ToJson(g));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(ToJson(*back), ToJson(g));
  EXPECT_FALSE(back->next_flush_at.has_value());
}

struct BadCase {
  std::string name;
  std::string json;
  std::string error;  // substring
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class GroupStateJsonBadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(GroupStateJsonBadTest, Rejects) {
  const BadCase& c = GetParam();
  auto got = GroupStateFromJson(c.json);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().kind, core::ErrorKind::kData);
  EXPECT_NE(got.error().message.find(c.error), std::string::npos) << got.error().message;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::vector<BadCase> BadCases() {
  const std::string good = ToJson(FullGroup());
  return {
      {"NotJson", "{", "group: "},
      {"NotAnObject", "[1]", "not a JSON object"},
      {"WrongVersion", Replace(good, "\"version\":1", "\"version\":2"), "unsupported version 2"},
      {"MissingKey", Replace(good, "\"key\":", "\"kee\":"), "missing \"key\""},
      {"KeyNotString", Replace(good, "\"receiver\":\"ops-email\"", "\"receiver\":5"),
       "\"receiver\" must be a string"},
      {"NegativeRoute", Replace(good, "\"route_index\":1", "\"route_index\":-1"), "route_index"},
      {"BadState", Replace(good, "\"state\":\"flapping\"", "\"state\":\"burning\""),
       "alert.state is missing or unknown"},
      {"BadSeverity", Replace(good, "\"severity\":\"critical\"", "\"severity\":\"meh\""),
       "alert.severity is missing or unknown"},
      {"TimeNotInteger",
       Replace(good, "\"next_flush_at\":1768471230000", "\"next_flush_at\":\"soon\""),
       "\"next_flush_at\" must be an integer or null"},
      {"HeldNotStrings", Replace(good, "\"held\":[\"acme-us/late\"]", "\"held\":[1]"),
       "\"held\" must be an array of strings"},
      {"LabelsNotStrings",
       Replace(good, "\"group_labels\":{\"account\":\"acme-us\"}", "\"group_labels\":{\"a\":1}"),
       "\"group_labels\" must be an object of strings"},
  };
}

INSTANTIATE_TEST_SUITE_P(GroupStateJson, GroupStateJsonBadTest, ::testing::ValuesIn(BadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace sellerwatch::notify
