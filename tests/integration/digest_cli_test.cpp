// `sellerwatch digest`: --send through the outbox to a real SMTP server (aiosmtpd), the message
// checked with Python's email parser; --preview and --text on the same store.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "fakes/smtp_sink.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kHostile =
    "<script>alert(1)</script> broken\\r\\nBcc: victim@example.com <img "
    "src=\\\"http://evil/x.png\\\">";

class DigestCli : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write(
        "sellerwatch.yaml",
        "daemon: {state_dir: " + dir_.File("state") +
            "}\n"
            "accounts:\n"
            "  - {id: acme-us, marketplace: amazon}\n"
            "  - {id: acme-de, marketplace: amazon}\n"
            "receivers:\n"
            "  - {name: mail, email: {smtp_url: \"" +
            sink_.Url() +
            "\", tls: none, from: \"sellerwatch <digest@example.com>\", to: [ops@example.com]}}\n"
            "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [mail]}\n");
    const auto now = core::SystemClock().Now();
    auto at = [&](core::Duration ago) { return core::FormatRfc3339(now - ago); };
    std::string events;
    for (int i = 0; i < 30; ++i) {
      events += R"({"type":"order","account":"acme-us","id":"o)" + std::to_string(i) +
                R"(","purchased_at":")" + at(48h + i * 1h) +
                R"(","status":"shipped","fulfillment":"merchant","ship_by":")" + at(i * 1h) +
                R"(","shipped_at":")" + at(40h + i * 1h) + R"(","tracking_valid":true,)" +
                R"("updated_at":")" + at(40h + i * 1h) + "\"}\n";
    }
    events += R"({"type":"feedback","account":"acme-us","id":"fb1","order_id":"o1","rating":1,)"
              R"("received_at":")" +
              at(24h) + R"(","comment":")" + kHostile + R"(","removed":false})" + "\n";
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

bool HasResourceAttribute(const std::string& html) {
  return std::regex_search(html,
                           std::regex(R"(<[^>]*\s(src|href|background)\s*=)", std::regex::icase));
}

TEST_F(DigestCli, SendDeliversWellFormedMultipartMailWithEveryAccountAndNothingInjected) {
  auto sent = Run({"digest", "--send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_TRUE(sink_.WaitForMessages(1, 10s));
  auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_tos, (std::vector<std::string>{"ops@example.com"}));

  std::string file = dir_.Write("digest.eml", messages[0].data);
  auto parsed = RunProcess({"/usr/bin/python3", SourcePath("tests/fakes/mime_summary.py"), file});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  auto summary = boost::json::parse(parsed.out);
  EXPECT_EQ(summary.at("content_type").as_string(), "multipart/alternative");
  EXPECT_TRUE(summary.at("defects").as_array().empty()) << parsed.out.substr(0, 300);
  std::string subject;
  for (const auto& header : summary.at("headers").as_array()) {
    const auto& name = header.as_array()[0].as_string();
    EXPECT_NE(name, "Bcc");
    if (name == "Subject") subject = header.as_array()[1].as_string();
  }
  EXPECT_EQ(subject.rfind("[sellerwatch] Weekly digest: ", 0), 0u) << subject;

  const auto& parts = summary.at("parts").as_array();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("content_type").as_string(), "text/plain");
  EXPECT_EQ(parts[1].at("content_type").as_string(), "text/html");
  std::string text(parts[0].at("text").as_string());
  std::string html(parts[1].at("text").as_string());
  for (const char* account : {"acme-us", "acme-de"}) {
    EXPECT_NE(text.find(account), std::string::npos) << account;
    EXPECT_NE(html.find(account), std::string::npos) << account;
  }
  EXPECT_NE(text.find("\u2581"), std::string::npos);  // sparklines
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_FALSE(HasResourceAttribute(html));
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; broken Bcc: victim@example.com"),
            std::string::npos);
  EXPECT_NE(text.find("<script>alert(1)</script> broken Bcc: victim@example.com"),
            std::string::npos);
  EXPECT_EQ(text.find("\nBcc:"), std::string::npos);
}

TEST_F(DigestCli, PreviewWritesTheHtmlOfOneAccountAndTextPrintsTheTextPart) {
  std::string out = dir_.File("preview.html");
  auto preview = Run({"digest", "--preview", out, "--account", "acme-de"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  std::ifstream in(out);
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_NE(html.str().find("acme-de"), std::string::npos);
  EXPECT_EQ(html.str().find("acme-us"), std::string::npos);
  EXPECT_EQ(html.str().rfind("<!DOCTYPE html>", 0), 0u);

  auto text = Run({"digest", "--text"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("== acme-us"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Negative feedback this week: 1"), std::string::npos) << text.out;
  EXPECT_TRUE(sink_.Messages().empty());  // previews send nothing

  EXPECT_EQ(Run({"digest"}).exit_code, 64);
  EXPECT_EQ(Run({"digest", "--text", "--account", "nope"}).exit_code, 64);
}

}  // namespace
}  // namespace sellerwatch::testing
