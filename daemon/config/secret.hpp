#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

namespace sellerwatch::config {

// A credential from config. It prints as "<redacted>" in every format, so it cannot leak into
// a log line or an error by accident; Reveal() is the one deliberate way to read it.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  bool operator==(const Secret&) const = default;

 private:
  std::string value_;
};

}  // namespace sellerwatch::config

template <>
struct fmt::formatter<sellerwatch::config::Secret> : fmt::formatter<std::string_view> {
  template <class Ctx>
  auto format(const sellerwatch::config::Secret&, Ctx& ctx) const {
    return fmt::formatter<std::string_view>::format("<redacted>", ctx);
  }
};
