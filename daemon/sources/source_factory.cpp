#include "sources/source_factory.hpp"

#include <fmt/format.h>

#include "sources/amazon/streams.hpp"
#include "sources/file/file_source.hpp"
#include "sources/simulator/simulator_source.hpp"

namespace sellerwatch::sources {

std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source) {
  return account.id + "/" + source.name;
}

bool SourceTypeAvailable(config::SourceType type) {
  return type == config::SourceType::kFile || type == config::SourceType::kSimulator ||
         type == config::SourceType::kAmazonSpApi;
}

core::Duration StaleAfter(const config::SourceConfig& source) {
  if (source.stale_after > core::Duration::zero()) return source.stale_after;
  core::Duration shortest = std::visit(
      [](const auto& s) -> core::Duration {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, config::AmazonSpApiSource>) {
          return std::min({s.poll_orders, s.poll_feedback, s.poll_performance});
        } else if constexpr (std::is_same_v<T, config::EbaySource>) {
          return std::min(s.poll_orders, s.poll_standards);
        } else {
          return s.poll;
        }
      },
      source.settings);
  return 3 * shortest;
}

namespace {

std::vector<std::pair<std::string, std::unique_ptr<Source>>> MakeAmazonStreams(
    const config::AccountConfig& account, const config::SourceConfig& source,
    net::HttpClient& http) {
  const auto& settings = std::get<config::AmazonSpApiSource>(source.settings);
  auto client = std::make_shared<amazon::SpApiClient>(http, settings, source.timeout,
                                                      source.ca_file, source.tls_verify);
  std::string id = SourceId(account, source);
  std::vector<std::pair<std::string, std::unique_ptr<Source>>> out;
  out.emplace_back(id + "/orders", std::make_unique<amazon::OrdersStream>(account.id, client));
  out.emplace_back(id + "/feedback", std::make_unique<amazon::ReportStream>(
                                         account.id, client, amazon::ReportKind::kFeedback));
  out.emplace_back(id + "/performance", std::make_unique<amazon::ReportStream>(
                                            account.id, client, amazon::ReportKind::kPerformance));
  return out;
}

}  // namespace

core::Result<std::vector<std::unique_ptr<Poller>>> MakePollers(const config::AccountConfig& account,
                                                               const config::SourceConfig& source,
                                                               const SourceDeps& deps) {
  std::vector<std::pair<std::string, std::unique_ptr<Source>>> streams;
  switch (source.type) {
    case config::SourceType::kFile:
      streams.emplace_back(
          SourceId(account, source),
          std::make_unique<FileSource>(account.id, SourceId(account, source),
                                       std::get<config::FileSource>(source.settings), deps.ledger));
      break;
    case config::SourceType::kSimulator:
      streams.emplace_back(SourceId(account, source),
                           std::make_unique<SimulatorSource>(
                               account.id, std::get<config::SimulatorSource>(source.settings)));
      break;
    case config::SourceType::kAmazonSpApi:
      streams = MakeAmazonStreams(account, source, deps.http);
      if (!source.tls_verify) {
        deps.log->warn("source={}: TLS certificate verification is OFF (tls_verify: false)",
                       SourceId(account, source));
      }
      break;
    default:
      return core::Error::Config(fmt::format(
          "{}:{}:{}: source '{}' of account '{}': type '{}' is not available in this build yet "
          "(amazon-sp-api, file and simulator are)",
          source.where.file, source.where.line, source.where.column, source.name, account.id,
          config::Name(source.type)));
  }
  PollerOptions options;
  options.timeout = source.timeout;
  options.stale_after = StaleAfter(source);
  options.labels = {{"account", account.id}, {"marketplace", account.marketplace}};
  for (const auto& [key, value] : account.labels) options.labels.emplace(key, value);
  options.queue_meta_alert = deps.queue_meta_alert;
  std::vector<std::unique_ptr<Poller>> pollers;
  for (auto& [id, stream] : streams) {
    pollers.push_back(std::make_unique<Poller>(id, std::move(stream), deps.db, deps.log,
                                               deps.on_changes, options));
  }
  return pollers;
}

}  // namespace sellerwatch::sources
