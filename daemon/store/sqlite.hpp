#pragma once

// RAII over the SQLite C API: one connection, cached prepared statements, scoped transactions.
// Every call that can fail for a reason outside the program returns Result; misuse (a bad
// column index, binding to a finalized statement) is a bug and throws.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "store/write_health.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sellerwatch::store {

using core::Error;
using core::Result;

class Db;

// What a failed SQLite call means for the caller, from its result code (extended codes are on)
// and the errno of the I/O that failed: whether to retry, and whether the disk is full. Never
// from the message text.
struct SqliteFailure {
  core::ErrorKind kind = core::ErrorKind::kPermanent;
  bool store_full = false;
};
SqliteFailure ClassifySqliteFailure(int result_code, int system_errno);

class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string sql, Db* db = nullptr);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Binds 1-based parameters; chainable. std::nullopt binds NULL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::nullopt_t);
  Statement& BindBlob(int index, std::string_view bytes);
  template <class T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }

  // true: a row is available; false: done.
  Result<bool> Step();
  // Runs to completion, for statements that return no rows.
  Result<void> Run();
  // Ready for the next execution with new bindings.
  void Reset();

  std::int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  // The column's text without a copy, valid until the statement steps or resets.
  std::string_view TextView(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const;
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  std::string sql_;
  Db* db_ = nullptr;  // told about refused and committed writes
};

class Db {
 public:
  // Opens (creating if needed) a database file with WAL and synchronous=FULL.
  static Result<std::unique_ptr<Db>> Open(const std::string& path);
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Result<void> Exec(std::string_view sql);
  // A statement prepared once per connection and reused; reset before it is returned.
  Result<Statement*> Cached(const std::string& sql);
  std::int64_t Changes() const;
  // No transaction is open on this connection.
  bool InAutocommit() const;
  // Changes whenever another connection (another process) commits to the database.
  Result<std::int64_t> DataVersion();
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

  // The message of the last failure on this connection, prefixed with what was attempted.
  Error LastError(std::string_view what) const;

  // Whether the store takes writes (a full disk), as this connection's writes found it.
  const WriteHealth& write_health() const { return health_; }
  // Called on every change the operator should hear about (the daemon logs it); on the
  // connection's thread, from inside the failing or committing call.
  using WriteListener = std::function<void(WriteHealth::Notice, const Db&)>;
  void OnWriteHealth(WriteListener listener) { listener_ = std::move(listener); }

  // From the statements and transactions of this connection: a call that failed with
  // `result_code` (marks the store full when it says so), a write committed.
  Error Failed(int result_code, std::string message);
  void Committed();

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Db(sqlite3* db, std::string path);

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  std::unordered_map<std::string, Statement> cache_;
  WriteHealth health_;
  WriteListener listener_;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Result<void> Commit();
  // Ends it now rather than at destruction, so a caller can re-read the committed state.
  void Rollback();

 private:
  explicit Transaction(Db& db);
  Db* db_;
  bool open_ = true;
  std::int64_t changes_at_begin_ = 0;  // a commit that changed nothing proves no disk space
};

}  // namespace sellerwatch::store
