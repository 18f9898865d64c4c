#pragma once

namespace sellerwatch::testing {

// Whether this test binary, and so the daemon built with it, runs under AddressSanitizer: GCC
// says so with __SANITIZE_ADDRESS__, clang (the sanitizer build's compiler) through
// __has_feature.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace sellerwatch::testing
