#include "store/event_feed.hpp"

#include "store/event_store.hpp"

namespace sellerwatch::store {

Result<std::int64_t> LastEventSeq(Db& db) {
  auto stmt = db.Cached("SELECT value FROM store_counters WHERE name = 'event_seq'");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read the change counter");
  if (!*row) return core::Error::Internal("store: the event_seq counter is missing");
  std::int64_t seq = (*stmt)->Int(0);
  (*stmt)->Reset();
  return seq;
}

Result<std::int64_t> TrimEventFeed(Db& db, std::int64_t through, std::int64_t limit) {
  auto stmt = db.Cached(
      "DELETE FROM event_changes WHERE seq IN "
      "(SELECT seq FROM event_changes WHERE seq <= ?1 ORDER BY seq LIMIT ?2)");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, through).Bind(2, limit);
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("trim the change feed");
  return db.Changes();
}

Result<std::unique_ptr<EventFeed>> EventFeed::Open(const Db& store) {
  auto reader = Db::Open(store.path());
  if (!reader) return reader.error().Context("open the change feed reader");
  return std::unique_ptr<EventFeed>(new EventFeed(std::move(*reader)));
}

Result<std::int64_t> EventFeed::Begin(std::int64_t from) {
  End();
  if (auto r = reader_->Exec("BEGIN"); !r) return r.error().Context("change feed");
  active_ = true;
  // The first read fixes the snapshot: the counter and every row read later agree.
  auto last = LastEventSeq(*reader_);
  if (!last) {
    End();
    return last.error();
  }
  from_ = from;
  end_ = *last;
  return end_;
}

Result<EventFeed::Chunk> EventFeed::Next(std::size_t max_rows, const SeenFn& seen) {
  Chunk chunk;
  if (!active_) {
    chunk.done = true;
    return chunk;
  }
  auto stmt = reader_->Cached(
      "SELECT seq, account, type, id, before, after FROM event_changes "
      "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, from_).Bind(2, end_).Bind(3, static_cast<std::int64_t>(max_rows));
  auto fail = [&](core::Error e) {
    (*stmt)->Reset();
    End();
    return e;
  };
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return fail(row.error().Context("read the change feed"));
    if (!*row) break;
    ++chunk.rows;
    const std::int64_t seq = (*stmt)->Int(0);
    from_ = seq;
    const std::string account = (*stmt)->Text(1);
    auto position = seen(account);
    if (!position || seq <= *position) continue;  // not followed, or already held
    const std::string_view type = (*stmt)->TextView(2), id = (*stmt)->TextView(3);
    auto after = DecodeStored((*stmt)->TextView(5), type, account, id);
    if (!after) return fail(after.error());
    FeedChange change{seq, std::nullopt, std::move(*after)};
    if (!(*stmt)->IsNull(4)) {
      auto before = DecodeStored((*stmt)->TextView(4), type, account, id, "replaced ");
      if (!before) return fail(before.error());
      change.before = std::move(*before);
    }
    chunk.changes.push_back(std::move(change));
  }
  (*stmt)->Reset();
  if (chunk.rows < max_rows) {
    chunk.done = true;
    End();
  }
  return chunk;
}

Result<std::vector<core::Event>> EventFeed::LoadAccount(const std::string& account) {
  return EventStore(*reader_).Load(account);
}

void EventFeed::End() {
  if (active_) (void)reader_->Exec("COMMIT");
  active_ = false;
}

}  // namespace sellerwatch::store
