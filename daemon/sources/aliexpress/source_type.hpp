#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::aliexpress {

// `aliexpress`: orders, disputes, buyer feedback and the merchant profile of an AliExpress
// store (AliExpress Open Platform, IOP gateway).
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::aliexpress
