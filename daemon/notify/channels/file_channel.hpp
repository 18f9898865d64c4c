#pragma once

#include <string>

#include "notify/channel.hpp"

namespace sellerwatch::notify {

// `file` receiver: appends one JSON document per notification to a JSONL file, each line
// written with a single append so concurrent readers (tail -f, log shippers) never see half.
class FileChannel final : public Channel {
 public:
  explicit FileChannel(std::string path) : path_(std::move(path)) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  std::string path_;
};

}  // namespace sellerwatch::notify
