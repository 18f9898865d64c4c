#include "sources/source_factory.hpp"

#include <fmt/format.h>

#include "sources/file/file_source.hpp"
#include "sources/simulator/simulator_source.hpp"

namespace sellerwatch::sources {

std::string SourceId(const config::AccountConfig& account, const config::SourceConfig& source) {
  return account.id + "/" + source.name;
}

bool SourceTypeAvailable(config::SourceType type) {
  return type == config::SourceType::kFile || type == config::SourceType::kSimulator;
}

core::Result<std::unique_ptr<Source>> MakeSource(const config::AccountConfig& account,
                                                 const config::SourceConfig& source,
                                                 store::IngestLedger& ledger) {
  switch (source.type) {
    case config::SourceType::kFile:
      return std::unique_ptr<Source>(std::make_unique<FileSource>(
          account.id, SourceId(account, source), std::get<config::FileSource>(source.settings),
          ledger));
    case config::SourceType::kSimulator:
      return std::unique_ptr<Source>(std::make_unique<SimulatorSource>(
          account.id, std::get<config::SimulatorSource>(source.settings)));
    default:
      break;
  }
  return core::Error::Config(fmt::format(
      "{}:{}:{}: source '{}' of account '{}': type '{}' is not available in this build yet "
      "(file and simulator are)",
      source.where.file, source.where.line, source.where.column, source.name, account.id,
      config::Name(source.type)));
}

}  // namespace sellerwatch::sources
