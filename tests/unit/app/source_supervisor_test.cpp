// The running sources: built from the config, started together, and on reload the changed
// ones replaced, the removed ones stopped, the added ones started and the rest left running
// (the same pollers, with their timers and counters); a source that cannot be built changes
// nothing.

#include "app/source_supervisor.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <map>
#include <set>

#include "config/loader.hpp"
#include "core/event_json.hpp"
#include "fakes/event_builders.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "sources/registry.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;

// Every poll returns one new order, so each poll stores something and counts.
class CountingSource : public sources::Source {
 public:
  explicit CountingSource(int& polls) : polls_(polls) {}
  boost::asio::awaitable<core::Result<sources::SourceBatch>> Poll(std::optional<std::string>,
                                                                  core::Timestamp now) override {
    core::Event order = test::OrderAt("o" + std::to_string(++polls_), now);
    sources::SourceBatch batch;
    batch.events.push_back({order, core::EncodeEvent(order)});
    co_return batch;
  }
  core::Duration Interval() const override { return 10ms; }  // no start-up jitter to speak of

 private:
  int& polls_;
};

std::shared_ptr<const config::Config> Parse(const std::string& sources) {
  config::LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  auto loaded = config::ParseConfig(
      "daemon: {state_dir: /tmp/sellerwatch-supervisor-test}\n"
      "accounts:\n  - {id: shop, marketplace: amazon, sources: [" +
          sources + "]}\n",
      "supervisor.yaml", options);
  EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config;
}

class SourceSupervisorTest : public ::testing::Test {
 protected:
  void TearDown() override {
    tasks_.StopAll();
    io_.run();
  }

  SourceSupervisor::Pollers Make(const config::AccountConfig& account,
                                 const config::SourceConfig& source) {
    auto id = account.id + "/" + source.name;
    ++built_[id];
    return {std::make_shared<sources::Poller>(id, std::make_unique<CountingSource>(polls_[id]),
                                              *db_, log_)};
  }
  // The poller running for a source id; null when there is none.
  const sources::Poller* Running(const std::string& id) {
    for (const auto* poller : supervisor_.pollers()) {
      if (poller->id() == id) return poller;
    }
    return nullptr;
  }
  bool Polled(const std::string& id) {
    return testing::RunUntil(io_, [&] { return polls_[id] > 0; });
  }

  sellerwatch::testing::TempDir dir_;
  std::unique_ptr<store::Db> db_ = store::OpenStore(dir_.File("state")).value();
  std::shared_ptr<spdlog::logger> log_ =
      std::make_shared<spdlog::logger>("sources", std::make_shared<spdlog::sinks::null_sink_st>());
  boost::asio::io_context io_;
  TaskGroup tasks_{io_, log_};
  core::SystemClock clock_;
  std::map<std::string, int> built_;  // builds per source id
  std::map<std::string, int> polls_;  // polls per source id, of all its builds
  std::set<std::string> broken_;      // source ids whose build fails
  int news_ = 0;                      // polls that stored something new
  SourceSupervisor supervisor_{
      tasks_, clock_,
      [this](const config::AccountConfig& account,
             const config::SourceConfig& source) -> core::Result<SourceSupervisor::Pollers> {
        if (broken_.contains(account.id + "/" + source.name)) {
          return core::Error::Config("cannot build " + source.name);
        }
        return Make(account, source);
      },
      [this] { ++news_; }, log_};
};

TEST_F(SourceSupervisorTest, BuildsEverySourceAndRunsThemOnceStarted) {
  auto config = Parse("{name: a, type: simulator}, {name: b, type: simulator}");
  ASSERT_TRUE(supervisor_.Build(*config));
  EXPECT_EQ(supervisor_.size(), 2u);
  EXPECT_EQ(built_, (std::map<std::string, int>{{"shop/a", 1}, {"shop/b", 1}}));
  io_.poll();
  EXPECT_EQ(polls_["shop/a"], 0);  // built, not running

  supervisor_.Start();
  EXPECT_TRUE(Polled("shop/a"));
  EXPECT_TRUE(Polled("shop/b"));
  EXPECT_GT(news_, 0);
  EXPECT_EQ(supervisor_.down(), 0u);
}

TEST_F(SourceSupervisorTest, AReloadReplacesChangedStopsRemovedStartsAddedAndKeepsTheRest) {
  auto before = Parse(
      "{name: keep, type: simulator}, {name: change, type: simulator, seed: 1}, {name: gone, "
      "type: simulator}");
  ASSERT_TRUE(supervisor_.Build(*before));
  supervisor_.Start();
  ASSERT_TRUE(Polled("shop/keep") && Polled("shop/change") && Polled("shop/gone"));
  const sources::Poller* kept = Running("shop/keep");
  const sources::Poller* changed = Running("shop/change");

  auto after = Parse(
      "{name: keep, type: simulator}, {name: change, type: simulator, seed: 2}, {name: new, "
      "type: simulator}");
  const SourceChanges changes = PlanReload(*before, *after).sources;
  auto built = supervisor_.BuildChanged(*after, changes);
  ASSERT_TRUE(built);
  EXPECT_EQ(built->size(), 2u);
  EXPECT_EQ(supervisor_.size(), 3u);  // nothing stopped yet
  ASSERT_NE(Running("shop/gone"), nullptr);

  polls_["shop/gone"] = 0;
  supervisor_.Apply(changes, std::move(*built));
  EXPECT_EQ(supervisor_.size(), 3u);
  EXPECT_EQ(Running("shop/keep"), kept);
  EXPECT_NE(Running("shop/change"), changed);
  EXPECT_EQ(Running("shop/gone"), nullptr);
  EXPECT_EQ(built_, (std::map<std::string, int>{
                        {"shop/change", 2}, {"shop/gone", 1}, {"shop/keep", 1}, {"shop/new", 1}}));
  EXPECT_TRUE(Polled("shop/new"));
  // The removed source's poller polls no more.
  polls_["shop/keep"] = 0;
  ASSERT_TRUE(testing::RunUntil(io_, [&] { return polls_["shop/keep"] >= 3; }));
  EXPECT_EQ(polls_["shop/gone"], 0);
}

TEST_F(SourceSupervisorTest, ASourceThatCannotBeBuiltChangesNothing) {
  auto before = Parse("{name: keep, type: simulator}, {name: change, type: simulator, seed: 1}");
  ASSERT_TRUE(supervisor_.Build(*before));
  supervisor_.Start();
  const sources::Poller* changed = Running("shop/change");

  auto after = Parse(
      "{name: keep, type: simulator}, {name: change, type: simulator, seed: 2}, {name: new, "
      "type: simulator}");
  broken_.insert("shop/new");
  auto built = supervisor_.BuildChanged(*after, PlanReload(*before, *after).sources);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().message, "cannot build new");
  EXPECT_EQ(supervisor_.size(), 2u);
  EXPECT_EQ(Running("shop/change"), changed);
  polls_["shop/change"] = 0;
  EXPECT_TRUE(Polled("shop/change"));  // still running
}

TEST_F(SourceSupervisorTest, BuildFailsWithTheFirstSourceThatCannotBeBuilt) {
  broken_.insert("shop/b");
  auto built = supervisor_.Build(*Parse("{name: a, type: simulator}, {name: b, type: simulator}"));
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().message, "cannot build b");
}

}  // namespace
}  // namespace sellerwatch::app
