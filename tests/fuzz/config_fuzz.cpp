// The YAML config loader (DESIGN.md §1.2) on hostile text, secret references included:
// ${ENV}, ${file:/path} and ${credential:NAME} resolve against a fixed environment and a folder
// of secret files made at start-up. No input may crash it or leave it with an internal error,
// and no diagnostic may quote a secret's value.

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "config/loader.hpp"
#include "fuzz_support.hpp"
#include "sources/registry.hpp"

using namespace sellerwatch;

namespace {

// Seeds name these paths, so the folder is fixed (libFuzzer reads relative corpus paths after
// LLVMFuzzerInitialize, so the target must not chdir).
constexpr const char* kSecretDir = "/tmp/sellerwatch-fuzz-secrets";
constexpr std::string_view kSecretValues[] = {"env-s3cr3t-value", "file-s3cr3t-value",
                                              "cred-s3cr3t-value"};

void WriteFile(const std::string& path, std::string_view content) {
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
}

config::LoadOptions& Options() {
  static config::LoadOptions options = [] {
    config::LoadOptions o;
    o.source_types = sources::SourceTypeSpecs();
    o.getenv = [](const std::string& name) -> std::optional<std::string> {
      if (name == "CREDENTIALS_DIRECTORY") return std::string(kSecretDir);
      if (name == "EMPTY") return std::string();
      if (name.find("TOKEN") != std::string::npos || name.find("SECRET") != std::string::npos ||
          name.find("PASSWORD") != std::string::npos || name.find("KEY") != std::string::npos) {
        return std::string(kSecretValues[0]);
      }
      return std::nullopt;
    };
    return o;
  }();
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::mkdir(kSecretDir, 0700);
  const std::string dir = kSecretDir;
  WriteFile(dir + "/token", std::string(kSecretValues[1]) + "\n");
  WriteFile(dir + "/crlf", std::string(kSecretValues[1]) + "\r\n");
  WriteFile(dir + "/empty", "");
  WriteFile(dir + "/smtp", std::string(kSecretValues[2]));
  WriteFile(dir + "/whsec", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ::mkdir((dir + "/dir").c_str(), 0700);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::AsText(data, size));
  config::LoadResult result = config::ParseConfig(text, "fuzz.yaml", Options());
  fuzz::Require(result.ok() == (result.config != nullptr), "ok() disagrees with the config");
  for (const auto& d : result.diagnostics) {
    const std::string line = d.Format();
    // The loader catches every exception and reports it as an internal error: that is a bug.
    fuzz::Require(line.find("internal error") == std::string::npos, "internal error", line);
    for (auto secret : kSecretValues) {
      // Only a value that came from a reference counts: text may spell it out itself.
      if (text.find(secret) != std::string::npos) continue;
      fuzz::Require(line.find(secret) == std::string::npos, "a diagnostic quotes a secret", line);
    }
    if (!d.warning)
      fuzz::Require(!result.ok(), "an error diagnostic on a config that loaded", line);
  }
  return 0;
}
