#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::testing {

enum class Tls {
  kNone,      // imap://, STARTTLS not offered, plaintext LOGIN accepted
  kStartTls,  // imap:// offering STARTTLS; LOGINDISABLED (no login at all) until TLS is on
  kImplicit,  // imaps://: TLS from the first byte
};

struct DovecotOptions {
  Tls tls = Tls::kNone;
  std::string user = "seller@example.com";  // no ':' or line breaks
  std::string password = "app-password-1";  // no ':' or line breaks
  // Created with the \Sent special-use flag (LIST ... RETURN (SPECIAL-USE) shows it).
  std::string sent_folder = "Sent Items";
  std::uint16_t port = 0;  // 0: picked at run time; else this one
};

// A real IMAP server: Debian's Dovecot 2.3 (/usr/sbin/dovecot, package dovecot-imapd) run in
// the foreground with a throwaway config and everything (config, sockets, log, Maildir, TLS
// certificate) in a TempDir, serving one user on 127.0.0.1. Started by the constructor, stopped
// by the destructor:
//
//   DovecotServer server({.tls = Tls::kImplicit});
//   server.Deliver("INBOX", MailMessage({.subject = "Where is my order?"}));
//   ... point the client at server.Url() with server.user() / server.password(), trusting
//       server.ca_file() ...
//   EXPECT_EQ(server.Flags("INBOX"), (std::map<std::uint32_t, std::string>{{1, ""}}));
//
// Clients reach Dovecot through a relay on the harness's own thread that listens on
// 127.0.0.1:port() and connects to Dovecot (on a private port) from 127.0.0.2. Dovecot treats
// a client whose address equals its own as "secured" and would then accept a plaintext login
// on a STARTTLS server; from 127.0.0.2 the client is remote, so kStartTls really refuses to log
// in before STARTTLS, as a mail provider does. The relay also keeps port() the same across
// Stop() / Start().
//
// The mailbox is a Maildir; the harness writes messages into it directly (Dovecot picks them up
// on the client's next command) and reads state through `doveadm`, which works whether the
// server is running or not. Each of Deliver(), Flags(), Count(), UidValidity() and
// ResetUidValidity() runs doveadm once or twice (some 50 ms each). Deliver() may run while a
// client has the folder selected (new mail arriving); ResetUidValidity() must not.
//
// Logins: PLAIN and LOGIN. A wrong password is refused within 0.5 s (Dovecot's 2 s failure
// delay and its growing per-IP penalty are off).
//
// Folders: "INBOX" (any case) or a name like "Sent Items" / "Archive/2024" (hierarchy separator
// '/'; names must not contain '.'). Dovecot runs with TZ=UTC, so INTERNALDATE reads "+0000".
class DovecotServer {
 public:
  explicit DovecotServer(DovecotOptions options = {});
  ~DovecotServer();  // Stop()
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string Url() const;  // "imap://127.0.0.1:<port>" or, for kImplicit, "imaps://..."
  const std::string& user() const { return options_.user; }
  const std::string& password() const { return options_.password; }
  const std::string& sent_folder() const { return options_.sent_folder; }
  Tls tls() const { return options_.tls; }
  // The self-signed certificate (for 127.0.0.1) to trust; empty with Tls::kNone.
  const std::string& ca_file() const { return cert_; }

  // Kills Dovecot (SIGKILL; returns once all its processes are gone) and closes port():
  // connecting is refused ("server gone").
  // Connections open at the time are dropped. The mail stays.
  void Stop();
  // Starts Dovecot again with the same mail on the same port() ("server back"). Throws
  // std::runtime_error (with Dovecot's output) when it does not come up within 20 s.
  void Start();
  bool running() const { return process_ != nullptr; }

  // Puts a complete RFC 822 message (CRLF or LF line ends, kept as given) into `folder`'s
  // Maildir new/ directory, creating the folder if it does not exist. `internal_date` becomes
  // the file's mtime, which Dovecot reports as INTERNALDATE; unset: now. Returns the UID
  // Dovecot assigned (learned through doveadm). Works while the server is stopped, too.
  std::uint32_t Deliver(const std::string& folder, const std::string& rfc822,
                        std::optional<std::chrono::system_clock::time_point> internal_date = {});

  // Makes `folder`'s UIDVALIDITY change while keeping its messages and their flags: deletes
  // the folder's dovecot-uidlist and index files, lets Dovecot rebuild them (UIDs are assigned
  // from 1 again, in delivery order) and checks that the new UIDVALIDITY differs. Returns it.
  std::uint32_t ResetUidValidity(const std::string& folder);
  std::uint32_t UidValidity(const std::string& folder);

  // UID -> the message's flags as Dovecot lists them, space-separated ("" when none,
  // "\Seen \Flagged", keywords included); the session flag \Recent is left out. For checking
  // that a client changed nothing (no \Seen set, nothing deleted or expunged).
  std::map<std::uint32_t, std::string> Flags(const std::string& folder);
  std::size_t Count(const std::string& folder);

  // Dovecot's log so far (logins, disconnects with reasons, errors): for failure messages.
  std::string Log() const;

 private:
  class Relay;

  // Writes the Dovecot and doveadm configs for the private port `inner_port`.
  void WriteConfig(std::uint16_t inner_port);
  // Spawns Dovecot on `inner_port`; false when that port turned out to be taken.
  bool Launch(std::uint16_t inner_port);
  ProcessResult Doveadm(std::vector<std::string> args) const;
  std::string MaildirOf(const std::string& folder) const;
  void EnsureMaildir(const std::string& folder);
  void GiveToMailUser(const std::string& path) const;

  DovecotOptions options_;
  TempDir dir_;
  std::string cert_;
  std::string key_;
  bool as_root_ = false;
  uid_t mail_uid_ = 0;
  gid_t mail_gid_ = 0;
  std::string internal_user_;
  std::string login_user_;
  std::string internal_group_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Relay> relay_;
  std::unique_ptr<BackgroundProcess> process_;
};

// A realistic message for Deliver(): From, To, Subject, Date, Message-ID (plus In-Reply-To,
// References, Cc and `headers` when given), MIME headers, a blank line and the body; CRLF line
// ends throughout (a body's bare LFs become CRLF).
struct MailFields {
  std::string from = "Jane Buyer <jane.buyer@example.net>";
  std::string to = "seller@example.com";
  std::string cc{};
  std::string subject = "Question about my order";
  std::optional<std::chrono::system_clock::time_point> date{};  // unset: now
  std::string message_id{};  // with the angle brackets; empty: a new unique one
  std::string in_reply_to{};
  std::string references{};
  std::vector<std::pair<std::string, std::string>> headers{};  // after the standard ones
  std::string content_type = "text/plain; charset=utf-8";
  std::string body = "Hello,\n\nwhen will my order ship?\n\nJane\n";
};

std::string MailMessage(const MailFields& fields);

// RFC 5322 date-time in UTC: "Tue, 02 Jan 2024 03:04:05 +0000".
std::string Rfc5322Date(std::chrono::system_clock::time_point t);

}  // namespace sellerwatch::testing
