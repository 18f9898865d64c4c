#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/reload_plan.hpp"
#include "app/task_group.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "sources/poller.hpp"

namespace sellerwatch::app {

// The daemon's sources, by SourceId ("<account>/<name>"): each one's pollers (one per stream),
// run as tasks until a reload removes or changes the source, or the daemon stops.
class SourceSupervisor {
 public:
  using Pollers = std::vector<std::shared_ptr<sources::Poller>>;
  // Builds the pollers of one source (the daemon: sources::MakePollers with its clients).
  using Factory = std::function<core::Result<Pollers>(const config::AccountConfig&,
                                                      const config::SourceConfig&)>;
  // Sources built for a reload, not yet running.
  using Built = std::map<std::string, Pollers>;

  // `on_data` runs after every poll that stored something new.
  SourceSupervisor(TaskGroup& tasks, const core::Clock& clock, Factory make,
                   std::function<void()> on_data, std::shared_ptr<spdlog::logger> log);

  // Builds every source of `config`; they run once Start() is called.
  core::Result<void> Build(const config::Config& config);
  void Start();

  // Reload, in two steps so a source that cannot be built changes nothing: builds the sources
  // `changes` adds or changes, as `next` configures them...
  core::Result<Built> BuildChanged(const config::Config& next, const SourceChanges& changes);
  // ...then stops the removed and changed ones and starts those built.
  void Apply(const SourceChanges& changes, Built built);

  std::size_t size() const { return sources_.size(); }
  // Every poller, ordered by source.
  std::vector<sources::Poller*> pollers();
  // Pollers failing for longer than their stale_after.
  std::size_t down() const;

 private:
  struct Running {
    Pollers pollers;
    std::vector<TaskGroup::TaskId> tasks;  // set once started
  };
  void Start(Running& source);
  void Stop(const std::string& id);

  TaskGroup& tasks_;
  const core::Clock& clock_;
  Factory make_;
  std::function<void()> on_data_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, Running> sources_;
};

}  // namespace sellerwatch::app
