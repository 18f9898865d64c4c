#include "store/migrations.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace sellerwatch::store {
namespace {

// Append only: a released step is never edited, a change is a new step.
constexpr std::array<std::string_view, 7> kSteps = {
    // 1: events, cursors, file ledger, alert state
    R"sql(
CREATE TABLE events (
  account    TEXT NOT NULL,
  type       TEXT NOT NULL,
  id         TEXT NOT NULL,
  ref_at     INTEGER NOT NULL,   -- unix ms: purchased_at / received_at / opened_at
  updated_at INTEGER NOT NULL,   -- unix ms: the version; newer wins
  order_id   TEXT,
  payload    TEXT NOT NULL,      -- normalized JSON, unknown fields under "extra"
  PRIMARY KEY (account, type, id)
) WITHOUT ROWID;
CREATE INDEX events_by_ref ON events(account, type, ref_at);
CREATE INDEX events_by_order ON events(account, order_id) WHERE order_id IS NOT NULL;

CREATE TABLE cursors (
  source     TEXT PRIMARY KEY,   -- "<account>/<source name>"
  value      TEXT NOT NULL,      -- opaque to the store
  updated_at INTEGER NOT NULL
);

CREATE TABLE ingested_files (
  source       TEXT NOT NULL,
  content_hash TEXT NOT NULL,    -- sha256 of the file's bytes
  path         TEXT NOT NULL,
  status       TEXT NOT NULL,    -- ok | rejected
  events       INTEGER NOT NULL,
  error        TEXT,
  at           INTEGER NOT NULL,
  PRIMARY KEY (source, content_hash)
);

CREATE TABLE alert_state (
  account       TEXT NOT NULL,
  rule          TEXT NOT NULL,
  state         TEXT NOT NULL,   -- inactive | pending | firing | resolved
  severity      TEXT NOT NULL,
  since         INTEGER NOT NULL, -- when the current state began
  active_since  INTEGER,         -- when the condition began to hold (pending start)
  value         REAL,
  updated_at    INTEGER NOT NULL,
  clear_since   INTEGER,         -- firing but past the clear level since (clear_for)
  transitions   TEXT NOT NULL DEFAULT '', -- unix ms of notified changes within flap_window
  flapping      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account, rule)
);
)sql",
    // 2: daily metric snapshots for charts and forecasts
    R"sql(
CREATE TABLE metric_history (
  account     TEXT NOT NULL,
  metric      TEXT NOT NULL,
  day         INTEGER NOT NULL,  -- days since the Unix epoch, UTC
  value       REAL,              -- NULL when the denominator is 0
  numerator   REAL,              -- NULL for percentiles and counts
  denominator REAL NOT NULL,
  PRIMARY KEY (account, metric, day)
) WITHOUT ROWID;
)sql",
    // 3: notification pipeline: durable groups, the outbox, silences, digests sent
    R"sql(
CREATE TABLE notify_groups (
  group_key   TEXT PRIMARY KEY,  -- stable across restarts: route, receiver, group_by values
  receiver    TEXT NOT NULL,
  state       TEXT NOT NULL,     -- JSON, owned by notify/
  next_due    INTEGER            -- unix ms when the group must be looked at again
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  leg_key         TEXT NOT NULL UNIQUE, -- idempotency key: Message-ID, webhook-id
  receiver        TEXT NOT NULL,
  group_key       TEXT NOT NULL,
  payload         TEXT NOT NULL,   -- the notification, JSON
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  status          TEXT NOT NULL,   -- pending | sending | delivered | failed
  last_error      TEXT NOT NULL DEFAULT '',
  finished_at     INTEGER,
  fallback_of     INTEGER          -- the leg this one stands in for after it failed for good
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE silences (
  id         TEXT PRIMARY KEY,
  matchers   TEXT NOT NULL,      -- JSON object: label -> value, all must equal
  starts_at  INTEGER NOT NULL,
  ends_at    INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment    TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE digests_sent (
  receiver   TEXT PRIMARY KEY,
  slot_at    INTEGER NOT NULL,   -- the scheduled time that was served
  sent_at    INTEGER NOT NULL
);
)sql",
    // 4: alert history for the weekly digest: when each alert fired and resolved
    R"sql(
CREATE TABLE alert_history (
  id          INTEGER PRIMARY KEY,
  account     TEXT NOT NULL,
  rule        TEXT NOT NULL,
  metric      TEXT NOT NULL,
  state       TEXT NOT NULL,     -- firing | resolved (the notified transitions)
  severity    TEXT NOT NULL,
  at          INTEGER NOT NULL,  -- unix ms of the transition
  value       REAL
);
CREATE INDEX alert_history_by_account ON alert_history(account, at);
)sql",
    // 5: the change feed (every event version written, whoever wrote it, so a running daemon
    // applies other processes' writes instead of reloading) and engine snapshots (start-up)
    R"sql(
ALTER TABLE events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;  -- the change that wrote it

CREATE TABLE store_counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO store_counters(name, value) VALUES ('event_seq', 0);

CREATE TABLE event_changes (
  seq        INTEGER PRIMARY KEY, -- events.seq of the version written
  account    TEXT NOT NULL,
  type       TEXT NOT NULL,
  id         TEXT NOT NULL,
  before     TEXT,                -- the payload it replaced; NULL for a new event
  before_seq INTEGER              -- the seq of that payload
);
CREATE TRIGGER events_feed_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_changes(seq, account, type, id, before, before_seq)
  VALUES (new.seq, new.account, new.type, new.id, NULL, NULL);
END;
CREATE TRIGGER events_feed_update AFTER UPDATE OF seq ON events BEGIN
  INSERT INTO event_changes(seq, account, type, id, before, before_seq)
  VALUES (new.seq, old.account, old.type, old.id, old.payload, old.seq);
END;

CREATE TABLE engine_snapshots (
  account    TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,   -- the state reflects every change up to this one
  format     INTEGER NOT NULL,   -- the engine's snapshot format; another one is ignored
  state      BLOB NOT NULL,
  written_at INTEGER NOT NULL
);
)sql",
    // 6: each feed row carries the version it wrote, so a reader scans the feed alone instead of
    // looking up every changed event. Rows of schema 5 lack it: they go, and with them the
    // snapshots that would need them (those reflecting every change stay valid); an account
    // without a snapshot is read from its events once at the next start.
    R"sql(
DROP TRIGGER events_feed_insert;
DROP TRIGGER events_feed_update;
DROP TABLE event_changes;
DELETE FROM engine_snapshots
WHERE seq < (SELECT value FROM store_counters WHERE name = 'event_seq');

CREATE TABLE event_changes (
  seq     INTEGER PRIMARY KEY, -- events.seq of the version written
  account TEXT NOT NULL,
  type    TEXT NOT NULL,
  id      TEXT NOT NULL,
  before  TEXT,                -- the payload it replaced; NULL for a new event
  after   TEXT NOT NULL        -- the payload written
);
CREATE TRIGGER events_feed_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_changes(seq, account, type, id, before, after)
  VALUES (new.seq, new.account, new.type, new.id, NULL, new.payload);
END;
CREATE TRIGGER events_feed_update AFTER UPDATE OF seq ON events BEGIN
  INSERT INTO event_changes(seq, account, type, id, before, after)
  VALUES (new.seq, old.account, old.type, old.id, old.payload, new.payload);
END;
)sql",
    // 7: progress of a notification split into several chat messages, so neither a retry nor a
    // restart sends a delivered message again. Legs queued before it start at message 1.
    R"sql(
ALTER TABLE outbox ADD COLUMN parts_delivered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN parts_digest TEXT NOT NULL DEFAULT '';  -- of the messages counted
)sql",
};

}  // namespace

int SchemaVersion() { return static_cast<int>(kSteps.size()); }

Result<void> Migrate(Db& db) { return Migrate(db, SchemaVersion()); }

namespace {

Result<int> ReadVersion(Db& db) {
  auto stmt = db.Cached("PRAGMA user_version");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read schema version");
  int version = static_cast<int>((*stmt)->Int(0));
  (*stmt)->Reset();
  if (version > SchemaVersion()) {
    return core::Error::Permanent(
        "store " + db.path() + " has schema version " + std::to_string(version) +
        ", newer than this sellerwatch understands (" + std::to_string(SchemaVersion()) +
        "); upgrade sellerwatch or point --state-dir elsewhere");
  }
  return version;
}

}  // namespace

Result<void> Migrate(Db& db, int target) {
  target = std::min(target, SchemaVersion());
  auto version = ReadVersion(db);
  if (!version) return version.error();
  // Each step re-reads the version inside its write transaction: processes opening a fresh
  // store at the same moment queue on the write lock, and whoever comes second finds the step
  // done instead of running it again ("table ... already exists").
  for (int v = *version; v < target;) {
    auto tx = Transaction::Begin(db);
    if (!tx) return tx.error().Context("migrate store " + db.path());
    auto now = ReadVersion(db);
    if (!now) return now.error();
    if (*now >= target) return tx->Commit();
    v = *now;
    if (auto r = db.Exec(kSteps[static_cast<std::size_t>(v)]); !r)
      return r.error().Context("migrate to schema " + std::to_string(v + 1));
    if (auto r = db.Exec("PRAGMA user_version = " + std::to_string(v + 1)); !r) return r.error();
    if (auto r = tx->Commit(); !r) return r.error();
    ++v;
  }
  return {};
}

std::string StorePath(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "sellerwatch.db").string();
}

Result<std::unique_ptr<Db>> OpenStore(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return core::Error::Permanent("state directory " + state_dir + ": " + ec.message());
  }
  auto db = Db::Open(StorePath(state_dir));
  if (!db) return db.error();
  if (auto r = Migrate(**db); !r) return r.error();
  return std::move(*db);
}

}  // namespace sellerwatch::store
