// Preloaded ahead of libfaketime by the clock-jump test. libfaketime 0.9.10 moves every absolute
// timerfd deadline by its offset, CLOCK_MONOTONIC ones too (FAKETIME_DONT_FAKE_MONOTONIC does not
// cover timers): asio's "due now", 1 ns after boot, became "an hour after boot" after a jump back
// by an hour, and the daemon's io loop slept until then on a machine up for less. The daemon's
// elapsed-time clock is meant to stay real, so its timers go to the kernel untouched.

#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

extern "C" int timerfd_settime(int fd, int flags, const struct itimerspec* new_value,
                               struct itimerspec* old_value) {
  return static_cast<int>(syscall(SYS_timerfd_settime, fd, flags, new_value, old_value));
}
