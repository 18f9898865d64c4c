// What the operator sees of a full store: one error line naming the store and "disk full",
// debug lines for the refusals after it, one info line when writes work again; /readyz's
// reason, the ready gauge and the store gauges meanwhile.

#include "app/store_writes.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "app/http_endpoint.hpp"
#include "app/prometheus_exposition.hpp"
#include "app/runtime_snapshot.hpp"
#include "fakes/full_disk_vfs.hpp"
#include "fakes/temp_dir.hpp"
#include "store/cursor_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::app {
namespace {

using sellerwatch::testing::FullDiskVfs;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(StoreWritesTest, TheOperatorHearsOnceAndReadyzSaysWhyUntilWritesWorkAgain) {
  FullDiskVfs vfs;  // before the store
  sellerwatch::testing::TempDir dir;
  auto opened = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<store::Db> db = std::move(*opened);
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
  sink->set_pattern("%l %v");
  auto log = std::make_shared<spdlog::logger>("store", sink);
  log->set_level(spdlog::level::debug);
  db->OnWriteHealth([&](store::WriteHealth::Notice n, const store::Db& d) {
    LogWriteHealth(*log, n, d, std::chrono::steady_clock::now());
  });
  auto snapshot = [&] {
    return CollectRuntimeSnapshot({}, {}, {}, *db, core::FromUnixMillis(0), core::Shard{});
  };
  const auto t0 = core::FromUnixMillis(1'790'000'000'000);

  EXPECT_TRUE(NotReadyReasons(snapshot()).empty());
  vfs.Fill();
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(store::CursorStore(*db).Put("a", "x", t0));
  const std::string logged = out.str();
  EXPECT_EQ(Count(logged, "error "), 1u) << logged;
  EXPECT_EQ(Count(logged, "debug "), 4u) << logged;
  EXPECT_NE(logged.find("store " + db->path() +
                        " cannot be written: disk full (database or "
                        "disk is full)"),
            std::string::npos)
      << logged;

  auto self = snapshot();
  auto reasons = NotReadyReasons(self);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("store " + db->path() + " cannot be written: disk full"),
            std::string::npos)
      << reasons[0];
  EXPECT_EQ(self.store_write_refusals, 5u);
  const std::string metrics = PrometheusExposition(self, StatusReport{self.now, {}, {}});
  EXPECT_NE(metrics.find("\nsellerwatch_ready 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nsellerwatch_store_writable 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nsellerwatch_store_write_refusals_total 5\n"), std::string::npos)
      << metrics;
  // /readyz: 503 with the reason; /healthz still 200.
  EndpointData data{
      [&] { return snapshot(); },
      [](const std::string&) -> core::Result<StatusReport> { return StatusReport{}; }};
  auto ready = RouteRequest({"GET", "/readyz", {}}, data, config::Secret());
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("cannot be written: disk full"), std::string::npos) << ready.body;
  EXPECT_EQ(RouteRequest({"GET", "/healthz", {}}, data, config::Secret()).status, 200);

  vfs.Clear();
  ASSERT_TRUE(store::CursorStore(*db).Put("a", "y", t0));
  EXPECT_EQ(Count(out.str(), "info "), 1u) << out.str();
  EXPECT_NE(out.str().find("can be written again"), std::string::npos) << out.str();
  EXPECT_TRUE(NotReadyReasons(snapshot()).empty());
  EXPECT_EQ(RouteRequest({"GET", "/readyz", {}}, data, config::Secret()).status, 200);
  db.reset();  // before the VFS
}

}  // namespace
}  // namespace sellerwatch::app
