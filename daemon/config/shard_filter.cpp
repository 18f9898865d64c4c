#include "config/shard_filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace sellerwatch::config {

Config RestrictToShard(const Config& whole, const core::Shard& shard) {
  Config mine = whole;
  mine.shard = shard;
  mine.accounts.clear();
  std::copy_if(whole.accounts.begin(), whole.accounts.end(), std::back_inserter(mine.accounts),
               [&](const AccountConfig& a) { return core::Owns(shard, a.id); });
  return mine;
}

core::Shard OwnerOf(std::string_view account_id, const core::Shard& shard) {
  return core::Shard{core::HashMod(account_id, shard.count), shard.count};
}

std::string OwnedElsewhere(const Config& whole, const core::Shard& shard,
                           std::string_view account_id) {
  if (core::Owns(shard, account_id) || !whole.FindAccount(account_id)) return {};
  return fmt::format("account '{}' belongs to shard {}, not to this shard {} (run with --shard {})",
                     account_id, OwnerOf(account_id, shard).Label(), shard.Label(),
                     OwnerOf(account_id, shard).Label());
}

}  // namespace sellerwatch::config
