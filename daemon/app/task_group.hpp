#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <string>

namespace sellerwatch::app {

// The daemon's long-running tasks (pollers, loops) on its io_context: each runs until it is
// stopped, alone (a source removed by a reload) or with all the others (shutdown). A task that
// ends any other way is logged loudly: a silently dead poller is a blind monitor. A finished
// task is forgotten, so months of reloads do not pile up stopped ones.
class TaskGroup {
 public:
  using TaskId = std::size_t;

  TaskGroup(boost::asio::io_context& io, std::shared_ptr<spdlog::logger> log);

  // `keep_alive` lives until the task has finished (a poller whose source a reload removed).
  TaskId Spawn(std::string what, boost::asio::awaitable<void> task,
               std::shared_ptr<void> keep_alive = {});
  // Ends `task`; nothing when it has already finished.
  void Stop(TaskId task);
  void StopAll();
  bool stopping() const { return stopping_; }
  // Tasks that have not finished yet (/metrics: a count that grows is a leak).
  std::size_t running() const { return tasks_.size() - finished_; }
  // Tasks remembered: the running ones and those finished since the last Spawn or Stop.
  std::size_t remembered() const { return tasks_.size(); }

 private:
  struct Task {
    boost::asio::cancellation_signal signal;
    bool stopped = false;
    bool finished = false;
  };

  // Forgets finished tasks; not from their own completion handler, whose cancellation slot
  // still belongs to the signal then.
  void ForgetFinished();

  boost::asio::io_context& io_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<TaskId, std::unique_ptr<Task>> tasks_;
  TaskId next_id_ = 0;
  std::size_t finished_ = 0;  // of tasks_, not forgotten yet
  bool stopping_ = false;
};

}  // namespace sellerwatch::app
