#pragma once

#include <map>
#include <string>
#include <vector>

#include "fakes/process.hpp"

namespace sellerwatch::testing {

inline std::string SellerwatchBinary() { return SELLERWATCH_BINARY; }
inline std::string SourcePath(const std::string& relative) {
  return std::string(SELLERWATCH_SOURCE_DIR) + "/" + relative;
}
inline std::string TestData(const std::string& name) {
  return std::string(SELLERWATCH_TEST_DATA) + "/" + name;
}

// Runs the sellerwatch binary with `args`.
inline ProcessResult Sellerwatch(std::vector<std::string> args,
                                 const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), SellerwatchBinary());
  return RunProcess(args, env);
}

}  // namespace sellerwatch::testing
