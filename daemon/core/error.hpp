#pragma once

#include <boost/system/result.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/time.hpp"

namespace sellerwatch::core {

// What the caller should do about a failure: retry later, give up, fix the config, or file a bug.
enum class ErrorKind { kTransient, kPermanent, kConfig, kData, kInternal };

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  // A transient failure the peer asked us to wait out (HTTP 429/503): how long, when it said
  // (Retry-After), or a zero duration when it did not (SP-API 429s carry no header) — the
  // caller then backs off on its own. Unset: an ordinary failure.
  std::optional<Duration> retry_after{};

  static Error Transient(std::string m) { return {ErrorKind::kTransient, std::move(m)}; }
  // The peer is rate-limiting us: `wait` as it asked, zero when it did not say.
  static Error RateLimited(std::string m, Duration wait) {
    return {ErrorKind::kTransient, std::move(m), wait};
  }
  static Error Permanent(std::string m) { return {ErrorKind::kPermanent, std::move(m)}; }
  static Error Config(std::string m) { return {ErrorKind::kConfig, std::move(m)}; }
  static Error Data(std::string m) { return {ErrorKind::kData, std::move(m)}; }
  static Error Internal(std::string m) { return {ErrorKind::kInternal, std::move(m)}; }

  // Adds the place the error passed through: "store: open x.db: unable to open".
  Error Context(std::string_view where) const& {
    return {kind, std::string(where) + ": " + message, retry_after};
  }
};

const char* ErrorKindName(ErrorKind kind);

// Thrown only when a Result holding an error is dereferenced: that is a bug.
class ResultError : public std::runtime_error {
 public:
  explicit ResultError(const Error& e) : std::runtime_error(e.message) {}
};

[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace sellerwatch::core
