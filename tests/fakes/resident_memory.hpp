#pragma once

// Resident memory of a process (VmRSS in /proc/PID/status): for the tests that show memory stays
// flat and the benchmarks that print it beside its target.

#include <sys/types.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace sellerwatch::testing {

// In KiB; 0 when it cannot be read (the process is gone).
inline std::int64_t ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return 0;
}

}  // namespace sellerwatch::testing
