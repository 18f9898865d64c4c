#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "config/field_checks.hpp"
#include "config/sections.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 9> kDaemonKeys = {
    "state_dir",           "listen",           "listen_token", "timezone", "log_level",
    "evaluation_interval", "shutdown_timeout", "heartbeat",    "language"};
constexpr std::array<std::string_view, 2> kHeartbeatKeys = {"url", "every"};
constexpr std::array<std::string_view, 5> kLogLevels = {"trace", "debug", "info", "warn", "error"};

// "127.0.0.1:9187", "localhost:80", "[::1]:9187"; port 0 = any free port.
bool IsHostPort(std::string_view s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = s.substr(0, colon);
  std::string_view port = s.substr(colon + 1);
  if (host.front() == '[' ? host.back() != ']' || host.size() < 3
                          : host.find(':') != std::string_view::npos)
    return false;
  int n = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  return !port.empty() && ec == std::errc() && ptr == port.data() + port.size() && n >= 0 &&
         n <= 65535;
}

// The endpoint is reachable from this host only: localhost, 127.x.x.x or [::1].
bool IsLoopback(std::string_view host_port) {
  std::string_view host = host_port.substr(0, host_port.rfind(':'));
  if (host == "localhost" || host == "[::1]") return true;
  return host.starts_with("127.") &&
         host.find_first_not_of("0123456789.") == std::string_view::npos;
}

// `listen_token`: visible ASCII (it travels in a header); a non-loopback `listen` needs one,
// since /metrics and /api/v1/status show every account's figures.
void CheckListenToken(Reader& reader, MapReader& map, DaemonConfig& out) {
  bool token_given = false;
  if (auto token = map.ReadScalar("listen_token", true)) {
    token_given = token->unresolved || !token->value.empty();
    out.listen_token = Secret(token->value);
    const auto& v = token->value;
    if (std::any_of(v.begin(), v.end(), [](char c) { return c < 0x21 || c > 0x7e; })) {
      reader.Error(*map.Get("listen_token"),
                   "must be printable ASCII without spaces (it is sent in an HTTP header)");
    } else if (!v.empty() && v.size() < 16) {
      reader.Warning(*map.Get("listen_token"),
                     fmt::format("is short ({} characters): use at least 16 random ones, e.g. "
                                 "from `openssl rand -hex 16`",
                                 v.size()));
    }
  }
  auto listen = map.Get("listen");
  if (listen && !out.listen.empty() && !token_given && !IsLoopback(out.listen)) {
    reader.Error(*listen, fmt::format("{} is not a loopback address: set daemon.listen_token so "
                                      "that the endpoint requires a bearer token, or listen on "
                                      "127.0.0.1",
                                      out.listen));
  }
}

void ParseHeartbeat(Reader& reader, const Field& f, DaemonConfig& out) {
  MapReader map(reader, f, kHeartbeatKeys);
  if (!map.ok()) return;
  HeartbeatConfig heartbeat;
  map.Require("url");
  if (auto url = ReadUrl(map, "url", true, {"http", "https"})) heartbeat.url = Secret(url->value);
  map.Read("every", heartbeat.every, Positive::kYes);
  out.heartbeat = std::move(heartbeat);
}

}  // namespace

void ParseDaemon(Reader& reader, const Field& f, DaemonConfig& out) {
  MapReader map(reader, f, kDaemonKeys);
  if (!map.ok()) return;
  if (map.Read("state_dir", out.state_dir) && out.state_dir.empty())
    reader.Error(*map.Get("state_dir"), "must not be empty");
  if (auto listen = map.ReadScalar("listen")) {
    if (listen->unresolved || listen->value.empty() || IsHostPort(listen->value)) {
      out.listen = listen->value;
    } else {
      reader.Error(*map.Get("listen"),
                   fmt::format("invalid listen address {}: expected host:port like "
                               "127.0.0.1:9187 (port 1-65535), or \"\" to turn the HTTP "
                               "endpoint off",
                               listen->Quoted()));
    }
  }
  CheckListenToken(reader, map, out);
  if (auto tz = map.Get("timezone")) {
    if (auto zone = ReadTimeZone(reader, *tz)) out.timezone = *zone;
  }
  if (auto language = map.Get("language")) {
    if (auto t = ReadLanguage(reader, *language)) out.language = std::move(*t);
  }
  if (auto level = map.Get("log_level")) {
    if (auto v = ReadOneOf(reader, *level, "log level", kLogLevels)) out.log_level = *v;
  }
  map.Read("evaluation_interval", out.evaluation_interval, Positive::kYes);
  map.Read("shutdown_timeout", out.shutdown_timeout, Positive::kYes);
  if (auto heartbeat = map.Get("heartbeat")) ParseHeartbeat(reader, *heartbeat, out);
}

}  // namespace sellerwatch::config
