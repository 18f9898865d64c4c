// Every tests/data/conf.bad-*.yaml holds one mistake and states, on its first line, the one
// diagnostic it must produce: "# expect: LINE:COL: <start of the message>". The CLI tests run
// `sellerwatch check-config` over the same files.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::config {
namespace {

namespace fs = std::filesystem;

LoadOptions CheckConfigOptions() {
  LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  options.require_credentials = false;
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return options;
}

std::vector<fs::path> BadFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(SELLERWATCH_TEST_DATA)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("conf.bad-") && name.ends_with(".yaml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ConfigBadFilesTest, ThereAreBadFiles) { EXPECT_GE(BadFiles().size(), 20u); }

TEST(ConfigBadFilesTest, EachFileProducesExactlyItsExpectedError) {
  for (const auto& file : BadFiles()) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file);
    std::string first_line;
    std::getline(in, first_line);
    const std::string kPrefix = "# expect: ";
    ASSERT_TRUE(first_line.starts_with(kPrefix)) << "first line must be '# expect: L:C: text'";
    std::string expected = file.string() + ":" + first_line.substr(kPrefix.size());

    LoadResult result = LoadConfigFile(file.string(), CheckConfigOptions());
    EXPECT_FALSE(result.ok());
    std::vector<std::string> errors;
    for (const auto& d : result.diagnostics)
      if (!d.warning) errors.push_back(d.Format());
    std::string all;
    for (const auto& e : errors) all += "\n  " + e;
    ASSERT_EQ(errors.size(), 1u) << "errors:" << all;
    EXPECT_TRUE(errors[0].starts_with(expected)) << "expected: " << expected << "\nactual:" << all;
  }
}

}  // namespace
}  // namespace sellerwatch::config
