#pragma once

// The seam between config and the source types. DESIGN.md §2.2 has config below sources, so
// config cannot know a source type's keys. Instead each type (daemon/sources/<type>/) describes
// its keys and reads them into its own settings class through this interface, and one table in
// sources/registry.cpp lists the types; the loader is handed that table (LoadOptions), and the
// source factory builds pollers from the same entries. config only checks what every source
// has (name, type, stale_after, timeout, ca_file, tls_verify).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/time.hpp"

namespace sellerwatch::config {

class MapReader;

// A source type's own keys, read. Immutable once parsed.
class SourceSettings {
 public:
  virtual ~SourceSettings() = default;
  // Equal settings let a reload keep the running source (its timers, counters, token).
  virtual bool Equals(const SourceSettings& other) const = 0;
  // The shortest of its poll intervals: `stale_after` defaults to three of them.
  virtual core::Duration ShortestPoll() const = 0;
  // Why these settings cannot serve an account of `marketplace` (reported at the source by
  // check-config); empty when they can.
  virtual std::string ProblemFor(std::string_view /*marketplace*/) const { return {}; }
};

// Base for a type's settings struct `T` with a defaulted operator==.
template <class T>
class SourceSettingsOf : public SourceSettings {
 public:
  bool Equals(const SourceSettings& other) const override {
    const T* o = dynamic_cast<const T*>(&other);
    return o != nullptr && *o == static_cast<const T&>(*this);
  }
  bool operator==(const SourceSettingsOf&) const { return true; }
};

struct SourceTypeSpec {
  std::string_view name;                   // the `type:` value, e.g. "ebay"
  std::span<const std::string_view> keys;  // its own keys, besides those every source takes
  bool url_based = false;                  // also takes ca_file and tls_verify
  // Reads the type's keys from the source's mapping, reporting every problem through the
  // reader (FILE:LINE:COL, did-you-mean for unknown keys is done before). Never null.
  std::shared_ptr<const SourceSettings> (*parse)(MapReader& map) = nullptr;
};

using SourceTypeSpecs = std::vector<const SourceTypeSpec*>;

}  // namespace sellerwatch::config
