#include <fmt/format.h>

#include <iostream>
#include <random>

#include "cli/config_loading.hpp"
#include "core/clock.hpp"
#include "notify/mute.hpp"
#include "store/migrations.hpp"
#include "store/silence_store.hpp"

namespace sellerwatch::cli {
namespace {

std::string NewSilenceId() {
  std::random_device rd;
  return fmt::format("s-{:08x}", rd());
}

// "key=value" pairs from --label, plus --account/--rule shorthands.
std::optional<core::Labels> Matchers(const SilenceOptions& o, std::string& problem) {
  core::Labels m;
  if (!o.account.empty()) m["account"] = o.account;
  if (!o.rule.empty()) m["rule"] = o.rule;
  for (const auto& pair : o.labels) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      problem = fmt::format("--label '{}' is not key=value", pair);
      return std::nullopt;
    }
    m[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  if (m.empty()) {
    problem =
        "a silence needs at least one of --account, --rule, --label (it would mute everything)";
    return std::nullopt;
  }
  return m;
}

int Add(store::Db& db, const config::Config& config, const SilenceOptions& o, core::Timestamp now) {
  std::string problem;
  auto matchers = Matchers(o, problem);
  if (!matchers) {
    std::cerr << "sellerwatch silence add: " << problem << "\n";
    return kExitUsage;
  }
  if (!o.account.empty() && !config.FindAccount(o.account)) {
    std::cerr << fmt::format("sellerwatch silence add: account '{}' is not in {}\n", o.account,
                             config.path);
    return kExitUsage;
  }
  auto duration = core::ParseDuration(o.duration);
  if (!duration || *duration <= core::Duration::zero()) {
    std::cerr << fmt::format("sellerwatch silence add: --for '{}' is not a duration like 2h\n",
                             o.duration);
    return kExitUsage;
  }
  if (o.comment.empty()) {
    std::cerr << "sellerwatch silence add: --comment is required (say why, for whoever wonders)\n";
    return kExitUsage;
  }
  core::Silence s{NewSilenceId(), *matchers, now, now + *duration, o.by, o.comment};
  if (auto r = store::SilenceStore(db).Add(s); !r) {
    std::cerr << "sellerwatch silence add: " << r.error().message << "\n";
    return kExitFailure;
  }
  std::cout << fmt::format("{} silences until {}\n", s.id, core::FormatRfc3339(s.ends_at));
  return kExitOk;
}

int List(store::Db& db, const SilenceOptions& o, core::Timestamp now) {
  auto list = store::SilenceStore(db).List(now, o.all);
  if (!list) {
    std::cerr << "sellerwatch silence list: " << list.error().message << "\n";
    return kExitFailure;
  }
  if (list->empty()) std::cout << "no silences\n";
  for (const auto& s : *list) {
    std::string matchers;
    for (const auto& [k, v] : s.matchers)
      matchers += fmt::format("{}{}={}", matchers.empty() ? "" : ",", k, v);
    const char* state =
        notify::IsActive(s, now) ? "active" : (s.ends_at <= now ? "expired" : "pending");
    std::cout << fmt::format("{}  {:<8} {}  {} .. {}  {}{}\n", s.id, state, matchers,
                             core::FormatRfc3339(s.starts_at), core::FormatRfc3339(s.ends_at),
                             s.created_by.empty() ? "" : s.created_by + ": ", s.comment);
  }
  return kExitOk;
}

int Expire(store::Db& db, const SilenceOptions& o, core::Timestamp now) {
  auto ended = store::SilenceStore(db).Expire(o.id, now);
  if (!ended) {
    std::cerr << "sellerwatch silence expire: " << ended.error().message << "\n";
    return kExitFailure;
  }
  if (!*ended) {
    std::cerr << fmt::format("sellerwatch silence expire: no active silence '{}'\n", o.id);
    return kExitUsage;
  }
  std::cout << fmt::format("{} expired\n", o.id);
  return kExitOk;
}

}  // namespace

int SilenceCommand(const GlobalOptions& global, const SilenceOptions& options) {
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) return kExitConfig;
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) {
    std::cerr << "sellerwatch silence: " << db.error().message << "\n";
    return kExitFailure;
  }
  auto now = core::SystemClock().Now();
  switch (options.action) {
    case SilenceOptions::Action::kAdd:
      return Add(**db, *config, options, now);
    case SilenceOptions::Action::kList:
      return List(**db, options, now);
    case SilenceOptions::Action::kExpire:
      return Expire(**db, options, now);
  }
  return kExitUsage;
}

}  // namespace sellerwatch::cli
