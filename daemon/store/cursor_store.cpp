#include "store/cursor_store.hpp"

namespace sellerwatch::store {

Result<std::optional<std::string>> CursorStore::Get(const std::string& source) {
  auto stmt = db_.Cached("SELECT value FROM cursors WHERE source = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, source);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read cursor of " + source);
  std::optional<std::string> value;
  if (*row) value = (*stmt)->Text(0);
  (*stmt)->Reset();
  return value;
}

Result<std::optional<core::Timestamp>> CursorStore::UpdatedAt(const std::string& source) {
  auto stmt = db_.Cached("SELECT updated_at FROM cursors WHERE source = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, source);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read cursor time of " + source);
  std::optional<core::Timestamp> at;
  if (*row) at = core::FromUnixMillis((*stmt)->Int(0));
  (*stmt)->Reset();
  return at;
}

Result<void> CursorStore::Put(const std::string& source, const std::string& value,
                              core::Timestamp now) {
  auto stmt = db_.Cached(
      "INSERT INTO cursors(source, value, updated_at) VALUES(?1, ?2, ?3) "
      "ON CONFLICT(source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, source).Bind(2, value).Bind(3, core::ToUnixMillis(now));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("save cursor of " + source);
  return {};
}

}  // namespace sellerwatch::store
