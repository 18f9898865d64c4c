#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <vector>

#include "config/config.hpp"
#include "sources/poller.hpp"
#include "sources/source.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::net {
class HttpClient;
}

namespace sellerwatch::sources {

// "<account>/<source name>": the key of a source's cursor and file ledger. A source with several
// streams (amazon-sp-api) keys each as "<account>/<source name>/<stream>".
std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source);

// Whether this build can run a source of this type (check-config warns about the others).
bool SourceTypeAvailable(config::SourceType type);

// `stale_after` as configured, or three times the source's shortest poll interval.
core::Duration StaleAfter(const config::SourceConfig& source);

// What the sources of a running daemon share.
struct SourceDeps {
  store::Db& db;
  store::IngestLedger& ledger;
  net::HttpClient& http;
  std::shared_ptr<spdlog::logger> log;
  Poller::ChangeListener on_changes;                           // every stored event version
  decltype(PollerOptions::queue_meta_alert) queue_meta_alert;  // source_down / resolved
};

// Explicit `type:` → constructor map (no static self-registration: a static library would
// silently drop it). One Poller per stream: a file or simulator source has one; amazon-sp-api
// has three (orders, feedback, performance), each with its own schedule, cursor and outage.
core::Result<std::vector<std::unique_ptr<Poller>>> MakePollers(const config::AccountConfig& account,
                                                               const config::SourceConfig& source,
                                                               const SourceDeps& deps);

}  // namespace sellerwatch::sources
