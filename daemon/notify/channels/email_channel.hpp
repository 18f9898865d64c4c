#pragma once

#include "config/config.hpp"
#include "net/smtp_client.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// `email` receiver: the MIME message of notify/render, submitted over SMTP (STARTTLS required
// on smtp:// unless `tls: none`, implicit TLS on smtps://). The Message-ID derives from the
// leg's idempotency key, so a re-sent leg is recognisably the same mail.
class EmailChannel final : public Channel {
 public:
  EmailChannel(config::ReceiverConfig receiver, net::SmtpClient& client)
      : receiver_(std::move(receiver)), client_(client) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  config::ReceiverConfig receiver_;
  net::SmtpClient& client_;
};

}  // namespace sellerwatch::notify
