// HTTP client benchmark (DESIGN.md §4.2): 1,000 concurrent requests to a loopback server that
// answers each after 200 ms must complete in ≤ 2 s with every transfer on one io thread.
// The server (tests/fakes/http_test_server) runs on its own thread, as a remote peer would.
//
//   bench/run.sh                  # configures build-bench/ (Release); then:
//   ninja -C build-bench sellerwatch_http_bench
//   build-bench/bench/sellerwatch_http_bench [--requests=N] [--delay-ms=N]
//
// Exit status: 0 when every target is met, 2 when one is missed, 1 on error.

#include <fmt/format.h>
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fakes/http_test_server.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"

namespace {

namespace asio = boost::asio;
using namespace sellerwatch;

void Figure(std::string_view label, const std::string& value, const std::string& target = "",
            std::optional<bool> met = std::nullopt) {
  std::string verdict = met ? (*met ? "MET" : "MISSED") : "";
  fmt::print("  {:<44} {:>16}   {:<18} {}\n", label, value, target, verdict);
}

long Flag(int argc, char** argv, std::string_view name, long fallback) {
  const std::string prefix = "--" + std::string(name) + "=";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with(prefix)) return std::stol(std::string(arg.substr(prefix.size())));
  }
  return fallback;
}

struct Round {
  double seconds = 0;
  int ok = 0;
  std::string first_error;
};

// Starts `n` Sends at once on `io` and runs it until all are done.
Round RunRound(asio::io_context& io, net::HttpClient& client, const std::string& url, int n) {
  Round round;
  int finished = 0;
  io.restart();  // the previous round left the context stopped when it ran out of work
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(io, client.Send({.url = url, .timeout = std::chrono::seconds(30)}),
                   [&](std::exception_ptr e, core::Result<net::HttpResponse> r) {
                     ++finished;
                     if (e) {
                       if (round.first_error.empty()) round.first_error = "exception";
                     } else if (!r) {
                       if (round.first_error.empty()) round.first_error = r.error().message;
                     } else if (r->status == 200) {
                       ++round.ok;
                     }
                   });
  }
  while (finished < n) {
    if (io.run_one() == 0) throw std::runtime_error("io_context ran out of work early");
  }
  round.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return round;
}

}  // namespace

int main(int argc, char** argv) try {
  const int requests = static_cast<int>(Flag(argc, argv, "requests", 1000));
  const long delay_ms = Flag(argc, argv, "delay-ms", 200);

  // Client and server sockets share this process: two descriptors per request.
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }

  testing::HttpTestServer server;
  server.SetHandler([delay_ms](const testing::RecordedRequest&) {
    return testing::ScriptedResponse{.body = "{\"ok\":true}",
                                     .delay = std::chrono::milliseconds(delay_ms)};
  });
  asio::io_context io;
  net::CurlMulti multi(io);
  net::HttpClient client(multi);

  fmt::print("sellerwatch HTTP benchmark\n");
  fmt::print("  {} concurrent requests, server answers after {} ms, one io thread\n\n", requests,
             delay_ms);
  bool all_met = true;
  const std::string url = server.Url("/orders");
  // Cold: every request opens its own connection. Warm: they reuse the pooled ones.
  for (const char* label : {"cold (new connections)", "warm (pooled connections)"}) {
    const Round r = RunRound(io, client, url, requests);
    const bool met = r.ok == requests && r.seconds <= 2.0;
    all_met = all_met && met;
    Figure(fmt::format("{} requests, {}", requests, label), fmt::format("{:.3f} s", r.seconds),
           "target <= 2 s", met);
    if (r.ok != requests) {
      fmt::print("  only {} of {} succeeded; first error: {}\n", r.ok, requests, r.first_error);
    }
  }
  Figure("connections opened by the server", std::to_string(server.ConnectionCount()));
  return all_met ? 0 : 2;
} catch (const std::exception& e) {
  fmt::print(stderr, "http_bench: {}\n", e.what());
  return 1;
}
