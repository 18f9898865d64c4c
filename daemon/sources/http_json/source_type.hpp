#pragma once

#include "sources/source_type.hpp"

namespace sellerwatch::sources::http_json {

// `http-json`.
extern const SourceType kSourceType;

}  // namespace sellerwatch::sources::http_json
