#include "config/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>

#include "config/diagnostics.hpp"
#include "config/embedded_presets.hpp"
#include "config/presets.hpp"
#include "config/read_file.hpp"
#include "config/rule_resolution.hpp"
#include "config/secret_expander.hpp"
#include "config/sections.hpp"
#include "config/yaml_reader.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 6> kTopKeys = {"daemon", "accounts",  "rules",
                                                      "routes", "receivers", "digest"};

void Parse(Reader& reader, const YAML::Node& root, const LoadOptions& options,
           const std::vector<Preset>& presets, Config& config) {
  MapReader top(reader, reader.Root(root), kTopKeys);
  if (!top.ok()) return;
  // Order matters: later sections refer to what earlier ones define (time zone defaults,
  // receiver names, account ids).
  if (auto f = top.Get("daemon")) ParseDaemon(reader, *f, config.daemon);
  if (options.state_dir_override) config.daemon.state_dir = *options.state_dir_override;
  if (auto f = top.Get("receivers")) ParseReceivers(reader, *f, config.daemon, config.receivers);

  std::vector<std::vector<ThresholdEntry>> thresholds;
  if (auto f = top.Get("accounts"))
    ParseAccounts(reader, *f, config.daemon, presets, options.source_types, config.accounts,
                  thresholds);
  std::vector<GlobalRule> rules;
  if (auto f = top.Get("rules")) rules = ParseRules(reader, *f, config.accounts, presets);
  for (const auto& rule : rules) config.rules.push_back(rule.config);
  for (std::size_t i = 0; i < config.accounts.size(); ++i) {
    AccountConfig& account = config.accounts[i];
    if (account.marketplace.empty()) continue;  // unknown: its rules would only add noise
    ResolveAccountRules(reader, FindPreset(presets, account.marketplace), rules, thresholds[i],
                        IndexPath("accounts", i) + ".thresholds", account);
  }

  ParseRoutes(reader, top.Get("routes"), config, config.routes);
  if (auto f = top.Get("digest")) {
    DigestConfig digest;
    ParseDigest(reader, *f, config, digest);
    config.digest = std::move(digest);
  }
}

}  // namespace

LoadResult ParseConfig(const std::string& text, const std::string& name,
                       const LoadOptions& options) {
  LoadResult result;
  DiagnosticSink sink(name);
  try {
    auto config = std::make_shared<Config>();
    config->path = name;
    std::vector<Preset> presets = LoadPresets(EmbeddedPresets(), sink);
    SecretExpander secrets(options);
    Reader reader(sink, &secrets);
    YAML::Node root;
    bool parsed = true;
    try {
      root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      sink.Error(sink.At(e.mark), "YAML syntax error: " + e.msg);
      parsed = false;
    }
    if (parsed) {
      if (!root.IsDefined() || root.IsNull()) {
        sink.Error(Location{name, 1, 1},
                   "the configuration is empty; see config/sellerwatch.example.yaml");
      } else {
        Parse(reader, root, options, presets, *config);
      }
    }
    if (!sink.has_errors()) result.config = std::move(config);
  } catch (const YAML::Exception& e) {
    sink.Error(sink.At(e.mark), "cannot read the configuration: " + e.msg);
  } catch (const std::exception& e) {
    sink.Error(Location{name, 0, 0}, std::string("internal error while loading: ") + e.what());
  }
  if (sink.has_errors()) result.config.reset();
  result.diagnostics = std::move(sink).Finish();
  return result;
}

LoadResult LoadConfigFile(const std::string& path, const LoadOptions& options) {
  std::string error;
  auto text = ReadWholeFile(path, error);
  if (!text) {
    LoadResult result;
    result.diagnostics.push_back(
        Diagnostic{Location{path, 0, 0}, fmt::format("cannot read: {}", error), false});
    return result;
  }
  return ParseConfig(*text, path, options);
}

}  // namespace sellerwatch::config
