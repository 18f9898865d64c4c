#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/source_type.hpp"
#include "core/error.hpp"
#include "sources/poller.hpp"
#include "sources/source.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::net {
class HttpClient;
class ImapClient;
}  // namespace sellerwatch::net

namespace sellerwatch::sources {

// What the sources of a running daemon share.
struct SourceDeps {
  store::Db& db;
  store::IngestLedger& ledger;
  net::HttpClient& http;
  net::ImapClient& imap;
  std::shared_ptr<spdlog::logger> log;
  decltype(PollerOptions::queue_meta_alert) queue_meta_alert;  // source_down / resolved
};

// The streams of one configured source, each with its id ("<account>/<name>", or
// "<account>/<name>/<stream>" when a source has several, as amazon-sp-api has orders, feedback
// and performance): one Poller each, with its own schedule, cursor and outage.
using Streams = std::vector<std::pair<std::string, std::unique_ptr<Source>>>;

// One source type: everything about it lives in daemon/sources/<type>/, and this entry is how
// the rest of the daemon finds it (sources/registry.cpp lists every entry once).
struct SourceType {
  config::SourceTypeSpec config;  // `type:` name, keys and their parser
  core::Result<Streams> (*make)(const config::AccountConfig& account,
                                const config::SourceConfig& source,
                                const SourceDeps& deps) = nullptr;
};

// "<account>/<source name>": the key of a source's cursor and file ledger.
std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source);

}  // namespace sellerwatch::sources
