#include "notify/channel_factory.hpp"

#include "notify/channels/alertmanager_channel.hpp"
#include "notify/channels/console_channel.hpp"
#include "notify/channels/email_channel.hpp"
#include "notify/channels/file_channel.hpp"
#include "notify/channels/http_channel.hpp"

namespace sellerwatch::notify {

std::unique_ptr<Channel> MakeChannel(const config::ReceiverConfig& receiver, std::ostream& console,
                                     net::HttpClient& http, net::SmtpClient& smtp) {
  switch (receiver.type) {
    case config::ReceiverType::kConsole:
      return std::make_unique<ConsoleChannel>(console, receiver.language);
    case config::ReceiverType::kFile:
      return std::make_unique<FileChannel>(std::get<config::FileReceiver>(receiver.settings).path);
    case config::ReceiverType::kEmail:
      return std::make_unique<EmailChannel>(receiver, smtp);
    case config::ReceiverType::kAlertmanager:
      return std::make_unique<AlertmanagerChannel>(receiver, http);
    default:
      return std::make_unique<HttpChannel>(receiver, http);
  }
}

}  // namespace sellerwatch::notify
