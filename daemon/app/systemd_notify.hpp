#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace sellerwatch::app {

// sd_notify(3) for Type=notify: READY, RELOADING, STOPPING, STATUS and watchdog pings. Every call
// is a no-op when $NOTIFY_SOCKET is unset (run from a shell, in tests without a socket).
class SystemdNotify {
 public:
  void Ready(std::string_view status) const;
  // Before re-reading the config; Ready() again when done (RELOADING=1 with MONOTONIC_USEC).
  void Reloading() const;
  void Stopping() const;
  void Status(std::string_view status) const;
  void WatchdogPing() const;
  // Half of $WATCHDOG_USEC when systemd watches this process; ping at least that often.
  static std::optional<std::chrono::microseconds> WatchdogInterval();
};

}  // namespace sellerwatch::app
