#pragma once

// "did you mean ...?" suggestions for misspelt keys, names and time zones.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::config {

// Optimal-string-alignment distance: Levenshtein plus the transposition of two neighbouring
// characters as one edit, so "reciever" is one edit from "receiver".
std::size_t EditDistance(std::string_view a, std::string_view b);

// The largest distance still worth suggesting for a word: max(2, length / 3).
std::size_t SuggestionLimit(std::string_view word);

// The candidate closest to `word` within SuggestionLimit(word) (ties: the first), if any;
// nothing when `word` is itself a candidate.
template <class Range>
std::optional<std::string> ClosestMatch(std::string_view word, const Range& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = SuggestionLimit(word) + 1;
  for (const auto& candidate : candidates) {
    std::string_view c(candidate);
    if (c == word) return std::nullopt;  // not misspelt
    std::size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

// "; did you mean 'x'?" for the closest candidate, or "" when none is close.
template <class Range>
std::string DidYouMean(std::string_view word, const Range& candidates) {
  auto match = ClosestMatch(word, candidates);
  if (!match) return "";
  return "; did you mean '" + *match + "'?";
}

}  // namespace sellerwatch::config
