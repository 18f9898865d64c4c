#include "app/reload_plan.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "sources/source_type.hpp"

namespace sellerwatch::app {
namespace {

using Placed = std::pair<const config::AccountConfig*, const config::SourceConfig*>;

std::map<std::string, Placed> SourcesById(const config::Config& c) {
  std::map<std::string, Placed> out;
  for (const auto& account : c.accounts) {
    for (const auto& source : account.sources) {
      out.emplace(sources::SourceId(account, source), Placed{&account, &source});
    }
  }
  return out;
}

// A source's pollers are built from its settings and, of its account, the id (part of the
// SourceId), the marketplace and the labels (on source_down).
bool Unchanged(const Placed& a, const Placed& b) {
  return a.first->marketplace == b.first->marketplace && a.first->labels == b.first->labels &&
         *a.second == *b.second;
}
// A key added to AccountConfig must be judged here: does MakePollers read it?
static_assert(sizeof(config::AccountConfig) ==
                  3 * sizeof(std::string) + sizeof(config::Labels) +
                      sizeof(std::vector<config::SourceConfig>) +
                      sizeof(std::map<std::string, config::RuleSettings>) +
                      sizeof(std::vector<config::EffectiveRule>) + sizeof(config::Location),
              "a field added to AccountConfig: should a reload restart the account's sources?");

}  // namespace

std::vector<std::string> KeepStartupKeys(const config::Config& running, config::Config& next) {
  std::vector<std::string> warnings;
  auto& was = running.daemon;
  auto& now = next.daemon;
  if (now.state_dir != was.state_dir) {
    warnings.push_back(fmt::format(
        "daemon.state_dir changed; that takes a restart (still using {})", was.state_dir));
    now.state_dir = was.state_dir;
  }
  if (now.listen != was.listen) {
    warnings.push_back(
        fmt::format("daemon.listen changed; that takes a restart (still on {})", was.listen));
    now.listen = was.listen;
  }
  if (now.listen_token != was.listen_token) {
    warnings.push_back("daemon.listen_token changed; that takes a restart (the old one stays)");
    now.listen_token = was.listen_token;
  }
  return warnings;
}

ReloadPlan PlanReload(const config::Config& running, const config::Config& next) {
  ReloadPlan plan;
  const auto before = SourcesById(running);
  const auto after = SourcesById(next);
  for (const auto& account : next.accounts) {
    if (!running.FindAccount(account.id)) plan.added_accounts.push_back(account.id);
    for (const auto& source : account.sources) {
      auto id = sources::SourceId(account, source);
      auto was = before.find(id);
      if (was == before.end()) {
        plan.sources.added.push_back(std::move(id));
      } else if (Unchanged(was->second, {&account, &source})) {
        plan.sources.kept.push_back(std::move(id));
      } else {
        plan.sources.changed.push_back(std::move(id));
      }
    }
  }
  for (const auto& account : running.accounts) {
    if (!next.FindAccount(account.id)) plan.removed_accounts.push_back(account.id);
    for (const auto& source : account.sources) {
      auto id = sources::SourceId(account, source);
      if (!after.contains(id)) plan.sources.removed.push_back(std::move(id));
    }
  }
  plan.log_level_changed = next.daemon.log_level != running.daemon.log_level;
  plan.heartbeat_changed = next.daemon.heartbeat != running.daemon.heartbeat;
  plan.digest_changed = next.digest != running.digest;
  return plan;
}

}  // namespace sellerwatch::app
