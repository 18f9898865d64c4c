#include "app/log_sinks.hpp"

#include <spdlog/details/null_mutex.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <cstdio>

#include "app/log_fields.hpp"
#include "core/time.hpp"

namespace sellerwatch::app {
namespace {

int SyslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return 7;
    case spdlog::level::info:
      return 6;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::err:
      return 3;
    case spdlog::level::critical:
      return 2;
    default:
      return 6;
  }
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class JournalSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string_view text(msg.payload.data(), msg.payload.size());
    std::vector<std::string> entries = {
        "MESSAGE=" + std::string(text), "PRIORITY=" + std::to_string(SyslogPriority(msg.level)),
        "SYSLOG_IDENTIFIER=sellerwatch",
        "SELLERWATCH_COMPONENT=" + std::string(msg.logger_name.data(), msg.logger_name.size())};
    for (auto& [key, value] : ExtractLogFields(text)) entries.push_back(Upper(key) + "=" + value);
    std::vector<iovec> iov;
    for (auto& e : entries) iov.push_back({e.data(), e.size()});
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
  }
  void flush_() override {}
};

class JsonStderrSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string_view text(msg.payload.data(), msg.payload.size());
    boost::json::object o;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch());
    o["ts"] = core::FormatRfc3339(core::Timestamp(ms));
    auto level = spdlog::level::to_string_view(msg.level);
    o["level"] = std::string_view(level.data(), level.size());
    o["component"] = std::string_view(msg.logger_name.data(), msg.logger_name.size());
    o["msg"] = text;
    for (auto& [key, value] : ExtractLogFields(text)) o[key] = value;
    std::string line = boost::json::serialize(o);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

}  // namespace

spdlog::sink_ptr MakeJournalSink() { return std::make_shared<JournalSink>(); }

spdlog::sink_ptr MakeJsonStderrSink() { return std::make_shared<JsonStderrSink>(); }

spdlog::sink_ptr MakeTextStderrSink() {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
  sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      "%Y-%m-%dT%H:%M:%S.%eZ %-5l %n: %v", spdlog::pattern_time_type::utc));
  return sink;
}

}  // namespace sellerwatch::app
