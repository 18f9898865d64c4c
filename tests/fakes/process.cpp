#include "fakes/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sellerwatch::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            int& out_fd, int& err_fd) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd = out_pipe[0];
  err_fd = err_pipe[0];
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env) {
  BackgroundProcess p(argv, env);
  ProcessResult r;
  auto code = p.Wait(std::chrono::minutes(5));
  r.exit_code = code.value_or(-1);
  r.out = p.out();
  r.err = p.err();
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& env) {
  pid_ = Spawn(argv, env, out_fd_, err_fd_);
}

BackgroundProcess::~BackgroundProcess() {
  if (!exit_code_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool BackgroundProcess::Pump(std::chrono::milliseconds budget) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  int open_fds = (out_fd_ >= 0) + (err_fd_ >= 0);
  if (open_fds == 0) return false;
  int n = ::poll(fds, 2, static_cast<int>(budget.count()));
  if (n <= 0) return true;
  char buf[4096];
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
    if (got > 0) {
      (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      ::close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
    }
  }
  return true;
}

std::size_t BackgroundProcess::Count(const std::string& stream, const std::string& text) {
  std::size_t n = 0;
  for (auto pos = stream.find(text); pos != std::string::npos; pos = stream.find(text, pos + 1))
    ++n;
  return n;
}

bool BackgroundProcess::WaitForText(const std::string& stream, const std::string& text,
                                    std::chrono::milliseconds timeout, std::size_t count) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Count(stream, text) < count) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !Pump(left)) return Count(stream, text) >= count;
  }
  return true;
}

void BackgroundProcess::Signal(int sig) {
  if (!exit_code_) ::kill(pid_, sig);
}

std::optional<int> BackgroundProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    Pump(left);
  }
  if (!exit_code_) {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) exit_code_ = DecodeStatus(status);
  }
  return exit_code_;
}

}  // namespace sellerwatch::testing
