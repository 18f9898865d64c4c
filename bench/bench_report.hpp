#pragma once

// What every benchmark shares: its flags and the way it prints a figure beside its target.

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::bench {

// --NAME=VALUE, else the environment variable SW_BENCH_<NAME> (dashes as underscores), else
// `fallback`.
inline std::string Flag(int argc, char** argv, std::string_view name, std::string fallback) {
  std::string env = "SW_BENCH_";
  for (char c : name) env += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  if (const char* v = std::getenv(env.c_str())) fallback = v;
  std::string prefix = "--" + std::string(name) + "=";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, prefix.size()) == prefix) fallback = std::string(arg.substr(prefix.size()));
  }
  return fallback;
}

// One line of the report: the figure, its target and whether it was met.
inline void Figure(std::string_view label, const std::string& value, const std::string& target = "",
                   std::optional<bool> met = std::nullopt) {
  std::string verdict = met ? (*met ? "MET" : "MISSED") : "";
  fmt::print("  {:<44} {:>16}   {:<18} {}\n", label, value, target, verdict);
}

}  // namespace sellerwatch::bench
