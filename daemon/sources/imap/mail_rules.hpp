#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sources/imap/mail_header.hpp"

namespace sellerwatch::sources::imap {

// Which mail is a buyer's, per marketplace (README, IMAP: matching rules). The marketplaces
// relay buyer mail through addresses of their own, one per buyer: Amazon
// `…@marketplace.amazon.<tld>`, eBay `…@members.ebay.<tld>`; AliExpress, Shopify and other
// shops have none, so their accounts name the buyers' addresses in `buyer_addresses:`.
class MailRules {
 public:
  // The marketplace's relay patterns plus `extra` (globs: `*` matches any run of characters,
  // compared case-insensitively, e.g. "*@customers.example.com" or "*").
  MailRules(std::string_view marketplace, std::vector<std::string> extra);

  bool empty() const { return patterns_.empty(); }
  const std::vector<std::string>& patterns() const { return patterns_; }
  bool IsBuyer(std::string_view address) const;

 private:
  std::vector<std::string> patterns_;
};

// The order number a subject names, in any marketplace's format: Amazon 123-1234567-1234567,
// eBay 12-12345-12345, AliExpress 16 digits; empty when there is none.
std::string OrderIdIn(std::string_view subject);

// Mail that asks for no answer and so is not counted: auto-generated mail (`Auto-Submitted`
// other than "no", `Precedence: bulk | junk | list | auto_reply`, `X-Autoreply`,
// `X-Autorespond`) and the marketplaces' "no response needed" markers in the subject.
bool NeedsNoAnswer(const HeaderFields& fields, std::string_view subject);

// Glob match with `*`, case-insensitive.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace sellerwatch::sources::imap
