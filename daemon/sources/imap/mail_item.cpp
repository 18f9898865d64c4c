#include "sources/imap/mail_item.hpp"

#include <fmt/format.h>

#include "core/sha256.hpp"
#include "sources/imap/mail_header.hpp"

namespace sellerwatch::sources::imap {
namespace {

// A key that stands for an address or message id without showing it.
std::string Key(std::string_view text) { return core::Sha256Hex(text).substr(0, 24); }

}  // namespace

core::Result<std::optional<MailItem>> ReadMailItem(const FetchedHeader& h, std::string_view folder,
                                                   MailItem::Side side, const MailRules& rules) {
  HeaderFields fields = ParseHeaderFields(h.header);
  auto field = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  const std::string where = fmt::format("{} UID {}", folder, h.uid);
  const bool buyer_side = side == MailItem::Side::kBuyer;
  const std::string counterpart = FirstAddress(field(buyer_side ? "from" : "to"));
  if (counterpart.empty()) {
    if (!buyer_side) return std::nullopt;  // a draft or Bcc-only mail: nobody to answer
    return core::Error::Data(where + ": no sender address in From");
  }
  if (!rules.IsBuyer(counterpart)) return std::nullopt;
  std::optional<core::Timestamp> at = ParseMailDate(field("date"));
  if (!at) at = ParseInternalDate(h.internal_date);
  if (!at)
    return core::Error::Data(where +
                             ": neither the Date header nor INTERNALDATE is "
                             "a readable time");
  const std::string subject = DecodeWords(field("subject"));
  if (buyer_side && NeedsNoAnswer(fields, subject)) return std::nullopt;
  MailItem item;
  item.side = side;
  std::vector<std::string> ids = MessageIds(field("message-id"));
  item.id = "m-" + Key(ids.empty()
                           ? fmt::format("{}|{}|{}", core::FormatRfc3339(*at), counterpart, subject)
                           : ids.front());
  item.who = Key("who:" + counterpart);
  item.order_id = OrderIdIn(subject);
  item.at = *at;
  for (const char* name : {"in-reply-to", "references"})
    for (const auto& id : MessageIds(field(name))) item.answers.push_back("m-" + Key(id));
  return item;
}

}  // namespace sellerwatch::sources::imap
