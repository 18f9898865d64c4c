#include "store/engine_snapshot_store.hpp"

#include <unordered_set>
#include <vector>

namespace sellerwatch::store {

Result<std::optional<EngineSnapshotStore::Snapshot>> EngineSnapshotStore::Get(
    const std::string& account) {
  auto stmt = db_.Cached("SELECT seq, format, state FROM engine_snapshots WHERE account = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, account);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read the engine snapshot of " + account);
  std::optional<Snapshot> found;
  if (*row) {
    found =
        Snapshot{(*stmt)->Int(0), static_cast<std::uint32_t>((*stmt)->Int(1)), (*stmt)->Blob(2)};
  }
  (*stmt)->Reset();
  return found;
}

Result<void> EngineSnapshotStore::Put(const std::string& account, std::int64_t seq,
                                      std::uint32_t format, std::string_view state,
                                      core::Timestamp now) {
  auto stmt = db_.Cached(
      "INSERT OR REPLACE INTO engine_snapshots(account, seq, format, state, written_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return stmt.error();
  (*stmt)
      ->Bind(1, account)
      .Bind(2, seq)
      .Bind(3, static_cast<std::int64_t>(format))
      .BindBlob(4, state)
      .Bind(5, core::ToUnixMillis(now));
  if (auto r = (*stmt)->Run(); !r)
    return r.error().Context("save the engine snapshot of " + account);
  return {};
}

Result<std::int64_t> EngineSnapshotStore::DeleteOthers(const std::vector<std::string>& keep) {
  std::unordered_set<std::string> kept(keep.begin(), keep.end());
  auto list = db_.Cached("SELECT account FROM engine_snapshots");
  if (!list) return list.error();
  std::vector<std::string> drop;
  while (true) {
    auto row = (*list)->Step();
    if (!row) return row.error().Context("list engine snapshots");
    if (!*row) break;
    std::string account = (*list)->Text(0);
    if (!kept.contains(account)) drop.push_back(std::move(account));
  }
  (*list)->Reset();
  for (const auto& account : drop) {
    if (auto r = Delete(account); !r) return r.error();
  }
  return static_cast<std::int64_t>(drop.size());
}

Result<void> EngineSnapshotStore::Delete(const std::string& account) {
  auto del = db_.Cached("DELETE FROM engine_snapshots WHERE account = ?1");
  if (!del) return del.error();
  if (auto r = (*del)->Bind(1, account).Run(); !r) {
    return r.error().Context("drop the engine snapshot of " + account);
  }
  return {};
}

}  // namespace sellerwatch::store
