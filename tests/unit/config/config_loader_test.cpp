#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/loader.hpp"
#include "sources/amazon/settings.hpp"
#include "sources/registry.hpp"
#include "sources/simulator/settings.hpp"

namespace sellerwatch::config {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using Env = std::map<std::string, std::string>;

LoadOptions Options(Env env = {}, bool require_credentials = true) {
  LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  options.require_credentials = require_credentials;
  options.getenv = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return options;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += "\n  " + d.Format();
  return out;
}

std::vector<std::string> ErrorMessages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    if (!d.warning) out.push_back(d.Format());
  return out;
}

bool HasError(const LoadResult& r, const std::string& text) {
  for (const auto& d : r.diagnostics)
    if (!d.warning && d.Format().find(text) != std::string::npos) return true;
  return false;
}

const std::string kSource = SELLERWATCH_SOURCE_DIR;
const std::string kExample = kSource + "/config/sellerwatch.example.yaml";
const std::string kDemo = kSource + "/config/demo.yaml";
const std::string kGood = std::string(SELLERWATCH_TEST_DATA) + "/conf.good.yaml";

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("sellerwatch-config-test-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// --------------------------------------------------------------------------- shipped files

TEST(ConfigLoaderTest, ExampleLoadsWithoutErrorsWhenCredentialsAreNotChecked) {
  LoadResult r = LoadConfigFile(kExample, Options({}, false));
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(ErrorMessages(r).empty()) << Errors(r);
  // Every ${credential:...} is a warning naming the reason.
  ASSERT_FALSE(r.diagnostics.empty());
  for (const auto& d : r.diagnostics) {
    EXPECT_TRUE(d.warning) << d.Format();
    EXPECT_NE(d.message.find("not checked: $CREDENTIALS_DIRECTORY is not set (systemd sets it "
                             "for LoadCredential=)"),
              std::string::npos)
        << d.Format();
  }
  const Config& c = *r.config;
  ASSERT_EQ(c.accounts.size(), 2u);
  EXPECT_EQ(c.accounts[0].id, "acme-us");
  EXPECT_EQ(c.accounts[0].sources.size(), 2u);
  EXPECT_EQ(c.accounts[1].timezone, "Europe/Berlin");  // daemon.timezone
  EXPECT_EQ(c.receivers.size(), 11u);
  std::set<ReceiverType> types;
  for (const auto& rc : c.receivers) types.insert(rc.type);
  EXPECT_EQ(types.size(), 11u) << "every receiver type once";
  EXPECT_EQ(c.routes.size(), 3u);
  ASSERT_TRUE(c.digest.has_value());
}

// Fills a credentials directory with a plausible value for every ${credential:NAME} in `text`.
void WriteCredentials(const TempDir& dir, const std::string& text) {
  std::regex re(R"(\$\{credential:([A-Za-z0-9_.-]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    std::string name = (*it)[1];
    std::string value = "s3cr3t-" + name;
    if (name.ends_with("_url")) value = "https://hooks.example.com/" + name;
    if (name.ends_with("_webhook_secret")) value = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    dir.Write(name, value + "\n");
  }
}

TEST(ConfigLoaderTest, ExampleLoadsCleanlyWithEveryCredential) {
  TempDir dir;
  std::string text = ReadFile(kExample);
  WriteCredentials(dir, text);
  LoadResult r = LoadConfigFile(kExample, Options({{"CREDENTIALS_DIRECTORY", dir.path()}}, true));
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(r.diagnostics.empty()) << Errors(r);
  const auto* slack = r.config->FindReceiver("ops-slack");
  ASSERT_NE(slack, nullptr);
  EXPECT_EQ(std::get<ChatReceiver>(slack->settings).webhook_url.Reveal(),
            "https://hooks.example.com/slack_webhook_url");
  const auto& sp = r.config->accounts[0].sources[0].SettingsAs<sources::amazon::Settings>();
  EXPECT_EQ(sp.refresh_token.Reveal(), "s3cr3t-sp_refresh_token");  // trailing newline stripped
}

TEST(ConfigLoaderTest, ExampleOptionalBlocksLoadToo) {
  // "#~ " lines are optional alternatives (other source types, tls: none); they must not rot.
  std::string text = ReadFile(kExample);
  std::string enabled = std::regex_replace(text, std::regex("#~ "), "");
  ASSERT_NE(enabled, text);
  TempDir dir;
  WriteCredentials(dir, enabled);
  LoadResult r = ParseConfig(enabled, "example-enabled.yaml",
                             Options({{"CREDENTIALS_DIRECTORY", dir.path()}}));
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(r.diagnostics.empty()) << Errors(r);
  const auto& sources = r.config->accounts[1].sources;
  std::set<std::string> types;
  for (const auto& s : sources) types.insert(s.type);
  EXPECT_EQ(types, (std::set<std::string>{"ebay", "shopify", "aliexpress", "http-json", "imap",
                                          "simulator"}));
  for (auto t : {"amazon-sp-api", "file"}) {
    bool found = false;
    for (const auto& s : r.config->accounts[0].sources) found = found || s.type == t;
    EXPECT_TRUE(found);
  }
  EXPECT_TRUE(std::get<EmailReceiver>(r.config->FindReceiver("ops-email")->settings).tls_none);
}

TEST(ConfigLoaderTest, DemoLoads) {
  LoadResult r = LoadConfigFile(kDemo, Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(r.diagnostics.empty()) << Errors(r);
  const Config& c = *r.config;
  EXPECT_EQ(c.daemon.state_dir, "./state");
  EXPECT_EQ(c.daemon.listen, "127.0.0.1:9187");  // the status page of README's quick start
  EXPECT_EQ(c.daemon.evaluation_interval, 5s);
  ASSERT_EQ(c.accounts.size(), 2u);
  const AccountConfig* us = c.FindAccount("demo-us");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->marketplace, "amazon");
  EXPECT_EQ(us->timezone, "America/Los_Angeles");
  EXPECT_EQ(us->labels.at("team"), "us");
  ASSERT_EQ(us->sources.size(), 1u);
  EXPECT_EQ(us->sources[0].name, "simulator");
  const auto& sim = us->sources[0].SettingsAs<sources::simulator::Settings>();
  EXPECT_EQ(sim.seed, 42u);
  EXPECT_EQ(sim.orders_per_day, 10);
  EXPECT_EQ(sim.scenario, "deteriorating");
  EXPECT_EQ(sim.poll, 5s);
  EXPECT_EQ(sim.incident_every, 5s);
  const AccountConfig* de = c.FindAccount("demo-de");
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(de->timezone, "Europe/Berlin");
  const auto& sim_de = de->sources[0].SettingsAs<sources::simulator::Settings>();
  EXPECT_EQ(sim_de.seed, 7u);
  EXPECT_EQ(sim_de.orders_per_day, 25);
  EXPECT_EQ(sim_de.scenario, "steady");
  ASSERT_EQ(c.routes.size(), 1u);
  EXPECT_TRUE(c.routes[0].match.empty());
  EXPECT_EQ(c.routes[0].receivers, (std::vector<std::string>{"console", "jsonl"}));
  ASSERT_EQ(c.receivers.size(), 2u);
  EXPECT_EQ(c.receivers[0].type, ReceiverType::kConsole);
  EXPECT_EQ(c.receivers[1].type, ReceiverType::kFile);
  EXPECT_EQ(std::get<FileReceiver>(c.receivers[1].settings).path, "./state/alerts.jsonl");
  EXPECT_FALSE(us->rules.empty()) << "the Amazon preset applies";
}

TEST(ConfigLoaderTest, GoodFileLoads) {
  LoadResult r = LoadConfigFile(kGood, Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(r.diagnostics.empty()) << Errors(r);
  const Config& c = *r.config;
  EXPECT_EQ(c.path, kGood);
  ASSERT_EQ(c.routes.size(), 2u);
  ASSERT_TRUE(c.routes[1].quiet_hours.has_value());
  const QuietHours& q = *c.routes[1].quiet_hours;
  EXPECT_EQ(q.from, 22h);
  EXPECT_EQ(q.to, 7h);
  EXPECT_EQ(q.timezone, "Europe/Berlin");  // daemon.timezone
  EXPECT_EQ(q.except, std::vector<core::Severity>{core::Severity::kCritical});
  ASSERT_TRUE(c.digest.has_value());
  ASSERT_EQ(c.digest->schedule.size(), 1u);
  EXPECT_EQ(c.digest->schedule[0].day, std::chrono::Saturday);
  EXPECT_EQ(c.digest->schedule[0].time_of_day, 9h);
  EXPECT_EQ(c.digest->timezone, "Europe/Berlin");
}

// --------------------------------------------------------------------------- options

TEST(ConfigLoaderTest, StateDirOverrideReplacesTheFileValue) {
  LoadOptions options = Options();
  options.state_dir_override = "/srv/other-state";
  LoadResult r = LoadConfigFile(kGood, options);
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.config->daemon.state_dir, "/srv/other-state");
}

TEST(ConfigLoaderTest, MissingFileIsAnError) {
  LoadResult r = LoadConfigFile("/nonexistent/sellerwatch.yaml", Options());
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].Format(),
            "/nonexistent/sellerwatch.yaml: cannot read: No such file or directory");
}

TEST(ConfigLoaderTest, EmptyFileIsAnError) {
  LoadResult r = ParseConfig("# nothing\n", "empty.yaml", Options());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r, "empty.yaml:1:1: the configuration is empty")) << Errors(r);
}

// --------------------------------------------------------------------------- formats

TEST(ConfigLoaderTest, DiagnosticFormat) {
  Diagnostic error{Location{"a.yaml", 3, 7}, "something is wrong", false};
  EXPECT_EQ(error.Format(), "a.yaml:3:7: something is wrong");
  Diagnostic warning{Location{"a.yaml", 1, 2}, "careful", true};
  EXPECT_EQ(warning.Format(), "a.yaml:1:2: warning: careful");
}

TEST(ConfigLoaderTest, CollectsEveryProblemNotJustTheFirst) {
  LoadResult r = ParseConfig(R"(daemon:
  timezone: Mars/Olympus
  log_level: loud
  evaluation_interval: soon
receivers:
  - name: x
    console: {}
    colour: red
)",
                             "many.yaml", Options());
  EXPECT_FALSE(r.ok());
  auto errors = ErrorMessages(r);
  ASSERT_EQ(errors.size(), 4u) << Errors(r);
  EXPECT_EQ(errors[0], "many.yaml:2:13: daemon.timezone: unknown time zone 'Mars/Olympus'");
  EXPECT_EQ(errors[1],
            "many.yaml:3:14: daemon.log_level: unknown log level 'loud': expected "
            "trace, debug, info, warn or error");
  EXPECT_EQ(errors[2],
            "many.yaml:4:24: daemon.evaluation_interval: invalid duration 'soon': "
            "expected a duration like 30s, 5m, 12h, 7d");
  EXPECT_EQ(errors[3], "many.yaml:8:5: unknown key 'colour'");
}

TEST(ConfigLoaderTest, WrongNodeTypes) {
  LoadResult r = ParseConfig(R"(daemon: [a, b]
accounts:
  - id: shop
    marketplace: amazon
    sources: {type: file}
receivers:
  - name: mail
    email:
      smtp_url: smtp://mail.example.com
      from: a@example.com
      to: ops@example.com
    send_resolved: maybe
)",
                             "types.yaml", Options());
  EXPECT_TRUE(HasError(r, "types.yaml:1:9: daemon: expected a mapping, got a list")) << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "types.yaml:5:14: accounts[0].sources: expected a list of sources, "
                       "got a mapping"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "types.yaml:11:11: receivers[0].email.to: expected a list of strings"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "types.yaml:12:20: receivers[0].send_resolved: expected true or false, "
                       "got 'maybe'"))
      << Errors(r);
}

// --------------------------------------------------------------------------- sections

TEST(ConfigLoaderTest, WithoutRoutesEveryAlertGoesToEveryReceiver) {
  LoadResult r = ParseConfig(R"(receivers:
  - name: a
    console: {}
  - name: b
    file: {path: /tmp/b.jsonl}
)",
                             "noroutes.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  ASSERT_EQ(r.config->routes.size(), 1u);
  const RouteConfig& route = r.config->routes[0];
  EXPECT_TRUE(route.match.empty());
  EXPECT_EQ(route.receivers, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(route.continue_matching);
}

TEST(ConfigLoaderTest, EmptyRoutesListIsAWarning) {
  LoadResult r =
      ParseConfig("routes: []\nreceivers:\n  - name: a\n    console: {}\n", "r.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_TRUE(r.config->routes.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_TRUE(r.diagnostics[0].warning);
}

TEST(ConfigLoaderTest, SourceNamesDefaultToTheTypeAndMustBeUnique) {
  LoadResult r = ParseConfig(R"(accounts:
  - id: shop
    marketplace: custom
    sources:
      - {type: file, path: /a}
      - {type: file, path: /b}
      - {type: simulator}
      - {type: file, path: /c, name: file-2}
receivers: [{name: c, console: {}}]
)",
                             "s.yaml", Options());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r,
                       "s.yaml:8:38: accounts[0].sources[3]: duplicate source name 'file-2' in "
                       "account 'shop' (first defined at s.yaml:6:9)"))
      << Errors(r);
  LoadResult ok = ParseConfig(R"(accounts:
  - id: shop
    marketplace: custom
    sources:
      - {type: file, path: /a}
      - {type: file, path: /b}
      - {type: simulator}
)",
                              "s.yaml", Options());
  ASSERT_TRUE(ok.ok()) << Errors(ok);
  const auto& sources = ok.config->accounts[0].sources;
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].name, "file");
  EXPECT_EQ(sources[1].name, "file-2");
  EXPECT_EQ(sources[2].name, "simulator");
}

TEST(ConfigLoaderTest, SourceKeysDependOnTheType) {
  LoadResult r = ParseConfig(R"(accounts:
  - id: shop
    marketplace: amazon
    sources:
      - type: file
        path: /inbox
        tls_verify: false
      - type: amazon-sp-api
        client_id: a
        client_secret: b
        refresh_token: c
        poll: 5m
      - type: ebay
        client_id: a
        client_secret: b
        refresh_token: c
        poll: {orders: 5m, feedback: 1h}
)",
                             "src.yaml", Options());
  EXPECT_TRUE(HasError(r, "src.yaml:7:9: unknown key 'tls_verify'")) << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "src.yaml:8:9: accounts[0].sources[1]: missing required key "
                       "'marketplace_ids'"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "src.yaml:12:15: accounts[0].sources[1].poll: expected a mapping, got "
                       "a string"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "src.yaml:17:28: unknown key 'feedback'")) << Errors(r);
}

TEST(ConfigLoaderTest, ReceiverChecks) {
  LoadResult r = ParseConfig(R"(receivers:
  - name: both
    slack: {webhook_url: "https://hooks.slack.com/x"}
    email: {smtp_url: "smtp://m", from: a@b.c, to: [x@y.z]}
  - name: none
    fallback: both
  - name: mail
    email:
      smtp_url: smtps://mail.example.com
      tls: none
      from: "two@at@example.com"
      to: []
  - name: both
    telegram: {chat_id: "1"}
  - name: am
    alertmanager: {url: "ftp://am"}
)",
                             "rc.yaml", Options());
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:4:5: receivers[0]: more than one receiver type ('slack' and "
                       "'email'); a receiver has exactly one"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:5:5: receivers[1]: missing receiver type: one of email, "
                       "slack, mattermost, discord, google_chat, teams, telegram, webhook, "
                       "alertmanager, console or file"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "rc.yaml:10:12: receivers[2].email.tls: none only applies to smtp://"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:11:13: receivers[2].email.from: invalid address "
                       "'two@at@example.com'"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "rc.yaml:12:11: receivers[2].email.to: needs at least one address"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:13:11: receivers[3].name: duplicate receiver name 'both' "
                       "(first defined at rc.yaml:2:11)"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:14:15: receivers[3].telegram: missing required key "
                       "'bot_token'"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "rc.yaml:16:25: receivers[4].alertmanager.url: invalid URL 'ftp://am': "
                       "expected an http:// or https:// URL"))
      << Errors(r);
}

TEST(ConfigLoaderTest, ReceiverTimeoutAndCaFileLiveInTheTypeBlock) {
  LoadResult r = ParseConfig(R"(receivers:
  - name: hook
    webhook:
      url: https://example.com/hook
      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
      headers: {X-Tenant: acme}
      timeout: 7s
      ca_file: /etc/ca.pem
    retry_horizon: 1h
    send_resolved: false
)",
                             "hook.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  const ReceiverConfig& rc = r.config->receivers[0];
  EXPECT_EQ(rc.type, ReceiverType::kWebhook);
  EXPECT_EQ(rc.timeout, 7s);
  EXPECT_EQ(rc.ca_file, "/etc/ca.pem");
  EXPECT_EQ(rc.retry_horizon, 1h);
  EXPECT_FALSE(rc.send_resolved);
  const auto& w = std::get<WebhookReceiver>(rc.settings);
  EXPECT_EQ(w.headers.at("X-Tenant").Reveal(), "acme");
}

TEST(ConfigLoaderTest, ChatReceiversShareOneSettingsType) {
  LoadResult r = ParseConfig(R"(receivers:
  - {name: a, slack: {webhook_url: "https://h/a"}}
  - {name: b, mattermost: {webhook_url: "https://h/b"}}
  - {name: c, discord: {webhook_url: "https://h/c"}}
  - {name: d, google_chat: {webhook_url: "https://h/d"}}
  - {name: e, teams: {webhook_url: "https://h/e"}}
)",
                             "chat.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  std::vector<ReceiverType> expected = {ReceiverType::kSlack, ReceiverType::kMattermost,
                                        ReceiverType::kDiscord, ReceiverType::kGoogleChat,
                                        ReceiverType::kTeams};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.config->receivers[i].type, expected[i]);
    EXPECT_TRUE(std::holds_alternative<ChatReceiver>(r.config->receivers[i].settings));
  }
}

TEST(ConfigLoaderTest, RouteAndDigestChecks) {
  LoadResult r = ParseConfig(R"(accounts:
  - {id: shop, marketplace: custom}
routes:
  - match: {severity: urgent, account: shpo, team: [a]}
    receivers: []
    quiet_hours: {from: "22:00", to: "24:00", except: [warning, info], timezone: Europe/Paris}
  - match: {}
    receivers: [c]
    quiet_hours: {from: "08:00", to: "08:00"}
digest:
  schedule: ["Mon 08:00", "friday 17:30", "Sun 25:00"]
  receivers: [c]
receivers: [{name: c, console: {}}]
)",
                             "route.yaml", Options());
  EXPECT_TRUE(HasError(r,
                       "route.yaml:4:23: routes[0].match.severity: unknown severity 'urgent': "
                       "expected warning or critical"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "route.yaml:4:40: routes[0].match.account: unknown account 'shpo'; did "
                       "you mean 'shop'?"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "route.yaml:4:52: routes[0].match.team: expected a string to match, got "
                       "a list"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "route.yaml:5:16: routes[0].receivers: needs at least one receiver"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "route.yaml:6:65: routes[0].quiet_hours.except[1]: unknown severity "
                       "'info'"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "route.yaml:9:38: routes[1].quiet_hours.to: from and to must differ"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "route.yaml:11:43: digest.schedule: invalid schedule 'Sun 25:00'"))
      << Errors(r);
  EXPECT_EQ(ErrorMessages(r).size(), 7u) << Errors(r);
}

TEST(ConfigLoaderTest, WeeklySchedulesAndQuietHoursParse) {
  LoadResult r = ParseConfig(R"(daemon: {timezone: Asia/Shanghai}
routes:
  - match: {severity: critical}
    receivers: [c]
    quiet_hours: {from: "22:30", to: "24:00"}
digest:
  schedule: ["Mon 08:00", "friday 17:30"]
  receivers: [c]
receivers: [{name: c, console: {}}]
)",
                             "ok.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  const QuietHours& q = *r.config->routes[0].quiet_hours;
  EXPECT_EQ(q.from, 22h + 30min);
  EXPECT_EQ(q.to, 24h);
  EXPECT_EQ(q.timezone, "Asia/Shanghai");
  const DigestConfig& d = *r.config->digest;
  ASSERT_EQ(d.schedule.size(), 2u);
  EXPECT_EQ(d.schedule[0].day, std::chrono::Monday);
  EXPECT_EQ(d.schedule[1].day, std::chrono::Friday);
  EXPECT_EQ(d.schedule[1].time_of_day, 17h + 30min);
  EXPECT_EQ(d.timezone, "Asia/Shanghai");
}

TEST(ConfigLoaderTest, DaemonKeys) {
  LoadResult r = ParseConfig(R"(daemon:
  state_dir: /srv/sw
  listen: "[::1]:9000"
  timezone: America/Chicago
  log_level: debug
  evaluation_interval: 30s
  shutdown_timeout: 1m
  heartbeat: {url: "https://hc-ping.com/abc", every: 2m}
)",
                             "d.yaml", Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  const DaemonConfig& d = r.config->daemon;
  EXPECT_EQ(d.state_dir, "/srv/sw");
  EXPECT_EQ(d.listen, "[::1]:9000");
  EXPECT_EQ(d.timezone, "America/Chicago");
  EXPECT_EQ(d.log_level, "debug");
  EXPECT_EQ(d.evaluation_interval, 30s);
  EXPECT_EQ(d.shutdown_timeout, 1min);
  ASSERT_TRUE(d.heartbeat.has_value());
  EXPECT_EQ(d.heartbeat->url.Reveal(), "https://hc-ping.com/abc");
  EXPECT_EQ(d.heartbeat->every, 2min);

  LoadResult bad = ParseConfig(R"(daemon:
  state_dir: ""
  listen: "127.0.0.1:70000"
  evaluation_interval: 0s
  heartbeat: {every: 1m}
)",
                               "d.yaml", Options());
  EXPECT_TRUE(HasError(bad, "d.yaml:2:14: daemon.state_dir: must not be empty")) << Errors(bad);
  EXPECT_TRUE(HasError(bad, "d.yaml:3:11: daemon.listen: invalid listen address")) << Errors(bad);
  EXPECT_TRUE(HasError(bad, "d.yaml:4:24: daemon.evaluation_interval: must be greater than 0"))
      << Errors(bad);
  EXPECT_TRUE(HasError(bad, "d.yaml:5:14: daemon.heartbeat: missing required key 'url'"))
      << Errors(bad);
}

TEST(ConfigLoaderTest, ListenPortZeroAndTheTokenANonLoopbackListenNeeds) {
  for (const char* loopback : {"127.0.0.1:0", "localhost:9187", "[::1]:9187", "127.0.0.53:80"}) {
    LoadResult r =
        ParseConfig(std::string("daemon: {listen: \"") + loopback + "\"}\n", "l.yaml", Options());
    EXPECT_TRUE(r.ok()) << loopback << Errors(r);
  }
  // Reachable from other hosts: only with a token, which is a secret like any other.
  LoadResult open = ParseConfig("daemon: {listen: \"0.0.0.0:9187\"}\n", "l.yaml", Options());
  EXPECT_TRUE(HasError(open,
                       "l.yaml:1:18: daemon.listen: 0.0.0.0:9187 is not a loopback address: "
                       "set daemon.listen_token"))
      << Errors(open);
  LoadResult named =
      ParseConfig("daemon: {listen: \"127.0.0.1.example.com:80\"}\n", "l.yaml", Options());
  EXPECT_TRUE(HasError(named, "is not a loopback address")) << Errors(named);
  LoadResult with_token =
      ParseConfig("daemon: {listen: \"0.0.0.0:9187\", listen_token: 0123456789abcdef0123}\n",
                  "l.yaml", Options());
  ASSERT_TRUE(with_token.ok()) << Errors(with_token);
  EXPECT_TRUE(with_token.diagnostics.empty()) << Errors(with_token);
  EXPECT_EQ(with_token.config->daemon.listen_token.Reveal(), "0123456789abcdef0123");
  EXPECT_EQ(fmt::format("{}", with_token.config->daemon.listen_token), "<redacted>");

  LoadResult bad = ParseConfig("daemon: {listen_token: \"has space in it, long enough\"}\n",
                               "l.yaml", Options());
  EXPECT_TRUE(HasError(bad, "daemon.listen_token: must be printable ASCII without spaces"))
      << Errors(bad);
  EXPECT_EQ(Errors(bad).find("has space"), std::string::npos) << "never echoed";
  LoadResult short_token = ParseConfig("daemon: {listen_token: abc}\n", "l.yaml", Options());
  ASSERT_TRUE(short_token.ok()) << Errors(short_token);
  ASSERT_EQ(short_token.diagnostics.size(), 1u);
  EXPECT_TRUE(short_token.diagnostics[0].warning);
  EXPECT_NE(short_token.diagnostics[0].Format().find("listen_token: is short (3 characters)"),
            std::string::npos)
      << Errors(short_token);
}

TEST(ConfigLoaderTest, AccountChecks) {
  LoadResult r = ParseConfig(R"(accounts:
  - id: shop
    marketplace: amazon
    timezone: america/new_york
    labels: {9lives: x, account: y, ok_label: [z]}
  - marketplace: ebay
)",
                             "acc.yaml", Options());
  EXPECT_TRUE(HasError(r,
                       "acc.yaml:4:15: accounts[0].timezone: unknown time zone "
                       "'america/new_york'; did you mean 'America/New_York'?"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "acc.yaml:5:14: accounts[0].labels: invalid label name '9lives'"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "acc.yaml:5:25: accounts[0].labels: label name 'account' is reserved"))
      << Errors(r);
  EXPECT_TRUE(HasError(r,
                       "acc.yaml:5:47: accounts[0].labels.ok_label: expected a string, got a "
                       "list"))
      << Errors(r);
  EXPECT_TRUE(HasError(r, "acc.yaml:6:5: accounts[1]: missing required key 'id'")) << Errors(r);
}

TEST(ConfigLoaderTest, NamesRoundTrip) {
  for (auto k : {RuleKind::kThreshold, RuleKind::kTrend, RuleKind::kForecast,
                 RuleKind::kStatusChange, RuleKind::kAtRisk})
    EXPECT_EQ(ParseRuleKind(Name(k)), k);
  EXPECT_EQ(Name(RuleKind::kAtRisk), "at_risk");
  EXPECT_EQ(Name(RuleKind::kStatusChange), "status_change");
  EXPECT_EQ(Name(ReceiverType::kGoogleChat), "google_chat");
  EXPECT_EQ(ParseReceiverType("alertmanager"), ReceiverType::kAlertmanager);
  EXPECT_EQ(ParseReceiverType("pager"), std::nullopt);
}

TEST(ConfigLoaderTest, FindAccountAndReceiver) {
  LoadResult r = LoadConfigFile(kGood, Options());
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_NE(r.config->FindAccount("shop-us"), nullptr);
  EXPECT_EQ(r.config->FindAccount("nope"), nullptr);
  EXPECT_EQ(r.config->FindReceiver("jsonl")->type, ReceiverType::kFile);
  EXPECT_EQ(r.config->FindReceiver("nope"), nullptr);
}

}  // namespace
}  // namespace sellerwatch::config
