#include "config/yaml_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "config/did_you_mean.hpp"
#include "core/rate.hpp"
#include "core/time.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::string_view kDurationHint = "expected a duration like 30s, 5m, 12h, 7d";

std::string Prefixed(std::string_view path, std::string_view message) {
  if (path.empty()) return std::string(message);
  return fmt::format("{}: {}", path, message);
}

}  // namespace

std::string Scalar::Quoted() const {
  if (redact) return "'<redacted>'";
  return "'" + value + "'";
}

std::string JoinPath(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

std::string IndexPath(std::string_view path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

std::string_view Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a string";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

// ------------------------------------------------------------------------------------ Reader

void Reader::Error(const Location& where, std::string_view path, std::string_view message) {
  sink_.Error(where, Prefixed(path, message));
}

void Reader::Warning(const Location& where, std::string_view path, std::string_view message) {
  sink_.Warning(where, Prefixed(path, message));
}

std::optional<Scalar> Reader::ReadScalar(const Field& f, bool secret) {
  if (f.node.IsNull()) return Scalar{"", f.where, secret, false};
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("expected a string, got {}", Describe(f.node)));
    return std::nullopt;
  }
  Scalar out{f.node.Scalar(), f.where, secret, false};
  if (secrets_ == nullptr) return out;
  Expansion expansion = secrets_->Expand(out.value);
  bool failed = false;
  for (const auto& problem : expansion.problems) {
    if (problem.warning) {
      Warning(f, problem.message);
    } else {
      Error(f, problem.message);
      failed = true;
    }
  }
  if (failed) return std::nullopt;
  out.value = std::move(expansion.value);
  out.redact = out.redact || expansion.substituted;
  out.unresolved = expansion.unresolved;
  return out;
}

std::optional<std::string> Reader::ReadString(const Field& f) {
  auto s = ReadScalar(f);
  if (!s) return std::nullopt;
  return std::move(s->value);
}

std::optional<Duration> Reader::ReadDuration(const Field& f, Positive positive) {
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("{}, got {}", kDurationHint, Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  auto d = core::ParseDuration(s->value);
  if (!d) {
    Error(f, fmt::format("invalid duration {}: {}", s->Quoted(), kDurationHint));
    return std::nullopt;
  }
  if (positive == Positive::kYes && d->count() <= 0) {
    Error(f, "must be greater than 0");
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> Reader::ReadInt(const Field& f, std::int64_t min, std::int64_t max) {
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("expected an integer, got {}", Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  std::int64_t v = 0;
  const char* begin = s->value.data();
  const char* end = begin + s->value.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (s->value.empty() || ec != std::errc() || ptr != end) {
    Error(f, fmt::format("expected an integer, got {}", s->Quoted()));
    return std::nullopt;
  }
  if (v < min || v > max) {
    if (max == std::numeric_limits<std::int64_t>::max()) {
      Error(f, fmt::format("must be at least {}", min));
    } else {
      Error(f, fmt::format("must be between {} and {}", min, max));
    }
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> Reader::ReadUnsigned(const Field& f) {
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("expected a non-negative integer, got {}", Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  std::uint64_t v = 0;
  const char* begin = s->value.data();
  const char* end = begin + s->value.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (s->value.empty() || ec != std::errc() || ptr != end) {
    Error(f, fmt::format("expected a non-negative integer, got {}", s->Quoted()));
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::ReadNumber(const Field& f) {
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("expected a number, got {}", Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  double v = 0;
  const char* begin = s->value.data();
  const char* end = begin + s->value.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (s->value.empty() || ec != std::errc() || ptr != end || !std::isfinite(v)) {
    Error(f, fmt::format("expected a number, got {}", s->Quoted()));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::ReadBool(const Field& f) {
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("expected true or false, got {}", Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (s->value == "true" || s->value == "True" || s->value == "TRUE") return true;
  if (s->value == "false" || s->value == "False" || s->value == "FALSE") return false;
  Error(f, fmt::format("expected true or false, got {}", s->Quoted()));
  return std::nullopt;
}

std::optional<double> Reader::ReadRate(const Field& f) {
  constexpr std::string_view kHint = "expected a fraction like 0.007 or a percentage like 0.7%";
  if (!f.node.IsScalar()) {
    Error(f, fmt::format("{}, got {}", kHint, Describe(f.node)));
    return std::nullopt;
  }
  auto s = ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  auto rate = core::ParseRate(s->value);
  if (!rate) {
    Error(f, fmt::format("invalid rate {}: {}", s->Quoted(), kHint));
    return std::nullopt;
  }
  return rate;
}

std::optional<std::vector<Scalar>> Reader::ReadScalarList(const Field& f, bool secret) {
  if (!f.node.IsSequence()) {
    Error(f, fmt::format("expected a list of strings, got {}", Describe(f.node)));
    return std::nullopt;
  }
  std::vector<Scalar> out;
  bool ok = true;
  std::size_t i = 0;
  for (const auto& item : f.node) {
    Field element{item, IndexPath(f.path, i++), At(item)};
    if (!item.IsScalar()) {
      Error(element, fmt::format("expected a string, got {}", Describe(item)));
      ok = false;
      continue;
    }
    auto s = ReadScalar(element, secret);
    if (!s) {
      ok = false;
      continue;
    }
    out.push_back(std::move(*s));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<Field> Reader::Items(const Field& f, std::string_view what) {
  std::vector<Field> out;
  if (f.node.IsNull()) return out;
  if (!f.node.IsSequence()) {
    Error(f, fmt::format("expected {}, got {}", what, Describe(f.node)));
    return out;
  }
  std::size_t i = 0;
  for (const auto& item : f.node) out.push_back(Field{item, IndexPath(f.path, i++), At(item)});
  return out;
}

// --------------------------------------------------------------------------------- MapReader

MapReader::MapReader(Reader& reader, Field field, std::span<const std::string_view> allowed)
    : MapReader(reader, std::move(field), allowed, false) {}

MapReader MapReader::AnyKeys(Reader& reader, Field field) {
  return MapReader(reader, std::move(field), {}, true);
}

MapReader::MapReader(Reader& reader, Field field, std::span<const std::string_view> allowed,
                     bool any)
    : reader_(reader), field_(std::move(field)) {
  if (field_.node.IsNull()) {
    ok_ = true;
    return;
  }
  if (!field_.node.IsMap()) {
    reader_.Error(field_, fmt::format("expected a mapping, got {}", Describe(field_.node)));
    return;
  }
  ok_ = true;
  for (const auto& kv : field_.node) {
    Location key_where = reader_.At(kv.first);
    if (!kv.first.IsScalar()) {
      reader_.Error(key_where, field_.path,
                    fmt::format("expected a string key, got {}", Describe(kv.first)));
      continue;
    }
    const std::string& key = kv.first.Scalar();
    if (!any) {
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) {
        reader_.sink().Error(key_where,
                             fmt::format("unknown key '{}'{}", key, DidYouMean(key, allowed)));
        continue;
      }
    }
    if (const Entry* first = Find(key)) {
      reader_.sink().Error(key_where, fmt::format("duplicate key '{}' (first defined at {})", key,
                                                  FormatLocation(first->key_where)));
      continue;
    }
    Location value_where = kv.second.IsNull() ? key_where : reader_.At(kv.second);
    entries_.push_back(
        Entry{key, key_where, Field{kv.second, JoinPath(field_.path, key), value_where}});
  }
}

const MapReader::Entry* MapReader::Find(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

std::optional<Field> MapReader::Get(std::string_view key) const {
  const Entry* e = Find(key);
  if (e == nullptr) return std::nullopt;
  return e->value;
}

bool MapReader::Require(std::string_view key) {
  if (Has(key)) return true;
  if (ok_) reader_.Error(field_, fmt::format("missing required key '{}'", key));
  return false;
}

bool MapReader::Read(std::string_view key, std::string& out) {
  auto f = Get(key);
  if (!f) return false;
  auto v = reader_.ReadString(*f);
  if (!v) return false;
  out = std::move(*v);
  return true;
}

bool MapReader::Read(std::string_view key, Duration& out, Positive positive) {
  auto f = Get(key);
  if (!f) return false;
  auto v = reader_.ReadDuration(*f, positive);
  if (!v) return false;
  out = *v;
  return true;
}

bool MapReader::Read(std::string_view key, bool& out) {
  auto f = Get(key);
  if (!f) return false;
  auto v = reader_.ReadBool(*f);
  if (!v) return false;
  out = *v;
  return true;
}

bool MapReader::Read(std::string_view key, int& out, int min, int max) {
  auto f = Get(key);
  if (!f) return false;
  auto v = reader_.ReadInt(*f, min, max);
  if (!v) return false;
  out = static_cast<int>(*v);
  return true;
}

bool MapReader::Read(std::string_view key, std::vector<std::string>& out) {
  auto f = Get(key);
  if (!f) return false;
  auto v = reader_.ReadScalarList(*f);
  if (!v) return false;
  out.clear();
  for (auto& s : *v) out.push_back(std::move(s.value));
  return true;
}

std::optional<Scalar> MapReader::ReadScalar(std::string_view key, bool secret) {
  auto f = Get(key);
  if (!f) return std::nullopt;
  return reader_.ReadScalar(*f, secret);
}

}  // namespace sellerwatch::config
