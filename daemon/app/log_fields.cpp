#include "app/log_fields.hpp"

#include <sys/stat.h>

#include <array>
#include <charconv>

namespace sellerwatch::app {

LogFields ExtractLogFields(std::string_view message) {
  static constexpr std::array<std::string_view, 4> kKeys = {"account", "source", "rule",
                                                            "receiver"};
  LogFields fields;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find_first_of(" \t\n", pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view token = message.substr(pos, end - pos);
    pos = end + 1;
    auto eq = token.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = token.substr(0, eq);
    std::string_view value = token.substr(eq + 1);
    while (!value.empty() && (value.back() == ':' || value.back() == ',' || value.back() == ';'))
      value.remove_suffix(1);
    if (value.empty()) continue;
    for (auto k : kKeys) {
      if (key == k) fields.emplace_back(std::string(key), std::string(value));
    }
  }
  return fields;
}

std::optional<LogFormat> ParseLogFormat(std::string_view s) {
  if (s == "auto") return LogFormat::kAuto;
  if (s == "text") return LogFormat::kText;
  if (s == "json") return LogFormat::kJson;
  if (s == "journal") return LogFormat::kJournal;
  return std::nullopt;
}

bool StderrIsJournal(const char* journal_stream_env) {
  if (!journal_stream_env) return false;
  std::string_view v(journal_stream_env);
  auto colon = v.find(':');
  if (colon == std::string_view::npos) return false;
  unsigned long long dev = 0, ino = 0;
  auto d = std::from_chars(v.data(), v.data() + colon, dev);
  auto i = std::from_chars(v.data() + colon + 1, v.data() + v.size(), ino);
  if (d.ec != std::errc() || i.ec != std::errc() || d.ptr != v.data() + colon ||
      i.ptr != v.data() + v.size())
    return false;
  struct stat st {};
  if (fstat(2, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

}  // namespace sellerwatch::app
