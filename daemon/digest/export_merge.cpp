#include "digest/export_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace sellerwatch::digest {
namespace {

core::Error Refuse(std::string message) { return core::Error::Data(std::move(message)); }

// "a.json (0/3), c.json (2/3)"
std::string Listing(const std::vector<NamedExport>& exports) {
  std::string out;
  for (const auto& e : exports) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", e.file, e.data.shard.Label());
  }
  return out;
}

std::string ShortHash(const std::string& sha) { return sha.substr(0, 12); }

core::Result<void> CheckStamps(const std::vector<NamedExport>& exports,
                               const config::Config& config, const std::string& config_sha256) {
  if (exports.empty()) return Refuse("no exports to merge");
  for (const auto& e : exports) {
    if (e.data.format != kExportFormat) {
      return Refuse(fmt::format("{}: export format {}; this sellerwatch reads format {}", e.file,
                                e.data.format, kExportFormat));
    }
  }
  const NamedExport& first = exports.front();
  const std::uint64_t n = first.data.shard.count;
  for (const auto& e : exports) {
    if (e.data.shard.count != n) {
      return Refuse(fmt::format("{} is shard {} but {} is shard {}: one set has one shard count",
                                e.file, e.data.shard.Label(), first.file,
                                first.data.shard.Label()));
    }
  }
  std::map<std::uint64_t, const NamedExport*> by_index;
  for (const auto& e : exports) {
    auto [it, fresh] = by_index.emplace(e.data.shard.index, &e);
    if (!fresh) {
      return Refuse(fmt::format("shard {} appears twice: {} and {}", e.data.shard.Label(),
                                it->second->file, e.file));
    }
  }
  std::vector<std::string> missing;
  for (std::uint64_t i = 0; i < n && missing.size() < 10; ++i) {
    if (!by_index.count(i)) missing.push_back(core::Shard{i, n}.Label());
  }
  if (!missing.empty()) {
    return Refuse(fmt::format("incomplete set: shard{} {} missing; have {}",
                              missing.size() == 1 ? "" : "s", fmt::join(missing, ", "),
                              Listing(exports)));
  }
  std::vector<std::string> other_config;
  for (const auto& e : exports) {
    if (e.data.config_sha256 != config_sha256) {
      other_config.push_back(fmt::format("{} (config {} sha256 {}…)", e.file, e.data.config_path,
                                         ShortHash(e.data.config_sha256)));
    }
  }
  if (!other_config.empty()) {
    return Refuse(fmt::format(
        "exported with another config than {} (sha256 {}…): {}; every shard must run the "
        "same config file",
        config.path, ShortHash(config_sha256), fmt::join(other_config, ", ")));
  }
  for (const auto& e : exports) {
    if (e.data.slot != first.data.slot) {
      auto name = [](const std::optional<core::Timestamp>& s) {
        return s ? "the digest of " + core::FormatRfc3339(*s) : std::string("no digest slot");
      };
      return Refuse(fmt::format("{} covers {} but {} covers {}: export every shard again", e.file,
                                name(e.data.slot), first.file, name(first.data.slot)));
    }
  }
  auto [oldest, newest] = std::minmax_element(
      exports.begin(), exports.end(),
      [](const auto& x, const auto& y) { return x.data.built_at < y.data.built_at; });
  if (newest->data.built_at - oldest->data.built_at > kMaxExportSpread) {
    return Refuse(fmt::format(
        "{} was built at {} but {} at {}: more than {} h apart; export every shard again",
        oldest->file, core::FormatRfc3339(oldest->data.built_at), newest->file,
        core::FormatRfc3339(newest->data.built_at), kMaxExportSpread / std::chrono::hours(1)));
  }
  return {};
}

}  // namespace

DigestInput MergedDigest::For(const std::string& receiver, const std::string& timezone) const {
  return DigestInput{receiver, timezone, accounts};
}

core::Result<MergedDigest> MergeExports(const std::vector<NamedExport>& exports,
                                        const config::Config& config,
                                        const std::string& config_sha256) {
  if (auto r = CheckStamps(exports, config, config_sha256); !r) return r.error();
  std::map<std::string, const NamedExport*> owner;  // account id → its export
  std::vector<const AccountInput*> in_shard_order;
  std::vector<const NamedExport*> sorted;
  for (const auto& e : exports) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* x, auto* y) { return x->data.shard.index < y->data.shard.index; });
  for (const auto* e : sorted) {
    for (const auto& a : e->data.accounts) {
      if (!core::Owns(e->data.shard, a.id)) {
        return Refuse(fmt::format("{} (shard {}) holds account {}, which shard {}/{} owns", e->file,
                                  e->data.shard.Label(), a.id,
                                  core::HashMod(a.id, e->data.shard.count), e->data.shard.count));
      }
      auto [it, fresh] = owner.emplace(a.id, e);
      if (!fresh) {
        return Refuse(
            fmt::format("account {} appears in {} and in {}", a.id, it->second->file, e->file));
      }
      in_shard_order.push_back(&a);
    }
  }
  // The config's accounts (only the owned ones if this instance is itself a shard) must all be
  // there; an unsharded config must also know every exported account.
  for (const auto& account : config.accounts) {
    if (!owner.count(account.id)) {
      return Refuse(fmt::format("account {} of {} is in no export ({})", account.id, config.path,
                                Listing(exports)));
    }
  }
  if (!config.shard.sharded()) {
    for (const auto* a : in_shard_order) {
      if (!config.FindAccount(a->id)) {
        return Refuse(fmt::format("{} holds account {}, which {} does not configure",
                                  owner.at(a->id)->file, a->id, config.path));
      }
    }
  }

  MergedDigest merged;
  merged.shards = core::Shard{0, exports.front().data.shard.count};
  merged.slot = exports.front().data.slot;
  merged.built_at = exports.front().data.built_at;
  for (const auto& e : exports) merged.built_at = std::max(merged.built_at, e.data.built_at);
  std::map<std::string, std::size_t> position;  // config order first, then shard order
  for (const auto& account : config.accounts) position.emplace(account.id, position.size());
  for (const auto* a : in_shard_order) position.emplace(a->id, position.size());
  for (const auto* a : in_shard_order) merged.accounts.push_back(*a);
  std::stable_sort(merged.accounts.begin(), merged.accounts.end(),
                   [&](const auto& x, const auto& y) { return position[x.id] < position[y.id]; });
  return merged;
}

}  // namespace sellerwatch::digest
