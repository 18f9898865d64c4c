#include "fakes/dovecot_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "fakes/io_thread.hpp"

namespace sellerwatch::testing {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using std::chrono_literals::operator""s;
using std::chrono_literals::operator""ms;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr const char* kDovecot = "/usr/sbin/dovecot";
constexpr const char* kDoveadm = "/usr/bin/doveadm";
// The relay's side of its connections to Dovecot: any address but Dovecot's own 127.0.0.1.
constexpr const char* kRelaySource = "127.0.0.2";
constexpr auto kStartTimeout = 20s;
constexpr int kPortAttempts = 5;

// ---- sockets ---------------------------------------------------------------------------------

sockaddr_in Loopback(const char* address, std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, address, &addr.sin_addr);
  return addr;
}

// A port that was free a moment ago (the kernel's pick for port 0).
std::uint16_t PickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr = Loopback("127.0.0.1", 0);
  socklen_t len = sizeof addr;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot bind a socket to 127.0.0.1");
  return ntohs(addr.sin_port);
}

bool CanBind(const char* address) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = Loopback(address, 0);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// ---- the relay's connections -----------------------------------------------------------------

struct Link {
  explicit Link(tcp::socket accepted)
      : client(std::move(accepted)), server(client.get_executor()) {}
  void Close() {
    boost::system::error_code ignored;
    client.close(ignored);
    server.close(ignored);
  }
  tcp::socket client;
  tcp::socket server;
};

// Copies `from` to `to` until `from` ends, then ends `to`'s sending side (half-close kept).
asio::awaitable<void> Pump(std::shared_ptr<Link> link, tcp::socket& from, tcp::socket& to) {
  std::array<char, 16384> buf;
  for (;;) {
    auto [read_ec, n] = co_await from.async_read_some(asio::buffer(buf), kNoThrow);
    if (read_ec) break;
    auto [write_ec, written] =
        co_await asio::async_write(to, asio::buffer(buf.data(), n), kNoThrow);
    if (write_ec) {
      link->Close();
      co_return;
    }
  }
  boost::system::error_code ignored;
  to.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Connect(std::shared_ptr<Link> link, std::uint16_t target) {
  boost::system::error_code ec;
  link->server.open(tcp::v4(), ec);
  if (!ec) link->server.bind({asio::ip::make_address_v4(kRelaySource), 0}, ec);
  if (!ec) {
    std::tie(ec) =
        co_await link->server.async_connect({asio::ip::address_v4::loopback(), target}, kNoThrow);
  }
  if (ec) {
    link->Close();
    co_return;
  }
  auto executor = co_await asio::this_coro::executor;
  asio::co_spawn(executor, Pump(link, link->client, link->server), asio::detached);
  asio::co_spawn(executor, Pump(link, link->server, link->client), asio::detached);
}

asio::awaitable<void> Accept(std::shared_ptr<tcp::acceptor> acceptor, std::uint16_t target,
                             std::vector<std::weak_ptr<Link>>* links) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(kNoThrow);
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) continue;
    auto link = std::make_shared<Link>(std::move(socket));
    std::erase_if(*links, [](const std::weak_ptr<Link>& l) { return l.expired(); });
    links->push_back(link);
    asio::co_spawn(acceptor->get_executor(), Connect(link, target), asio::detached);
  }
}

// ---- text helpers ----------------------------------------------------------------------------

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    auto tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

// doveadm's "-f tab" output: a header line naming the columns, then one line per row.
std::vector<std::map<std::string, std::string>> TabRows(const std::string& out) {
  std::vector<std::map<std::string, std::string>> rows;
  auto lines = Lines(out);
  if (lines.empty()) return rows;
  auto header = SplitTabs(lines[0]);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto fields = SplitTabs(lines[i]);
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size() && c < fields.size(); ++c) {
      row[header[c]] = fields[c];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::uint32_t ToUint32(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    unsigned long value = std::stoul(text, &used);
    if (used == text.size() && value <= UINT32_MAX) return static_cast<std::uint32_t>(value);
  } catch (const std::exception&) {
  }
  throw std::runtime_error("doveadm gave " + what + " \"" + text + "\"");
}

std::string RandomHex(std::size_t n) {
  std::random_device random;
  std::string out;
  while (out.size() < n) out += "0123456789abcdef"[random() % 16];
  return out;
}

bool IsInbox(const std::string& folder) {
  if (folder.size() != 5) return false;
  for (std::size_t i = 0; i < 5; ++i) {
    if (std::toupper(static_cast<unsigned char>(folder[i])) != "INBOX"[i]) return false;
  }
  return true;
}

std::string Tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

}  // namespace

// ---- the relay -------------------------------------------------------------------------------

// Listens on 127.0.0.1:port and relays every connection to Dovecot's private port, connecting
// from 127.0.0.2 (see the header). While closed it keeps the port bound without listening, so
// connecting is refused and nothing else takes the port (not even as a client's source port).
class DovecotServer::Relay {
 public:
  Relay() = default;
  ~Relay() {
    io_.Call([this] {
      CloseOnLoop();
      reserve_.reset();
    });
  }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Listens on `port` (0: the kernel picks) relaying to `target`; returns the port.
  std::uint16_t Listen(std::uint16_t port, std::uint16_t target) {
    return io_.Call([&] {
      CloseOnLoop();
      reserve_.reset();
      auto acceptor = std::make_shared<tcp::acceptor>(io_.io());
      try {
        acceptor->open(tcp::v4());
        acceptor->set_option(tcp::acceptor::reuse_address(true));
        acceptor->bind({asio::ip::address_v4::loopback(), port});
        acceptor->listen(asio::socket_base::max_listen_connections);
      } catch (const boost::system::system_error& e) {
        throw std::runtime_error(
            "DovecotServer: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + e.what());
      }
      port_ = acceptor->local_endpoint().port();
      acceptor_ = acceptor;
      asio::co_spawn(io_.io(), Accept(acceptor, target, &links_), asio::detached);
      return port_;
    });
  }

  // Stops listening (connecting is refused from now on) and drops every relayed connection.
  void Close() {
    io_.Call([this] {
      CloseOnLoop();
      Reserve();
    });
  }

 private:
  void CloseOnLoop() {
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    acceptor_.reset();
    for (auto& weak : links_) {
      if (auto link = weak.lock()) link->Close();
    }
    links_.clear();
  }

  void Reserve() {
    if (port_ == 0) return;
    auto reserve = std::make_unique<tcp::acceptor>(io_.io());
    boost::system::error_code ec;
    reserve->open(tcp::v4(), ec);
    if (!ec) reserve->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) reserve->bind({asio::ip::address_v4::loopback(), port_}, ec);
    if (!ec) reserve_ = std::move(reserve);
  }

  // Touched on the loop only. io_ comes last: it is destroyed (joined) first.
  std::shared_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<tcp::acceptor> reserve_;
  std::vector<std::weak_ptr<Link>> links_;
  std::uint16_t port_ = 0;
  IoThread io_;
};

// ---- DovecotServer ---------------------------------------------------------------------------

DovecotServer::DovecotServer(DovecotOptions options) : options_(std::move(options)) {
  for (const auto* value : {&options_.user, &options_.password}) {
    if (value->empty() || value->find_first_of(":\r\n") != std::string::npos) {
      throw std::invalid_argument("DovecotServer: user and password must be non-empty, no ':'");
    }
  }
  if (options_.sent_folder.empty() || IsInbox(options_.sent_folder) ||
      options_.sent_folder.find_first_of(".\"\\\r\n") != std::string::npos) {
    throw std::invalid_argument("DovecotServer: bad sent_folder \"" + options_.sent_folder + "\"");
  }
  if (::access(kDovecot, X_OK) != 0 || ::access(kDoveadm, X_OK) != 0) {
    throw std::runtime_error(
        "DovecotServer: /usr/sbin/dovecot or /usr/bin/doveadm missing (apt-get install "
        "dovecot-imapd)");
  }
  if (!CanBind(kRelaySource)) {
    throw std::runtime_error(std::string("DovecotServer: cannot bind ") + kRelaySource);
  }

  // Dovecot never gives mail access to root: as root, the mail belongs to "nobody" and Dovecot
  // uses its packaged "dovecot" / "dovenull" users; otherwise everything runs as the caller.
  as_root_ = ::geteuid() == 0;
  if (as_root_) {
    const passwd* nobody = ::getpwnam("nobody");
    if (!nobody) throw std::runtime_error("DovecotServer: no user \"nobody\"");
    mail_uid_ = nobody->pw_uid;
    mail_gid_ = nobody->pw_gid;
    internal_user_ = "dovecot";
    login_user_ = "dovenull";
    for (const auto& name : {internal_user_, login_user_}) {
      if (!::getpwnam(name.c_str())) {
        throw std::runtime_error("DovecotServer: no user \"" + name +
                                 "\" (apt-get install dovecot-imapd)");
      }
    }
    // Dovecot's unprivileged processes read the passwd file and reach the Maildir.
    fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read |
                                     fs::perms::others_exec);
  } else {
    mail_uid_ = ::getuid();
    mail_gid_ = ::getgid();
    const passwd* me = ::getpwuid(mail_uid_);
    const group* my_group = ::getgrgid(mail_gid_);
    if (!me || !my_group) {
      throw std::runtime_error("DovecotServer: the current uid/gid has no name");
    }
    internal_user_ = login_user_ = me->pw_name;
    internal_group_ = my_group->gr_name;
  }

  for (const char* sub : {"run", "state", "home", "mail"}) {
    fs::create_directory(dir_.path() / sub);
  }
  GiveToMailUser(dir_.File("home"));
  GiveToMailUser(dir_.File("mail"));
  EnsureMaildir("INBOX");
  EnsureMaildir(options_.sent_folder);
  dir_.Write("passwd", options_.user + ":{PLAIN}" + options_.password + ":" +
                           std::to_string(mail_uid_) + ":" + std::to_string(mail_gid_) +
                           "::" + dir_.File("home") + "::\n");

  if (options_.tls != Tls::kNone) {
    // As in SmtpSink: a P-256 key is quick to make; the SAN lets clients verify "127.0.0.1".
    cert_ = dir_.File("cert.pem");
    key_ = dir_.File("key.pem");
    auto made = RunProcess({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                            key_, "-out", cert_});
    if (made.exit_code != 0) throw std::runtime_error("openssl req failed: " + made.err);
  }

  relay_ = std::make_unique<Relay>();
  port_ = options_.port;
  Start();
}

DovecotServer::~DovecotServer() { Stop(); }

std::string DovecotServer::Url() const {
  return (options_.tls == Tls::kImplicit ? "imaps://127.0.0.1:" : "imap://127.0.0.1:") +
         std::to_string(port_);
}

void DovecotServer::WriteConfig(std::uint16_t inner_port) {
  const std::string dir = dir_.path().string();
  std::ostringstream mailbox;
  mailbox << "mail_location = maildir:" << dir << "/mail\n"
          << "namespace inbox {\n"
          << "  inbox = yes\n"
          << "  separator = /\n"
          << "  mailbox \"" << options_.sent_folder << "\" {\n"
          << "    special_use = \\Sent\n"
          << "    auto = create\n"
          << "  }\n"
          << "}\n";

  std::ostringstream c;
  c << "# Written by DovecotServer (tests/fakes/dovecot_server.cpp) for one test.\n"
    << "instance_name = sellerwatch-test\n"
    << "base_dir = " << dir << "/run\n"
    << "state_dir = " << dir << "/state\n"
    << "log_path = " << dir << "/dovecot.log\n"
    << "protocols = imap\n"
    << "listen = 127.0.0.1\n"
    << "default_internal_user = " << internal_user_ << "\n"
    << "default_login_user = " << login_user_ << "\n";
  if (!as_root_) c << "default_internal_group = " << internal_group_ << "\n";
  c << "first_valid_uid = 1\n"
    << "first_valid_gid = 1\n"
    << "auth_mechanisms = plain login\n"
    << "auth_cache_size = 0\n"
    // A wrong password is answered at once (at most 0.5 s) instead of after 2 s.
    << "auth_failure_delay = 0\n";
  switch (options_.tls) {
    case Tls::kNone:
      c << "ssl = no\n"
        << "disable_plaintext_auth = no\n";
      break;
    case Tls::kStartTls:
    case Tls::kImplicit:
      c << "ssl = required\n"
        << "disable_plaintext_auth = yes\n"
        << "ssl_cert = <" << cert_ << "\n"
        << "ssl_key = <" << key_ << "\n";
      break;
  }
  c << "passdb {\n"
    << "  driver = passwd-file\n"
    << "  args = scheme=PLAIN username_format=%u " << dir << "/passwd\n"
    << "}\n"
    << "userdb {\n"
    << "  driver = passwd-file\n"
    << "  args = username_format=%u " << dir << "/passwd\n"
    << "}\n"
    << mailbox.str()
    // No growing delays after failed logins (tests log in wrongly on purpose).
    << "service anvil {\n"
    << "  unix_listener anvil-auth-penalty {\n"
    << "    mode = 0\n"
    << "  }\n";
  if (!as_root_) c << "  chroot =\n";
  c << "}\n"
    << "service imap-login {\n";
  if (!as_root_) c << "  chroot =\n";
  const bool implicit = options_.tls == Tls::kImplicit;
  c << "  inet_listener imap {\n"
    << "    address = 127.0.0.1\n"
    << "    port = " << (implicit ? 0 : inner_port) << "\n"
    << "  }\n"
    << "  inet_listener imaps {\n"
    << "    address = 127.0.0.1\n"
    << "    port = " << (implicit ? inner_port : 0) << "\n"
    << "    ssl = yes\n"
    << "  }\n"
    << "}\n";
  dir_.Write("dovecot.conf", c.str());

  // doveadm reads the mail directly, as the mail user and without asking the (maybe stopped)
  // server's auth process: the user comes from $USER, the rest from here.
  std::ostringstream d;
  d << "base_dir = " << dir << "/run\n"
    << "state_dir = " << dir << "/state\n"
    << "log_path = /dev/stderr\n";
  if (as_root_) d << "mail_uid = " << mail_uid_ << "\nmail_gid = " << mail_gid_ << "\n";
  d << "first_valid_uid = 1\n"
    << "first_valid_gid = 1\n"
    << mailbox.str();
  dir_.Write("doveadm.conf", d.str());
}

bool DovecotServer::Launch(std::uint16_t inner_port) {
  WriteConfig(inner_port);
  // Dovecot's master logs its startup line once all its listeners are bound: from then on the
  // port accepts connections. A port someone else holds makes it exit at once instead.
  const std::size_t log_before = Log().size();
  auto started = [&] { return Log().find(" starting up", log_before) != std::string::npos; };
  // TZ: Dovecot passes it on to its processes, so INTERNALDATE is rendered in UTC.
  process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{kDovecot, "-F", "-c", dir_.File("dovecot.conf")},
      std::map<std::string, std::string>{{"TZ", "UTC"}});
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  for (;;) {
    // Waiting on Dovecot's output returns at once when it exits; otherwise it bounds how often
    // the log is looked at.
    if (auto code = process_->Wait(10ms)) {
      std::string err = process_->err();
      process_.reset();
      if ((err + Log().substr(log_before)).find("Address already in use") != std::string::npos) {
        return false;
      }
      throw std::runtime_error("Dovecot exited with " + std::to_string(*code) + ": " + err +
                               Tail(Log(), 4000));
    }
    if (started()) return true;
    if (std::chrono::steady_clock::now() > deadline) {
      std::string err = process_->err();
      process_.reset();
      throw std::runtime_error("Dovecot did not come up within 20 s: " + err + Tail(Log(), 4000));
    }
  }
}

void DovecotServer::Start() {
  if (process_) return;
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    const std::uint16_t inner_port = PickFreePort();
    if (!Launch(inner_port)) continue;
    try {
      port_ = relay_->Listen(port_, inner_port);
    } catch (...) {
      Stop();
      throw;
    }
    return;
  }
  throw std::runtime_error("Dovecot found no free port in " + std::to_string(kPortAttempts) +
                           " attempts");
}

void DovecotServer::Stop() {
  if (!process_) return;
  relay_->Close();
  // SIGKILL: SIGTERM would make the master wait a second for its processes. Those notice the
  // master's death and exit within milliseconds; the output pipes they share with it close
  // when the last one is gone, so Wait() returns once the whole server is.
  process_->Signal(SIGKILL);
  process_->Wait(10s);
  process_.reset();
}

std::string DovecotServer::Log() const {
  std::error_code ec;
  if (!fs::exists(dir_.File("dovecot.log"), ec)) return {};
  return ReadFile(dir_.File("dovecot.log"));
}

ProcessResult DovecotServer::Doveadm(std::vector<std::string> args) const {
  std::vector<std::string> argv = {kDoveadm, "-c", dir_.File("doveadm.conf"), "-f", "tab"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = RunProcess(argv, {{"USER", options_.user}, {"HOME", dir_.File("home")}});
  if (result.exit_code != 0) {
    std::string command;
    for (const auto& a : args) command += " " + a;
    throw std::runtime_error("doveadm" + command + " failed (exit " +
                             std::to_string(result.exit_code) + "): " + result.err);
  }
  return result;
}

std::string DovecotServer::MaildirOf(const std::string& folder) const {
  // Maildir++: INBOX is the root, "A/B" is the directory ".A.B".
  if (IsInbox(folder)) return dir_.File("mail");
  if (folder.empty() || folder.find_first_of(".\r\n") != std::string::npos ||
      folder.front() == '/') {
    throw std::invalid_argument("DovecotServer: unsupported folder name \"" + folder + "\"");
  }
  std::string name = "." + folder;
  for (char& ch : name) {
    if (ch == '/') ch = '.';
  }
  return (dir_.path() / "mail" / name).string();
}

void DovecotServer::EnsureMaildir(const std::string& folder) {
  const fs::path path = MaildirOf(folder);
  for (const fs::path& sub : {path, path / "cur", path / "new", path / "tmp"}) {
    if (fs::create_directory(sub)) GiveToMailUser(sub.string());
  }
}

void DovecotServer::GiveToMailUser(const std::string& path) const {
  if (!as_root_) return;
  if (::chown(path.c_str(), mail_uid_, mail_gid_) != 0) {
    throw std::runtime_error("DovecotServer: chown " + path + " failed");
  }
}

std::uint32_t DovecotServer::Deliver(
    const std::string& folder, const std::string& rfc822,
    std::optional<std::chrono::system_clock::time_point> internal_date) {
  EnsureMaildir(folder);
  const fs::path maildir = MaildirOf(folder);

  // A unique Maildir name whose time part keeps the delivery order (Dovecot sorts new files
  // by it when it assigns UIDs). Dovecot takes the base name as the message's GUID.
  static std::atomic<unsigned> sequence{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now);
  const auto usecs = std::chrono::duration_cast<std::chrono::microseconds>(now - secs);
  const std::string name = std::to_string(secs.count()) + ".M" + std::to_string(usecs.count()) +
                           "P" + std::to_string(::getpid()) + "Q" + std::to_string(++sequence) +
                           ".sellerwatch-test";

  // Written in tmp/ and renamed into new/, so Dovecot never sees half a message.
  const std::string tmp = (maildir / "tmp" / name).string();
  {
    std::ofstream out(tmp, std::ios::binary);
    out << rfc822;
    if (!out.flush()) throw std::runtime_error("DovecotServer: cannot write " + tmp);
  }
  GiveToMailUser(tmp);
  if (internal_date) {
    // For Maildir, Dovecot's INTERNALDATE is the file's mtime.
    const auto since_epoch = internal_date->time_since_epoch();
    const auto s = std::chrono::floor<std::chrono::seconds>(since_epoch);
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - s);
    timespec times[2];
    times[0] = times[1] = timespec{static_cast<time_t>(s.count()), static_cast<long>(ns.count())};
    if (::utimensat(AT_FDCWD, tmp.c_str(), times, 0) != 0) {
      throw std::runtime_error("DovecotServer: cannot set the mtime of " + tmp);
    }
  }
  fs::rename(tmp, maildir / "new" / name);

  auto found = TabRows(Doveadm({"fetch", "uid", "mailbox", folder, "guid", name}).out);
  if (found.size() != 1) {
    throw std::runtime_error("DovecotServer: Dovecot does not list the message delivered to " +
                             folder);
  }
  return ToUint32(found[0]["uid"], "uid");
}

std::uint32_t DovecotServer::UidValidity(const std::string& folder) {
  auto rows = TabRows(Doveadm({"mailbox", "status", "uidvalidity", folder}).out);
  if (rows.size() != 1) throw std::runtime_error("DovecotServer: no status for " + folder);
  return ToUint32(rows[0]["uidvalidity"], "uidvalidity");
}

std::uint32_t DovecotServer::ResetUidValidity(const std::string& folder) {
  const std::uint32_t before = UidValidity(folder);
  const fs::path maildir = MaildirOf(folder);
  const fs::path root = dir_.path() / "mail";
  // The folder's UID list and index, and the mailbox list index that caches its status.
  for (const auto& entry : fs::directory_iterator(maildir)) {
    const std::string name = entry.path().filename().string();
    if (name == "dovecot-uidlist" || name.starts_with("dovecot.index")) fs::remove(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.path().filename().string().starts_with("dovecot.list.index")) {
      fs::remove(entry.path());
    }
  }
  const std::uint32_t after = UidValidity(folder);  // Dovecot rebuilds the list here
  if (after == before) {
    throw std::runtime_error("DovecotServer: UIDVALIDITY of " + folder + " stayed " +
                             std::to_string(after));
  }
  return after;
}

std::map<std::uint32_t, std::string> DovecotServer::Flags(const std::string& folder) {
  std::map<std::uint32_t, std::string> flags;
  for (auto& row : TabRows(Doveadm({"fetch", "uid flags", "mailbox", folder, "all"}).out)) {
    std::istringstream in(row["flags"]);
    std::string kept;
    for (std::string flag; in >> flag;) {
      if (flag == "\\Recent") continue;  // a session's view, not stored with the message
      kept += (kept.empty() ? "" : " ") + flag;
    }
    flags[ToUint32(row["uid"], "uid")] = kept;
  }
  return flags;
}

std::size_t DovecotServer::Count(const std::string& folder) {
  auto rows = TabRows(Doveadm({"mailbox", "status", "messages", folder}).out);
  if (rows.size() != 1) throw std::runtime_error("DovecotServer: no status for " + folder);
  return ToUint32(rows[0]["messages"], "messages");
}

// ---- messages --------------------------------------------------------------------------------

std::string Rfc5322Date(std::chrono::system_clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string MailMessage(const MailFields& fields) {
  static std::atomic<unsigned> sequence{0};
  std::string message_id = fields.message_id;
  if (message_id.empty()) {
    message_id =
        "<" + std::to_string(++sequence) + "." + RandomHex(12) + ".sellerwatch-test@example.net>";
  }
  std::string m;
  auto header = [&m](const std::string& name, const std::string& value) {
    if (!value.empty()) m += name + ": " + value + "\r\n";
  };
  header("From", fields.from);
  header("To", fields.to);
  header("Cc", fields.cc);
  header("Subject", fields.subject);
  header("Date", Rfc5322Date(fields.date.value_or(std::chrono::system_clock::now())));
  header("Message-ID", message_id);
  header("In-Reply-To", fields.in_reply_to);
  header("References", fields.references);
  for (const auto& [name, value] : fields.headers) header(name, value);
  if (!fields.content_type.empty()) {
    header("MIME-Version", "1.0");
    header("Content-Type", fields.content_type);
    header("Content-Transfer-Encoding", "8bit");
  }
  m += "\r\n";
  for (std::size_t i = 0; i < fields.body.size(); ++i) {
    const char ch = fields.body[i];
    if (ch == '\n' && (i == 0 || fields.body[i - 1] != '\r')) m += '\r';
    m += ch;
  }
  return m;
}

}  // namespace sellerwatch::testing
