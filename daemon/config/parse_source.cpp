#include <fmt/format.h>

#include <array>
#include <vector>

#include "config/field_checks.hpp"
#include "config/sections.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 7> kTypes = {
    "amazon-sp-api", "ebay", "shopify", "http-json", "file", "imap", "simulator"};
constexpr std::array<std::string_view, 4> kCommonKeys = {"name", "type", "stale_after", "timeout"};
constexpr std::array<std::string_view, 2> kUrlKeys = {"ca_file", "tls_verify"};
constexpr std::array<std::string_view, 9> kAmazonKeys = {
    "endpoint",   "token_endpoint", "marketplace_ids",
    "client_id",  "client_secret",  "refresh_token",
    "orders_api", "poll",           "overlap"};
constexpr std::array<std::string_view, 9> kEbayKeys = {
    "endpoint", "token_endpoint", "client_id", "client_secret", "refresh_token",
    "program",  "marketplace_id", "poll",      "overlap"};
constexpr std::array<std::string_view, 5> kShopifyKeys = {"endpoint", "access_token", "api_version",
                                                          "poll", "overlap"};
constexpr std::array<std::string_view, 7> kHttpJsonKeys = {"url",  "headers", "event_type", "items",
                                                           "next", "fields",  "poll"};
constexpr std::array<std::string_view, 2> kFileKeys = {"path", "poll"};
constexpr std::array<std::string_view, 4> kImapKeys = {"url", "username", "password", "poll"};
constexpr std::array<std::string_view, 5> kSimulatorKeys = {"seed", "orders_per_day", "scenario",
                                                            "poll", "incident_every"};
constexpr std::array<std::string_view, 3> kAmazonPollKeys = {"orders", "feedback", "performance"};
constexpr std::array<std::string_view, 2> kEbayPollKeys = {"orders", "standards"};
constexpr std::array<std::string_view, 2> kOrdersApis = {"v2026-01-01", "v0"};
constexpr std::array<std::string_view, 4> kEbayPrograms = {"PROGRAM_US", "PROGRAM_UK", "PROGRAM_DE",
                                                           "PROGRAM_GLOBAL"};
constexpr std::array<std::string_view, 2> kScenarios = {"steady", "deteriorating"};
constexpr std::array<std::string_view, 4> kEventTypes = {"order", "feedback", "claim", "message"};

bool IsUrlBased(SourceType t) { return t != SourceType::kFile && t != SourceType::kSimulator; }

std::vector<std::string_view> KeysFor(SourceType type) {
  std::vector<std::string_view> keys(kCommonKeys.begin(), kCommonKeys.end());
  if (IsUrlBased(type)) keys.insert(keys.end(), kUrlKeys.begin(), kUrlKeys.end());
  std::span<const std::string_view> own;
  switch (type) {
    case SourceType::kAmazonSpApi:
      own = kAmazonKeys;
      break;
    case SourceType::kEbay:
      own = kEbayKeys;
      break;
    case SourceType::kShopify:
      own = kShopifyKeys;
      break;
    case SourceType::kHttpJson:
      own = kHttpJsonKeys;
      break;
    case SourceType::kFile:
      own = kFileKeys;
      break;
    case SourceType::kImap:
      own = kImapKeys;
      break;
    case SourceType::kSimulator:
      own = kSimulatorKeys;
      break;
  }
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

// A required credential: present (Require) and, once resolved, not empty.
void ReadCredential(MapReader& map, std::string_view key, bool required, Secret& out) {
  if (required) map.Require(key);
  if (auto s = map.ReadScalar(key, true)) {
    if (required && !s->unresolved && s->value.empty())
      map.reader().Error(*map.Get(key), "must not be empty");
    out = Secret(s->value);
  }
}

void ReadString(MapReader& map, std::string_view key, std::span<const std::string_view> allowed,
                std::string_view what, std::string& out) {
  if (auto f = map.Get(key)) {
    if (auto v = ReadOneOf(map.reader(), *f, what, allowed)) out = *v;
  }
}

// "" (the whole document) or an RFC 6901 pointer starting with '/'.
void ReadJsonPointer(MapReader& map, std::string_view key, std::string& out) {
  if (auto s = map.ReadScalar(key)) {
    if (!s->value.empty() && s->value.front() != '/') {
      map.reader().Error(*map.Get(key),
                         fmt::format("invalid JSON pointer {}: expected \"\" or a pointer like "
                                     "/data/orders",
                                     s->Quoted()));
      return;
    }
    out = s->value;
  }
}

void ParseAmazon(MapReader& map, AmazonSpApiSource& out) {
  Reader& reader = map.reader();
  if (auto url = ReadUrl(map, "endpoint", false, {"http", "https"})) out.endpoint = url->value;
  if (auto url = ReadUrl(map, "token_endpoint", false, {"http", "https"}))
    out.token_endpoint = url->value;
  if (map.Require("marketplace_ids") && map.Read("marketplace_ids", out.marketplace_ids) &&
      out.marketplace_ids.empty())
    reader.Error(*map.Get("marketplace_ids"), "needs at least one marketplace id");
  ReadCredential(map, "client_id", true, out.client_id);
  ReadCredential(map, "client_secret", true, out.client_secret);
  ReadCredential(map, "refresh_token", true, out.refresh_token);
  ReadString(map, "orders_api", kOrdersApis, "orders_api", out.orders_api);
  if (auto poll = map.Get("poll")) {
    MapReader p(reader, *poll, kAmazonPollKeys);
    p.Read("orders", out.poll_orders, Positive::kYes);
    p.Read("feedback", out.poll_feedback, Positive::kYes);
    p.Read("performance", out.poll_performance, Positive::kYes);
  }
  map.Read("overlap", out.overlap, Positive::kNo);
}

void ParseEbay(MapReader& map, EbaySource& out) {
  Reader& reader = map.reader();
  if (auto url = ReadUrl(map, "endpoint", false, {"http", "https"})) out.endpoint = url->value;
  if (auto url = ReadUrl(map, "token_endpoint", false, {"http", "https"}))
    out.token_endpoint = url->value;
  ReadCredential(map, "client_id", true, out.client_id);
  ReadCredential(map, "client_secret", true, out.client_secret);
  ReadCredential(map, "refresh_token", true, out.refresh_token);
  ReadString(map, "program", kEbayPrograms, "eBay program", out.program);
  if (map.Read("marketplace_id", out.marketplace_id) && out.marketplace_id.empty())
    reader.Error(*map.Get("marketplace_id"), "must not be empty");
  if (auto poll = map.Get("poll")) {
    MapReader p(reader, *poll, kEbayPollKeys);
    p.Read("orders", out.poll_orders, Positive::kYes);
    p.Read("standards", out.poll_standards, Positive::kYes);
  }
  map.Read("overlap", out.overlap, Positive::kNo);
}

void ParseShopify(MapReader& map, ShopifySource& out) {
  map.Require("endpoint");
  if (auto url = ReadUrl(map, "endpoint", false, {"http", "https"})) out.endpoint = url->value;
  ReadCredential(map, "access_token", true, out.access_token);
  if (map.Read("api_version", out.api_version) && out.api_version.empty())
    map.reader().Error(*map.Get("api_version"), "must not be empty");
  map.Read("poll", out.poll, Positive::kYes);
  map.Read("overlap", out.overlap, Positive::kNo);
}

void ParseHttpJson(MapReader& map, HttpJsonSource& out) {
  Reader& reader = map.reader();
  map.Require("url");
  if (auto url = ReadUrl(map, "url", true, {"http", "https"})) out.url = Secret(url->value);
  if (auto headers = map.Get("headers")) {
    MapReader h = MapReader::AnyKeys(reader, *headers);
    for (const auto& entry : h.entries()) {
      if (auto value = reader.ReadScalar(entry.value, true))
        out.headers[entry.key] = Secret(value->value);
    }
  }
  if (auto f = map.Get("event_type")) {
    if (auto v = ReadOneOf(reader, *f, "event type", kEventTypes))
      out.event_type = *core::ParseEventType(*v);
  }
  ReadJsonPointer(map, "items", out.items);
  ReadJsonPointer(map, "next", out.next);
  if (auto fields = map.Get("fields")) {
    MapReader m = MapReader::AnyKeys(reader, *fields);
    for (const auto& entry : m.entries()) {
      if (auto value = reader.ReadScalar(entry.value)) {
        if (!value->value.empty() && value->value.front() != '/') {
          reader.Error(entry.value, fmt::format("invalid JSON pointer {}: expected a pointer "
                                                "like /purchaseDate",
                                                value->Quoted()));
          continue;
        }
        out.fields[entry.key] = value->value;
      }
    }
  }
  map.Read("poll", out.poll, Positive::kYes);
}

void ParseFileSource(MapReader& map, FileSource& out) {
  map.Require("path");
  if (map.Read("path", out.path) && out.path.empty())
    map.reader().Error(*map.Get("path"), "must not be empty");
  map.Read("poll", out.poll, Positive::kYes);
}

void ParseImap(MapReader& map, ImapSource& out) {
  map.Require("url");
  if (auto url = ReadUrl(map, "url", false, {"imap", "imaps"})) out.url = url->value;
  map.Read("username", out.username);
  ReadCredential(map, "password", false, out.password);
  map.Read("poll", out.poll, Positive::kYes);
}

void ParseSimulator(MapReader& map, SimulatorSource& out) {
  if (auto f = map.Get("seed")) {
    if (auto seed = map.reader().ReadUnsigned(*f)) out.seed = *seed;
  }
  map.Read("orders_per_day", out.orders_per_day, 1, 100000);
  ReadString(map, "scenario", kScenarios, "scenario", out.scenario);
  map.Read("poll", out.poll, Positive::kYes);
  map.Read("incident_every", out.incident_every, Positive::kYes);
}

}  // namespace

bool ParseSource(Reader& reader, const Field& f, SourceConfig& out) {
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
  auto type_name = ReadOneOf(reader, type_field, "source type", kTypes);
  if (!type_name) return false;
  out.type = *ParseSourceType(*type_name);

  const auto keys = KeysFor(out.type);
  MapReader map(reader, f, keys);
  map.Read("name", out.name);
  if (auto name = map.Get("name"); name && out.name.empty())
    reader.Error(*name, "must not be empty");
  // 0 (the default) means three poll intervals, so an explicit value must be positive.
  map.Read("stale_after", out.stale_after, Positive::kYes);
  map.Read("timeout", out.timeout, Positive::kYes);
  if (IsUrlBased(out.type)) {
    map.Read("ca_file", out.ca_file);
    if (map.Read("tls_verify", out.tls_verify) && !out.tls_verify)
      reader.Warning(*map.Get("tls_verify"),
                     "false turns off certificate checks for this source; use it only for a "
                     "test server");
  }
  switch (out.type) {
    case SourceType::kAmazonSpApi:
      ParseAmazon(map, out.settings.emplace<AmazonSpApiSource>());
      break;
    case SourceType::kEbay:
      ParseEbay(map, out.settings.emplace<EbaySource>());
      break;
    case SourceType::kShopify:
      ParseShopify(map, out.settings.emplace<ShopifySource>());
      break;
    case SourceType::kHttpJson:
      ParseHttpJson(map, out.settings.emplace<HttpJsonSource>());
      break;
    case SourceType::kFile:
      ParseFileSource(map, out.settings.emplace<FileSource>());
      break;
    case SourceType::kImap:
      ParseImap(map, out.settings.emplace<ImapSource>());
      break;
    case SourceType::kSimulator:
      ParseSimulator(map, out.settings.emplace<SimulatorSource>());
      break;
  }
  return true;
}

}  // namespace sellerwatch::config
