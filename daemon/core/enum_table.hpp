#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace sellerwatch::core {

// A fixed enum ↔ name table, for the names enums have in config, events and output.
template <class E, std::size_t N>
using EnumTable = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
constexpr std::string_view NameIn(const EnumTable<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <class E, std::size_t N>
constexpr std::optional<E> ParseIn(const EnumTable<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace sellerwatch::core
