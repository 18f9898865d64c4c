#include "notify/channels/console_channel.hpp"

#include "notify/render/console_text.hpp"

namespace sellerwatch::notify {

core::Result<void> ConsoleChannel::Send(const core::Notification& notification) {
  out_ << ConsoleText(notification) << std::flush;
  if (!out_) return core::Error::Transient("console: write to stdout failed");
  return {};
}

}  // namespace sellerwatch::notify
