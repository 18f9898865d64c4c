#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "core/shard.hpp"

namespace sellerwatch::config {

// The config one shard works with: the whole, validated config (every instance validates the
// same file identically) with `shard` set and `accounts` kept only where the shard owns them.
// Nothing else changes: routes (`match: {account: …}`), `rules:` entries (`accounts: […]`),
// receivers and the digest were validated against the whole file; where they name accounts of
// other shards they simply match nothing here. `whole` must not be restricted already.
Config RestrictToShard(const Config& whole, const core::Shard& shard);

// The shard of `shard.count` that owns the account.
core::Shard OwnerOf(std::string_view account_id, const core::Shard& shard);

// When `account_id` is configured in `whole` but owned by another shard than `shard`: a
// message saying which shard owns it; empty otherwise (owned here, or not configured at all).
std::string OwnedElsewhere(const Config& whole, const core::Shard& shard,
                           std::string_view account_id);

}  // namespace sellerwatch::config
