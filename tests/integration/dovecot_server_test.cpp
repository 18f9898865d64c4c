// The Dovecot harness (tests/fakes/dovecot_server.hpp) against curl, libcurl's command-line
// tool, for each TLS mode: what it delivers is what an IMAP client reads; it reports flags a
// client changed; its UIDVALIDITY reset, Stop() and Start() do what the imap source's tests
// will rely on.

#include "fakes/dovecot_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <regex>

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using Flags = std::map<std::uint32_t, std::string>;

// curl exit codes
constexpr int kCouldntConnect = 7;
constexpr int kLoginDenied = 67;

// curl logged in to `path` (a URL-encoded mailbox, maybe with ";UID=..."; curl SELECTs it
// first) with TLS as the server wants it, plus `args`.
ProcessResult Curl(const DovecotServer& server, const std::string& path,
                   std::vector<std::string> args, const std::string& password = "") {
  std::vector<std::string> argv = {
      "curl",
      "--silent",
      "--show-error",
      "--max-time",
      "15",
      "--url",
      server.Url() + "/" + path,
      "--user",
      server.user() + ":" + (password.empty() ? server.password() : password)};
  if (server.tls() != Tls::kNone) argv.insert(argv.end(), {"--cacert", server.ca_file()});
  if (server.tls() == Tls::kStartTls) argv.push_back("--ssl-reqd");
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

// One IMAP command; curl prints the untagged responses (without literals' contents).
ProcessResult Imap(const DovecotServer& server, const std::string& command,
                   const std::string& mailbox = "", const std::string& password = "") {
  return Curl(server, mailbox, {"-X", command}, password);
}

std::optional<std::uint32_t> UidValidityIn(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(\[UIDVALIDITY (\d+)\])"))) return std::nullopt;
  return static_cast<std::uint32_t>(std::stoul(m[1]));
}

std::string Name(const ::testing::TestParamInfo<Tls>& info) {
  switch (info.param) {
    case Tls::kNone:
      return "Plain";
    case Tls::kStartTls:
      return "StartTls";
    case Tls::kImplicit:
      return "ImplicitTls";
  }
  return "?";
}

class DovecotServerTest : public ::testing::TestWithParam<Tls> {};

TEST_P(DovecotServerTest, CurlReadsTheDeliveredMailWithoutChangingFlags) {
  DovecotServer server({.tls = GetParam()});
  EXPECT_EQ(server.Url(),
            (GetParam() == Tls::kImplicit ? "imaps://127.0.0.1:" : "imap://127.0.0.1:") +
                std::to_string(server.port()));
  const auto received = std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} + 3h + 4min + 5s;
  EXPECT_EQ(server.Deliver("INBOX", MailMessage({.subject = "Where is order 1001?"}), received),
            1u);
  EXPECT_EQ(server.Deliver("INBOX", MailMessage({.subject = "Re: Where is order 1001?",
                                                 .message_id = "<second@example.net>",
                                                 .in_reply_to = "<reply@example.com>",
                                                 .references = "<first@example.net> "
                                                               "<reply@example.com>"})),
            2u);
  EXPECT_EQ(
      server.Deliver(server.sent_folder(), MailMessage({.from = "Seller <seller@example.com>",
                                                        .to = "jane.buyer@example.net",
                                                        .subject = "Re: Where is order 1001?",
                                                        .message_id = "<reply@example.com>"})),
      1u);
  EXPECT_EQ(server.Count("INBOX"), 2u);
  EXPECT_EQ(server.Count(server.sent_folder()), 1u);

  auto examine = Imap(server, "EXAMINE INBOX");
  ASSERT_EQ(examine.exit_code, 0) << examine.err << server.Log();
  EXPECT_THAT(examine.out, HasSubstr("* 2 EXISTS"));
  EXPECT_TRUE(UidValidityIn(examine.out)) << examine.out;

  auto list = Imap(server, R"(LIST "" "*" RETURN (SPECIAL-USE))");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(R"(* LIST (\Sent) "/" "Sent Items")"));
  EXPECT_THAT(list.out, HasSubstr(R"(* LIST () "/" INBOX)"));

  auto denied = Imap(server, "EXAMINE INBOX", "", "wrong-password");
  EXPECT_EQ(denied.exit_code, kLoginDenied) << denied.out << denied.err;

  // Reading headers with BODY.PEEK (curl SELECTs the folder) sets no flag.
  const Flags unread = {{1, ""}, {2, ""}};
  ASSERT_EQ(server.Flags("INBOX"), unread);
  auto fetch = Imap(server, "UID FETCH 1:* (INTERNALDATE ENVELOPE BODY.PEEK[HEADER])", "INBOX");
  ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
  EXPECT_THAT(fetch.out, HasSubstr(R"(INTERNALDATE "02-Jan-2024 03:04:05 +0000")"));
  EXPECT_THAT(fetch.out, HasSubstr(R"("Where is order 1001?")"));
  EXPECT_THAT(fetch.out, HasSubstr(R"("<reply@example.com>" "<second@example.net>")"));
  EXPECT_EQ(server.Flags("INBOX"), unread);

  auto sent = Imap(server, "UID FETCH 1:* (ENVELOPE)", "Sent%20Items");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_THAT(sent.out, HasSubstr(R"(NIL "<reply@example.com>"))"));

  // A client that does change something is seen: curl fetches with BODY[], which sets \Seen.
  auto body = Curl(server, "INBOX;UID=2;SECTION=TEXT", {});
  ASSERT_EQ(body.exit_code, 0) << body.err;
  EXPECT_EQ(body.out, "Hello,\r\n\r\nwhen will my order ship?\r\n\r\nJane\r\n");
  EXPECT_EQ(server.Flags("INBOX"), (Flags{{1, ""}, {2, "\\Seen"}}));
}

TEST_P(DovecotServerTest, UidValidityResetStopAndStart) {
  DovecotServer server({.tls = GetParam()});
  server.Deliver("INBOX", MailMessage({.subject = "one"}));
  server.Deliver("INBOX", MailMessage({.subject = "two"}));
  ASSERT_EQ(Imap(server, "UID STORE 1 +FLAGS (\\Flagged)", "INBOX").exit_code, 0);
  auto before = UidValidityIn(Imap(server, "EXAMINE INBOX").out);
  ASSERT_TRUE(before);
  ASSERT_EQ(server.UidValidity("INBOX"), *before);

  // Same messages, same flags, a new UIDVALIDITY.
  const std::uint32_t reset = server.ResetUidValidity("INBOX");
  auto examine = Imap(server, "EXAMINE INBOX");
  ASSERT_EQ(examine.exit_code, 0) << examine.err;
  EXPECT_NE(UidValidityIn(examine.out), before);
  EXPECT_EQ(UidValidityIn(examine.out), reset);
  EXPECT_THAT(examine.out, HasSubstr("* 2 EXISTS"));
  EXPECT_EQ(server.Flags("INBOX"), (Flags{{1, "\\Flagged"}, {2, ""}}));

  // Gone: connecting fails. Mail delivered meanwhile is there when the server is back.
  const std::uint16_t port = server.port();
  server.Stop();
  EXPECT_FALSE(server.running());
  auto gone = Imap(server, "EXAMINE INBOX");
  EXPECT_EQ(gone.exit_code, kCouldntConnect) << gone.out << gone.err;
  EXPECT_EQ(server.Deliver("INBOX", MailMessage({.subject = "three"})), 3u);

  server.Start();
  EXPECT_EQ(server.port(), port);
  auto back = Imap(server, "EXAMINE INBOX");
  ASSERT_EQ(back.exit_code, 0) << back.err << server.Log();
  EXPECT_THAT(back.out, HasSubstr("* 3 EXISTS"));
  EXPECT_EQ(UidValidityIn(back.out), reset);
}

INSTANTIATE_TEST_SUITE_P(Dovecot, DovecotServerTest,
                         ::testing::Values(Tls::kNone, Tls::kStartTls, Tls::kImplicit), Name);

// Capabilities before login, read without logging in (curl then only runs the command).
ProcessResult Capabilities(const DovecotServer& server) {
  return RunProcess({"curl", "--silent", "--show-error", "--max-time", "15", "--url",
                     server.Url() + "/", "-X", "CAPABILITY"});
}

TEST(DovecotServer, StartTlsServerRefusesLoginBeforeTls) {
  DovecotServer server({.tls = Tls::kStartTls});
  auto caps = Capabilities(server);
  ASSERT_EQ(caps.exit_code, 0) << caps.err;
  EXPECT_THAT(caps.out, HasSubstr("STARTTLS"));
  EXPECT_THAT(caps.out, HasSubstr("LOGINDISABLED"));

  // Without --ssl-reqd curl does not upgrade, and the server lets nobody log in.
  auto plain = RunProcess({"curl", "--silent", "--show-error", "--max-time", "15", "--url",
                           server.Url() + "/", "--user", server.user() + ":" + server.password(),
                           "-X", "EXAMINE INBOX"});
  EXPECT_EQ(plain.exit_code, kLoginDenied) << plain.out << plain.err;
  // A client that does not trust the certificate fails the handshake.
  auto untrusted = RunProcess({"curl", "--silent", "--show-error", "--max-time", "15", "--url",
                               server.Url() + "/", "--ssl-reqd", "--user",
                               server.user() + ":" + server.password(), "-X", "EXAMINE INBOX"});
  EXPECT_EQ(untrusted.exit_code, 60) << untrusted.err;  // CURLE_PEER_FAILED_VERIFICATION
}

TEST(DovecotServer, PlainServerOffersNoStartTls) {
  DovecotServer server({.user = "other@example.org", .password = "s3cret", .port = 0});
  auto caps = Capabilities(server);
  ASSERT_EQ(caps.exit_code, 0) << caps.err;
  EXPECT_THAT(caps.out, Not(HasSubstr("STARTTLS")));
  EXPECT_THAT(caps.out, Not(HasSubstr("LOGINDISABLED")));
  EXPECT_EQ(Imap(server, "EXAMINE INBOX").exit_code, 0);
  EXPECT_EQ(server.ca_file(), "");
}

}  // namespace
}  // namespace sellerwatch::testing
