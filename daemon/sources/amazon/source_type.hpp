#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::amazon {

// `amazon-sp-api`: orders, feedback and the performance report through the Selling Partner API.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::amazon
