#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::shopify {

// `shopify`.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::shopify
