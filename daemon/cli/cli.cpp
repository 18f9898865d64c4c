#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/config_loading.hpp"

namespace sellerwatch::cli {

int Main(int argc, char** argv) {
  CLI::App app{"sellerwatch: warns online sellers before the marketplace restricts the account"};
  app.set_version_flag("--version", std::string("sellerwatch ") + SELLERWATCH_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `check-config -c FILE`
  GlobalOptions global;
  std::string state_dir, log_level;
  app.add_option("-c,--config", global.config_path, "config file")->capture_default_str();
  app.add_option("--state-dir", state_dir, "override daemon.state_dir");
  app.add_option("--log-level", log_level,
                 "trace|debug|info|warn|error (default: daemon.log_level)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_option("--log-format", global.log_format,
                 "auto (journald when stderr is the journal, else text)|text|json|journal")
      ->check(CLI::IsMember({"auto", "text", "json", "journal"}))
      ->capture_default_str();

  auto* run = app.add_subcommand("run", "run the daemon in the foreground");
  auto* check = app.add_subcommand("check-config", "validate the config; print every problem");
  auto* poll = app.add_subcommand("poll", "poll every source once, evaluate, exit");
  bool once = false;
  poll->add_flag("--once", once, "required: one poll and one evaluation (cron-friendly)")
      ->required();

  StatusOptions status_opts;
  auto* status = app.add_subcommand("status", "current metrics and alerts per account");
  status->add_flag("--json", status_opts.json, "machine-readable output");
  status->add_option("--account", status_opts.account, "only this account");
  status->add_option("--at", status_opts.at,
                     "evaluate as of this RFC 3339 time, using only events known by then");

  ImportOptions import_opts;
  auto* import = app.add_subcommand("import", "load normalized JSONL events into the store");
  import->add_option("files", import_opts.files, "JSONL files")->required();
  import->add_option("--account", import_opts.account, "account for lines that name none");

  std::string test_receiver;
  auto* test = app.add_subcommand("test-receiver", "send a test notification through a receiver");
  test->add_option("name", test_receiver, "receiver name")->required();

  SilenceOptions silence_opts;
  auto* silence = app.add_subcommand("silence", "mute alerts for a while (add, list, expire)");
  silence->require_subcommand(1);
  auto* silence_add = silence->add_subcommand("add", "add a silence");
  silence_add->add_option("--account", silence_opts.account, "only this account");
  silence_add->add_option("--rule", silence_opts.rule, "only this rule");
  silence_add->add_option("--label", silence_opts.labels, "KEY=VALUE (repeatable)");
  silence_add->add_option("--for", silence_opts.duration, "how long, e.g. 2h, 3d")
      ->capture_default_str();
  silence_add->add_option("--comment", silence_opts.comment, "why (required)")->required();
  silence_opts.by = std::getenv("USER") ? std::getenv("USER") : "";
  silence_add->add_option("--by", silence_opts.by, "who (default: $USER)");
  auto* silence_list = silence->add_subcommand("list", "list silences that have not ended");
  silence_list->add_flag("--all", silence_opts.all, "include expired ones");
  auto* silence_expire = silence->add_subcommand("expire", "end a silence now");
  silence_expire->add_option("id", silence_opts.id, "silence id")->required();

  DigestOptions digest_opts;
  auto* digest = app.add_subcommand("digest", "the weekly digest now: preview, print or send it");
  digest->add_option("--preview", digest_opts.preview, "write its HTML to this file");
  digest->add_flag("--text", digest_opts.text, "print its text part");
  digest->add_flag("--send", digest_opts.send, "send it now to the digest receivers");
  digest->add_option("--account", digest_opts.account, "only this account (--preview, --text)");
  digest->add_option("--export", digest_opts.export_file,
                     "write this shard's part of the digest (JSON) for `--merge`");
  digest->add_option("--merge", digest_opts.merge,
                     "build one digest from every shard's --export file (with --send, --preview "
                     "or --text)");

  ExplainOptions explain_opts;
  auto* explain = app.add_subcommand(
      "explain", "why an alert is in its state and what became of its notifications");
  explain->add_option("account", explain_opts.account, "account id")->required();
  explain->add_option("rule", explain_opts.rule, "rule name")->required();
  explain->add_flag("--json", explain_opts.json, "machine-readable output");

  // The commands that work on one shard's accounts; $SELLERWATCH_SHARD when --shard is absent.
  std::optional<std::string> shard_flag;
  for (auto* command : {run, check, poll, status, digest}) {
    command->add_option("--shard", shard_flag,
                        "only the accounts of shard I/N (hashmod of the id)");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return e.get_exit_code() == 0 ? kExitOk : (rc == 0 ? kExitOk : kExitUsage);
  }
  if (!state_dir.empty()) global.state_dir = state_dir;
  if (!log_level.empty()) global.log_level = log_level;
  if (*run || *check || *poll || *status || *digest) {
    auto shard = ResolveShard(shard_flag, std::getenv("SELLERWATCH_SHARD"));
    if (!shard) {
      std::cerr << "sellerwatch: " << shard.error().message << "\n";
      return shard_flag ? kExitUsage : kExitConfig;  // a bad flag is usage; the environment, config
    }
    global.shard = *shard;
  }

  if (*run) return RunCommand(global);
  if (*check) return CheckConfigCommand(global);
  if (*poll) return PollOnceCommand(global);
  if (*status) return StatusCommand(global, status_opts);
  if (*import) return ImportCommand(global, import_opts);
  if (*test) return TestReceiverCommand(global, test_receiver);
  if (*digest) return DigestCommand(global, digest_opts);
  if (*explain) return ExplainCommand(global, explain_opts);
  if (*silence) {
    using A = SilenceOptions::Action;
    silence_opts.action = *silence_add ? A::kAdd : (*silence_expire ? A::kExpire : A::kList);
    return SilenceCommand(global, silence_opts);
  }
  return kExitUsage;
}

}  // namespace sellerwatch::cli
