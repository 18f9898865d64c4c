#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::simulator {

// `simulator`: synthetic shops with scripted deterioration, for the demo and tests.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::simulator
