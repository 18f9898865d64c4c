// Long-running tasks: stopped alone or all together they end quietly; any other end is logged
// as critical, since a task that dies silently leaves the daemon blind.

#include "app/task_group.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sstream>
#include <stdexcept>

namespace sellerwatch::app {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<void> WaitAnHour() {
  asio::steady_timer timer(co_await asio::this_coro::executor, 1h);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<void> Fail() {
  co_await asio::this_coro::executor;
  throw std::runtime_error("disk on fire");
}

asio::awaitable<void> Finish() { co_return; }

class TaskGroupTest : public ::testing::Test {
 protected:
  std::ostringstream logged_;
  asio::io_context io_;
  TaskGroup tasks_{io_, std::make_shared<spdlog::logger>(
                            "tasks", std::make_shared<spdlog::sinks::ostream_sink_st>(logged_))};
};

TEST_F(TaskGroupTest, ATaskThatDiesIsLoggedByName) {
  tasks_.Spawn("source shop/sim", Fail());
  tasks_.Spawn("heartbeat", Finish());
  io_.run();
  EXPECT_NE(logged_.str().find("source shop/sim stopped unexpectedly: disk on fire"),
            std::string::npos)
      << logged_.str();
  EXPECT_NE(logged_.str().find("critical"), std::string::npos) << logged_.str();
  EXPECT_EQ(logged_.str().find("heartbeat"), std::string::npos) << logged_.str();
}

TEST_F(TaskGroupTest, StopEndsOneTaskQuietlyAndThenReleasesWhatItKeptAlive) {
  auto kept = std::make_shared<int>(1);
  std::weak_ptr<int> removed = kept;
  auto other = std::make_shared<int>(2);
  std::weak_ptr<int> running = other;
  auto a = tasks_.Spawn("source shop/old", WaitAnHour(), std::move(kept));
  tasks_.Spawn("source shop/other", WaitAnHour(), std::move(other));
  io_.poll();
  EXPECT_FALSE(removed.expired());

  tasks_.Stop(a);
  io_.poll();
  EXPECT_TRUE(removed.expired());
  EXPECT_FALSE(running.expired());  // the others run on
  EXPECT_FALSE(tasks_.stopping());
  EXPECT_EQ(logged_.str(), "");
}

TEST_F(TaskGroupTest, StopAllEndsEveryTaskQuietly) {
  tasks_.Spawn("evaluation loop", WaitAnHour());
  tasks_.Spawn("notification groups", WaitAnHour());
  auto stopped_before = tasks_.Spawn("digest", WaitAnHour());
  io_.poll();
  tasks_.Stop(stopped_before);
  tasks_.StopAll();
  EXPECT_TRUE(tasks_.stopping());
  io_.run();  // returns: no task is left
  EXPECT_EQ(logged_.str(), "");
}

// A reload stops some tasks and starts others, for months: the finished ones are forgotten.
TEST_F(TaskGroupTest, FinishedTasksAreForgottenSoReloadsDoNotPileThemUp) {
  tasks_.Spawn("evaluation loop", WaitAnHour());
  auto digest = tasks_.Spawn("digest", WaitAnHour());
  tasks_.Spawn("heartbeat", Finish());
  io_.poll();
  EXPECT_EQ(tasks_.running(), 2u);
  for (int reload = 0; reload < 500; ++reload) {
    tasks_.Stop(digest);
    digest = tasks_.Spawn("digest", WaitAnHour());
    io_.poll();
    ASSERT_EQ(tasks_.running(), 2u) << "reload " << reload;
    ASSERT_LE(tasks_.remembered(), 4u) << "reload " << reload;
  }
  tasks_.Stop(digest);
  io_.poll();
  tasks_.Stop(digest);  // already finished and forgotten: nothing
  EXPECT_EQ(tasks_.running(), 1u);
  tasks_.StopAll();
  io_.run();
  EXPECT_EQ(tasks_.running(), 0u);
  EXPECT_EQ(logged_.str(), "");
}

}  // namespace
}  // namespace sellerwatch::app
