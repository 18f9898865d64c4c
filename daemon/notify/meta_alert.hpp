#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::notify {

// The group_key of a meta-alert's notification starts with this ("meta/source_down").
inline constexpr std::string_view kMetaGroupPrefix = "meta/";

// sellerwatch's alerts about itself (core::MakeMetaAlert: a receiver lost a notification, a
// source went blind, a reload failed). They skip grouping and quiet hours: they go straight to the
// outbox, to the receivers their labels route to, or — when no route matches — to every receiver,
// because nobody hearing that the monitor is broken is the worst outcome. Queues `alert` in the
// caller's transaction (or its own). `key` is unique per occurrence (a repeated key is ignored, so
// a retried call cannot queue twice); each receiver's leg key is `key` + "-" + receiver. `exclude`
// names a receiver not to tell (the one that failed).
core::Result<void> QueueMetaAlert(store::Db& db, const config::Config& config,
                                  const core::Alert& alert, const std::string& key,
                                  core::Timestamp now, std::string_view exclude = {});

}  // namespace sellerwatch::notify
