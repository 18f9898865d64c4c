#include "app/digest_export.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/digest_loop.hpp"
#include "config/loader.hpp"
#include "core/sha256.hpp"
#include "fakes/temp_dir.hpp"
#include "store/digest_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;

core::Timestamp T(const char* text) { return *core::ParseRfc3339(text); }

// Saturday 09:00 in Berlin is 08:00 UTC in November.
const core::Timestamp kSlot = T("2026-11-28T08:00:00Z");

class DigestExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = "daemon: {state_dir: " + dir_.File("state") +
            "}\n"
            "accounts: [{id: shop-1, marketplace: amazon}, {id: acme-de, marketplace: ebay}]\n"
            "receivers: [{name: console, console: {}}, {name: log, file: {path: " +
            dir_.File("log.jsonl") +
            "}}]\n"
            "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [console, "
            "log]}\n";
    auto loaded = config::LoadConfigFile(dir_.Write("sellerwatch.yaml", text_));
    ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
    config_ = loaded.config;
    db_ = *store::OpenStore(dir_.File("state"));
  }

  digest::MergedDigest Merged(std::optional<core::Timestamp> slot) {
    auto e = BuildDigestExport(*config_, *db_, kSlot + 5min);
    EXPECT_TRUE(e);
    e->slot = slot;
    auto merged = digest::MergeExports({{"all.json", *e}}, *config_, e->config_sha256);
    EXPECT_TRUE(merged) << merged.error().message;
    return *merged;
  }

  std::vector<store::OutboxLeg> Legs() {
    auto legs = store::OutboxStore(*db_).Due(kSlot + 30 * core::kDay, 100);
    EXPECT_TRUE(legs);
    return legs ? *legs : std::vector<store::OutboxLeg>{};
  }

  testing::TempDir dir_;
  std::string text_;
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<store::Db> db_;
};

TEST_F(DigestExportTest, ConfigHashIsTheSha256OfTheFileBytes) {
  auto sha = ConfigSha256(*config_);
  ASSERT_TRUE(sha);
  EXPECT_EQ(*sha, core::Sha256Hex(text_));
}

TEST_F(DigestExportTest, ExportIsStampedAndSurvivesTheFileRoundTrip) {
  auto sharded = std::make_shared<config::Config>(*config_);
  sharded->shard = core::Shard{0, 3};
  std::erase_if(sharded->accounts, [](const auto& a) { return a.id != "shop-1"; });
  auto e = BuildDigestExport(*sharded, *db_, kSlot + 5min);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->shard, (core::Shard{0, 3}));
  EXPECT_EQ(e->config_sha256, core::Sha256Hex(text_));
  EXPECT_EQ(e->built_at, kSlot + 5min);
  EXPECT_EQ(e->slot, kSlot);
  ASSERT_EQ(e->accounts.size(), 1u);
  EXPECT_EQ(e->accounts[0].id, "shop-1");
  EXPECT_FALSE(e->accounts[0].metrics.empty());

  const std::string file = dir_.File("exports/shard-0.json");
  std::filesystem::create_directories(dir_.File("exports"));
  ASSERT_TRUE(WriteDigestExport(file, *e));
  ASSERT_TRUE(WriteDigestExport(file, *e));  // replaces it
  auto read = ReadDigestExport(file);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->file, file);
  EXPECT_EQ(read->data, *e);
  std::vector<std::string> names;  // no temporary file left behind
  for (const auto& entry : std::filesystem::directory_iterator(dir_.File("exports")))
    names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"shard-0.json"}));
}

TEST_F(DigestExportTest, WriteAndReadErrorsNameTheFile) {
  auto e = BuildDigestExport(*config_, *db_, kSlot);
  ASSERT_TRUE(e);
  auto written = WriteDigestExport(dir_.File("missing/dir/x.json"), *e);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find("missing/dir/x.json"), std::string::npos);
  auto read = ReadDigestExport(dir_.File("nope.json"));
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("nope.json: cannot read"), std::string::npos);
  auto garbage = ReadDigestExport(dir_.Write("garbage.json", "{\"format\": 1}"));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().kind, core::ErrorKind::kData);
  EXPECT_NE(garbage.error().message.find("garbage.json: shard: missing"), std::string::npos)
      << garbage.error().message;
}

TEST_F(DigestExportTest, MergedDigestIsQueuedOncePerReceiverAndSlotWithTheDaemonsKey) {
  const auto merged = Merged(kSlot);
  auto first = QueueMergedDigest(*config_, *db_, merged, kSlot + 10min);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->queued, (std::vector<std::string>{"console", "log"}));
  auto legs = Legs();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("console").value(), kSlot);
  ASSERT_TRUE(legs[0].notification.digest);
  EXPECT_NE(legs[0].notification.digest->text.find("shop-1"), std::string::npos);
  EXPECT_NE(legs[0].notification.digest->text.find("acme-de"), std::string::npos);

  // The key an unsharded daemon would use for this (receiver, slot): the same Message-ID.
  core::Notification probe;
  probe.receiver = "console";
  testing::TempDir other;
  auto other_db = *store::OpenStore(other.File("state"));
  ASSERT_TRUE(EnqueueDigest(*other_db, probe, kSlot, kSlot));
  auto other_legs = store::OutboxStore(*other_db).Due(kSlot + core::kDay, 10);
  ASSERT_TRUE(other_legs);
  EXPECT_EQ(other_legs->at(0).key, legs[0].receiver == "console" ? legs[0].key : legs[1].key);

  auto again = QueueMergedDigest(*config_, *db_, merged, kSlot + 2h);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->queued.empty());
  EXPECT_EQ(again->already_sent, (std::vector<std::string>{"console", "log"}));
  EXPECT_EQ(Legs().size(), 2u);
}

TEST_F(DigestExportTest, StaleOrUnscheduledExportsAreNotSent) {
  auto stale = QueueMergedDigest(*config_, *db_, Merged(kSlot - 7 * core::kDay), kSlot + 10min);
  ASSERT_FALSE(stale);
  EXPECT_NE(stale.error().message.find("the exports cover the digest of 2026-11-21T08:00:00Z, but "
                                       "the latest digest slot is 2026-11-28T08:00:00Z"),
            std::string::npos)
      << stale.error().message;
  auto none = QueueMergedDigest(*config_, *db_, Merged(std::nullopt), kSlot + 10min);
  ASSERT_FALSE(none);
  EXPECT_TRUE(Legs().empty());
}

}  // namespace
}  // namespace sellerwatch::app
