#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sellerwatch::store {

void Statement::Finalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
void Db::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Statement::Statement(sqlite3_stmt* stmt, std::string sql, Db* db)
    : stmt_(stmt), sql_(std::move(sql)), db_(db) {}

SqliteFailure ClassifySqliteFailure(int result_code, int system_errno) {
  const int primary = result_code & 0xff;
  // SQLite maps a short write to SQLITE_FULL; other calls that hit a full disk (growing the
  // WAL index, fsync on some filesystems) come back as an I/O error carrying the errno.
  const bool no_space = system_errno == ENOSPC || system_errno == EDQUOT;
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && no_space)) {
    return {core::ErrorKind::kTransient, true};
  }
  // A locked database or a failed I/O may clear up; a constraint or corruption will not.
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR) {
    return {core::ErrorKind::kTransient, false};
  }
  return {core::ErrorKind::kPermanent, false};
}

namespace {
void CheckBind(int rc, const std::string& sql) {
  if (rc != SQLITE_OK)
    throw std::logic_error("sqlite bind failed (" + std::to_string(rc) + ") in: " + sql);
}
}  // namespace

Statement& Statement::Bind(int index, std::int64_t value) {
  CheckBind(sqlite3_bind_int64(stmt_.get(), index, value), sql_);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  CheckBind(sqlite3_bind_double(stmt_.get(), index, value), sql_);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view value) {
  CheckBind(sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT),
            sql_);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  CheckBind(sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
            sql_);
  return *this;
}
Statement& Statement::Bind(int index, std::nullopt_t) {
  CheckBind(sqlite3_bind_null(stmt_.get(), index), sql_);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  sqlite3* db = sqlite3_db_handle(stmt_.get());
  if (rc == SQLITE_DONE) {
    // Only a full store needs to hear of a write that went through (outside a transaction:
    // inside one, its commit says so).
    if (db_ && db_->write_health().full() && !sqlite3_stmt_readonly(stmt_.get()) &&
        sqlite3_get_autocommit(db) && sqlite3_changes64(db) > 0) {
      db_->Committed();
    }
    return false;
  }
  std::string msg = std::string("sqlite: ") + sqlite3_errmsg(db);
  Error error = db_ ? db_->Failed(rc, std::move(msg))
                    : Error{ClassifySqliteFailure(rc, sqlite3_system_errno(db)).kind, msg};
  sqlite3_reset(stmt_.get());
  return error;
}

Result<void> Statement::Run() {
  auto r = Step();
  if (!r) return r.error();
  Reset();
  return {};
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double Statement::Double(int column) const { return sqlite3_column_double(stmt_.get(), column); }
std::string Statement::Text(int column) const { return std::string(TextView(column)); }
std::string_view Statement::TextView(int column) const {
  const auto* p = sqlite3_column_text(stmt_.get(), column);
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string_view();
}
std::string Statement::Blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
  int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}
std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

Db::Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Db> db(new Db(raw, path));  // owns raw even when open failed
  if (rc != SQLITE_OK) {
    return Error::Permanent("open " + path + ": " +
                            (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);  // `status` may read while the daemon writes
  // Turning a new file to WAL takes a lock that SQLite does not wait for: processes opening a
  // fresh store together would see "database is locked". Retried for the busy timeout's 5 s.
  for (int tries = 0;; ++tries) {
    int wal = sqlite3_exec(raw, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (wal == SQLITE_OK) break;
    if ((wal & 0xff) != SQLITE_BUSY || tries >= 500) {
      return Error::Transient("open " + path + ": sqlite: " + sqlite3_errmsg(raw));
    }
    sqlite3_sleep(10);
  }
  for (const char* pragma :
       {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"}) {
    if (auto r = db->Exec(pragma); !r) return r.error().Context("open " + path);
  }
  return db;
}

Result<void> Db::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Failed(rc, "sqlite: " + msg);
}

Error Db::Failed(int result_code, std::string message) {
  const int system_errno = sqlite3_system_errno(db_.get());
  auto failure = ClassifySqliteFailure(result_code, system_errno);
  Error error{failure.kind, std::move(message)};
  if (!failure.store_full) return error;
  error.reason = core::ErrorReason::kStoreFull;
  std::string why = sqlite3_errstr(result_code);
  if ((result_code & 0xff) == SQLITE_IOERR) why += std::string(": ") + std::strerror(system_errno);
  auto notice = health_.Refused(why, std::chrono::steady_clock::now());
  if (listener_) listener_(notice, *this);
  return error;
}

void Db::Committed() {
  auto notice = health_.Written(std::chrono::steady_clock::now());
  if (notice != WriteHealth::Notice::kNone && listener_) listener_(notice, *this);
}

Result<Statement*> Db::Cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Error::Internal(std::string("sqlite prepare: ") + sqlite3_errmsg(db_.get()) +
                             " in: " + sql);
    }
    it = cache_.emplace(sql, Statement(stmt, sql, this)).first;
  }
  it->second.Reset();
  return &it->second;
}

std::int64_t Db::Changes() const { return sqlite3_changes64(db_.get()); }

Result<std::int64_t> Db::DataVersion() {
  auto stmt = Cached("PRAGMA data_version");
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read data_version");
  std::int64_t v = (*stmt)->Int(0);
  (*stmt)->Reset();
  return v;
}

bool Db::InAutocommit() const { return sqlite3_get_autocommit(db_.get()) != 0; }

Error Db::LastError(std::string_view what) const {
  return Error::Permanent(std::string(what) + ": " + sqlite3_errmsg(db_.get()));
}

Result<Transaction> Transaction::Begin(Db& db) {
  if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return r.error().Context("begin transaction");
  return Transaction(db);
}

Transaction::Transaction(Db& db)
    : db_(&db), changes_at_begin_(sqlite3_total_changes64(db.handle())) {}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), open_(other.open_), changes_at_begin_(other.changes_at_begin_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) (void)db_->Exec("ROLLBACK");
}

void Transaction::Rollback() {
  if (open_) (void)db_->Exec("ROLLBACK");
  open_ = false;
}

Result<void> Transaction::Commit() {
  auto r = db_->Exec("COMMIT");
  if (!r) return r.error().Context("commit");
  open_ = false;
  // A commit that wrote something proves the disk takes writes again; an empty one does not.
  if (db_->write_health().full() && sqlite3_total_changes64(db_->handle()) != changes_at_begin_) {
    db_->Committed();
  }
  return {};
}

}  // namespace sellerwatch::store
