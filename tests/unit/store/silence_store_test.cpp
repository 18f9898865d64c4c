#include "store/silence_store.hpp"

#include <gtest/gtest.h>

#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

using std::chrono::hours;

const core::Timestamp kT0 = core::FromUnixMillis(1'790'000'000'000);

core::Silence Make(std::string id, core::Timestamp start, core::Timestamp end) {
  return {std::move(id), {{"account", "acme-us"}, {"rule", "late_shipment_rate"}},
          start,         end,
          "ops",         "carrier strike, known"};
}

TEST(SilenceStoreTest, ListsUnexpiredSilencesWithTheirMatchers) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  SilenceStore silences(*db);
  ASSERT_TRUE(silences.Add(Make("s-old", kT0 - hours(5), kT0 - hours(1))));
  ASSERT_TRUE(silences.Add(Make("s-now", kT0 - hours(1), kT0 + hours(2))));
  ASSERT_TRUE(silences.Add(Make("s-later", kT0 + hours(1), kT0 + hours(3))));
  auto list = silences.List(kT0).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, "s-now");
  EXPECT_EQ(list[0], Make("s-now", kT0 - hours(1), kT0 + hours(2)));
  EXPECT_EQ(list[1].id, "s-later");
  EXPECT_EQ(list[0].matchers.at("rule"), "late_shipment_rate");
  EXPECT_EQ(list[0].comment, "carrier strike, known");
  EXPECT_EQ(silences.List(kT0, true).value().size(), 3u);
}

TEST(SilenceStoreTest, ExpireEndsASilenceNow) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  SilenceStore silences(*db);
  ASSERT_TRUE(silences.Add(Make("s1", kT0 - hours(1), kT0 + hours(2))));
  EXPECT_TRUE(silences.Expire("s1", kT0).value());
  EXPECT_FALSE(silences.Expire("s1", kT0 + hours(1)).value());
  EXPECT_FALSE(silences.Expire("nope", kT0).value());
  EXPECT_TRUE(silences.List(kT0).value().empty());
}

TEST(SilenceStoreTest, DuplicateIdIsAnError) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  SilenceStore silences(*db);
  ASSERT_TRUE(silences.Add(Make("s1", kT0, kT0 + hours(1))));
  auto again = silences.Add(Make("s1", kT0, kT0 + hours(1)));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("s1"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::store
