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

// Why a peer refused, when it matters to more than the retry decision. A client sets it where
// it knows (after a token refresh, a 401/403 means the credentials are bad); the Poller reads
// it to word `source_down` — nobody searches the message. kStoreFull: the store refused a write
// for want of disk space (SQLite's SQLITE_FULL, or an I/O error with ENOSPC/EDQUOT); set by
// store::Db from the result code, so writers back off and say it once (store/write_health.hpp).
enum class ErrorReason { kUnspecified, kCredentialsRejected, kStoreFull };

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  // A transient failure the peer asked us to wait out (HTTP 429/503): how long, when it said
  // (Retry-After), or a zero duration when it did not (SP-API 429s carry no header) — the
  // caller then backs off on its own. Unset: an ordinary failure.
  std::optional<Duration> retry_after{};
  ErrorReason reason = ErrorReason::kUnspecified;
  int http_status = 0;  // the peer's HTTP status when the failure was an HTTP answer; else 0

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
    Error e = *this;
    e.message = std::string(where) + ": " + message;
    return e;
  }
  Error WithReason(ErrorReason r) && {
    reason = r;
    return std::move(*this);
  }
};

const char* ErrorKindName(ErrorKind kind);

// The store refused a write for want of disk space: the Db has told the operator once already,
// so callers log this at debug level and wait for the store's next try.
inline bool IsStoreFull(const Error& e) { return e.reason == ErrorReason::kStoreFull; }

// Thrown only when a Result holding an error is dereferenced: that is a bug.
class ResultError : public std::runtime_error {
 public:
  explicit ResultError(const Error& e) : std::runtime_error(e.message) {}
};

[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace sellerwatch::core
