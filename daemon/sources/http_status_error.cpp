#include "sources/http_status_error.hpp"

#include <fmt/format.h>

#include "net/retry_after.hpp"

namespace sellerwatch::sources {

core::Error HttpStatusError(std::string_view method, std::string_view url, long status,
                            std::optional<std::string_view> retry_after, std::string_view detail,
                            core::Timestamp now) {
  std::string message =
      fmt::format("{} {}: HTTP {}{}{}", method, url, status, detail.empty() ? "" : ": ", detail);
  core::Error error;
  if (status == 429) {
    std::optional<core::Duration> wait;
    if (retry_after) wait = net::ParseRetryAfter(*retry_after, now);
    message += wait ? fmt::format(" (rate limited; retry after {})", core::FormatDuration(*wait))
                    : " (rate limited; backing off)";
    error = core::Error::RateLimited(std::move(message), wait.value_or(core::Duration(0)));
  } else if (status >= 500 || status == 408) {
    error = core::Error::Transient(std::move(message));
  } else {
    error = core::Error::Permanent(std::move(message));
  }
  error.http_status = static_cast<int>(status);
  return error;
}

}  // namespace sellerwatch::sources
