// `sellerwatch digest`: --send through the outbox to a real SMTP server (aiosmtpd), the message
// checked with Python's email parser; --preview and --text on the same store.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
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

// Sharding (README "Digest across shards"): two shards, each with its own store, export their
// accounts; a third instance merges the exports into one digest per receiver. hashmod for N=2:
// acme-us and x → shard 0, acme-de and shop-1 → shard 1.
class DigestShardsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write(
        "sellerwatch.yaml",
        "daemon: {state_dir: " + dir_.File("unused") +
            "}\n"
            "accounts:\n"
            "  - {id: acme-us, marketplace: amazon}\n"
            "  - {id: acme-de, marketplace: amazon}\n"
            "  - {id: shop-1, marketplace: shopify}\n"
            "  - {id: x, marketplace: custom}\n"
            "receivers:\n"
            "  - {name: mail, email: {smtp_url: \"" +
            sink_.Url() +
            "\", tls: none, from: \"sellerwatch <digest@example.com>\", to: [ops@example.com]}}\n"
            "  - {name: log, file: {path: " +
            dir_.File("digests.jsonl") +
            "}}\n"
            "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [mail, log]}\n");
    const auto now = core::SystemClock().Now();
    for (const auto& [shard, accounts] : std::vector<std::pair<int, std::vector<std::string>>>{
             {0, {"acme-us", "x"}}, {1, {"acme-de", "shop-1"}}}) {
      std::string events;
      for (const auto& account : accounts) {
        for (int i = 0; i < 5; ++i) {
          events += R"({"type":"order","account":")" + account + R"(","id":"o)" +
                    std::to_string(i) + R"(","purchased_at":")" +
                    core::FormatRfc3339(now - 48h - i * 1h) +
                    R"(","status":"shipped","fulfillment":"merchant","updated_at":")" +
                    core::FormatRfc3339(now - 40h) + "\"}\n";
        }
      }
      const std::string file = dir_.Write("events-" + std::to_string(shard) + ".jsonl", events);
      auto imported = Run({"import", file, "--state-dir", State(shard)});
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
  }

  std::string State(int shard) const { return dir_.File("state-" + std::to_string(shard)); }
  std::string Export(int shard) const {
    return dir_.File("exports/shard-" + std::to_string(shard) + ".json");
  }

  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"-c", config_});
    return Sellerwatch(args);
  }

  ProcessResult ExportShard(int shard) {
    return Run({"digest", "--export", Export(shard), "--shard", std::to_string(shard) + "/2",
                "--state-dir", State(shard)});
  }

  static std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  static std::string MessageId(const std::string& mail) {
    std::smatch m;
    return std::regex_search(mail, m, std::regex("Message-ID: (<[^>]+>)")) ? m[1].str() : "";
  }

  SmtpSink sink_;
  TempDir dir_;
  std::string config_;
};

TEST_F(DigestShardsCli, ExportsOfEveryShardMergeIntoOneDigestWithEveryAccountOnce) {
  std::filesystem::create_directories(dir_.File("exports"));
  for (int shard : {0, 1}) {
    auto exported = ExportShard(shard);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.err.find("shard " + std::to_string(shard) + "/2, 2 account(s)"),
              std::string::npos)
        << exported.err;
  }
  const std::string merger = dir_.File("state-merge");
  auto text = Run({"digest", "--merge", Export(1), Export(0), "--text", "--state-dir", merger});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* account : {"acme-us", "acme-de", "shop-1", "x"}) {
    EXPECT_EQ(Count(text.out, std::string("== ") + account + " "), 1u) << account << text.out;
  }
  EXPECT_NE(text.out.find("4 accounts"), std::string::npos) << text.out.substr(0, 300);

  const std::string preview = dir_.File("merged.html");
  auto previewed =
      Run({"digest", "--merge", Export(0), Export(1), "--preview", preview, "--state-dir", merger});
  ASSERT_EQ(previewed.exit_code, 0) << previewed.err;
  const std::string html = ReadFile(preview);
  for (const char* account : {"acme-us", "acme-de", "shop-1"}) {
    EXPECT_NE(html.find(account), std::string::npos) << account;
  }
  EXPECT_TRUE(sink_.Messages().empty());  // previews send nothing
}

TEST_F(DigestShardsCli, MergedSendDeliversOneMessagePerReceiverOnceAndRefusesPartialSets) {
  std::filesystem::create_directories(dir_.File("exports"));
  ASSERT_EQ(ExportShard(0).exit_code, 0);

  // Shard 1 has not exported: nothing may go out.
  const std::string merger = dir_.File("state-merge");
  auto partial = Run({"digest", "--merge", Export(0), "--send", "--state-dir", merger});
  EXPECT_EQ(partial.exit_code, 65);
  EXPECT_NE(partial.err.find("shard 1/2 missing; have " + Export(0) + " (0/2)"), std::string::npos)
      << partial.err;
  auto twice = Run({"digest", "--merge", Export(0), Export(0), "--send", "--state-dir", merger});
  EXPECT_EQ(twice.exit_code, 65);
  EXPECT_NE(twice.err.find("shard 0/2 appears twice"), std::string::npos) << twice.err;

  ASSERT_EQ(ExportShard(1).exit_code, 0);
  auto sent = Run({"digest", "--merge", Export(0), Export(1), "--send", "--state-dir", merger});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_TRUE(sink_.WaitForMessages(1, 10s));
  auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  for (const char* account : {"acme-us", "acme-de", "shop-1"}) {
    EXPECT_NE(messages[0].data.find(account), std::string::npos) << account;
  }
  EXPECT_EQ(Count(ReadFile(dir_.File("digests.jsonl")), "\n"), 1u);

  // The same week merged again on the same instance sends nothing.
  auto again = Run({"digest", "--merge", Export(0), Export(1), "--send", "--state-dir", merger});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("mail already has the digest of"), std::string::npos) << again.err;
  EXPECT_EQ(sink_.Messages().size(), 1u);
  EXPECT_EQ(Count(ReadFile(dir_.File("digests.jsonl")), "\n"), 1u);

  // Merged on another instance by mistake: the mail is the same message (same Message-ID),
  // so mail clients show it once.
  auto elsewhere = Run({"digest", "--merge", Export(0), Export(1), "--send", "--state-dir",
                        dir_.File("state-other")});
  ASSERT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
  ASSERT_TRUE(sink_.WaitForMessages(2, 10s));
  messages = sink_.Messages();
  EXPECT_FALSE(MessageId(messages[0].data).empty());
  EXPECT_EQ(MessageId(messages[0].data), MessageId(messages[1].data));
}

}  // namespace
}  // namespace sellerwatch::testing
