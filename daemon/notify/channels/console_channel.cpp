#include "notify/channels/console_channel.hpp"

#include "notify/render/console_text.hpp"

namespace sellerwatch::notify {

boost::asio::awaitable<SendOutcome> ConsoleChannel::Send(const core::Notification& notification,
                                                         const LegContext&) {
  out_ << ConsoleText(language_, notification) << std::flush;
  if (!out_) {
    out_.clear();
    co_return SendOutcome{SendOutcome::Kind::kRetry, std::nullopt, "write to stdout failed"};
  }
  co_return SendOutcome{};
}

}  // namespace sellerwatch::notify
