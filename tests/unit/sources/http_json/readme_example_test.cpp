// The worked example of README.md ("Any JSON API"), run: its config loads, and its answer maps
// to exactly the events it shows. The documentation cannot drift from the code.

#include <gtest/gtest.h>

#include <sstream>

#include "config/loader.hpp"
#include "fakes/temp_dir.hpp"
#include "sources/http_json/page_mapper.hpp"
#include "sources/http_json/settings.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::http_json {
namespace {

// The fenced block after the line "<!-- example: NAME ...".
std::string Example(const std::string& doc, const std::string& name) {
  auto marker = doc.find("<!-- example: " + name);
  EXPECT_NE(marker, std::string::npos) << name;
  if (marker == std::string::npos) return "";
  auto open = doc.find("```", marker);
  auto start = doc.find('\n', open) + 1;
  auto close = doc.find("\n```", start);
  return doc.substr(start, close - start + 1);
}

TEST(ReadmeExample, ConfigLoadsAndTheAnswerBecomesTheEventsShown) {
  const std::string doc =
      sellerwatch::testing::ReadFile(std::string(SELLERWATCH_SOURCE_DIR) + "/README.md");
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.require_credentials = false;  // ${credential:...}: checked by systemd, not here
  auto r = config::ParseConfig(
      Example(doc, "config") + "receivers:\n  - name: console\n    console: {}\n", "example.yaml",
      options);
  std::string problems;
  for (const auto& d : r.diagnostics) {
    if (!d.warning || d.message.find("not checked") == std::string::npos)
      problems += "\n  " + d.Format();
  }
  ASSERT_TRUE(r.ok()) << problems;
  EXPECT_EQ(problems, "");
  const auto& account = r.config->accounts.at(0);
  const auto& settings = account.sources.at(0).SettingsAs<Settings>();

  RecordMapper mapper(settings, account.id);
  auto page = MapPage(Example(doc, "answer"), settings.items, settings.next, mapper);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->next, "cur_3_k9");
  std::string events;
  for (const auto& e : page->events) events += e.payload + "\n";
  EXPECT_EQ(events, Example(doc, "events"));
}

}  // namespace
}  // namespace sellerwatch::sources::http_json
