// The imap source end to end against a real Dovecot (tests/fakes/dovecot_server): buyer
// messages relayed by Amazon in the inbox, the seller's replies in the sent folder, read by
// `sellerwatch poll --once`, `status --json` and `sellerwatch run`. Reply-time metrics match
// hand-computed values; the mailbox's flags are unchanged afterwards; a later reply closes a
// message; a changed UIDVALIDITY rereads without duplicates; plain, STARTTLS (self-signed CA
// through ca_file) and implicit TLS; a wrong password is "credentials rejected"; a server gone
// raises source_down after stale_after and its return resolves it; an unreadable header is
// logged by folder and UID while the rest is kept; no password or mail content in any output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <regex>

#include "core/time.hpp"
#include "fakes/dovecot_server.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using Clock = std::chrono::system_clock;

constexpr const char* kSource = "acme-us/imap";

class ImapSourceTest : public SourceTestBase {
 protected:
  explicit ImapSourceTest(Tls tls = Tls::kNone)
      : SourceTestBase("acme-us"), server_(DovecotOptions{.tls = tls}) {}

  std::string Config(const std::string& extra = "", const std::string& tls_key = "") {
    std::string tls = tls_key;
    if (tls.empty() && server_.tls() == Tls::kNone) tls = "        tls: none\n";
    if (!server_.ca_file().empty()) tls += "        ca_file: " + server_.ca_file() + "\n";
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: acme-us\n"
                          "    marketplace: amazon\n"
                          "    sources:\n"
                          "      - type: imap\n"
                          "        url: " +
                          server_.Url() + "\n" + tls + "        username: " + server_.user() +
                          "\n"
                          "        password: ${MAIL_PASSWORD}\n"
                          "        timeout: 10s\n" +
                          extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override { return {{"MAIL_PASSWORD", password_}}; }
  std::vector<std::string> Secrets() const override {
    return {server_.password(), "wrong-password-not-logged", "when will my order ship",
            "Jane Buyer", "@marketplace.amazon.com"};
  }

  Clock::time_point Ago(core::Duration d) const { return start_ - d; }
  core::Timestamp At(core::Duration ago) const {
    return std::chrono::time_point_cast<core::Duration>(Ago(ago));
  }

  // A buyer's message relayed by Amazon into the inbox.
  std::uint32_t FromBuyer(const std::string& buyer, const std::string& id, core::Duration ago,
                          const std::string& order,
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    return server_.Deliver(
        "INBOX",
        MailMessage(
            {.from = "Jane Buyer - Amazon Marketplace <" + buyer + "@marketplace.amazon.com>",
             .to = server_.user(),
             .subject = "Inquiry from Amazon customer Jane Buyer (Order: " + order + ")",
             .date = Ago(ago),
             .message_id = "<" + id + "@amazon.com>",
             .headers = std::move(headers)}),
        Ago(ago) + 1s);
  }
  // The seller's answer, in the sent folder.
  void Reply(const std::string& buyer, const std::string& answers, core::Duration ago,
             const std::string& order) {
    server_.Deliver(
        server_.sent_folder(),
        MailMessage(
            {.from = server_.user(),
             .to = buyer + "@marketplace.amazon.com",
             .subject = "RE: Inquiry from Amazon customer Jane Buyer (Order: " + order + ")",
             .date = Ago(ago),
             .in_reply_to = answers.empty() ? "" : "<" + answers + "@amazon.com>",
             .body = "Your order ships today."}),
        Ago(ago));
  }

  // The shop's last 10 days, with the latency of each buyer message:
  //   m1 (10 d ago) answered after 2 h; its follow-up m9 (3 h after m1) after 21 h;
  //   m2 (8 d) after 30 h; m3 (5 d) after 5 h; m4 (2 d) unanswered; m5 (14 h) unanswered.
  // Not counted: mail from amazon.com itself, an auto-reply, and the seller's mail to a
  // supplier. m8 has no From: it is reported and skipped.
  void FillMailbox() {
    FromBuyer("a1", "m1", 240h, "111-0000001-0000001");
    FromBuyer("a2", "m2", 192h, "111-0000002-0000002");
    FromBuyer("a3", "m3", 120h, "111-0000003-0000003");
    FromBuyer("a1", "m9", 237h, "111-0000001-0000001");
    FromBuyer("a4", "m4", 48h, "111-0000004-0000004");
    FromBuyer("a6", "m7", 96h, "111-0000006-0000006", {{"Auto-Submitted", "auto-replied"}});
    FromBuyer("a5", "m5", 14h, "111-0000005-0000005");
    server_.Deliver("INBOX", MailMessage({.from = "Amazon <do-not-reply@amazon.com>",
                                          .subject = "Your payout is on its way",
                                          .date = Ago(72h)}));
    malformed_uid_ =
        server_.Deliver("INBOX", "Subject: no sender\r\nDate: " + Rfc5322Date(Ago(30h)) +
                                     "\r\nMessage-ID: <m8@x>\r\n\r\nwhen will my order ship\r\n");
    Reply("a1", "m1", 238h, "111-0000001-0000001");
    Reply("a1", "", 216h, "111-0000001-0000001");  // m9, 21 h after it
    Reply("a2", "m2", 162h, "111-0000002-0000002");
    Reply("a3", "m3", 115h, "111-0000003-0000003");
    server_.Deliver(server_.sent_folder(), MailMessage({.from = server_.user(),
                                                        .to = "orders@supplier.example",
                                                        .subject = "Restock",
                                                        .date = Ago(100h)}));
  }

  json::value Status(const std::string& config) {
    auto status = Run({"status", "--json", "-c", config});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    return json::parse(status.out).at("accounts").at(0);
  }
  static const json::object& Metric(const json::value& account, std::string_view name) {
    for (const auto& m : account.at("metrics").as_array())
      if (m.at("name").as_string() == name) return m.as_object();
    ADD_FAILURE() << "no metric " << name;
    static json::object none;
    return none;
  }
  static json::array AtRisk(const json::value& account, std::string_view kind) {
    for (const auto& g : account.at("at_risk").as_array())
      if (g.at("kind").as_string() == kind) return g.at("items").as_array();
    return {};
  }

  Clock::time_point start_ = std::chrono::floor<std::chrono::seconds>(Clock::now());
  DovecotServer server_;
  std::string password_ = server_.password();
  std::uint32_t malformed_uid_ = 0;
};

TEST_F(ImapSourceTest, RepliesTimedFromTheMailboxMatchHandComputedMetricsAndNoFlagChanges) {
  FillMailbox();
  auto inbox_flags = server_.Flags("INBOX");
  auto sent_flags = server_.Flags(server_.sent_folder());
  std::string config = Config();
  auto r = PollOnce(config);
  ASSERT_EQ(r.exit_code, 0) << r.err << server_.Log();
  // The unreadable mail: named by folder and UID, nothing of its content.
  EXPECT_NE(r.err.find("source=acme-us/imap INBOX UID " + std::to_string(malformed_uid_) +
                       ": no sender address in From"),
            std::string::npos)
      << r.err;

  auto messages = Of<core::Message>();
  ASSERT_EQ(messages.size(), 6u);
  std::map<std::string, std::optional<core::Duration>> latency;
  for (const auto& [id, m] : messages) {
    EXPECT_EQ(m.account, "acme-us");
    EXPECT_EQ(m.id.rfind("m-", 0), 0u);
    EXPECT_EQ(m.thread.find('@'), std::string::npos) << "an address in the thread key";
    latency[m.order_id + (m.received_at == At(237h) ? "+" : "")] =
        m.replied_at ? std::optional(*m.replied_at - m.received_at) : std::nullopt;
  }
  EXPECT_EQ(latency, (std::map<std::string, std::optional<core::Duration>>{
                         {"111-0000001-0000001", 2h},
                         {"111-0000001-0000001+", 21h},
                         {"111-0000002-0000002", 30h},
                         {"111-0000003-0000003", 5h},
                         {"111-0000004-0000004", std::nullopt},
                         {"111-0000005-0000005", std::nullopt}}));

  json::value acme = Status(config);
  // Within 24 h: m1, m9, m3; late: m2 and m4 (unanswered for 48 h); m5 is not yet 24 h old.
  const auto& within = Metric(acme, "response_within_24h_rate");
  EXPECT_EQ(within.at("numerator").to_number<double>(), 3);
  EXPECT_EQ(within.at("denominator").to_number<double>(), 5);
  // p90 of 2, 5, 14+, 21, 30 and 48+ hours (nearest rank: the 6th) is m4's wait so far.
  const auto& p90 = Metric(acme, "response_time_p90");
  EXPECT_EQ(p90.at("denominator").to_number<double>(), 6);
  double seconds = p90.at("value").to_number<double>();
  EXPECT_GE(seconds, 48 * 3600.0);
  EXPECT_LT(seconds, 48 * 3600.0 + 600);
  // m5 has waited 14 h: past the 12 h lead, due 10 h from now.
  json::array risky = AtRisk(acme, "reply_deadline_at_risk");
  ASSERT_EQ(risky.size(), 1u) << json::serialize(acme);
  EXPECT_EQ(risky[0].at("deadline").as_string(), core::FormatRfc3339(At(14h) + 24h));

  // Read-only: every flag as it was (no \Seen), nothing deleted.
  EXPECT_EQ(server_.Flags("INBOX"), inbox_flags);
  EXPECT_EQ(server_.Flags(server_.sent_folder()), sent_flags);
  for (const auto& [uid, flags] : server_.Flags("INBOX")) EXPECT_EQ(flags, "") << uid;
}

TEST_F(ImapSourceTest, ALaterReplyClosesTheMessageAndAChangedUidValidityAddsNoDuplicates) {
  FillMailbox();
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto cursor = json::parse(*Cursor(kSource));
  EXPECT_EQ(cursor.at("sent_name").as_string(), server_.sent_folder());
  EXPECT_EQ(cursor.at("open").as_array().size(), 2u);  // m4 and m5

  // The seller answers m5 now, 13 h after it came: the next poll reads only the new mail.
  Reply("a5", "m5", 1h, "111-0000005-0000005");
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto messages = Of<core::Message>();
  ASSERT_EQ(messages.size(), 6u);
  std::size_t replied = 0;
  for (const auto& [id, m] : messages) {
    if (m.order_id == "111-0000005-0000005") {
      EXPECT_EQ(m.replied_at, At(1h));
    }
    replied += m.replied_at.has_value();
  }
  EXPECT_EQ(replied, 5u);
  json::value acme = Status(config);
  EXPECT_EQ(Metric(acme, "response_within_24h_rate").at("numerator").to_number<double>(), 4);
  EXPECT_EQ(Metric(acme, "response_within_24h_rate").at("denominator").to_number<double>(), 6);
  EXPECT_TRUE(AtRisk(acme, "reply_deadline_at_risk").empty());
  EXPECT_EQ(json::parse(*Cursor(kSource)).at("open").as_array().size(), 1u);  // m4

  // The server renumbers the inbox: both folders are read again, nothing counted twice.
  std::uint32_t validity = server_.ResetUidValidity("INBOX");
  auto r = PollOnce(config);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("UIDVALIDITY changed"), std::string::npos) << r.err;
  EXPECT_EQ(Of<core::Message>().size(), 6u);
  auto after = json::parse(*Cursor(kSource));
  EXPECT_EQ(after.at("inbox").at("validity").to_number<std::uint32_t>(), validity);
  EXPECT_EQ(after.at("open").as_array().size(), 1u);
  json::value again = Status(config);
  EXPECT_EQ(Metric(again, "response_within_24h_rate").at("numerator").to_number<double>(), 4);
  EXPECT_EQ(Metric(again, "response_within_24h_rate").at("denominator").to_number<double>(), 6);
}

TEST_F(ImapSourceTest, AWrongPasswordIsCredentialsRejected) {
  FillMailbox();
  password_ = "wrong-password-not-logged";
  std::string config = Config("        stale_after: 1ms\n");
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("credentials rejected"), std::string::npos) << first.err;
  PollOnce(config);
  ASSERT_EQ(SourceDown().size(), 1u) << ReadFile(dir_.File("alerts.jsonl"));
  EXPECT_NE(std::get<2>(SourceDown()[0]).find("rejected its credentials"), std::string::npos)
      << std::get<2>(SourceDown()[0]);
  EXPECT_TRUE(Of<core::Message>().empty());
}

TEST_F(ImapSourceTest, AServerGoneRaisesSourceDownAndItsReturnResolvesIt) {
  FillMailbox();
  std::string config = Config("        stale_after: 1ms\n");
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  const auto cursor = Cursor(kSource);
  server_.Stop();
  EXPECT_EQ(PollOnce(config).exit_code, 1);  // the outage starts
  auto second = PollOnce(config);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find(server_.Url()), std::string::npos) << second.err;
  ASSERT_EQ(SourceDown().size(), 1u);
  EXPECT_EQ(std::get<1>(SourceDown()[0]), "firing");
  EXPECT_EQ(Cursor(kSource), cursor);  // nothing moved while it was gone
  server_.Start();
  Reply("a5", "m5", 1h, "111-0000005-0000005");
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  ASSERT_EQ(SourceDown().size(), 2u);
  EXPECT_EQ(std::get<1>(SourceDown()[1]), "resolved");
  EXPECT_TRUE(Of<core::Message>().size() == 6u);
}

TEST_F(ImapSourceTest, TheDaemonPollsAndBacksOffWhileTheServerIsGone) {
  FillMailbox();
  std::string config = Config("        poll: 1s\n        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  ASSERT_TRUE(daemon.WaitForStderr("source=acme-us/imap poll:", 60s)) << daemon.err();
  EXPECT_EQ(Of<core::Message>().size(), 6u);
  server_.Stop();
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  // Failed polls were spaced out (backoff), not repeated at once.
  std::regex failed("source=acme-us/imap poll failed");
  auto n = std::distance(std::sregex_iterator(output_.begin(), output_.end(), failed),
                         std::sregex_iterator());
  EXPECT_GE(n, 1);
  EXPECT_LE(n, 10);
}

class ImapStartTlsTest : public ImapSourceTest {
 protected:
  ImapStartTlsTest() : ImapSourceTest(Tls::kStartTls) {}
};

TEST_F(ImapStartTlsTest, StartTlsWithTheSelfSignedCaFromCaFile) {
  FillMailbox();
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err << server_.Log();
  EXPECT_EQ(Of<core::Message>().size(), 6u);
}

TEST_F(ImapStartTlsTest, AnUntrustedCertificateIsRefused) {
  FillMailbox();
  std::string config = Config();
  // Without ca_file the self-signed certificate is not trusted.
  std::string text = ReadFile(config);
  text = std::regex_replace(text, std::regex("        ca_file: .*\n"), "");
  dir_.Write("sellerwatch.yaml", text);
  auto r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
  EXPECT_TRUE(Of<core::Message>().empty());
}

class ImapImplicitTlsTest : public ImapSourceTest {
 protected:
  ImapImplicitTlsTest() : ImapSourceTest(Tls::kImplicit) {}
};

TEST_F(ImapImplicitTlsTest, ImapsWorks) {
  FillMailbox();
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err << server_.Log();
  EXPECT_EQ(Of<core::Message>().size(), 6u);
}

class ImapPlainServerTest : public ImapSourceTest {};

TEST_F(ImapPlainServerTest, WithoutTlsNoneAServerWithoutStartTlsIsRefusedBeforeLoggingIn) {
  FillMailbox();
  std::string config = Config("", "        # TLS required\n");
  auto r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("does not offer STARTTLS"), std::string::npos) << r.err;
  EXPECT_EQ(server_.Log().find("Login: user="), std::string::npos) << server_.Log();
}

}  // namespace
}  // namespace sellerwatch::testing
