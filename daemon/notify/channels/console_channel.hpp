#pragma once

#include <ostream>
#include <utility>

#include "i18n/translator.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// `console` receiver: human-readable lines on stdout, in the receiver's `language`.
class ConsoleChannel final : public Channel {
 public:
  ConsoleChannel(std::ostream& out, i18n::Translator language)
      : out_(out), language_(std::move(language)) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  std::ostream& out_;
  i18n::Translator language_;
};

}  // namespace sellerwatch::notify
