#pragma once

// A strict, typed reader over yaml-cpp nodes. Every problem becomes a Diagnostic at the node it
// is about, named by its key path ("receivers[1].email.to: expected a list of strings"), and
// reading goes on so that one run reports everything. Every string scalar goes through the
// SecretExpander; a value that came from a substitution is never echoed in a message.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "config/secret_expander.hpp"

namespace sellerwatch::config {

// One string scalar after ${...} substitution.
struct Scalar {
  std::string value;
  Location where;
  bool redact = false;      // a secret: from a substitution, or read into a Secret field
  bool unresolved = false;  // an unchecked ${credential:...}: value is empty, skip validation

  // "'value'", or "'<redacted>'" for a secret.
  std::string Quoted() const;
};

// A node, the key path that names it in messages, and the position messages point at.
struct Field {
  YAML::Node node;
  std::string path;
  Location where;
};

std::string JoinPath(std::string_view path, std::string_view key);  // "a" + "b" -> "a.b"
std::string IndexPath(std::string_view path, std::size_t index);    // "a" + 2 -> "a[2]"

// "a list", "a mapping", "a string", "nothing": what a node is, for "expected X, got Y".
std::string_view Describe(const YAML::Node& node);

enum class Positive { kNo, kYes };  // whether a duration must be > 0 (else >= 0)

class Reader {
 public:
  // `secrets` may be null: then ${...} is left as written (embedded presets).
  Reader(DiagnosticSink& sink, const SecretExpander* secrets) : sink_(sink), secrets_(secrets) {}

  DiagnosticSink& sink() { return sink_; }
  Location At(const YAML::Node& node) const { return sink_.At(node.Mark()); }
  Field Root(const YAML::Node& node) const { return Field{node, "", At(node)}; }

  // "path: message" at `where` ("message" alone when the path is empty).
  void Error(const Location& where, std::string_view path, std::string_view message);
  void Warning(const Location& where, std::string_view path, std::string_view message);
  void Error(const Field& f, std::string_view message) { Error(f.where, f.path, message); }
  void Warning(const Field& f, std::string_view message) { Warning(f.where, f.path, message); }

  // A string scalar (null reads as ""). `secret` marks it redacted even without a substitution.
  std::optional<Scalar> ReadScalar(const Field& f, bool secret = false);
  std::optional<std::string> ReadString(const Field& f);
  std::optional<Duration> ReadDuration(const Field& f, Positive positive);
  std::optional<std::int64_t> ReadInt(const Field& f, std::int64_t min, std::int64_t max);
  std::optional<std::uint64_t> ReadUnsigned(const Field& f);
  std::optional<double> ReadNumber(const Field& f);
  std::optional<bool> ReadBool(const Field& f);
  std::optional<double> ReadRate(const Field& f);
  // A list of string scalars.
  std::optional<std::vector<Scalar>> ReadScalarList(const Field& f, bool secret = false);
  // The items of a list (null: none); an error and nothing when it is not a list.
  std::vector<Field> Items(const Field& f, std::string_view what = "a list");

 private:
  DiagnosticSink& sink_;
  const SecretExpander* secrets_;
};

// The keys of one mapping, checked against the keys allowed there: an unknown key is an error
// at the key with a did-you-mean suggestion, and so is a key written twice.
class MapReader {
 public:
  struct Entry {
    std::string key;
    Location key_where;
    Field value;
  };

  MapReader(Reader& reader, Field field, std::span<const std::string_view> allowed);
  // A mapping with free keys (labels, headers, thresholds): only duplicates are errors.
  static MapReader AnyKeys(Reader& reader, Field field);

  bool ok() const { return ok_; }  // it was a mapping (null counts as an empty one)
  const Field& field() const { return field_; }
  Reader& reader() { return reader_; }
  const std::vector<Entry>& entries() const { return entries_; }

  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  std::optional<Field> Get(std::string_view key) const;
  // Reports "path: missing required key 'x'" at the mapping when absent.
  bool Require(std::string_view key);

  // Typed getters: when the key is present and valid, assign `out` and return true.
  bool Read(std::string_view key, std::string& out);
  bool Read(std::string_view key, Duration& out, Positive positive);
  bool Read(std::string_view key, bool& out);
  bool Read(std::string_view key, int& out, int min, int max);
  bool Read(std::string_view key, std::vector<std::string>& out);
  std::optional<Scalar> ReadScalar(std::string_view key, bool secret = false);

 private:
  MapReader(Reader& reader, Field field, std::span<const std::string_view> allowed, bool any);
  const Entry* Find(std::string_view key) const;

  Reader& reader_;
  Field field_;
  bool ok_ = false;
  std::vector<Entry> entries_;
};

}  // namespace sellerwatch::config
