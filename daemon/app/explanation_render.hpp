#pragma once

#include <string>

#include "app/explanation.hpp"

namespace sellerwatch::app {

// Short sentences a seller reads: the state and why, the rule, the value, what the next
// evaluation does, silences, inhibition, and per route receiver the mute verdict, quiet hours,
// group and outbox legs. Times in the account's zone (quiet hours in theirs).
std::string ExplanationText(const Explanation& e);

// The same as one JSON object: snake_case keys, times RFC 3339 (UTC), durations in seconds.
std::string ExplanationJson(const Explanation& e);

}  // namespace sellerwatch::app
