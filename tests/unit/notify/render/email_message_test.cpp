// The email renderer, parsed back with Python's email package (a real MIME parser) through
// tests/fakes/mime_summary.py.

#include "notify/render/email_message.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/render/mime_encoding.hpp"
#include "unit/notify/render/mime_summary.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

const i18n::Translator kEnglish;  // the receivers' default language

namespace json = boost::json;

EmailEnvelope Envelope() {
  EmailEnvelope e;
  e.from = "sellerwatch <alerts@example.com>";
  e.to = {"ops@example.com", "\"Müller, Jörg\" <joerg@example.de>"};
  e.message_id = "<sw.0123456789abcdef@example.com>";
  e.date = testing::At("2026-11-01T12:05:00Z");
  return e;
}

using sellerwatch::testing::MimeSummary;

std::string Header(const json::value& summary, std::string_view name) {
  for (const auto& h : summary.at("headers").as_array()) {
    if (h.at(0).as_string() == name) return std::string(h.at(1).as_string());
  }
  return "<missing>";
}

std::size_t Count(const json::value& summary, std::string_view name) {
  std::size_t n = 0;
  for (const auto& h : summary.at("headers").as_array()) {
    std::string key(h.at(0).as_string());
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    n += key == name;
  }
  return n;
}

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

TEST(EmailMessageTest, IsMultipartAlternativeTextFirstThenHtml) {
  auto message = BuildEmail(kEnglish, testing::OneAlert(), Envelope());
  ASSERT_TRUE(message) << message.error().message;
  auto s = MimeSummary(*message);
  EXPECT_TRUE(s.at("defects").as_array().empty()) << json::serialize(s.at("defects"));
  EXPECT_EQ(s.at("content_type").as_string(), "multipart/alternative");
  const auto& parts = s.at("parts").as_array();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("content_type").as_string(), "text/plain");
  EXPECT_EQ(parts[1].at("content_type").as_string(), "text/html");
  for (const auto& p : parts) {
    EXPECT_EQ(p.at("charset").as_string(), "utf-8");
    EXPECT_EQ(p.at("transfer_encoding").as_string(), "quoted-printable");
  }
  std::string text(parts[0].at("text").as_string());
  EXPECT_NE(text.find("FIRING"), std::string::npos);
  EXPECT_NE(text.find("334 more orders needed to recover"), std::string::npos);
  std::string html(parts[1].at("text").as_string());
  EXPECT_NE(html.find("<table"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);  // no external resources
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_FALSE(s.at("bare_lf").as_bool());
  EXPECT_FALSE(s.at("bare_cr").as_bool());
  EXPECT_LE(s.at("max_line_length").as_int64(), 78);
}

TEST(EmailMessageTest, HeadersDecodeToWhatWasMeant) {
  auto message = BuildEmail(kEnglish, testing::OneAlert(), Envelope());
  ASSERT_TRUE(message);
  auto s = MimeSummary(*message);
  EXPECT_EQ(Header(s, "From"), "sellerwatch <alerts@example.com>");
  EXPECT_EQ(Header(s, "To"), "ops@example.com, \"Müller, Jörg\" <joerg@example.de>");
  EXPECT_EQ(Header(s, "Date"), "Sun, 01 Nov 2026 12:05:00 +0000");
  EXPECT_EQ(Header(s, "Message-ID"), "<sw.0123456789abcdef@example.com>");
  EXPECT_EQ(Header(s, "MIME-Version"), "1.0");
  EXPECT_EQ(Header(s, "Subject"), EmailSubject(kEnglish, testing::OneAlert()));
  EXPECT_EQ(Header(s, "Subject"),
            "[sellerwatch] FIRING critical: acme-us order_defect_rate is 1.20% (12 of 1000), at "
            "or above the critical limit 0.90%");
}

TEST(EmailMessageTest, NonAsciiSubjectDecodesExactly) {
  auto n = testing::OneAlert();
  n.alerts[0].annotations["summary"] =
      "Bestellmängel über dem Grenzwert — 注文不良率が上限を超えました 😀 " + std::string(80, 'x');
  auto message = BuildEmail(kEnglish, n, Envelope());
  ASSERT_TRUE(message);
  auto s = MimeSummary(*message);
  EXPECT_EQ(Header(s, "Subject"), EmailSubject(kEnglish, n));
  EXPECT_NE(Header(s, "Subject").find("注文不良率"), std::string::npos);
  EXPECT_LE(s.at("max_line_length").as_int64(), 78);
}

TEST(EmailMessageTest, HeaderInjectionIsImpossible) {
  auto n = testing::HostileAlert();
  n.alerts[0].annotations["summary"] = "Late shipments\r\nBcc: x@example.com\nX-Evil: 1\rTo: y@z";
  n.alerts[0].labels["account"] = "acme\r\nBcc: a@b.c";
  auto message = BuildEmail(kEnglish, n, Envelope());
  ASSERT_TRUE(message);
  auto s = MimeSummary(*message);
  EXPECT_EQ(Count(s, "bcc"), 0u);
  EXPECT_EQ(Count(s, "x-evil"), 0u);
  EXPECT_EQ(Count(s, "to"), 1u);
  EXPECT_EQ(Count(s, "subject"), 1u);
  EXPECT_TRUE(s.at("defects").as_array().empty()) << json::serialize(s.at("defects"));
  EXPECT_EQ(s.at("parts").as_array().size(), 2u);
  EXPECT_LE(s.at("max_line_length").as_int64(), 78);
  std::string html(s.at("parts").at(1).at("text").as_string());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  std::string text(s.at("parts").at(0).at("text").as_string());
  EXPECT_NE(text.find("Terrible seller"), std::string::npos);
}

TEST(EmailMessageTest, ConfigAddressesWithLineBreaksAreRejected) {
  for (auto mutate : std::vector<std::function<void(EmailEnvelope&)>>{
           [](EmailEnvelope& e) { e.from = "alerts@example.com\r\nBcc: x@example.com"; },
           [](EmailEnvelope& e) { e.to = {"ops@example.com\nBcc: x@example.com"}; },
           [](EmailEnvelope& e) { e.to = {"not an address"}; },
           [](EmailEnvelope& e) { e.to.clear(); },
           [](EmailEnvelope& e) { e.message_id = "<id@x>\r\nBcc: x@example.com"; },
           [](EmailEnvelope& e) { e.message_id = "no-brackets@x"; },
           [](EmailEnvelope& e) { e.thread_message_id = "<a@b>\nX: y"; },
       }) {
    EmailEnvelope e = Envelope();
    mutate(e);
    auto message = BuildEmail(kEnglish, testing::OneAlert(), e);
    ASSERT_FALSE(message);
    EXPECT_EQ(message.error().kind, core::ErrorKind::kConfig);
  }
}

TEST(EmailMessageTest, ManyAlertsKeepLinesShort) {
  auto message = BuildEmail(kEnglish, testing::ManyAlerts(120), Envelope());
  ASSERT_TRUE(message);
  auto s = MimeSummary(*message);
  EXPECT_LE(s.at("max_line_length").as_int64(), 78);
  std::string text(s.at("parts").at(0).at("text").as_string());
  for (std::size_t i = 0; i < 120; ++i) {
    EXPECT_NE(text.find(testing::ShopName(i)), std::string::npos) << i;
  }
}

TEST(EmailMessageTest, HugeGroupListsTheWorstAndCountsTheRest) {
  auto message = BuildEmail(kEnglish, testing::ManyAlerts(1000), Envelope());
  ASSERT_TRUE(message);
  auto s = MimeSummary(*message);
  for (std::size_t part = 0; part < 2; ++part) {
    std::string text(s.at("parts").at(part).at("text").as_string());
    EXPECT_NE(text.find("+700 more alerts"), std::string::npos) << part;
    EXPECT_NE(text.find(testing::ShopName(4)), std::string::npos) << part;  // worst listed
  }
}

TEST(EmailMessageTest, IsReproducibleAndThreads) {
  EmailEnvelope e = Envelope();
  e.thread_message_id = "<sw.first@example.com>";
  auto a = BuildEmail(kEnglish, testing::OneAlert(), e);
  auto b = BuildEmail(kEnglish, testing::OneAlert(), e);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  auto s = MimeSummary(*a);
  EXPECT_EQ(Header(s, "In-Reply-To"), "<sw.first@example.com>");
  EXPECT_EQ(Header(s, "References"), "<sw.first@example.com>");
  std::string boundary(s.at("boundary").as_string());
  EXPECT_EQ(boundary.rfind("=_sw_", 0), 0u);
}

// QP round trip through the real parser: bytes, trailing spaces, '=', dots, long lines.
TEST(EmailMessageTest, QuotedPrintableRoundTripsExactly) {
  const std::string body = "trailing spaces   \nequals = =3D ==\n.leading dot\nFrom here\n" +
                           std::string(500, 'L') + "\n" + std::string(100, '=') +
                           "\nñ 日本語 😀 end\t\n\nlast line without newline  ";
  std::string message =
      "From: a@example.com\r\nTo: b@example.com\r\nSubject: qp\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
      QuotedPrintableEncode(body);
  auto s = MimeSummary(message);
  std::string decoded = FromHex(std::string(s.at("parts").at(0).at("payload_hex").as_string()));
  std::string expected;
  for (char c : body) {
    if (c == '\n') expected += '\r';
    expected += c;
  }
  EXPECT_EQ(decoded, expected);
  EXPECT_LE(s.at("max_line_length").as_int64(), 76);
}

TEST(EmailMessageTest, StableMessageIdFromIdempotencyKey) {
  auto a = MakeMessageId("notification-17/ops-email", "sellerwatch <alerts@example.com>");
  auto b = MakeMessageId("notification-17/ops-email", "alerts@example.com");
  auto c = MakeMessageId("notification-18/ops-email", "alerts@example.com");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_EQ(a->size(), std::string("<sw.@example.com>").size() + 32);
  EXPECT_EQ(a->rfind("<sw.", 0), 0u);
  EXPECT_FALSE(MakeMessageId("k", "alerts@example.com\r\nBcc: x@y.z"));
}

}  // namespace
}  // namespace sellerwatch::notify
