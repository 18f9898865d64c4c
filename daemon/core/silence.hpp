#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::core {

// A silence mutes every alert whose labels equal all of `matchers` while
// starts_at <= now < ends_at. Managed with `sellerwatch silence add/list/expire`.
struct Silence {
  std::string id;
  Labels matchers;
  Timestamp starts_at;
  Timestamp ends_at;
  std::string created_by;
  std::string comment;
  Timestamp created_at;

  bool ActiveAt(Timestamp now) const { return starts_at <= now && now < ends_at; }
  bool Matches(const Labels& labels) const {
    for (const auto& [k, v] : matchers) {
      auto it = labels.find(k);
      if (it == labels.end() || it->second != v) return false;
    }
    return true;
  }
};

}  // namespace sellerwatch::core
