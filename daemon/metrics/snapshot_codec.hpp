#pragma once

// A small binary codec for engine snapshots: fixed-width values in native byte order (a
// snapshot is read back by the same build on the same machine; its format number changes with
// any layout change), length-prefixed strings and arrays. Reading is bounds-checked: damaged
// input makes the reader fail, never read past the end.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sellerwatch::metrics {

class SnapshotWriter {
 public:
  template <class T>
  void Put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<std::uint64_t>(s.size());
    out_.append(s);
  }
  template <class T>
  void PutArray(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<std::uint64_t>(values.size());
    if (values.empty()) return;  // data() may be null
    out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view in) : in_(in) {}

  template <class T>
  bool Get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (failed_ || in_.size() < sizeof(T)) return Fail();
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool GetString(std::string& s) {
    std::uint64_t n = 0;
    if (!Get(n) || in_.size() < n) return Fail();
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  template <class T>
  bool GetArray(std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint64_t n = 0;
    if (!Get(n) || n > in_.size() / sizeof(T)) return Fail();
    values.resize(n);
    if (n == 0) return true;  // data() may be null
    std::memcpy(values.data(), in_.data(), n * sizeof(T));
    in_.remove_prefix(n * sizeof(T));
    return true;
  }
  // A count of items still to read, each at least `min_bytes` long: refuses absurd counts.
  bool GetCount(std::uint64_t& n, std::size_t min_bytes) {
    if (!Get(n) || n > in_.size() / std::max<std::size_t>(min_bytes, 1)) return Fail();
    return true;
  }
  bool ok() const { return !failed_; }
  bool at_end() const { return in_.empty(); }

 private:
  bool Fail() {
    failed_ = true;
    return false;
  }
  std::string_view in_;
  bool failed_ = false;
};

}  // namespace sellerwatch::metrics
