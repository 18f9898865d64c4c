#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sellerwatch::app {

// Log lines name what they are about as `account=… source=… rule=… receiver=…` tokens. These
// become structured fields (journald ACCOUNT=, JSON "account") so operators can filter on them.
// Returns (key, value) pairs in message order; a value ends at whitespace, and trailing ':' ','
// ';' are not part of it.
using LogFields = std::vector<std::pair<std::string, std::string>>;
LogFields ExtractLogFields(std::string_view message);

// Log output: `auto` is journald when stderr is the journal ($JOURNAL_STREAM names it), plain
// text otherwise.
enum class LogFormat { kAuto, kText, kJson, kJournal };
std::optional<LogFormat> ParseLogFormat(std::string_view s);

// $JOURNAL_STREAM ("DEVICE:INODE") against what fd 2 really is: a child of a journald-logged
// service inherits the variable, though its stderr may be redirected.
bool StderrIsJournal(const char* journal_stream_env);

}  // namespace sellerwatch::app
