#pragma once

// RAII over the SQLite C API: one connection, cached prepared statements, scoped transactions.
// Every call that can fail for a reason outside the program returns Result; misuse (a bad
// column index, binding to a finalized statement) is a bug and throws.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sellerwatch::store {

using core::Error;
using core::Result;

class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string sql);
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

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Db(sqlite3* db, std::string path);

  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  std::unordered_map<std::string, Statement> cache_;
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
  explicit Transaction(Db& db) : db_(&db) {}
  Db* db_;
  bool open_ = true;
};

}  // namespace sellerwatch::store
