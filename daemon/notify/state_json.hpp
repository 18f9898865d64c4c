#pragma once

// JSON for the pipeline's durable state, as the store keeps it: exact round trips (times as
// UTC unix milliseconds), strict on read (a missing or mistyped field is an error, unknown
// fields are ignored so newer versions can add some).

#include <string>
#include <string_view>

#include "core/alert.hpp"
#include "core/error.hpp"
#include "notify/grouper.hpp"

namespace sellerwatch::notify {

std::string ToJson(const GroupState& group);
core::Result<GroupState> GroupStateFromJson(std::string_view text);

}  // namespace sellerwatch::notify
