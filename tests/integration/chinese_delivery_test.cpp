// Alerts and digests in the reader's language, through the real daemon and real peers: one
// route sends a Chinese Slack message to the seller and an English one to the agency; `digest
// --send` mails a Chinese digest (RFC 2047 subject, parsed back by Python's `email`) beside an
// English one, and headless Chromium renders the Chinese HTML with CJK glyphs (fonts-noto-cjk).
// The Slack body, the mail's HTML and a screenshot are kept in build/screenshots/ for README.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "fakes/http_test_server.hpp"
#include "fakes/smtp_sink.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "unit/i18n/chinese_checks.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

using testing_zh::HasChinese;

std::string Shots() {
  std::string dir = std::string(SELLERWATCH_BUILD_DIR) + "/screenshots";
  std::filesystem::create_directories(dir);
  return dir;
}

void Keep(const std::string& name, const std::string& content) {
  std::ofstream(Shots() + "/" + name, std::ios::binary) << content;
}

// The texts of a Slack body that people read: the fallback, headers and sections.
std::string SlackTexts(const std::string& body) {
  auto v = boost::json::parse(body);
  std::string out = std::string(v.at("text").as_string()) + "\n";
  for (const auto& block : v.at("blocks").as_array()) {
    const auto& b = block.as_object();
    if (const auto* text = b.if_contains("text")) {
      out += std::string(text->at("text").as_string()) + "\n";
    }
    if (const auto* fields = b.if_contains("fields")) {
      for (const auto& f : fields->as_array()) out += std::string(f.at("text").as_string()) + "\n";
    }
  }
  return out;
}

TEST(ChineseDelivery, OneRouteSendsChineseSlackToTheSellerAndEnglishToTheAgency) {
  HttpTestServer server;
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml",
      SimulatorDaemonConfig(dir.File("state"),
                            "routes: [{match: {}, receivers: [seller, agency], group_wait: 0s, "
                            "group_interval: 1h}]\n"
                            "receivers:\n"
                            "  - {name: seller, language: zh-CN, slack: {webhook_url: \"" +
                                server.Url("/seller") +
                                "\"}}\n"
                                "  - {name: agency, slack: {webhook_url: \"" +
                                server.Url("/agency") + "\"}}\n"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(server.WaitForRequests(2, 90s)) << daemon.err();
  std::string seller, agency;
  for (const auto& r : server.Requests()) {
    if (r.target == "/seller" && seller.empty()) seller = r.body;
    if (r.target == "/agency" && agency.empty()) agency = r.body;
  }
  ASSERT_FALSE(seller.empty());
  ASSERT_FALSE(agency.empty());
  const std::string chinese = SlackTexts(seller), english = SlackTexts(agency);
  EXPECT_TRUE(HasChinese(chinese)) << chinese;
  EXPECT_FALSE(HasChinese(english)) << english;
  EXPECT_NE(english.find("FIRING"), std::string::npos) << english;
  EXPECT_EQ(chinese.find("FIRING"), std::string::npos) << chinese;
  EXPECT_NE(chinese.find("shop-a"), std::string::npos) << chinese;  // data stays as it is
  Keep("slack-zh.json", seller);
  Keep("slack-zh.txt", chinese);
  daemon.Signal(SIGTERM);
  EXPECT_TRUE(daemon.Wait(20s).has_value());
}

class ChineseDigest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write(
        "sellerwatch.yaml",
        "daemon: {state_dir: " + dir_.File("state") +
            "}\n"
            "accounts:\n"
            "  - {id: shop-cn, marketplace: aliexpress, timezone: Asia/Shanghai}\n"
            "  - {id: acme-us, marketplace: amazon}\n"
            "receivers:\n"
            "  - {name: seller, language: zh-CN, email: {smtp_url: \"" +
            sink_.Url() +
            "\", tls: none, from: \"sellerwatch <digest@example.com>\", to: [shop@example.com]}}\n"
            "  - {name: agency, email: {smtp_url: \"" +
            sink_.Url() +
            "\", tls: none, from: \"sellerwatch <digest@example.com>\", to: [ops@example.com]}}\n"
            "digest: {schedule: \"Sat 09:00\", timezone: Asia/Shanghai, receivers: [seller, "
            "agency]}\n");
    const auto now = core::SystemClock().Now();
    auto at = [&](core::Duration ago) { return core::FormatRfc3339(now - ago); };
    std::string events;
    for (const char* account : {"shop-cn", "acme-us"}) {
      for (int i = 0; i < 40; ++i) {
        bool late = i % 9 == 0;
        events += std::string(R"({"type":"order","account":")") + account + R"(","id":"o)" +
                  std::to_string(i) + R"(","purchased_at":")" + at(72h + i * 2h) +
                  R"(","status":"shipped","fulfillment":"merchant","ship_by":")" +
                  at(30h + i * 2h) + R"(","shipped_at":")" + at((late ? 20h : 40h) + i * 2h) +
                  R"(","tracking_valid":true,"updated_at":")" + at(20h + i * 2h) + "\"}\n";
      }
    }
    events += R"({"type":"feedback","account":"shop-cn","id":"fb1","order_id":"o1","rating":1,)"
              R"("received_at":")" +
              at(24h) + R"(","comment":"货不对版，颜色不一样","removed":false})" + "\n";
    auto imported = Run({"import", dir_.Write("events.jsonl", events)});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"-c", config_});
    return Sellerwatch(args);
  }

  SmtpSink sink_;
  TempDir dir_;
  std::string config_;
};

TEST_F(ChineseDigest, TheSellerGetsAChineseMailWithAnEncodedSubjectAndTheAgencyAnEnglishOne) {
  auto sent = Run({"digest", "--send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_TRUE(sink_.WaitForMessages(2, 20s));
  for (const auto& message : sink_.Messages()) {
    ASSERT_EQ(message.rcpt_tos.size(), 1u);
    const bool chinese = message.rcpt_tos[0] == "shop@example.com";
    // On the wire the subject is 7-bit: RFC 2047 encoded-words, nothing raw.
    auto subject_line = message.data.find("\nSubject: ");
    ASSERT_NE(subject_line, std::string::npos);
    std::string raw_subject = message.data.substr(
        subject_line + 10, message.data.find('\n', subject_line + 1) - subject_line - 10);
    EXPECT_FALSE(HasChinese(raw_subject)) << raw_subject;
    if (chinese) {
      EXPECT_NE(raw_subject.find("=?UTF-8?"), std::string::npos) << raw_subject;
    }

    std::string file = dir_.Write(chinese ? "zh.eml" : "en.eml", message.data);
    auto parsed = RunProcess({"/usr/bin/python3", SourcePath("tests/fakes/mime_summary.py"), file});
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
    auto summary = boost::json::parse(parsed.out);
    EXPECT_TRUE(summary.at("defects").as_array().empty()) << parsed.out.substr(0, 300);
    std::string subject;
    for (const auto& header : summary.at("headers").as_array()) {
      if (header.as_array()[0].as_string() == "Subject") {
        subject = header.as_array()[1].as_string();
      }
    }
    EXPECT_EQ(HasChinese(subject), chinese) << subject;
    const auto& parts = summary.at("parts").as_array();
    ASSERT_EQ(parts.size(), 2u);
    std::string text(parts[0].at("text").as_string());
    std::string html(parts[1].at("text").as_string());
    EXPECT_EQ(HasChinese(text), true) << "the buyer's comment is Chinese in both";
    EXPECT_NE(text.find("shop-cn"), std::string::npos);
    if (chinese) {
      EXPECT_NE(html.find("lang=\"zh-CN\""), std::string::npos);
      EXPECT_NE(html.find("货不对版"), std::string::npos);
      Keep("digest-zh.html", html);
      Keep("digest-zh-subject.txt", subject);
    } else {
      EXPECT_NE(text.find("weekly digest"), std::string::npos) << text.substr(0, 400);
    }
  }
}

TEST_F(ChineseDigest, ChromiumDrawsTheChineseDigestWithACjkFont) {
  // fontconfig gives Chromium a Chinese font (not boxes): Noto CJK from fonts-noto-cjk.
  auto font = RunProcess({"/usr/bin/fc-match", "sans-serif:lang=zh-cn", "family"});
  ASSERT_EQ(font.exit_code, 0) << font.err;
  EXPECT_NE(font.out.find("CJK"), std::string::npos)
      << font.out << ": run scripts/install-deps.sh (fonts-noto-cjk)";

  std::string html = dir_.File("digest-zh.html");
  auto preview = Run({"digest", "--preview", html});  // the first receiver's language
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  std::string profile = dir_.File("chromium-profile");
  std::string png = Shots() + "/digest-zh.png";
  std::filesystem::remove(png);
  auto shot = RunProcess(
      {"/usr/bin/timeout", "120", "/usr/bin/chromium", "--headless=new", "--no-sandbox",
       "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile, "--hide-scrollbars",
       "--window-size=900,1100", "--screenshot=" + png, "file://" + html},
      {{"HOME", profile}});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  std::ifstream in(png, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_GT(bytes.size(), 20000u) << "a blank page is smaller";
}

}  // namespace
}  // namespace sellerwatch::testing
