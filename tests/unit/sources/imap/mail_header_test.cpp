// Header fields, encoded words, addresses, message ids and dates as mail clients and the
// marketplaces write them.

#include "sources/imap/mail_header.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources::imap {
namespace {

core::Timestamp T(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

TEST(MailHeader, FieldsAreUnfoldedLowerCasedAndTheFirstOneWins) {
  auto f = ParseHeaderFields(
      "From: \"Jane - Amazon Marketplace\" <abc123@marketplace.amazon.com>\r\n"
      "Subject: Inquiry from Amazon customer Jane\r\n"
      " (Order: 111-2223334-5556667)\r\n"
      "subject: second\r\n"
      "not a field\r\n"
      "\r\n"
      "Body: not read\r\n");
  EXPECT_EQ(f["from"], "\"Jane - Amazon Marketplace\" <abc123@marketplace.amazon.com>");
  EXPECT_EQ(f["subject"], "Inquiry from Amazon customer Jane (Order: 111-2223334-5556667)");
  EXPECT_FALSE(f.contains("body"));
}

TEST(MailHeader, EncodedWords) {
  EXPECT_EQ(DecodeWords("=?UTF-8?B?T3JkZXI6IDExMS0yMjIzMzM0LTU1NTY2Njc=?="),
            "Order: 111-2223334-5556667");
  EXPECT_EQ(DecodeWords("Re: =?utf-8?q?Bestellung_=C3=BCber?= =?utf-8?q?_123?= x"),
            "Re: Bestellung \xC3\xBC"
            "ber 123 x");
  EXPECT_EQ(DecodeWords("plain =?broken"), "plain =?broken");
}

TEST(MailHeader, Addresses) {
  EXPECT_EQ(FirstAddress("\"Doe, Jane\" <Jane@Example.COM>, b@c.d"), "jane@example.com");
  EXPECT_EQ(FirstAddress("x@y.z (Jane)"), "x@y.z");
  EXPECT_EQ(FirstAddress("undisclosed-recipients:;"), "");
  EXPECT_EQ(MessageIds("<a@b> <c@d>\t<e@f>"),
            (std::vector<std::string>{"<a@b>", "<c@d>", "<e@f>"}));
}

TEST(MailHeader, Dates) {
  EXPECT_EQ(ParseMailDate("Tue, 1 Dec 2026 09:30:00 +0100"), T("2026-12-01T08:30:00Z"));
  EXPECT_EQ(ParseMailDate("1 Dec 2026 09:30 -0500 (EST)"), T("2026-12-01T14:30:00Z"));
  EXPECT_EQ(ParseMailDate("Tue, 01 Dec 2026 09:30:00 GMT"), T("2026-12-01T09:30:00Z"));
  EXPECT_EQ(ParseMailDate("Tue, 1 Dec 26 09:30:00 PST"), T("2026-12-01T17:30:00Z"));
  EXPECT_FALSE(ParseMailDate("yesterday"));
  EXPECT_FALSE(ParseMailDate("Tue, 31 Feb 2026 09:30:00 +0000"));
  EXPECT_EQ(ParseInternalDate("17-Jul-2026 02:44:25 -0700"), T("2026-07-17T09:44:25Z"));
  EXPECT_EQ(ParseInternalDate(" 2-Dec-2026 10:00:00 +0000"), T("2026-12-02T10:00:00Z"));
  EXPECT_FALSE(ParseInternalDate("2026-12-02"));
}

}  // namespace
}  // namespace sellerwatch::sources::imap
