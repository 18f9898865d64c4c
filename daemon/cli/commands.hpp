#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/shard.hpp"

namespace sellerwatch::cli {

// sysexits(3) codes, so systemd can use RestartPreventExitStatus=78.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitData = 65;
inline constexpr int kExitNoInput = 66;
inline constexpr int kExitConfig = 78;

struct GlobalOptions {
  std::string config_path = "/etc/sellerwatch/sellerwatch.yaml";
  std::optional<std::string> state_dir;
  std::optional<std::string> log_level;
  std::string log_format = "auto";  // auto | text | json | journal
  // --shard I/N, else $SELLERWATCH_SHARD (run, poll, status, digest, check-config); unset: the
  // instance owns every account.
  std::optional<core::Shard> shard;
};

struct StatusOptions {
  bool json = false;
  std::string account;
  std::optional<std::string> at;  // RFC 3339
};

struct ImportOptions {
  std::vector<std::string> files;
  std::string account;  // fills lines without "account"; others must match it
};

struct SilenceOptions {
  enum class Action { kAdd, kList, kExpire };
  Action action = Action::kList;
  std::string account;
  std::string rule;
  std::vector<std::string> labels;  // key=value
  std::string duration = "2h";
  std::string comment;
  std::string by;
  std::string id;    // expire
  bool all = false;  // list: include expired
};

struct DigestOptions {
  std::string preview;             // write the HTML here
  bool text = false;               // print the text part
  bool send = false;               // queue it for every digest receiver and deliver now
  std::string account;             // only this account (preview and text)
  std::string export_file;         // --export: write this shard's part as JSON here
  std::vector<std::string> merge;  // --merge: build the digest from these exports
};

struct ExplainOptions {
  std::string account;
  std::string rule;
  bool json = false;
};

// One function per subcommand, each in its own file; cli.cpp parses argv and dispatches.
int RunCommand(const GlobalOptions& global);
int CheckConfigCommand(const GlobalOptions& global);
int PollOnceCommand(const GlobalOptions& global);
int StatusCommand(const GlobalOptions& global, const StatusOptions& options);
int ImportCommand(const GlobalOptions& global, const ImportOptions& options);
int SilenceCommand(const GlobalOptions& global, const SilenceOptions& options);
int TestReceiverCommand(const GlobalOptions& global, const std::string& receiver);
int DigestCommand(const GlobalOptions& global, const DigestOptions& options);
int ExplainCommand(const GlobalOptions& global, const ExplainOptions& options);

int Main(int argc, char** argv);

}  // namespace sellerwatch::cli
