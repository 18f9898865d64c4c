#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_json.hpp"

namespace sellerwatch::sources {

struct JsonlContent {
  std::vector<core::ParsedEvent> events;
  std::vector<std::string> errors;  // "FILE:LINE: message", in line order
};

// One line of normalized JSONL (`line_no` counts from 1): nullopt for a blank line; a kData error
// "FILE:LINE: message" for a bad one.
core::Result<std::optional<core::ParsedEvent>> ParseJsonlLine(
    std::string_view line, std::string_view file_name, std::size_t line_no,
    std::string_view default_account,
    const std::function<std::string(const std::string&)>& check_account);

// Parses normalized JSONL (DESIGN.md §1.3): one event per line, blank lines skipped.
// `default_account` fills lines without "account"; `check_account` may reject an account
// (returns a message, or empty when it is fine). Callers store nothing when errors is not empty.
JsonlContent ReadJsonl(std::string_view content, std::string_view file_name,
                       std::string_view default_account,
                       const std::function<std::string(const std::string&)>& check_account);

// The first `limit` errors, then "... and N more".
std::string SummarizeErrors(const std::vector<std::string>& errors, std::size_t limit = 10);

}  // namespace sellerwatch::sources
