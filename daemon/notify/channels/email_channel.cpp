#include "notify/channels/email_channel.hpp"

#include "notify/render/email_message.hpp"

namespace sellerwatch::notify {

boost::asio::awaitable<SendOutcome> EmailChannel::Send(const core::Notification& notification,
                                                       const LegContext& leg) {
  const auto& settings = std::get<config::EmailReceiver>(receiver_.settings);
  auto permanent = [](const core::Error& e) {
    return SendOutcome{SendOutcome::Kind::kPermanent, std::nullopt, e.message};
  };
  auto message_id = MakeMessageId(leg.key, settings.from);
  if (!message_id) co_return permanent(message_id.error());
  auto message =
      BuildEmail(receiver_.language, notification,
                 {settings.from, settings.to, *message_id, notification.created_at, std::nullopt});
  if (!message) co_return permanent(message.error());
  auto from = ParseMailbox(settings.from);
  if (!from) co_return permanent(from.error());

  net::SmtpRequest request;
  request.url = settings.smtp_url;
  request.tls_none = settings.tls_none;
  request.username = settings.username;
  request.password = settings.password.Reveal();
  request.ca_file = receiver_.ca_file;
  request.mail_from = from->address;
  for (const auto& to : settings.to) {
    auto mailbox = ParseMailbox(to);
    if (!mailbox) co_return permanent(mailbox.error());
    request.recipients.push_back(mailbox->address);
  }
  request.message = std::move(*message);
  request.timeout = receiver_.timeout;
  auto sent = co_await client_.Send(std::move(request));
  if (sent) co_return SendOutcome{};
  bool transient = sent.error().kind == core::ErrorKind::kTransient;
  co_return SendOutcome{transient ? SendOutcome::Kind::kRetry : SendOutcome::Kind::kPermanent,
                        std::nullopt, sent.error().message};
}

}  // namespace sellerwatch::notify
