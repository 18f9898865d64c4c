// Quoted-printable and RFC 2047 header encoding, checked by construction; the round trips
// through a real MIME parser are in email_message_test.cpp.

#include "notify/render/mime_encoding.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto end = s.find("\r\n", start);
    if (end == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 2;
  }
}

TEST(RenderMimeEncodingTest, QuotedPrintableCases) {
  struct Case {
    std::string in, out;
  };
  for (const auto& c : std::vector<Case>{
           {"plain", "plain"},
           {"a=b", "a=3Db"},
           {"trailing  \nx", "trailing =20\r\nx"},
           {"tab\t", "tab=09"},
           {"ñ", "=C3=B1"},
           {"a\r\nb\rc\n", "a\r\nb\r\nc\r\n"},
           {".dot\nFrom me", "=2Edot\r\n=46rom me"},
       }) {
    EXPECT_EQ(QuotedPrintableEncode(c.in), c.out) << c.in;
  }
}

TEST(RenderMimeEncodingTest, QuotedPrintableLinesStayWithin76) {
  std::string text =
      std::string(300, 'x') + "\n" + std::string(200, '=') + "\n" + testing::HostileComment();
  for (const auto& line : Lines(QuotedPrintableEncode(text))) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos);
    if (!line.empty()) {
      EXPECT_NE(line.back(), ' ');
    }
  }
}

TEST(RenderMimeEncodingTest, HeaderFieldsFoldWithin78) {
  EXPECT_EQ(EncodedHeaderField("Subject", "Short ASCII"), "Subject: Short ASCII\r\n");
  std::string field =
      EncodedHeaderField("Subject", "Bestellmängel über 1 % — 日本語 " + std::string(200, 'x'));
  auto lines = Lines(field);
  ASSERT_EQ(lines.back(), "");  // ends with CRLF
  lines.pop_back();
  ASSERT_GT(lines.size(), 1u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 78u);
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ');  // continuation lines are folded
    }
  }
  // Encoded anyway when it would be mistaken for an encoded-word.
  EXPECT_NE(EncodedHeaderField("Subject", "=?UTF-8?B?eA==?="), "Subject: =?UTF-8?B?eA==?=\r\n");
}

TEST(RenderMimeEncodingTest, Rfc5322Date) {
  EXPECT_EQ(FormatRfc5322Date(testing::At("2026-11-23T20:11:36.250Z")),
            "Mon, 23 Nov 2026 20:11:36 +0000");
}

}  // namespace
}  // namespace sellerwatch::notify
