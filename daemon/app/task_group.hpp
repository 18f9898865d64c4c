#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sellerwatch::app {

// The daemon's long-running tasks (pollers, loops) on its io_context: each runs until it is
// stopped, alone (a source removed by a reload) or with all the others (shutdown). A task that
// ends any other way is logged loudly: a silently dead poller is a blind monitor.
class TaskGroup {
 public:
  using TaskId = std::size_t;

  TaskGroup(boost::asio::io_context& io, std::shared_ptr<spdlog::logger> log);

  // `keep_alive` lives until the task has finished (a poller whose source a reload removed).
  TaskId Spawn(std::string what, boost::asio::awaitable<void> task,
               std::shared_ptr<void> keep_alive = {});
  void Stop(TaskId task);
  void StopAll();
  bool stopping() const { return stopping_; }

 private:
  struct Task {
    boost::asio::cancellation_signal signal;
    bool stopped = false;
  };

  boost::asio::io_context& io_;
  std::shared_ptr<spdlog::logger> log_;
  std::vector<std::unique_ptr<Task>> tasks_;  // by TaskId
  bool stopping_ = false;
};

}  // namespace sellerwatch::app
