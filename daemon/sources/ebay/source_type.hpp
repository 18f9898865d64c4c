#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::ebay {

// `ebay`.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::ebay
