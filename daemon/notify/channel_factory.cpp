#include "notify/channel_factory.hpp"

#include <fmt/format.h>

#include "notify/channels/console_channel.hpp"
#include "notify/channels/file_channel.hpp"

namespace sellerwatch::notify {

bool ReceiverTypeAvailable(config::ReceiverType type) {
  return type == config::ReceiverType::kConsole || type == config::ReceiverType::kFile;
}

core::Result<std::unique_ptr<Channel>> MakeChannel(const config::ReceiverConfig& receiver,
                                                   std::ostream& console) {
  switch (receiver.type) {
    case config::ReceiverType::kConsole:
      return std::unique_ptr<Channel>(std::make_unique<ConsoleChannel>(console));
    case config::ReceiverType::kFile:
      return std::unique_ptr<Channel>(
          std::make_unique<FileChannel>(std::get<config::FileReceiver>(receiver.settings).path));
    default:
      break;
  }
  return core::Error::Config(fmt::format(
      "{}:{}:{}: receiver '{}': type '{}' is not available in this build yet (console and file "
      "are)",
      receiver.where.file, receiver.where.line, receiver.where.column, receiver.name,
      config::Name(receiver.type)));
}

}  // namespace sellerwatch::notify
