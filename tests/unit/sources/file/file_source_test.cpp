#include "sources/file/file_source.hpp"

#include <gtest/gtest.h>

#include "fakes/temp_dir.hpp"
#include "sources/flat_files/csv_export.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::sources {
namespace {

const std::string kLine =
    R"({"type":"order","id":"a1","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant"})"
    "\n";

class FileSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = *store::OpenStore(dir_.File("state"));
    ledger_ = std::make_unique<store::IngestLedger>(*db_);
    std::filesystem::create_directories(dir_.File("inbox"));
  }
  file::FileSource Source(std::optional<flat_files::CsvMapping> csv = {}) {
    file::Settings settings;
    settings.path = dir_.File("inbox");
    settings.csv = std::move(csv);
    return file::FileSource("shop", "shop/file", settings, *ledger_);
  }
  // Records what a poll consumed, as the Poller does in its transaction.
  void Commit(const SourceBatch& batch) {
    for (const auto& f : batch.files)
      ASSERT_TRUE(ledger_->Record("shop/file", f.content_hash, f.entry, core::Timestamp{}));
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<store::IngestLedger> ledger_;
};

TEST_F(FileSourceTest, ReadsEachContentOnce) {
  dir_.Write("inbox/a.jsonl", kLine);
  auto first = Source().ReadNewFiles();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->events.size(), 1u);
  EXPECT_EQ(core::AccountOf(first->events[0].event), "shop");
  Commit(*first);
  // A renamed copy of the same content is not read again.
  dir_.Write("inbox/copy-of-a.ndjson", kLine);
  auto second = Source().ReadNewFiles();
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->events.empty());
  EXPECT_TRUE(second->files.empty());
}

TEST_F(FileSourceTest, SkipsFilesThatAreNotFinishedExports) {
  dir_.Write("inbox/.hidden.jsonl", kLine);
  dir_.Write("inbox/upload.jsonl.part", kLine);
  dir_.Write("inbox/notes.md", "hello");
  auto batch = Source().ReadNewFiles();
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->files.empty());
}

TEST_F(FileSourceTest, RefusesAFileWithAnyBadLineWhole) {
  dir_.Write(
      "inbox/mixed.jsonl",
      kLine +
          R"({"type":"order","account":"someone-else","id":"z","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant"})" +
          "\n");
  auto batch = Source().ReadNewFiles();
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->events.empty());
  ASSERT_EQ(batch->files.size(), 1u);
  EXPECT_FALSE(batch->files[0].entry.accepted);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_NE(batch->rejected[0].find("mixed.jsonl:2: account 'someone-else' does not belong"),
            std::string::npos)
      << batch->rejected[0];
}

TEST_F(FileSourceTest, ReadsAmazonReportDownloadsByTheirHeader) {
  // Seller Central names downloads like this; the extension says nothing about the format.
  dir_.Write("inbox/12345678901234.txt",
             testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                               "/amazon/all_orders_report_SYNTHETIC.txt"));
  dir_.Write("inbox/feedback.tsv",
             "Date\tRating\tComments\tResponse\tOrder ID\tRater Email\n"
             "2026-11-09\t1\tarrived broken\t\t114-0000001-0000001\tx@example.com\n");
  auto batch = Source().ReadNewFiles();
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->rejected.empty()) << batch->rejected[0];
  ASSERT_EQ(batch->files.size(), 2u);
  std::size_t orders = 0, feedback = 0;
  for (const auto& e : batch->events) {
    EXPECT_EQ(core::AccountOf(e.event), "shop");
    orders += core::TypeOf(e.event) == core::EventType::kOrder;
    feedback += core::TypeOf(e.event) == core::EventType::kFeedback;
  }
  EXPECT_EQ(orders, 7u);
  EXPECT_EQ(feedback, 1u);
}

TEST_F(FileSourceTest, AReportWithOneBadRowIsRefusedWholeNamingFileAndLine) {
  dir_.Write("inbox/feedback.txt",
             "Date\tRating\tOrder ID\n2026-11-09\t1\tA-1\n2026-11-09\t7\tA-2\n");
  auto batch = Source().ReadNewFiles();
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->events.empty());
  ASSERT_EQ(batch->files.size(), 1u);
  EXPECT_FALSE(batch->files[0].entry.accepted);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_NE(batch->rejected[0].find("feedback.txt: feedback report line 3: Rating '7' is not 1 "
                                    "to 5"),
            std::string::npos)
      << batch->rejected[0];
}

TEST_F(FileSourceTest, AnUnknownTableIsRefusedSayingWhatIsRead) {
  dir_.Write("inbox/orders.csv", "Order,Date\n1,2026-11-01\n");
  auto batch = Source().ReadNewFiles();
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_NE(batch->rejected[0].find("orders.csv: not a format sellerwatch reads"),
            std::string::npos)
      << batch->rejected[0];
  EXPECT_NE(batch->rejected[0].find("columns:"), std::string::npos);
}

TEST_F(FileSourceTest, ACsvExportIsReadThroughItsColumnsMap) {
  flat_files::CsvMapping csv;
  auto column = [](std::string name) {
    flat_files::ColumnMapping m;  // the default time format: auto, UTC
    m.column = std::move(name);
    return m;
  };
  auto constant = [](std::string value) {
    flat_files::ColumnMapping m;
    m.constant = std::move(value);
    return m;
  };
  csv.columns["id"] = column("Order");
  csv.columns["purchased_at"] = column("Date");
  csv.columns["status"] = constant("shipped");
  csv.columns["fulfillment"] = constant("merchant");
  dir_.Write("inbox/orders.csv", "Order,Date\n1,2026-11-01\n2,2026-11-02 10:00\n");
  auto batch = Source(csv).ReadNewFiles();
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->rejected.empty()) << batch->rejected[0];
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_EQ(core::IdOf(batch->events[1].event), "2");
}

TEST_F(FileSourceTest, MissingDirectoryIsATransientError) {
  std::filesystem::remove_all(dir_.File("inbox"));
  auto batch = Source().ReadNewFiles();
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(batch.error().message.find("inbox"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::sources
