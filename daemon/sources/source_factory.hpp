#pragma once

#include <memory>

#include "config/config.hpp"
#include "sources/source.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::sources {

// "<account>/<source name>": the key of a source's cursor and file ledger.
std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source);

// Whether this build can run a source of this type (check-config warns about the others).
bool SourceTypeAvailable(config::SourceType type);

// Explicit `type:` → constructor map (no static self-registration: a static library would
// silently drop it).
core::Result<std::unique_ptr<Source>> MakeSource(const config::AccountConfig& account,
                                                 const config::SourceConfig& source,
                                                 store::IngestLedger& ledger);

}  // namespace sellerwatch::sources
