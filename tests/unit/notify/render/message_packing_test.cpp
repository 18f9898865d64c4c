#include "notify/render/message_packing.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::notify {
namespace {

using Messages = std::vector<std::vector<std::size_t>>;

struct PackCase {
  std::string name;
  std::vector<std::size_t> costs;
  PackingLimits limits;
  Messages messages;
  std::size_t omitted;
};

TEST(RenderMessagePackingTest, PacksGreedilyInOrder) {
  const std::vector<PackCase> cases = {
      {"empty", {}, {10, 5, 3}, {}, 0},
      {"all fit", {3, 3, 3}, {10, 5, 3}, {{0, 1, 2}}, 0},
      {"budget splits", {6, 6, 6}, {10, 5, 3}, {{0}, {1}, {2}}, 0},
      {"count splits", {1, 1, 1, 1, 1}, {10, 2, 3}, {{0, 1}, {2, 3}, {4}}, 0},
      {"rest omitted", {1, 1, 1, 1, 1, 1, 1}, {10, 2, 3}, {{0, 1}, {2, 3}, {4, 5}}, 1},
      {"oversized alone", {20, 1}, {10, 5, 3}, {{0}, {1}}, 0},
  };
  for (const auto& c : cases) {
    Packing p = PackAlerts(c.costs, c.limits);
    EXPECT_EQ(p.messages, c.messages) << c.name;
    EXPECT_EQ(p.omitted, c.omitted) << c.name;
  }
}

}  // namespace
}  // namespace sellerwatch::notify
