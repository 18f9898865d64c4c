#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sellerwatch::core {

// Which slice of the accounts an instance owns (DESIGN.md §5): `index` of `count`. The
// default, 0/1, owns everything.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;

  bool sharded() const { return count > 1; }
  // "I/N", as it is written on the command line.
  std::string Label() const;
  bool operator==(const Shard&) const = default;
};

// Prometheus' `hashmod`: md5 of the text, its last 8 bytes as a big-endian integer, mod
// `modulus` (> 0). Operators can reproduce it with the relabelling rules they already know.
std::uint64_t HashMod(std::string_view text, std::uint64_t modulus);

// Whether `shard` owns the account.
bool Owns(const Shard& shard, std::string_view account_id);

// "I/N" with 0 <= I < N; `where` names the flag or variable for the error message.
Result<Shard> ParseShard(std::string_view text, std::string_view where);

}  // namespace sellerwatch::core
