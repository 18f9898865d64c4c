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
  const TaskId id = tasks_.size();
  Task& t = *tasks_.emplace_back(std::make_unique<Task>());
  asio::co_spawn(io_, std::move(task),
                 asio::bind_cancellation_slot(
                     t.signal.slot(), [this, id, what = std::move(what),
                                       keep_alive = std::move(keep_alive)](std::exception_ptr e) {
                       if (!e || stopping_ || tasks_[id]->stopped) return;
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& ex) {
                         log_->critical("{} stopped unexpectedly: {}", what, ex.what());
                       }
                     }));
  return id;
}

void TaskGroup::Stop(TaskId task) {
  Task& t = *tasks_.at(task);
  t.stopped = true;
  t.signal.emit(asio::cancellation_type::terminal);
}

void TaskGroup::StopAll() {
  stopping_ = true;
  for (auto& t : tasks_) t->signal.emit(asio::cancellation_type::terminal);
}

}  // namespace sellerwatch::app
