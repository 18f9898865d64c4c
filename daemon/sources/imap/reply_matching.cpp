#include "sources/imap/reply_matching.hpp"

#include <algorithm>
#include <map>

namespace sellerwatch::sources::imap {
namespace {

std::string ThreadOf(const std::string& who, const std::string& order_id) {
  return order_id.empty() ? who : who + "/" + order_id;
}

bool Answers(const MailItem& reply, const OpenMessage& m) {
  if (m.received_at >= reply.at) return false;
  if (std::find(reply.answers.begin(), reply.answers.end(), m.id) != reply.answers.end()) {
    return true;
  }
  if (reply.who != m.who) return false;
  return reply.order_id.empty() || m.order_id.empty() || reply.order_id == m.order_id;
}

}  // namespace

Matched MatchReplies(std::vector<OpenMessage> open, std::vector<MailItem> mail,
                     const std::string& account, core::Timestamp keep_after) {
  // Buyers' mail before the seller's at the same instant: a reply needs a message before it.
  std::stable_sort(mail.begin(), mail.end(), [](const MailItem& a, const MailItem& b) {
    if (a.at != b.at) return a.at < b.at;
    return a.side == MailItem::Side::kBuyer && b.side == MailItem::Side::kSeller;
  });
  std::map<std::string, core::Message> out;  // by id: each message once, in its latest state
  auto record = [&](const OpenMessage& m, std::optional<core::Timestamp> replied_at) {
    core::Message msg;
    msg.account = account;
    msg.id = m.id;
    msg.thread = ThreadOf(m.who, m.order_id);
    msg.order_id = m.order_id;
    msg.received_at = m.received_at;
    msg.replied_at = replied_at;
    // A reply makes a newer version, so it replaces the unanswered one in the store.
    msg.updated_at = replied_at.value_or(m.received_at);
    out[m.id] = std::move(msg);
  };
  for (const auto& item : mail) {
    if (item.side == MailItem::Side::kBuyer) {
      bool known = std::any_of(open.begin(), open.end(),
                               [&](const OpenMessage& m) { return m.id == item.id; });
      if (known || out.contains(item.id)) continue;  // read again (overlap, rescan)
      OpenMessage m{item.id, item.who, item.order_id, item.at};
      record(m, std::nullopt);
      open.push_back(std::move(m));
      continue;
    }
    auto answered = std::stable_partition(open.begin(), open.end(),
                                          [&](const OpenMessage& m) { return !Answers(item, m); });
    for (auto it = answered; it != open.end(); ++it) record(*it, item.at);
    open.erase(answered, open.end());
  }
  Matched result;
  for (auto& [id, m] : out) result.messages.push_back(std::move(m));
  std::sort(result.messages.begin(), result.messages.end(),
            [](const core::Message& a, const core::Message& b) {
              return a.received_at != b.received_at ? a.received_at < b.received_at : a.id < b.id;
            });
  for (auto& m : open)
    if (m.received_at > keep_after) result.open.push_back(std::move(m));
  return result;
}

}  // namespace sellerwatch::sources::imap
