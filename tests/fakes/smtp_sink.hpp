#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::testing {

struct SmtpSinkOptions {
  bool starttls = false;          // offer STARTTLS with a certificate made for 127.0.0.1
  bool require_starttls = false;  // refuse mail before STARTTLS
  bool implicit_tls = false;      // smtps: TLS from the first byte (with `starttls` unset)
  std::string user{};             // offer AUTH PLAIN/LOGIN accepting user/password
  std::string password{};
  bool auth_require_tls = false;  // offer AUTH only after STARTTLS
  std::string rcpt_reply{};       // answer every RCPT with this ("550 5.1.1 No such user")
  std::string data_reply{};       // answer every message with this ("451 4.3.0 Try later")
  std::uint16_t port = 0;         // 0: the kernel picks; else this one (a server coming back)
};

struct SmtpMessage {
  std::string mail_from{};
  std::vector<std::string> rcpt_tos{};
  std::string data{};  // the message as submitted: de-dot-stuffed, CRLF line ends kept
};

// A real SMTP server (Debian's aiosmtpd, tests/fakes/smtp_sink.py) on 127.0.0.1 with a
// kernel-chosen port, started in the constructor and killed in the destructor.
//
//   SmtpSink sink({.starttls = true});
//   ... send to sink.Url() trusting sink.ca_file() ...
//   ASSERT_TRUE(sink.WaitForMessages(1, 10s));
//   EXPECT_EQ(sink.Messages()[0].rcpt_tos, ...);
class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::uint16_t port() const { return port_; }
  std::string Url() const;  // "smtp://127.0.0.1:<port>", or "smtps://..." with implicit TLS
  // The self-signed certificate to trust; empty without TLS.
  const std::string& ca_file() const { return cert_; }

  // Waits (on the server's output, never sleeping) until `n` messages were stored.
  bool WaitForMessages(std::size_t n, std::chrono::milliseconds timeout);
  // The messages stored so far, in arrival order.
  std::vector<SmtpMessage> Messages() const;

 private:
  TempDir dir_;
  std::string cert_;
  std::unique_ptr<BackgroundProcess> process_;
  std::uint16_t port_ = 0;
  bool implicit_tls_ = false;
};

}  // namespace sellerwatch::testing
