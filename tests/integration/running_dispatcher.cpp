#include "integration/running_dispatcher.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>

#include "config/loader.hpp"
#include "fakes/run_awaitable.hpp"
#include "notify/channel_factory.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {

using namespace std::chrono_literals;

RunningDispatcher::RunningDispatcher(const std::string& config_yaml, const std::string& state_dir) {
  auto loaded = config::ParseConfig(config_yaml, "test.yaml");
  if (!loaded.config) {
    ADD_FAILURE() << (loaded.diagnostics.empty() ? "config" : loaded.diagnostics[0].Format());
    return;
  }
  config_ = loaded.config;
  db_ = *store::OpenStore(state_dir);
  notify::Channels channels;
  for (const auto& r : config_->receivers)
    channels.emplace(r.name, notify::MakeChannel(r, console_, http_, smtp_));
  dispatcher_ = std::make_unique<notify::OutboxDispatcher>(io_, config_, *db_, std::move(channels),
                                                           clock_, logs_.Get("delivery"));
  EXPECT_TRUE(dispatcher_->Recover());
  boost::asio::co_spawn(io_, dispatcher_->Run(),
                        boost::asio::bind_cancellation_slot(
                            stop_.slot(), [this](std::exception_ptr) { stopped_ = true; }));
}

RunningDispatcher::~RunningDispatcher() {
  if (!dispatcher_) return;
  stop_.emit(boost::asio::cancellation_type::terminal);
  RunUntil(
      io_, [this] { return stopped_; }, 5s);
}

std::int64_t RunningDispatcher::Enqueue(const store::OutboxLeg& leg) {
  auto id = store::OutboxStore(*db_).Enqueue(leg);
  EXPECT_TRUE(id && *id);
  dispatcher_->Wake();
  return id && *id ? **id : 0;
}

std::optional<store::OutboxLeg> RunningDispatcher::Find(std::int64_t id) {
  return store::OutboxStore(*db_).Find(id).value();
}

bool RunningDispatcher::Until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  return RunUntil(io_, done, limit);
}

bool RunningDispatcher::UntilStatus(std::int64_t id, store::LegStatus status,
                                    std::chrono::milliseconds limit) {
  return Until([&] { return Leg(id).status == status; }, limit);
}

}  // namespace sellerwatch::testing
