#include "app/explanation_input.hpp"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/engine_follower.hpp"
#include "metrics/metrics_engine.hpp"
#include "notify/state_json.hpp"
#include "store/event_store.hpp"
#include "store/notify_group_store.hpp"
#include "store/silence_store.hpp"

namespace sellerwatch::app {
namespace {

// Legs read per group: enough for the alert's recent history, bounded for a busy group.
constexpr std::size_t kLegsPerGroup = 50;

// The rule judged now, from the account's metrics loaded the way the daemon loads them.
core::Result<std::optional<rules::RuleEvaluation>> Evaluate(store::Db& db, const AlertRef& ref,
                                                            core::Timestamp now) {
  store::EventStore events(db);
  metrics::MetricsEngine engine([&events](const std::string& account, const std::string& id) {
    auto purchased = events.OrderPurchasedAt(account, id);
    return purchased ? *purchased : std::nullopt;
  });
  auto feed = store::EventFeed::Open(db);
  if (!feed) return feed.error();
  EngineFollower follower(
      db, std::move(*feed), engine,
      std::make_shared<spdlog::logger>("explain", std::make_shared<spdlog::sinks::null_sink_st>()));
  if (auto r = FollowOneAccount(db, follower, ref.account->id); !r) return r.error();
  auto evaluation = rules::EvaluateAccount(*ref.account, engine, now);
  std::optional<rules::RuleEvaluation> found;
  for (auto& ev : evaluation.rules) {
    if (ev.rule == ref.rule) found = std::move(ev);
  }
  return found;
}

}  // namespace

core::Result<ExplainInput> LoadExplainInput(const config::Config& config, store::Db& db,
                                            const AlertRef& ref, core::Timestamp now) {
  ExplainInput in;
  in.config = &config;
  in.account = ref.account;
  in.rule = ref.rule;
  auto evaluation = Evaluate(db, ref, now);
  if (!evaluation) return evaluation.error().Context("metrics of " + ref.account->id);
  in.evaluation = std::move(*evaluation);

  auto records = store::AlertStateStore(db).Load(ref.account->id);
  if (!records) return records.error();
  for (auto& r : *records) {
    if (r.rule == ref.rule->name) in.record = std::move(r);
  }
  auto silences = store::SilenceStore(db).List(now);
  if (!silences) return silences.error();
  in.silences = std::move(*silences);

  auto stored = store::NotifyGroupStore(db).LoadAll();
  if (!stored) return stored.error();
  for (const auto& g : *stored) {
    auto state = notify::GroupStateFromJson(g.state);
    if (!state) continue;  // the daemon drops an unreadable group too (Notifier::Reload)
    in.groups.push_back(std::move(*state));
  }
  std::vector<const notify::GroupState*> groups;
  for (const auto& g : in.groups) groups.push_back(&g);
  in.firing = notify::FiringMembers(groups);

  for (const auto& key : AlertGroupKeys(in, now)) {
    auto legs = store::OutboxStore(db).OfGroup(key, kLegsPerGroup);
    if (!legs) return legs.error();
    std::move(legs->begin(), legs->end(), std::back_inserter(in.legs));
  }
  return in;
}

}  // namespace sellerwatch::app
