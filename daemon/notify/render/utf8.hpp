#pragma once

// The renderers' names for core's UTF-8 decoding (core/utf8.hpp).

#include "core/utf8.hpp"

namespace sellerwatch::notify {

using core::AppendUtf8;
using core::kReplacementChar;
using core::NextCodePoint;

}  // namespace sellerwatch::notify
