#pragma once

#include <memory>
#include <vector>

#include "config/config.hpp"
#include "sources/poller.hpp"
#include "sources/source_type.hpp"

namespace sellerwatch::sources {

// `stale_after` as configured, or three times the source's shortest poll interval.
core::Duration StaleAfter(const config::SourceConfig& source);

// One Poller per stream of the source, built by its type's entry in the registry.
core::Result<std::vector<std::unique_ptr<Poller>>> MakePollers(const config::AccountConfig& account,
                                                               const config::SourceConfig& source,
                                                               const SourceDeps& deps);

}  // namespace sellerwatch::sources
