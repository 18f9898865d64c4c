// The import's reader thread: batches in file order, every bad line counted and the first ones
// named FILE:LINE, no events handed over after a bad line, and a writer that stops early.

#include "cli/import_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace sellerwatch::cli {
namespace {

std::string Order(int n) {
  return R"({"type":"order","account":"acme","id":"o)" + std::to_string(n) +
         R"(","purchased_at":"2026-11-01T10:00:00Z","status":"pending","fulfillment":"merchant"})";
}

ImportReader::Input Input(std::string name, const std::string& content) {
  return {std::move(name), std::make_unique<std::istringstream>(content)};
}

std::string Lines(int from, int to) {
  std::string out;
  for (int n = from; n <= to; ++n) out += Order(n) + "\n";
  return out;
}

ImportReader::Options Options(std::size_t batch_size, std::size_t errors_kept = 50) {
  ImportReader::Options options;
  options.check_account = [](const std::string& account) {
    return account == "acme" ? std::string() : "account '" + account + "' is not configured";
  };
  options.batch_size = batch_size;
  options.errors_kept = errors_kept;
  return options;
}

std::vector<std::string> IdsOf(ImportReader& reader) {
  std::vector<std::string> ids;
  while (auto batch = reader.Next()) {
    EXPECT_LE(batch->size(), 3u);
    for (const auto& pe : *batch) ids.push_back(core::IdOf(pe.event));
  }
  return ids;
}

TEST(ImportReaderTest, HandsOverEveryEventOfEveryFileInOrder) {
  std::vector<ImportReader::Input> inputs;
  inputs.push_back(Input("a.jsonl", Lines(1, 7) + "\n  \n"));  // blank lines are skipped
  inputs.push_back(Input("b.jsonl", Lines(8, 10)));
  ImportReader reader(std::move(inputs), Options(3));
  auto ids = IdsOf(reader);
  ASSERT_EQ(ids.size(), 10u);
  for (int n = 1; n <= 10; ++n)
    EXPECT_EQ(ids[static_cast<std::size_t>(n - 1)], "o" + std::to_string(n));
  EXPECT_EQ(reader.outcome().bad_lines, 0u);
  EXPECT_TRUE(reader.outcome().errors.empty());
  EXPECT_FALSE(reader.outcome().failure);
}

TEST(ImportReaderTest, CountsEveryBadLineNamesTheFirstAndHandsNothingOverAfterTheFirst) {
  std::string a = Lines(1, 4) + "{not json\n" + Lines(6, 20);
  std::string b = Lines(1, 2) + R"({"type":"order","account":"other","id":"x"})" + "\n";
  for (int n = 0; n < 5; ++n) b += "[]\n";
  std::vector<ImportReader::Input> inputs;
  inputs.push_back(Input("a.jsonl", a));
  inputs.push_back(Input("b.jsonl", b));
  ImportReader reader(std::move(inputs), Options(3, 4));
  auto ids = IdsOf(reader);
  EXPECT_LE(ids.size(), 4u);  // at most what came before line 5
  const auto& outcome = reader.outcome();
  EXPECT_EQ(outcome.bad_lines, 7u);
  ASSERT_EQ(outcome.errors.size(), 4u);  // errors_kept
  EXPECT_EQ(outcome.errors[0].rfind("a.jsonl:5: invalid JSON", 0), 0u) << outcome.errors[0];
  EXPECT_EQ(outcome.errors[1].rfind("b.jsonl:3: ", 0), 0u) << outcome.errors[1];
  EXPECT_EQ(outcome.errors[2].rfind("b.jsonl:4: expected a JSON object", 0), 0u)
      << outcome.errors[2];
  EXPECT_EQ(outcome.errors[3].rfind("b.jsonl:5: ", 0), 0u) << outcome.errors[3];
  EXPECT_FALSE(outcome.failure);
}

TEST(ImportReaderTest, AWriterThatStopsEarlyDoesNotWaitForTheRest) {
  std::vector<ImportReader::Input> inputs;
  inputs.push_back(Input("big.jsonl", Lines(1, 20'000)));
  auto reader = std::make_unique<ImportReader>(std::move(inputs), Options(1));
  ASSERT_TRUE(reader->Next());
  reader.reset();  // returns once the reader thread has stopped, with batches still queued
}

}  // namespace
}  // namespace sellerwatch::cli
