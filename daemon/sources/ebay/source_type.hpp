#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::ebay {

// `ebay`: orders (Sell Fulfillment, Post-Order cancellations) and the seller standards
// (Sell Analytics).
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::ebay
