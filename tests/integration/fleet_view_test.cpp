// The fleet view shipped in config/: the Prometheus rules pass `promtool check rules` and their
// own `promtool test rules` unit tests; the Grafana dashboard is valid JSON whose queries are
// valid PromQL; every sellerwatch metric the rules and the dashboard use is in the /metrics of
// a running daemon (so a rename cannot silently break them); the Kubernetes manifest parses,
// runs each pod as the shard of its ordinal, and its config passes `check-config`.

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <regex>
#include <set>

#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kPromtool = "/usr/bin/promtool";
const std::string kRules = SourcePath("config/prometheus/sellerwatch.rules.yml");
const std::string kRulesTest = SourcePath("config/prometheus/sellerwatch.rules.test.yml");
const std::string kDashboard = SourcePath("config/grafana/sellerwatch.json");
const std::string kKubernetes = SourcePath("config/kubernetes/sellerwatch-statefulset.yaml");

bool HavePromtool() { return ::access(kPromtool, X_OK) == 0; }

// Metric and recording-rule names in a PromQL expression: identifiers that start with
// "sellerwatch_" or contain a colon (the level:metric:operations form of recorded series).
// Label values in quotes and durations like [1d] are not names.
std::set<std::string> NamesIn(const std::string& expr) {
  static const std::regex quoted(R"("(?:[^"\\]|\\.)*")");
  static const std::regex ident(R"((^|[^A-Za-z0-9_:])([A-Za-z_:][A-Za-z0-9_:]*))");
  std::string bare = std::regex_replace(expr, quoted, "\"\"");
  std::set<std::string> names;
  for (std::sregex_iterator it(bare.begin(), bare.end(), ident), end; it != end; ++it) {
    std::string name = (*it)[2];
    if (name.starts_with("sellerwatch_") || name.find(':') != std::string::npos) {
      names.insert(name);
    }
  }
  return names;
}

struct Rules {
  std::vector<std::string> exprs;
  std::set<std::string> records;
};

Rules LoadRules() {
  Rules rules;
  YAML::Node doc = YAML::LoadFile(kRules);
  for (const auto& group : doc["groups"]) {
    for (const auto& rule : group["rules"]) {
      rules.exprs.push_back(rule["expr"].as<std::string>());
      if (rule["record"]) rules.records.insert(rule["record"].as<std::string>());
    }
  }
  return rules;
}

json::value LoadDashboard() { return json::parse(ReadFile(kDashboard)); }

// Every `expr` of the dashboard's panels, and the queries of its template variables.
std::vector<std::string> DashboardQueries(const json::value& dashboard) {
  std::vector<std::string> queries;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    if (!panel.as_object().contains("targets")) continue;
    for (const auto& target : panel.at("targets").as_array()) {
      queries.emplace_back(target.at("expr").as_string());
    }
  }
  for (const auto& variable : dashboard.at("templating").at("list").as_array()) {
    if (variable.at("type").as_string() == "query") {
      queries.emplace_back(variable.at("definition").as_string());
    }
  }
  return queries;
}

// The dashboard's variables replaced by values Prometheus accepts.
std::string Substituted(std::string query) {
  static const std::vector<std::pair<std::regex, std::string>> variables = {
      {std::regex(R"(\$job\b)"), "sellerwatch"},
      {std::regex(R"(\$(shard|account|metric)\b)"), ".*"},
      {std::regex(R"(\$__rate_interval\b)"), "1m"},
  };
  for (const auto& [variable, value] : variables)
    query = std::regex_replace(query, variable, value);
  return query;
}

TEST(FleetView, NamesInFindsMetricsAndRecordedSeriesOnly) {
  EXPECT_EQ(NamesIn(R"(max by (account) (sellerwatch_source_up{job="sellerwatch_x"}) == 0)"),
            (std::set<std::string>{"sellerwatch_source_up"}));
  EXPECT_EQ(NamesIn("-(account_metric:sellerwatch_headroom_events:min < 0) or "
                    ":sellerwatch_accounts:count + last_over_time(up[1d:5m])"),
            (std::set<std::string>{"account_metric:sellerwatch_headroom_events:min",
                                   ":sellerwatch_accounts:count"}));
}

TEST(FleetView, RulesPassPromtoolCheck) {
  if (!HavePromtool()) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  auto check = RunProcess({kPromtool, "check", "rules", kRules});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("SUCCESS"), std::string::npos) << check.out << check.err;
}

TEST(FleetView, RulesPassTheirUnitTests) {
  if (!HavePromtool()) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  auto test = RunProcess({kPromtool, "test", "rules", kRulesTest});
  EXPECT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_NE(test.out.find("SUCCESS"), std::string::npos) << test.out << test.err;
}

TEST(FleetView, EveryAlertHasASeverityASummaryAndADescription) {
  YAML::Node doc = YAML::LoadFile(kRules);
  std::size_t alerts = 0;
  for (const auto& group : doc["groups"]) {
    for (const auto& rule : group["rules"]) {
      if (!rule["alert"]) continue;
      ++alerts;
      const auto name = rule["alert"].as<std::string>();
      EXPECT_TRUE(rule["labels"]["severity"]) << name;
      EXPECT_TRUE(rule["annotations"]["summary"]) << name;
      EXPECT_TRUE(rule["annotations"]["description"]) << name;
    }
  }
  EXPECT_GE(alerts, 5u);
  // Each alert is exercised by the unit tests.
  std::string tests = ReadFile(kRulesTest);
  for (const auto& group : doc["groups"]) {
    for (const auto& rule : group["rules"]) {
      if (rule["alert"]) {
        EXPECT_NE(tests.find("alertname: " + rule["alert"].as<std::string>()), std::string::npos)
            << rule["alert"].as<std::string>() << " has no test in " << kRulesTest;
      }
    }
  }
}

TEST(FleetView, DashboardIsAGrafanaDashboardOnAPrometheusDatasourceVariable) {
  json::value dashboard = LoadDashboard();
  EXPECT_GE(dashboard.at("schemaVersion").to_number<int>(), 36);
  EXPECT_EQ(dashboard.at("uid").as_string(), "sellerwatch-fleet");
  std::set<std::string> variables;
  for (const auto& v : dashboard.at("templating").at("list").as_array()) {
    variables.insert(std::string(v.at("name").as_string()));
    if (v.at("name").as_string() == "datasource") {
      EXPECT_EQ(v.at("type").as_string(), "datasource");
      EXPECT_EQ(v.at("query").as_string(), "prometheus");
    } else {
      EXPECT_EQ(v.at("datasource").at("uid").as_string(), "${datasource}") << v;
    }
  }
  EXPECT_EQ(variables, (std::set<std::string>{"datasource", "job", "shard", "account", "metric"}));

  std::set<std::int64_t> ids;
  std::size_t targets = 0;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    const auto& p = panel.as_object();
    EXPECT_TRUE(ids.insert(p.at("id").to_number<std::int64_t>()).second) << "duplicate id " << p;
    const auto& grid = p.at("gridPos");
    EXPECT_LE(grid.at("x").to_number<int>() + grid.at("w").to_number<int>(), 24) << p;
    if (p.at("type").as_string() == "row") continue;
    EXPECT_EQ(p.at("datasource").at("uid").as_string(), "${datasource}") << p.at("title");
    ASSERT_FALSE(p.at("targets").as_array().empty()) << p.at("title");
    for (const auto& t : p.at("targets").as_array()) {
      ++targets;
      EXPECT_EQ(t.at("datasource").at("uid").as_string(), "${datasource}") << p.at("title");
      EXPECT_FALSE(t.at("expr").as_string().empty()) << p.at("title");
    }
  }
  EXPECT_GE(targets, 10u);
}

// Each query, its variables substituted, as a recording rule: `promtool check rules` parses it.
TEST(FleetView, DashboardQueriesAreValidPromql) {
  if (!HavePromtool()) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  TempDir dir;
  std::string rules = "groups:\n  - name: dashboard\n    rules:\n";
  int n = 0;
  for (const auto& query : DashboardQueries(LoadDashboard())) {
    std::string expr = Substituted(query);
    if (expr.starts_with("label_values(")) {
      // label_values(SELECTOR, LABEL) is Grafana's: check the selector.
      expr = expr.substr(13, expr.rfind(',') - 13);
    }
    rules += "      - record: dashboard_query_" + std::to_string(n++) +
             "\n        expr: " + json::serialize(json::value(expr)) + "\n";
  }
  auto check = RunProcess({kPromtool, "check", "rules", dir.Write("dashboard.rules.yml", rules)});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err << rules;
  EXPECT_NE(check.out.find("SUCCESS: " + std::to_string(n) + " rules found"), std::string::npos)
      << check.out;
}

// The families of a running daemon's /metrics (its `# TYPE` lines, written even when a family
// has no samples yet).
std::set<std::string> ExportedFamilies() {
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml", SimulatorDaemonConfig(dir.File("state"),
                                                "routes: [{match: {}, receivers: [console]}]\n"
                                                "receivers: [{name: console, console: {}}]\n"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  EXPECT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  const std::string body = Metrics(LoggedPort(daemon.err()));
  if (body.empty()) return {};
  std::set<std::string> families;
  static const std::regex type(R"(# TYPE (\S+) )");
  for (std::sregex_iterator it(body.begin(), body.end(), type), end; it != end; ++it) {
    families.insert((*it)[1]);
  }
  return families;
}

TEST(FleetView, EveryMetricTheRulesAndDashboardUseIsExported) {
  const std::set<std::string> exported = ExportedFamilies();
  ASSERT_TRUE(exported.contains("sellerwatch_build_info")) << exported.size() << " families";
  const Rules rules = LoadRules();
  auto check = [&](const std::string& expr, const std::string& where) {
    for (const auto& name : NamesIn(expr)) {
      if (name.find(':') != std::string::npos) {
        EXPECT_TRUE(rules.records.contains(name))
            << where << " uses " << name << ", which no rule records:\n"
            << expr;
      } else {
        EXPECT_TRUE(exported.contains(name))
            << where << " uses " << name << ", which /metrics does not export:\n"
            << expr;
      }
    }
  };
  std::set<std::string> used;
  for (const auto& expr : rules.exprs) {
    check(expr, kRules);
    for (const auto& name : NamesIn(expr)) used.insert(name);
  }
  for (const auto& query : DashboardQueries(LoadDashboard())) {
    check(query, kDashboard);
    for (const auto& name : NamesIn(query)) used.insert(name);
  }
  // The scan found what the fleet view is about (it cannot pass by finding nothing).
  for (const char* name :
       {"sellerwatch_account_metric_headroom_events", "sellerwatch_account_metric_forecast_seconds",
        "sellerwatch_source_last_success_timestamp_seconds", "sellerwatch_outbox_legs",
        "sellerwatch_notifications_failed_total", "sellerwatch_shard_info"}) {
    EXPECT_TRUE(used.contains(name)) << name;
  }
}

std::vector<YAML::Node> KubernetesDocuments() {
  std::vector<YAML::Node> docs;
  for (const auto& doc : YAML::LoadAllFromFile(kKubernetes)) {
    if (!doc.IsNull()) docs.push_back(doc);
  }
  return docs;
}

TEST(FleetView, KubernetesManifestRunsEachPodAsTheShardOfItsOrdinal) {
  std::vector<YAML::Node> docs;
  ASSERT_NO_THROW(docs = KubernetesDocuments());
  std::map<std::string, int> kinds;
  for (const auto& doc : docs) ++kinds[doc["kind"].as<std::string>()];
  EXPECT_EQ(kinds,
            (std::map<std::string, int>{{"ConfigMap", 1}, {"Service", 1}, {"StatefulSet", 2}}));

  for (const auto& doc : docs) {
    if (doc["kind"].as<std::string>() != "StatefulSet") continue;
    const auto name = doc["metadata"]["name"].as<std::string>();
    const int shards = doc["spec"]["replicas"].as<int>();
    const auto pod = doc["spec"]["template"]["spec"];
    const auto container = pod["containers"][0];
    std::string command;
    for (const auto& word : container["command"]) command += word.as<std::string>() + " ";
    // The shard is the pod ordinal of N = replicas.
    EXPECT_NE(command.find("SELLERWATCH_SHARD=\"${HOSTNAME##*-}/" + std::to_string(shards) + "\""),
              std::string::npos)
        << name << ": " << command;
    EXPECT_NE(command.find("exec sellerwatch run"), std::string::npos) << name;
    // The ordinal-to-index expansion, as the shell in the container does it.
    auto expand =
        RunProcess({"/bin/sh", "-c", "HOSTNAME=" + name + "-2; echo \"${HOSTNAME##*-}\""});
    EXPECT_EQ(expand.out, "2\n");

    EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz") << name;
    std::string readiness;
    for (const auto& word : container["readinessProbe"]["exec"]["command"]) {
      readiness += word.as<std::string>() + " ";
    }
    EXPECT_NE(readiness.find("/readyz"), std::string::npos) << name;
    EXPECT_EQ(container["ports"][0]["containerPort"].as<int>(), 9187) << name;
    EXPECT_EQ(container["envFrom"][0]["secretRef"]["name"].as<std::string>(),
              "sellerwatch-secrets");
    EXPECT_EQ(pod["volumes"][0]["configMap"]["name"].as<std::string>(), "sellerwatch-config");
    EXPECT_EQ(doc["spec"]["volumeClaimTemplates"][0]["metadata"]["name"].as<std::string>(),
              "state");
  }
}

TEST(FleetView, KubernetesConfigPassesCheckConfig) {
  std::string config;
  for (const auto& doc : KubernetesDocuments()) {
    if (doc["kind"].as<std::string>() == "ConfigMap") {
      config = doc["data"]["sellerwatch.yaml"].as<std::string>();
    }
  }
  ASSERT_FALSE(config.empty());
  TempDir dir;
  auto r = Sellerwatch({"check-config", "-c", dir.Write("sellerwatch.yaml", config), "--state-dir",
                        dir.File("state")},
                       {{"SELLERWATCH_HTTP_TOKEN", "a-long-random-token-for-the-test"},
                        {"SP_CLIENT_ID", "amzn1.application-oa2-client.test"},
                        {"SP_CLIENT_SECRET", "secret"},
                        {"ACME_US_REFRESH_TOKEN", "Atzr|test"},
                        {"SELLERWATCH_SHARD", "1/3"}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace sellerwatch::testing
