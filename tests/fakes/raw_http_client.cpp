#include "fakes/raw_http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>

namespace sellerwatch::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> RawResponse::Header(std::string_view name) const {
  const std::string key = Lower(name);
  for (const auto& [k, v] : headers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

RawHttpClient::RawHttpClient(std::uint16_t port, std::chrono::milliseconds read_timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(read_timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((read_timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawHttpClient::~RawHttpClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawHttpClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool RawHttpClient::Fill() {
  char chunk[4096];
  for (;;) {
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

std::optional<RawResponse> RawHttpClient::Read(bool head) {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill()) return std::nullopt;
  }
  RawResponse r;
  std::string_view header(buffer_.data(), end);
  auto line_end = header.find("\r\n");
  std::string_view status_line = header.substr(0, line_end);
  auto space = status_line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::from_chars(status_line.data() + space + 1, status_line.data() + status_line.size(),
                  r.status);
  while (line_end != std::string_view::npos) {
    header.remove_prefix(line_end + 2);
    line_end = header.find("\r\n");
    std::string_view line = header.substr(0, line_end);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(Lower(line.substr(0, colon)), std::string(value));
  }
  std::size_t length = 0;
  if (auto cl = r.Header("content-length"); cl && !head) {
    std::from_chars(cl->data(), cl->data() + cl->size(), length);
  }
  buffer_.erase(0, end + 4);
  while (buffer_.size() < length) {
    if (!Fill()) return std::nullopt;
  }
  r.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return r;
}

bool RawHttpClient::WaitClosed() {
  char chunk[4096];
  for (;;) {
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;  // EAGAIN: timed out, still open
  }
}

std::string RawHttpClient::Request(std::string_view method, std::string_view target,
                                   const std::vector<std::string>& header_lines) {
  std::string out = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  out += "Host: 127.0.0.1\r\n";
  for (const auto& h : header_lines) out += h + "\r\n";
  out += "\r\n";
  return out;
}

}  // namespace sellerwatch::testing
