#include "sources/imap/mail_rules.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include "core/ascii.hpp"

namespace sellerwatch::sources::imap {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point per `*`.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && core::AsciiLower(pattern[p]) == core::AsciiLower(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

MailRules::MailRules(std::string_view marketplace, std::vector<std::string> extra) {
  if (marketplace == "amazon") patterns_.push_back("*@marketplace.amazon.*");
  if (marketplace == "ebay") patterns_.push_back("*@members.ebay.*");
  for (auto& p : extra) patterns_.push_back(std::move(p));
}

bool MailRules::IsBuyer(std::string_view address) const {
  if (address.empty()) return false;
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [&](const std::string& p) { return GlobMatch(p, address); });
}

std::string OrderIdIn(std::string_view subject) {
  static const std::array<std::regex, 3> kFormats = {
      std::regex(R"((^|[^0-9])([0-9]{3}-[0-9]{7}-[0-9]{7})($|[^0-9]))"),    // Amazon
      std::regex(R"((^|[^0-9-])([0-9]{2}-[0-9]{5}-[0-9]{5})($|[^0-9-]))"),  // eBay
      std::regex(R"((^|[^0-9])([0-9]{16})($|[^0-9]))"),                     // AliExpress
  };
  const std::string s(subject);
  std::smatch m;
  for (const auto& format : kFormats)
    if (std::regex_search(s, m, format)) return m[2].str();
  return {};
}

bool NeedsNoAnswer(const HeaderFields& fields, std::string_view subject) {
  auto value = [&](const char* name) -> std::string {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : core::AsciiLower(it->second);
  };
  if (std::string a = value("auto-submitted"); !a.empty() && a != "no") return true;
  for (const char* p : {"bulk", "junk", "list", "auto_reply"})
    if (value("precedence") == p) return true;
  if (fields.contains("x-autoreply") || fields.contains("x-autorespond")) return true;
  for (std::string_view marker :
       {"no response needed", "no reply needed", "no response required", "no reply required"}) {
    if (core::ContainsIgnoreCase(subject, marker)) return true;
  }
  return false;
}

}  // namespace sellerwatch::sources::imap
