#pragma once

#include <span>
#include <string_view>

#include "config/source_type.hpp"
#include "sources/source_type.hpp"

namespace sellerwatch::sources {

// Every source type of this build, in the order README lists them.
std::span<const SourceType* const> SourceTypes();
// The entry for a `type:` name, or null.
const SourceType* FindSourceType(std::string_view name);
// What the config loader needs of them (LoadOptions::source_types).
config::SourceTypeSpecs SourceTypeSpecs();

}  // namespace sellerwatch::sources
