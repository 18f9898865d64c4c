#include "fakes/smtp_sink.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <stdexcept>

namespace sellerwatch::testing {

using std::chrono_literals::operator""s;

SmtpSink::SmtpSink(SmtpSinkOptions options) {
  const std::string mail_dir = (dir_.path() / "mail").string();
  std::filesystem::create_directory(mail_dir);
  std::vector<std::string> argv = {
      "/usr/bin/python3", SELLERWATCH_SOURCE_DIR "/tests/fakes/smtp_sink.py", "--dir", mail_dir};
  implicit_tls_ = options.implicit_tls;
  if (options.port != 0) argv.insert(argv.end(), {"--port", std::to_string(options.port)});
  if (options.starttls || options.implicit_tls) {
    // A P-256 key is quicker to make than RSA; the SAN lets curl verify "127.0.0.1".
    cert_ = dir_.File("cert.pem");
    const std::string key = dir_.File("key.pem");
    auto made = RunProcess({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                            key, "-out", cert_});
    if (made.exit_code != 0) throw std::runtime_error("openssl req failed: " + made.err);
    argv.insert(argv.end(), {"--cert", cert_, "--key", key});
    if (options.implicit_tls) argv.push_back("--implicit-tls");
    if (options.require_starttls) argv.push_back("--require-starttls");
  }
  if (!options.user.empty()) {
    argv.insert(argv.end(), {"--user", options.user, "--password", options.password});
    if (options.auth_require_tls) argv.push_back("--auth-require-tls");
  }
  if (!options.rcpt_reply.empty()) argv.insert(argv.end(), {"--rcpt-reply", options.rcpt_reply});
  if (!options.data_reply.empty()) argv.insert(argv.end(), {"--data-reply", options.data_reply});

  process_ = std::make_unique<BackgroundProcess>(argv);
  if (!process_->WaitForStdout("\n", 30s)) {
    throw std::runtime_error("smtp_sink.py did not start: " + process_->err());
  }
  const std::string& out = process_->out();
  if (!out.starts_with("port ")) throw std::runtime_error("smtp_sink.py said: " + out);
  port_ = static_cast<std::uint16_t>(std::stoi(out.substr(5)));
}

SmtpSink::~SmtpSink() = default;  // BackgroundProcess kills the server

std::string SmtpSink::Url() const {
  return (implicit_tls_ ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port_);
}

bool SmtpSink::WaitForMessages(std::size_t n, std::chrono::milliseconds timeout) {
  if (n == 0) return true;
  // Each stored message is announced by its own line after the "port" line.
  return process_->WaitForStdout("\nreceived " + std::to_string(n) + "\n", timeout);
}

std::vector<SmtpMessage> SmtpSink::Messages() const {
  std::vector<SmtpMessage> messages;
  const auto mail_dir = dir_.path() / "mail";
  for (int n = 1;; ++n) {
    const auto json_path = mail_dir / (std::to_string(n) + ".json");
    if (!std::filesystem::exists(json_path)) break;  // written last, after the .eml
    const auto envelope = boost::json::parse(ReadFile(json_path.string())).as_object();
    SmtpMessage m;
    m.mail_from = std::string(envelope.at("mail_from").as_string());
    for (const auto& r : envelope.at("rcpt_tos").as_array()) {
      m.rcpt_tos.emplace_back(r.as_string());
    }
    m.data = ReadFile((mail_dir / (std::to_string(n) + ".eml")).string());
    messages.push_back(std::move(m));
  }
  return messages;
}

}  // namespace sellerwatch::testing
