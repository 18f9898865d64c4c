#pragma once

// What the end-to-end tests of every marketplace source share: a state directory, the
// sellerwatch binary run with the source's secrets in its environment (everything it prints is
// kept and, at the end, searched for those secrets), and the store read back.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/event.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {

class SourceTestBase : public ::testing::Test {
 protected:
  // (rule, status, summary) of one alert in a notification.
  using Notice = std::tuple<std::string, std::string, std::string>;

  explicit SourceTestBase(std::string account) : account_(std::move(account)) {}

  // The variables the config's ${...} refer to: the source's credentials.
  virtual std::map<std::string, std::string> Env() const = 0;
  // What must never appear in anything sellerwatch prints.
  virtual std::vector<std::string> Secrets() const = 0;

  ProcessResult Run(std::vector<std::string> args) {
    auto r = Sellerwatch(std::move(args), Env());
    output_ += r.out + r.err;
    return r;
  }
  ProcessResult PollOnce(const std::string& config) {
    return Run({"poll", "--once", "-c", config});
  }

  std::vector<core::Event> Events() const {
    auto db = store::OpenStore(dir_.File("state"));
    auto events = store::EventStore(**db).Load(account_);
    return events ? *events : std::vector<core::Event>{};
  }

  // The stored events of one kind by id; an id stored twice fails the test.
  template <class T>
  std::map<std::string, T> Of() const {
    std::map<std::string, T> out;
    for (auto& e : Events()) {
      if (auto* v = std::get_if<T>(&e)) {
        EXPECT_EQ(out.count(v->id), 0u) << "duplicate " << v->id;
        out[v->id] = *v;
      }
    }
    return out;
  }

  std::optional<std::string> Cursor(const std::string& source) const {
    auto db = store::OpenStore(dir_.File("state"));
    return *store::CursorStore(**db).Get(source);
  }

  // What the file receiver at alerts.jsonl was sent.
  std::vector<Notice> Notified() const {
    std::vector<Notice> out;
    std::istringstream lines(ReadFile(dir_.File("alerts.jsonl")));
    for (std::string line; std::getline(lines, line);) {
      auto doc = boost::json::parse(line);
      for (const auto& a : doc.at("alerts").as_array()) {
        out.emplace_back(std::string(a.at("labels").at("rule").as_string()),
                         std::string(a.at("status").as_string()),
                         std::string(a.at("annotations").at("summary").as_string()));
      }
    }
    return out;
  }
  std::vector<Notice> SourceDown() const {
    std::vector<Notice> out;
    for (auto& n : Notified())
      if (std::get<0>(n) == "source_down") out.push_back(n);
    return out;
  }

  // One outage across `poll --once` runs of `config` (which has `stale_after: 1ms` and a
  // fault injected): the first failure starts it, the second raises source_down once, its
  // summary naming `stream` and `reason`; a third sends nothing more. After `mend` the next
  // poll resolves it once, and the one after sends nothing.
  void ExpectOneSourceDownThenOneResolved(const std::string& config, const std::string& stream,
                                          const std::string& reason,
                                          const std::function<void()>& mend) {
    EXPECT_EQ(PollOnce(config).exit_code, 1);  // the outage starts
    EXPECT_TRUE(SourceDown().empty());
    EXPECT_EQ(PollOnce(config).exit_code, 1);  // longer than stale_after: raised
    auto down = SourceDown();
    ASSERT_EQ(down.size(), 1u);
    EXPECT_EQ(std::get<1>(down[0]), "firing");
    EXPECT_NE(std::get<2>(down[0]).find(stream), std::string::npos) << std::get<2>(down[0]);
    EXPECT_NE(std::get<2>(down[0]).find(reason), std::string::npos) << std::get<2>(down[0]);
    EXPECT_EQ(PollOnce(config).exit_code, 1);  // still down: not sent again
    EXPECT_EQ(SourceDown().size(), 1u);
    mend();
    EXPECT_EQ(PollOnce(config).exit_code, 0);
    down = SourceDown();
    ASSERT_EQ(down.size(), 2u);
    EXPECT_EQ(std::get<1>(down[1]), "resolved");
    EXPECT_EQ(PollOnce(config).exit_code, 0);
    EXPECT_EQ(SourceDown().size(), 2u);
  }

  void TearDown() override {
    for (const auto& secret : Secrets()) {
      EXPECT_EQ(output_.find(secret), std::string::npos) << "secret in the output:\n" << output_;
    }
  }

  TempDir dir_;
  std::string account_;
  std::string output_;  // everything sellerwatch printed, for the secrets check
};

}  // namespace sellerwatch::testing
