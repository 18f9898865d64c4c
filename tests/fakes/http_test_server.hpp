#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace sellerwatch::testing {

// One request as the server received it.
struct RecordedRequest {
  std::string method{};  // "GET", "POST", ...
  std::string target{};  // path and query: "/v1/orders?page=2"
  std::vector<std::pair<std::string, std::string>> headers{};  // names lower-cased
  std::string body{};

  std::optional<std::string> Header(std::string_view name) const;  // case-insensitive
};

// What to answer. Content-Length is added unless `headers` sets it (or `raw` is used).
struct ScriptedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds delay{0};  // answer this much later (other connections go on)
  bool hang = false;                   // never answer; the connection stays open
  std::optional<std::string> raw{};    // bytes written verbatim instead, then the connection
                                       // is closed: for malformed or truncated responses

  static ScriptedResponse Hang() {
    ScriptedResponse r;
    r.hang = true;
    return r;
  }
};

// An HTTP/1.1 server on 127.0.0.1 with a port chosen by the kernel, running on its own thread,
// for tests of anything that speaks HTTP (sources, webhooks, chat channels):
//
//   HttpTestServer server;
//   server.Enqueue({.status = 429, .headers = {{"Retry-After", "7"}}});
//   ... point the client at server.Url("/hook") ...
//   ASSERT_TRUE(server.WaitForRequests(1, 5s));
//   EXPECT_EQ(server.Requests()[0].body, "...");
//
// Answers come from the queue in order; once it is empty, from the handler; without a handler,
// "200" with an empty body. Keep-alive is honoured. Stops (dropping connections) when destroyed.
class HttpTestServer {
 public:
  using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

  HttpTestServer();
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string Url(std::string_view path = "/") const;

  void Enqueue(ScriptedResponse response);
  // Called on the server's thread for requests the queue does not answer.
  void SetHandler(Handler handler);

  std::vector<RecordedRequest> Requests() const;
  std::size_t RequestCount() const;
  // Blocks until at least `n` requests arrived; false when `timeout` passes first.
  bool WaitForRequests(std::size_t n, std::chrono::milliseconds timeout) const;
  // Connections accepted so far (to check that a client reuses connections).
  std::size_t ConnectionCount() const;

 private:
  struct Impl;
  friend struct Impl;

  // Records `request` and picks its answer (called on the server thread).
  ScriptedResponse Answer(RecordedRequest request);
  void CountConnection();

  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<RecordedRequest> requests_;
  std::deque<ScriptedResponse> queue_;
  Handler handler_;
  std::size_t connections_ = 0;

  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace sellerwatch::testing
