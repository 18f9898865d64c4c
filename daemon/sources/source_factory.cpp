#include "sources/source_factory.hpp"

#include <fmt/format.h>

#include "sources/registry.hpp"

namespace sellerwatch::sources {

std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source) {
  return account.id + "/" + source.name;
}

core::Duration StaleAfter(const config::SourceConfig& source) {
  if (source.stale_after > core::Duration::zero()) return source.stale_after;
  return 3 * source.settings->ShortestPoll();
}

core::Result<std::vector<std::unique_ptr<Poller>>> MakePollers(const config::AccountConfig& account,
                                                               const config::SourceConfig& source,
                                                               const SourceDeps& deps) {
  const SourceType* type = FindSourceType(source.type);
  if (type == nullptr || source.settings == nullptr) {
    return core::Error::Internal(
        fmt::format("{}:{}:{}: source '{}' of account '{}': type '{}' "
                    "is not registered",
                    source.where.file, source.where.line, source.where.column, source.name,
                    account.id, source.type));
  }
  auto streams = type->make(account, source, deps);
  if (!streams) return streams.error();
  if (type->config.url_based && !source.tls_verify) {
    deps.log->warn("source={}: TLS certificate verification is OFF (tls_verify: false)",
                   SourceId(account, source));
  }
  PollerOptions options;
  options.timeout = source.timeout;
  options.stale_after = StaleAfter(source);
  options.labels = {{"account", account.id}, {"marketplace", account.marketplace}};
  for (const auto& [key, value] : account.labels) options.labels.emplace(key, value);
  options.queue_meta_alert = deps.queue_meta_alert;
  std::vector<std::unique_ptr<Poller>> pollers;
  for (auto& [id, stream] : *streams) {
    pollers.push_back(std::make_unique<Poller>(id, std::move(stream), deps.db, deps.log, options));
  }
  return pollers;
}

}  // namespace sellerwatch::sources
