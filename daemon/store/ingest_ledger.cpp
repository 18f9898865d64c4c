#include "store/ingest_ledger.hpp"

namespace sellerwatch::store {

Result<std::optional<IngestLedger::Entry>> IngestLedger::Find(const std::string& source,
                                                              const std::string& content_hash) {
  auto stmt = db_.Cached(
      "SELECT path, status, events, error FROM ingested_files "
      "WHERE source = ?1 AND content_hash = ?2");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, source).Bind(2, content_hash);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read file ledger of " + source);
  std::optional<Entry> entry;
  if (*row) {
    entry = Entry{(*stmt)->Text(0), (*stmt)->Text(1) == "ok", (*stmt)->Int(2), (*stmt)->Text(3)};
  }
  (*stmt)->Reset();
  return entry;
}

Result<void> IngestLedger::Record(const std::string& source, const std::string& content_hash,
                                  const Entry& entry, core::Timestamp now) {
  auto stmt = db_.Cached(
      "INSERT OR REPLACE INTO ingested_files(source, content_hash, path, status, events, error, "
      "at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return stmt.error();
  (*stmt)
      ->Bind(1, source)
      .Bind(2, content_hash)
      .Bind(3, entry.path)
      .Bind(4, entry.accepted ? "ok" : "rejected")
      .Bind(5, entry.events)
      .Bind(6, entry.error.empty() ? std::optional<std::string>() : entry.error)
      .Bind(7, core::ToUnixMillis(now));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("record file " + entry.path);
  return {};
}

}  // namespace sellerwatch::store
