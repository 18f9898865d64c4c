// The Poller on a full disk (a VFS whose writes fail): a page the store cannot keep moves no
// cursor and stores no event, is not the source's outage (no source_down), and the same page
// is read and kept once the disk takes writes — nothing skipped, nothing twice.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include "core/event_json.hpp"
#include "fakes/event_builders.hpp"
#include "fakes/full_disk_vfs.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "sources/poller.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::sources {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sellerwatch::testing::FullDiskVfs;

// Answers from the cursor: page N holds order N and moves the cursor to N + 1.
class PagedSource final : public Source {
 public:
  int polls = 0;
  asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                  core::Timestamp) override {
    ++polls;
    const int page = cursor ? std::stoi(*cursor) : 0;
    core::Event e = test::OrderAt("o" + std::to_string(page), test::TestNow() - 2 * core::kDay);
    SourceBatch batch;
    batch.events.push_back({e, core::EncodeEvent(e)});
    batch.cursor = std::to_string(page + 1);
    co_return batch;
  }
  core::Duration Interval() const override { return 5min; }
};

TEST(PollerFullTest, APageTheStoreCannotKeepIsReadAgainOnceItCan) {
  FullDiskVfs vfs;  // before the store
  sellerwatch::testing::TempDir dir;
  auto opened = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<store::Db> db = std::move(*opened);
  asio::io_context io;
  auto source = std::make_unique<PagedSource>();
  PagedSource* paged = source.get();
  int meta_alerts = 0;
  PollerOptions options;
  options.stale_after = 1ms;  // any outage of the source would raise source_down at once
  options.queue_meta_alert = [&](const core::Alert&, const std::string&, core::Timestamp) {
    ++meta_alerts;
    return core::Result<void>();
  };
  auto log = spdlog::default_logger();
  Poller poller("acct/paged", std::move(source), *db, log, options);
  auto now = test::TestNow();

  ASSERT_TRUE(sellerwatch::testing::RunAwaitable(io, poller.RunOnce(now)));
  vfs.Fill();
  for (int i = 1; i <= 2; ++i) {
    auto refused = sellerwatch::testing::RunAwaitable(io, poller.RunOnce(now + i * 1s));
    ASSERT_FALSE(refused);
    EXPECT_TRUE(core::IsStoreFull(refused.error())) << refused.error().message;
  }
  EXPECT_EQ(store::CursorStore(*db).Get("acct/paged").value(), "1");  // not moved
  EXPECT_EQ(store::EventStore(*db).Count(test::kTestAccount).value(), 1);
  EXPECT_FALSE(poller.down());
  EXPECT_EQ(meta_alerts, 0);
  // No outage record either: the source itself answered every time.
  EXPECT_EQ(store::CursorStore(*db).Get("acct/paged#outage").value(), std::nullopt);
  EXPECT_EQ(poller.failures(), 2u);

  vfs.Clear();
  ASSERT_TRUE(sellerwatch::testing::RunAwaitable(io, poller.RunOnce(now + 3s)));
  EXPECT_EQ(store::CursorStore(*db).Get("acct/paged").value(), "2");
  EXPECT_EQ(store::EventStore(*db).Count(test::kTestAccount).value(), 2);  // o0 and o1, once
  EXPECT_EQ(paged->polls, 4);
  EXPECT_FALSE(db->write_health().full());
  db.reset();  // before the VFS
}

}  // namespace
}  // namespace sellerwatch::sources
