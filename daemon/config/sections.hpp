#pragma once

// One parser per top-level section of the config. Each reads its part into Config and reports
// every problem through the Reader; none stops at the first.

#include <optional>
#include <vector>

#include "config/config.hpp"
#include "config/presets.hpp"
#include "config/rule_resolution.hpp"
#include "config/yaml_reader.hpp"

namespace sellerwatch::config {

void ParseDaemon(Reader& reader, const Field& f, DaemonConfig& out);

// Receivers, then their fallbacks (which must name other receivers, without cycles). `daemon`
// (parsed first) gives the Alertmanager receivers their derived settings.
void ParseReceivers(Reader& reader, const Field& f, const DaemonConfig& daemon,
                    std::vector<ReceiverConfig>& out);

// One entry of an account's `sources:` list, its type one of `types`; false when unusable.
bool ParseSource(Reader& reader, const Field& f, const SourceTypeSpecs& types, SourceConfig& out);

// Accounts with their sources; their `thresholds:` are returned raw (per account, in order),
// to be read once the rules they name are known.
void ParseAccounts(Reader& reader, const Field& f, const DaemonConfig& daemon,
                   const std::vector<Preset>& presets, const SourceTypeSpecs& source_types,
                   std::vector<AccountConfig>& out,
                   std::vector<std::vector<ThresholdEntry>>& thresholds);

// The top-level `rules:` list. `accounts` must be parsed (entries name them).
std::vector<GlobalRule> ParseRules(Reader& reader, const Field& f,
                                   const std::vector<AccountConfig>& accounts,
                                   const std::vector<Preset>& presets);

// `routes:`; when the key is absent (`f` empty), one catch-all route to every receiver.
void ParseRoutes(Reader& reader, const std::optional<Field>& f, const Config& config,
                 std::vector<RouteConfig>& out);

void ParseDigest(Reader& reader, const Field& f, const Config& config, DigestConfig& out);

// Checks a list of receiver names (route and digest `receivers:`): each must exist.
std::vector<std::string> ReadReceiverNames(Reader& reader, const Field& f, const Config& config);

}  // namespace sellerwatch::config
