// `sellerwatch check-config`: the shipped configs pass; every bad config in tests/data is
// refused with exit code 78 and the FILE:LINE:COL of its one problem.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

TEST(CheckConfigCli, ShippedConfigsAreValid) {
  for (const char* file : {"config/sellerwatch.example.yaml", "config/demo.yaml"}) {
    auto r = Sellerwatch({"check-config", "-c", SourcePath(file)});
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.err;
    EXPECT_NE(r.out.find(": ok ("), std::string::npos) << r.out;
  }
}

TEST(CheckConfigCli, MissingFileIsAConfigError) {
  auto r = Sellerwatch({"check-config", "-c", "/nonexistent/sellerwatch.yaml"});
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE(r.err.find("/nonexistent/sellerwatch.yaml"), std::string::npos) << r.err;
}

struct BadConfig {
  std::string path;
  std::string expected;  // "LINE:COL: message substring"
};

std::vector<BadConfig> BadConfigs() {
  std::vector<BadConfig> out;
  static const std::regex kExpect(R"(^# expect: (\d+:\d+: .+)$)");
  for (const auto& entry : std::filesystem::directory_iterator(SELLERWATCH_TEST_DATA)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("conf.bad-", 0) != 0) continue;
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    std::smatch m;
    EXPECT_TRUE(std::regex_match(first, m, kExpect)) << name << " lacks a '# expect:' line";
    out.push_back({entry.path().string(), m.size() > 1 ? m[1].str() : ""});
  }
  return out;
}

TEST(CheckConfigCli, EveryBadConfigExits78AndNamesThePlace) {
  auto bad = BadConfigs();
  // One per validation rule of the walking-skeleton issue, at least.
  ASSERT_GE(bad.size(), 8u);
  for (const auto& b : bad) {
    auto r = Sellerwatch({"check-config", "-c", b.path});
    EXPECT_EQ(r.exit_code, 78) << b.path << "\n" << r.err;
    std::string want = b.path + ":" + b.expected;
    EXPECT_NE(r.err.find(want), std::string::npos)
        << "expected `" << want << "` in the output of check-config:\n"
        << r.err;
  }
}

TEST(CheckConfigCli, RunRefusesABadConfigWith78) {
  auto r = Sellerwatch({"run", "-c", TestData("conf.bad-unknown-timezone.yaml")});
  EXPECT_EQ(r.exit_code, 78) << r.err;
}

}  // namespace
}  // namespace sellerwatch::testing
