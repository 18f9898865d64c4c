#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::core {

// A silence mutes every alert whose labels equal all of `matchers` while
// starts_at <= now < ends_at (notify/mute.hpp judges it). Managed with
// `sellerwatch silence add/list/expire`.
struct Silence {
  std::string id;
  Labels matchers;  // empty matches nothing: it would mute everything
  Timestamp starts_at;
  Timestamp ends_at;
  std::string created_by;
  std::string comment;

  bool operator==(const Silence&) const = default;
};

}  // namespace sellerwatch::core
