#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::shopify {

// `shopify`: orders through the GraphQL Admin API.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::shopify
