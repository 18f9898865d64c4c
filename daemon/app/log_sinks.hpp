#pragma once

#include <spdlog/common.h>

namespace sellerwatch::app {

// Native journald entries: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=sellerwatch,
// SELLERWATCH_COMPONENT (the logger), and ACCOUNT/SOURCE/RULE/RECEIVER from the message.
spdlog::sink_ptr MakeJournalSink();
// One JSON object per line on stderr: ts, level, component, msg and the same fields.
spdlog::sink_ptr MakeJsonStderrSink();
// "2026-11-23T10:00:00.000Z info  app: message" on stderr.
spdlog::sink_ptr MakeTextStderrSink();

}  // namespace sellerwatch::app
