#include <fmt/format.h>

#include <array>
#include <vector>

#include "config/field_checks.hpp"
#include "config/sections.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 4> kCommonKeys = {"name", "type", "stale_after", "timeout"};
constexpr std::array<std::string_view, 2> kUrlKeys = {"ca_file", "tls_verify"};

const SourceTypeSpec* Find(const SourceTypeSpecs& types, std::string_view name) {
  for (const auto* t : types)
    if (t->name == name) return t;
  return nullptr;
}

}  // namespace

bool ParseSource(Reader& reader, const Field& f, const SourceTypeSpecs& types, SourceConfig& out) {
  out.where = f.where;
  if (!f.node.IsMap()) {
    reader.Error(f, fmt::format("expected a mapping, got {}", Describe(f.node)));
    return false;
  }
  // The type decides which keys are allowed, so it is read first.
  YAML::Node type_node;
  for (const auto& kv : f.node) {
    if (kv.first.IsScalar() && kv.first.Scalar() == "type") {
      type_node = kv.second;
      break;
    }
  }
  if (!type_node.IsDefined()) {
    reader.Error(f, "missing required key 'type'");
    return false;
  }
  Field type_field{type_node, JoinPath(f.path, "type"), reader.At(type_node)};
  if (type_node.IsNull()) type_field.where = f.where;
  std::vector<std::string_view> names;
  for (const auto* t : types) names.push_back(t->name);
  auto type_name = ReadOneOf(reader, type_field, "source type", names);
  if (!type_name) return false;
  const SourceTypeSpec& type = *Find(types, *type_name);
  out.type = *type_name;

  std::vector<std::string_view> keys(kCommonKeys.begin(), kCommonKeys.end());
  if (type.url_based) keys.insert(keys.end(), kUrlKeys.begin(), kUrlKeys.end());
  keys.insert(keys.end(), type.keys.begin(), type.keys.end());
  MapReader map(reader, f, keys);
  map.Read("name", out.name);
  if (auto name = map.Get("name"); name && out.name.empty())
    reader.Error(*name, "must not be empty");
  // 0 (the default) means three poll intervals, so an explicit value must be positive.
  map.Read("stale_after", out.stale_after, Positive::kYes);
  map.Read("timeout", out.timeout, Positive::kYes);
  if (type.url_based) {
    map.Read("ca_file", out.ca_file);
    if (map.Read("tls_verify", out.tls_verify) && !out.tls_verify)
      reader.Warning(*map.Get("tls_verify"),
                     "false turns off certificate checks for this source; use it only for a "
                     "test server");
  }
  out.settings = type.parse(map);
  return true;
}

}  // namespace sellerwatch::config
