#include <fmt/format.h>

#include <array>
#include <map>

#include "config/field_checks.hpp"
#include "config/sections.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 6> kAccountKeys = {"id",     "marketplace", "timezone",
                                                          "labels", "sources",     "thresholds"};
constexpr std::array<std::string_view, 5> kMarketplaces = {"amazon", "ebay", "aliexpress",
                                                           "shopify", "custom"};

bool IsAccountId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void ParseLabels(Reader& reader, const Field& f, Labels& out) {
  MapReader map = MapReader::AnyKeys(reader, f);
  for (const auto& entry : map.entries()) {
    if (!IsLabelName(entry.key)) {
      reader.Error(entry.key_where, f.path,
                   fmt::format("invalid label name '{}': use letters, digits and '_', not "
                               "starting with a digit",
                               entry.key));
      continue;
    }
    if (IsReservedLabel(entry.key)) {
      reader.Error(entry.key_where, f.path,
                   fmt::format("label name '{}' is reserved: sellerwatch sets account, "
                               "marketplace, rule, metric and severity itself",
                               entry.key));
      continue;
    }
    if (!entry.value.node.IsScalar()) {
      reader.Error(entry.value,
                   fmt::format("expected a string, got {}", Describe(entry.value.node)));
      continue;
    }
    if (auto value = reader.ReadScalar(entry.value)) out[entry.key] = value->value;
  }
}

void ParseSources(Reader& reader, const Field& f, const SourceTypeSpecs& types,
                  AccountConfig& account) {
  std::map<std::string, int> per_type;
  std::map<std::string, Location> names;
  for (const Field& item : reader.Items(f, "a list of sources")) {
    SourceConfig source;
    if (!ParseSource(reader, item, types, source)) continue;
    if (std::string problem = source.settings && !account.marketplace.empty()
                                  ? source.settings->ProblemFor(account.marketplace)
                                  : std::string();
        !problem.empty()) {
      reader.Error(item, problem);
    }
    int n = ++per_type[source.type];
    Location name_where = item.where;
    if (source.name.empty()) {
      source.name = source.type;
      if (n > 1) source.name += fmt::format("-{}", n);
    } else if (item.node["name"]) {
      name_where = reader.At(item.node["name"]);
    }
    if (auto [it, inserted] = names.emplace(source.name, name_where); !inserted) {
      reader.Error(name_where, item.path,
                   fmt::format("duplicate source name '{}' in account '{}' (first defined at "
                               "{}); give each source its own name",
                               source.name, account.id, FormatLocation(it->second)));
      continue;
    }
    account.sources.push_back(std::move(source));
  }
}

}  // namespace

void ParseAccounts(Reader& reader, const Field& f, const DaemonConfig& daemon,
                   const std::vector<Preset>& presets, const SourceTypeSpecs& source_types,
                   std::vector<AccountConfig>& out,
                   std::vector<std::vector<ThresholdEntry>>& thresholds) {
  std::map<std::string, Location> ids;
  for (const Field& item : reader.Items(f, "a list of accounts")) {
    MapReader map(reader, item, kAccountKeys);
    if (!map.ok()) continue;
    AccountConfig account;
    account.where = item.where;
    account.timezone = daemon.timezone;
    if (map.Require("id")) {
      Field at = *map.Get("id");
      if (auto id = reader.ReadScalar(at)) {
        if (!IsAccountId(id->value)) {
          reader.Error(at, fmt::format("invalid account id {}: use lowercase letters, digits, "
                                       "'_' and '-'",
                                       id->Quoted()));
        } else if (auto [it, inserted] = ids.emplace(id->value, at.where); !inserted) {
          reader.Error(at, fmt::format("duplicate account id '{}' (first defined at {})", id->value,
                                       FormatLocation(it->second)));
        }
        account.id = id->value;
      }
    }
    if (map.Require("marketplace")) {
      if (auto m = ReadOneOf(reader, *map.Get("marketplace"), "marketplace", kMarketplaces)) {
        account.marketplace = *m;
        if (*m != "custom" && FindPreset(presets, *m) == nullptr)
          reader.Error(*map.Get("marketplace"),
                       fmt::format("no preset for marketplace '{}' is built in", *m));
      }
    }
    if (auto tz = map.Get("timezone")) {
      if (auto zone = ReadTimeZone(reader, *tz)) account.timezone = *zone;
    }
    if (auto labels = map.Get("labels")) ParseLabels(reader, *labels, account.labels);
    if (auto sources = map.Get("sources")) ParseSources(reader, *sources, source_types, account);
    std::vector<ThresholdEntry> entries;
    if (auto th = map.Get("thresholds")) {
      MapReader th_map = MapReader::AnyKeys(reader, *th);
      for (const auto& entry : th_map.entries())
        entries.push_back(ThresholdEntry{entry.key, entry.key_where, entry.value});
    }
    thresholds.push_back(std::move(entries));
    out.push_back(std::move(account));
  }
}

}  // namespace sellerwatch::config
