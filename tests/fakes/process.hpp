#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sellerwatch::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs a program to completion and captures its output. `env` adds to the environment.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {});

// A program running in the background whose stdout and stderr the test reads as they come,
// waiting on the pipes (never sleeping) until an expected text appears or a deadline passes.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv,
                             const std::map<std::string, std::string>& env = {});
  ~BackgroundProcess();  // kills the process if still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads output until stdout contains `text` (`count` times); false on timeout or exit.
  bool WaitForStdout(const std::string& text, std::chrono::milliseconds timeout,
                     std::size_t count = 1) {
    return WaitForText(out_, text, timeout, count);
  }
  bool WaitForStderr(const std::string& text, std::chrono::milliseconds timeout,
                     std::size_t count = 1) {
    return WaitForText(err_, text, timeout, count);
  }
  void Signal(int sig);
  // Waits for exit (reading the rest of the output); nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  pid_t pid() const { return pid_; }  // e.g. to read its CPU time from /proc

 private:
  // Reads whatever is available within `budget`; false once both pipes closed.
  bool Pump(std::chrono::milliseconds budget);
  bool WaitForText(const std::string& stream, const std::string& text,
                   std::chrono::milliseconds timeout, std::size_t count);
  static std::size_t Count(const std::string& stream, const std::string& text);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::optional<int> exit_code_;
};

}  // namespace sellerwatch::testing
