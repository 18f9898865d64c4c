#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::imap {

extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::imap
