#include "app/source_supervisor.hpp"

#include <set>

#include "sources/source_type.hpp"

namespace sellerwatch::app {

SourceSupervisor::SourceSupervisor(TaskGroup& tasks, const core::Clock& clock, Factory make,
                                   std::function<void()> on_data,
                                   std::shared_ptr<spdlog::logger> log)
    : tasks_(tasks),
      clock_(clock),
      make_(std::move(make)),
      on_data_(std::move(on_data)),
      log_(std::move(log)) {}

core::Result<void> SourceSupervisor::Build(const config::Config& config) {
  // Against no config at all, every source is added.
  auto built = BuildChanged(config, PlanReload(config::Config{}, config).sources);
  if (!built) return built.error();
  for (auto& [id, pollers] : *built) sources_.emplace(id, Running{std::move(pollers), {}});
  return {};
}

void SourceSupervisor::Start() {
  for (auto& [id, source] : sources_) Start(source);
}

core::Result<SourceSupervisor::Built> SourceSupervisor::BuildChanged(const config::Config& next,
                                                                     const SourceChanges& changes) {
  std::set<std::string> wanted(changes.added.begin(), changes.added.end());
  wanted.insert(changes.changed.begin(), changes.changed.end());
  Built built;
  for (const auto& account : next.accounts) {
    for (const auto& source : account.sources) {
      auto id = sources::SourceId(account, source);
      if (!wanted.contains(id)) continue;
      auto pollers = make_(account, source);
      if (!pollers) return pollers.error();
      built.emplace(std::move(id), std::move(*pollers));
    }
  }
  return built;
}

void SourceSupervisor::Apply(const SourceChanges& changes, Built built) {
  for (const auto& id : changes.removed) {
    log_->info("source={} removed: stopping it", id);
    Stop(id);
  }
  auto start = [&](const std::string& id) {
    Start(sources_.insert_or_assign(id, Running{std::move(built.at(id)), {}}).first->second);
  };
  for (const auto& id : changes.changed) {
    log_->info("source={} changed: restarting it", id);
    Stop(id);
    start(id);
  }
  for (const auto& id : changes.added) {
    log_->info("source={} added: starting it", id);
    start(id);
  }
}

std::vector<sources::Poller*> SourceSupervisor::pollers() {
  std::vector<sources::Poller*> out;
  for (auto& [id, source] : sources_) {
    for (auto& poller : source.pollers) out.push_back(poller.get());
  }
  return out;
}

std::size_t SourceSupervisor::down() const {
  std::size_t down = 0;
  for (const auto& [id, source] : sources_) {
    for (const auto& poller : source.pollers) down += poller->down();
  }
  return down;
}

void SourceSupervisor::Start(Running& source) {
  for (const auto& poller : source.pollers) {
    source.tasks.push_back(
        tasks_.Spawn("source " + poller->id(), poller->Run(clock_, on_data_), poller));
  }
}

void SourceSupervisor::Stop(const std::string& id) {
  auto it = sources_.find(id);
  if (it == sources_.end()) return;
  for (auto task : it->second.tasks) tasks_.Stop(task);
  sources_.erase(it);
}

}  // namespace sellerwatch::app
