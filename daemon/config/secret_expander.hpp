#pragma once

// Replaces ${ENV_NAME}, ${file:/path} and ${credential:NAME} in config strings ($${ is a literal
// "${"). The result remembers whether anything was substituted, so that callers never echo the
// value in a diagnostic.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"

namespace sellerwatch::config {

struct Expansion {
  struct Problem {
    std::string message;  // never contains a substituted value
    bool warning = false;
  };

  std::string value;
  bool substituted = false;  // a reference was replaced: the value is a secret
  bool unresolved = false;   // a credential could not be checked: the value is left empty
  std::vector<Problem> problems;
};

class SecretExpander {
 public:
  explicit SecretExpander(const LoadOptions& options) : options_(options) {}

  Expansion Expand(std::string_view text) const;

 private:
  std::optional<std::string> GetEnv(const std::string& name) const;
  void Resolve(std::string_view reference, Expansion& out) const;
  void ResolveCredential(std::string_view name, Expansion& out) const;

  const LoadOptions& options_;
};

}  // namespace sellerwatch::config
