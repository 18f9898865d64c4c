#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sellerwatch::testing {

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::optional<std::string> Header(std::string_view name) const;  // case-insensitive
};

// A blocking HTTP client over a plain socket to 127.0.0.1, for tests of servers: it sends any
// bytes (malformed, partial, oversized) and reads what comes back. Every read gives up after
// `read_timeout`, so a server that never answers fails the test instead of hanging it.
class RawHttpClient {
 public:
  explicit RawHttpClient(std::uint16_t port,
                         std::chrono::milliseconds read_timeout = std::chrono::seconds(10));
  ~RawHttpClient();
  RawHttpClient(const RawHttpClient&) = delete;
  RawHttpClient& operator=(const RawHttpClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False when the peer closed or reset the connection.
  bool Send(std::string_view bytes);
  // One response (Content-Length framed; `head`: no body follows); nullopt when the connection
  // closed or the read timed out first.
  std::optional<RawResponse> Read(bool head = false);
  // True when the server closes the connection (EOF or reset) before the read timeout.
  bool WaitClosed();

  // "GET <target> HTTP/1.1" with Host and the given extra header lines ("Name: value").
  static std::string Request(std::string_view method, std::string_view target,
                             const std::vector<std::string>& header_lines = {});

 private:
  // Appends what arrives to buffer_; false on EOF, reset or timeout.
  bool Fill();

  int fd_ = -1;
  std::string buffer_;
};

}  // namespace sellerwatch::testing
