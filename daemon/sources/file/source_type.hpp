#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::file {

// `file`: a directory of dropped exports.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::file
