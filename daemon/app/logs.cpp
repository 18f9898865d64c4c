#include "app/logs.hpp"

#include <cstdlib>

#include "app/log_sinks.hpp"

namespace sellerwatch::app {
namespace {

spdlog::sink_ptr MakeSink(LogFormat format) {
  if (format == LogFormat::kAuto) {
    format =
        StderrIsJournal(std::getenv("JOURNAL_STREAM")) ? LogFormat::kJournal : LogFormat::kText;
  }
  switch (format) {
    case LogFormat::kJournal:
      return MakeJournalSink();
    case LogFormat::kJson:
      return MakeJsonStderrSink();
    default:
      return MakeTextStderrSink();
  }
}

}  // namespace

Logs::Logs(const std::string& level, LogFormat format)
    : sink_(MakeSink(format)), level_(spdlog::level::from_str(level)) {}

std::shared_ptr<spdlog::logger> Logs::Get(const std::string& name) const {
  auto logger = std::make_shared<spdlog::logger>(name, sink_);
  logger->set_level(level_);
  logger->flush_on(spdlog::level::info);
  std::erase_if(handed_out_, [](const auto& w) { return w.expired(); });
  handed_out_.push_back(logger);
  return logger;
}

void Logs::SetLevel(const std::string& level) {
  level_ = spdlog::level::from_str(level);
  for (const auto& w : handed_out_) {
    if (auto logger = w.lock()) logger->set_level(level_);
  }
}

}  // namespace sellerwatch::app
