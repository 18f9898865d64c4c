#include "net/smtp_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "fakes/run_awaitable.hpp"
#include "fakes/smtp_sink.hpp"
#include "net/curl_multi.hpp"

namespace sellerwatch::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::SmtpSink;
using testing::SmtpSinkOptions;

// A line starting with "." checks that curl's dot-stuffing is undone by the server, and
// that we do not stuff twice.
const std::string kMessage =
    "From: Sellerwatch <alerts@example.com>\r\n"
    "To: ops@example.com\r\n"
    "Subject: [critical] acme-us order_defect_rate 1.2%\r\n"
    "Date: Mon, 23 Nov 2026 20:00:00 +0000\r\n"
    "Message-ID: <1@sellerwatch.test>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Order defect rate is 1.2% (critical at 1%).\r\n"
    ".leading dot\r\n"
    "..two dots\r\n"
    "end\r\n";

SmtpRequest Request(const SmtpSink& sink) {
  return {.url = sink.Url(),
          .ca_file = sink.ca_file(),
          .mail_from = "alerts@example.com",
          .recipients = {"ops@example.com", "hidden-bcc@example.com"},
          .message = kMessage,
          .timeout = 30s};
}

class SmtpClientTest : public ::testing::Test {
 protected:
  core::Result<SmtpResult> Send(SmtpRequest request) {
    return testing::RunAwaitable(io_, client_.Send(std::move(request)));
  }

  asio::io_context io_;
  CurlMulti multi_{io_};
  SmtpClient client_{multi_};
};

void ExpectDelivered(SmtpSink& sink) {
  ASSERT_TRUE(sink.WaitForMessages(1, 30s));
  const auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].mail_from, "alerts@example.com");
  EXPECT_EQ(messages[0].rcpt_tos,
            (std::vector<std::string>{"ops@example.com", "hidden-bcc@example.com"}));
  EXPECT_EQ(messages[0].data, kMessage);  // byte for byte
}

TEST_F(SmtpClientTest, DeliversInClearTextWhenTlsNoneIsSet) {
  SmtpSink sink;
  auto request = Request(sink);
  request.tls_none = true;

  auto r = Send(request);

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->reply_code, 250);
  ExpectDelivered(sink);
}

TEST_F(SmtpClientTest, DeliversOverStartTlsTrustingTheGivenCa) {
  SmtpSink sink({.starttls = true, .require_starttls = true});

  auto r = Send(Request(sink));

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->reply_code, 250);
  ExpectDelivered(sink);
}

TEST_F(SmtpClientTest, DeliversOverImplicitTls) {
  SmtpSink sink({.implicit_tls = true});
  ASSERT_TRUE(sink.Url().starts_with("smtps://"));

  auto r = Send(Request(sink));

  ASSERT_TRUE(r) << r.error().message;
  ExpectDelivered(sink);
}

TEST_F(SmtpClientTest, LogsInAfterStartTls) {
  SmtpSink sink({.starttls = true,
                 .require_starttls = true,
                 .user = "alerts",
                 .password = "s3cret",
                 .auth_require_tls = true});
  auto request = Request(sink);
  request.username = "alerts";
  request.password = "s3cret";

  auto r = Send(request);

  ASSERT_TRUE(r) << r.error().message;
  ExpectDelivered(sink);
}

TEST_F(SmtpClientTest, WrongPasswordIsPermanentAndKeepsThePasswordOutOfTheMessage) {
  SmtpSink sink({.starttls = true, .user = "alerts", .password = "s3cret"});
  auto request = Request(sink);
  request.username = "alerts";
  request.password = "wrong-pass";

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find("535"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("wrong-pass"), std::string::npos) << r.error().message;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, RefusesClearTextWhenStartTlsIsNotOffered) {
  SmtpSink sink;  // no STARTTLS

  auto r = Send(Request(sink));  // tls_none is false

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find(sink.Url()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("STARTTLS"), std::string::npos) << r.error().message;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, UntrustedCertificateIsPermanent) {
  SmtpSink sink({.starttls = true});
  auto request = Request(sink);
  request.ca_file.clear();  // the system store does not know the test's self-signed cert

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent) << r.error().message;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, Rcpt451IsTransientWithTheReplyInTheMessage) {
  SmtpSink sink({.rcpt_reply = "451 4.3.0 Mailbox busy, try later"});
  auto request = Request(sink);
  request.tls_none = true;

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(r.error().message.find(sink.Url() + ": server replied 451 4.3.0 Mailbox busy"),
            std::string::npos)
      << r.error().message;
}

TEST_F(SmtpClientTest, Rcpt550IsPermanentWithTheReplyInTheMessage) {
  SmtpSink sink({.rcpt_reply = "550 5.1.1 No such user"});
  auto request = Request(sink);
  request.tls_none = true;

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find(sink.Url() + ": server replied 550 5.1.1 No such user"),
            std::string::npos)
      << r.error().message;
}

TEST_F(SmtpClientTest, DataRejectedWith451IsTransient) {
  SmtpSink sink({.data_reply = "451 4.3.0 Queue full"});
  auto request = Request(sink);
  request.tls_none = true;

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(r.error().message.find("451"), std::string::npos) << r.error().message;
}

TEST_F(SmtpClientTest, DataRejectedWith554IsPermanent) {
  SmtpSink sink({.data_reply = "554 5.7.1 Spam"});
  auto request = Request(sink);
  request.tls_none = true;

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find("554"), std::string::npos) << r.error().message;
}

TEST_F(SmtpClientTest, ServerDownIsTransient) {
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  SmtpRequest request{.url = "smtp://127.0.0.1:" + std::to_string(port),
                      .tls_none = true,
                      .mail_from = "alerts@example.com",
                      .recipients = {"ops@example.com"},
                      .message = kMessage};

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(r.error().message.find(request.url), std::string::npos) << r.error().message;
}

TEST_F(SmtpClientTest, RejectsAddressesThatCouldInjectCommands) {
  SmtpRequest request{.url = "smtp://127.0.0.1:25",
                      .tls_none = true,
                      .mail_from = "alerts@example.com",
                      .recipients = {"ops@example.com>\r\nRCPT TO:<evil@example.com"},
                      .message = kMessage};

  auto r = Send(request);

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
}

}  // namespace
}  // namespace sellerwatch::net
