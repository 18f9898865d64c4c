#include "app/systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <ctime>
#include <string>

namespace sellerwatch::app {
namespace {

// Newlines would start a new assignment in the datagram.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

void SystemdNotify::Ready(std::string_view status) const {
  sd_notify(0, ("READY=1\nSTATUS=" + OneLine(status)).c_str());
}

void SystemdNotify::Reloading() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  auto usec = static_cast<unsigned long long>(ts.tv_sec) * 1'000'000ULL +
              static_cast<unsigned long long>(ts.tv_nsec) / 1'000ULL;
  sd_notify(
      0, ("RELOADING=1\nSTATUS=reloading the configuration\nMONOTONIC_USEC=" + std::to_string(usec))
             .c_str());
}

void SystemdNotify::Stopping() const { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void SystemdNotify::Status(std::string_view status) const {
  sd_notify(0, ("STATUS=" + OneLine(status)).c_str());
}

void SystemdNotify::WatchdogPing() const { sd_notify(0, "WATCHDOG=1"); }

std::optional<std::chrono::microseconds> SystemdNotify::WatchdogInterval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace sellerwatch::app
