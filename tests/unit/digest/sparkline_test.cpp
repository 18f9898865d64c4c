#include "digest/sparkline.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sellerwatch::digest {
namespace {

struct SparkCase {
  const char* name;
  std::vector<std::optional<double>> values;
  const char* expected;
};

class SparklineTest : public ::testing::TestWithParam<SparkCase> {};

TEST_P(SparklineTest, Renders) {
  const auto& c = GetParam();
  EXPECT_EQ(Sparkline(c.values), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SparklineTest,
    ::testing::Values(SparkCase{"Empty", {}, ""},
                      SparkCase{"Ramp", {0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
                      SparkCase{"ScaledToRange", {10, 20}, "▁█"},
                      SparkCase{"Descending", {0.03, 0.02, 0.01}, "█▅▁"},
                      SparkCase{"MissingIsDot", {1, std::nullopt, 3}, "▁·█"},
                      SparkCase{"AllMissing", {std::nullopt, std::nullopt}, "··"},
                      SparkCase{"FlatZero", {0, 0, 0}, "▁▁▁"},
                      SparkCase{"FlatNonZero", {0.5, 0.5}, "▄▄"}, SparkCase{"Single", {0.2}, "▄"},
                      SparkCase{
                          "NaNIsMissing", {1, std::numeric_limits<double>::quiet_NaN(), 2}, "▁·█"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace sellerwatch::digest
