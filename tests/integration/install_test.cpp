// `cmake --install` puts everything in FHS places and keeps an edited config; the shipped unit
// passes `systemd-analyze verify` and scores an exposure of at most 2.0 ("OK") in
// `systemd-analyze security --offline=yes`.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::testing {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ProcessResult Install(const std::string& destdir) {
  return RunProcess({"cmake", "--install", SELLERWATCH_BUILD_DIR, "--prefix", "/usr"},
                    {{"DESTDIR", destdir}});
}

TEST(Install, PutsFilesInFhsPlacesAndKeepsAnEditedConfig) {
  TempDir dir;
  std::string root = dir.File("root");
  auto first = Install(root);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  for (const char* f :
       {"usr/bin/sellerwatch", "usr/lib/systemd/system/sellerwatch.service",
        "usr/share/sellerwatch/sellerwatch.example.yaml",
        "usr/share/sellerwatch/presets/amazon.yaml", "usr/share/doc/sellerwatch/README.md",
        "usr/share/sellerwatch/prometheus/sellerwatch.rules.yml",
        "usr/share/sellerwatch/grafana/sellerwatch.json",
        "usr/share/sellerwatch/kubernetes/sellerwatch-statefulset.yaml",
        "etc/sellerwatch/sellerwatch.yaml"}) {
    EXPECT_TRUE(fs::exists(fs::path(root) / f)) << f;
  }
  fs::path conf = fs::path(root) / "etc/sellerwatch/sellerwatch.yaml";
  std::ofstream(conf, std::ios::app) << "# edited by the operator\n";
  auto second = Install(root);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(Read(conf).find("# edited by the operator"), std::string::npos);
}

TEST(Install, UnitFileVerifiesAndIsHardened) {
  TempDir dir;
  // The unit as shipped, pointing at the binary just built (verify checks ExecStart exists).
  std::string unit = Read(fs::path(SELLERWATCH_SOURCE_DIR) / "systemd/sellerwatch.service");
  unit = std::regex_replace(unit, std::regex("/usr/bin/sellerwatch"), SELLERWATCH_BINARY);
  std::string path = dir.Write("sellerwatch.service", unit);
  EXPECT_NE(unit.find("Type=notify"), std::string::npos);
  EXPECT_NE(unit.find("RestartPreventExitStatus=78"), std::string::npos);

  auto verify = RunProcess({"systemd-analyze", "verify", path});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err.find("sellerwatch.service:"), std::string::npos) << verify.err;

  auto security = RunProcess({"systemd-analyze", "security", "--offline=yes", path});
  std::smatch m;
  std::string out = security.out + security.err;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")))
      << out;
  EXPECT_LE(std::stod(m[1]), 2.0) << out;
}

}  // namespace
}  // namespace sellerwatch::testing
