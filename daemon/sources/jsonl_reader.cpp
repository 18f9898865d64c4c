#include "sources/jsonl_reader.hpp"

#include <fmt/format.h>

namespace sellerwatch::sources {

core::Result<std::optional<core::ParsedEvent>> ParseJsonlLine(
    std::string_view line, std::string_view file_name, std::size_t line_no,
    std::string_view default_account,
    const std::function<std::string(const std::string&)>& check_account) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return std::nullopt;
  auto parsed = core::ParseEventJson(line, default_account);
  if (!parsed) {
    return core::Error::Data(fmt::format("{}:{}: {}", file_name, line_no, parsed.error().message));
  }
  if (check_account) {
    if (std::string why = check_account(core::AccountOf(parsed->event)); !why.empty()) {
      return core::Error::Data(fmt::format("{}:{}: {}", file_name, line_no, why));
    }
  }
  return std::optional<core::ParsedEvent>(std::move(*parsed));
}

JsonlContent ReadJsonl(std::string_view content, std::string_view file_name,
                       std::string_view default_account,
                       const std::function<std::string(const std::string&)>& check_account) {
  JsonlContent out;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    auto parsed = ParseJsonlLine(line, file_name, ++line_no, default_account, check_account);
    if (!parsed) {
      out.errors.push_back(parsed.error().message);
    } else if (*parsed) {
      out.events.push_back(std::move(**parsed));
    }
  }
  return out;
}

std::string SummarizeErrors(const std::vector<std::string>& errors, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < limit; ++i) {
    if (i) out += '\n';
    out += errors[i];
  }
  if (errors.size() > limit) out += fmt::format("\n... and {} more", errors.size() - limit);
  return out;
}

}  // namespace sellerwatch::sources
