#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::notify {

// An alert's identity (DESIGN.md §1.5: account and rule) as one string, e.g. "acme-us/odr".
// Account ids are [a-z0-9_-]+, so the first '/' separates the two unambiguously.
inline std::string AlertIdentity(const core::Alert& alert) {
  return alert.Label("account") + "/" + alert.Label("rule");
}

}  // namespace sellerwatch::notify
