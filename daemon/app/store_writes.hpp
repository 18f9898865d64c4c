#pragma once

// The operator's view of a store that stops taking writes (a full disk): one error line when it
// does, a reminder every few minutes while it lasts, one info line when writes work again, and
// the /readyz reason meanwhile. The decisions are store::WriteHealth's; this only words them.

#include <spdlog/logger.h>

#include <chrono>
#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace sellerwatch::app {

// Logs what `notice` says about `db` (the Db's write listener).
void LogWriteHealth(spdlog::logger& log, store::WriteHealth::Notice notice, const store::Db& db,
                    std::chrono::steady_clock::time_point now);

// Why the store cannot be written as of `now`, for /readyz; nullopt while it can.
std::optional<std::string> StoreUnwritableReason(const store::Db& db,
                                                 std::chrono::steady_clock::time_point now);

}  // namespace sellerwatch::app
