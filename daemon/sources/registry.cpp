#include "sources/registry.hpp"

#include <array>

#include "sources/aliexpress/source_type.hpp"
#include "sources/amazon/source_type.hpp"
#include "sources/ebay/source_type.hpp"
#include "sources/file/source_type.hpp"
#include "sources/http_json/source_type.hpp"
#include "sources/imap/source_type.hpp"
#include "sources/shopify/source_type.hpp"
#include "sources/simulator/source_type.hpp"

namespace sellerwatch::sources {
namespace {

// The one list of source types: a new type is its folder plus one line here. Explicit, not
// self-registering (a static library would silently drop a registration nobody references).
constexpr std::array kSourceTypes = {
    &amazon::kSourceType,    &ebay::kSourceType, &shopify::kSourceType, &aliexpress::kSourceType,
    &http_json::kSourceType, &imap::kSourceType, &file::kSourceType,    &simulator::kSourceType,
};

}  // namespace

std::span<const SourceType* const> SourceTypes() { return kSourceTypes; }

const SourceType* FindSourceType(std::string_view name) {
  for (const auto* t : kSourceTypes)
    if (t->config.name == name) return t;
  return nullptr;
}

config::SourceTypeSpecs SourceTypeSpecs() {
  config::SourceTypeSpecs specs;
  for (const auto* t : kSourceTypes) specs.push_back(&t->config);
  return specs;
}

}  // namespace sellerwatch::sources
