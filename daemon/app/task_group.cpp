#include "app/task_group.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <exception>

namespace sellerwatch::app {
namespace asio = boost::asio;

TaskGroup::TaskGroup(asio::io_context& io, std::shared_ptr<spdlog::logger> log)
    : io_(io), log_(std::move(log)) {}

TaskGroup::TaskId TaskGroup::Spawn(std::string what, asio::awaitable<void> task,
                                   std::shared_ptr<void> keep_alive) {
  ForgetFinished();
  const TaskId id = next_id_++;
  Task& t = *tasks_.emplace(id, std::make_unique<Task>()).first->second;
  asio::co_spawn(io_, std::move(task),
                 asio::bind_cancellation_slot(
                     t.signal.slot(), [this, &t, what = std::move(what),
                                       keep_alive = std::move(keep_alive)](std::exception_ptr e) {
                       t.finished = true;
                       ++finished_;
                       if (!e || stopping_ || t.stopped) return;
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& ex) {
                         log_->critical("{} stopped unexpectedly: {}", what, ex.what());
                       }
                     }));
  return id;
}

void TaskGroup::Stop(TaskId task) {
  ForgetFinished();
  auto found = tasks_.find(task);
  if (found == tasks_.end() || found->second->finished) return;
  found->second->stopped = true;
  found->second->signal.emit(asio::cancellation_type::terminal);
}

void TaskGroup::StopAll() {
  stopping_ = true;
  for (auto& [id, t] : tasks_) {
    if (!t->finished) t->signal.emit(asio::cancellation_type::terminal);
  }
}

void TaskGroup::ForgetFinished() {
  if (finished_ == 0) return;
  std::erase_if(tasks_, [](const auto& entry) { return entry.second->finished; });
  finished_ = 0;
}

}  // namespace sellerwatch::app
