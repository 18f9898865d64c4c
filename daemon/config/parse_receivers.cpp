#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "config/did_you_mean.hpp"
#include "config/field_checks.hpp"
#include "config/sections.hpp"
#include "config/urls.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 11> kTypeKeys = {
    "email",    "slack",   "mattermost",   "discord", "google_chat", "teams",
    "telegram", "webhook", "alertmanager", "console", "file"};
constexpr std::array<std::string_view, 5> kCommonKeys = {"name", "fallback", "retry_horizon",
                                                         "send_resolved", "language"};
constexpr std::array<std::string_view, 8> kEmailKeys = {"smtp_url", "tls", "username", "password",
                                                        "from",     "to",  "timeout",  "ca_file"};
constexpr std::array<std::string_view, 3> kChatKeys = {"webhook_url", "timeout", "ca_file"};
constexpr std::array<std::string_view, 5> kTelegramKeys = {"bot_token", "chat_id", "api_url",
                                                           "timeout", "ca_file"};
constexpr std::array<std::string_view, 5> kWebhookKeys = {"url", "secret", "headers", "timeout",
                                                          "ca_file"};
constexpr std::array<std::string_view, 5> kAlertmanagerKeys = {"url", "urls", "resend_interval",
                                                               "timeout", "ca_file"};
constexpr std::array<std::string_view, 1> kFileKeys = {"path"};

std::vector<std::string_view> ReceiverKeys() {
  std::vector<std::string_view> keys(kCommonKeys.begin(), kCommonKeys.end());
  keys.insert(keys.end(), kTypeKeys.begin(), kTypeKeys.end());
  return keys;
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// A simple address check: one '@' with something on both sides, no line breaks (header
// injection). "Name <a@b.example>" is accepted.
bool IsEmailAddress(std::string_view s) {
  auto lt = s.find('<');
  if (lt != std::string_view::npos) {
    auto gt = s.find('>', lt);
    if (gt == std::string_view::npos || gt + 1 != s.size()) return false;
    s = s.substr(lt + 1, gt - lt - 1);
  }
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string_view::npos &&
         s.find_first_of(" \t\r\n") == std::string_view::npos;
}

// The keys every URL-based and email receiver takes inside its block.
void ReadTransportKeys(MapReader& map, ReceiverConfig& out) {
  map.Read("timeout", out.timeout, Positive::kYes);
  map.Read("ca_file", out.ca_file);
}

void ParseEmail(Reader& reader, const Field& f, ReceiverConfig& out) {
  MapReader map(reader, f, kEmailKeys);
  if (!map.ok()) return;
  EmailReceiver email;
  map.Require("smtp_url");
  map.Require("from");
  map.Require("to");
  if (auto url = map.ReadScalar("smtp_url")) {
    Field at = *map.Get("smtp_url");
    if (!url->unresolved) {
      std::string scheme = UrlScheme(url->value);
      if (scheme != "smtp" && scheme != "smtps") {
        reader.Error(at, fmt::format("invalid SMTP URL {}: use smtp://host:587 (STARTTLS) or "
                                     "smtps://host:465 (implicit TLS)",
                                     url->Quoted()));
      } else if (CheckUrl(reader, at, *url, {"smtp", "smtps"})) {
        email.smtp_url = url->value;
      }
    }
  }
  if (auto tls = map.ReadScalar("tls")) {
    Field at = *map.Get("tls");
    if (tls->value != "none") {
      reader.Error(at, fmt::format("invalid tls {}: the only value is none (an explicit opt-out "
                                   "for a local relay); leave the key out to require TLS",
                                   tls->Quoted()));
    } else if (!email.smtp_url.empty() && UrlScheme(email.smtp_url) != "smtp") {
      reader.Error(at, "none only applies to smtp:// (smtps:// is always TLS)");
    } else {
      email.tls_none = true;
    }
  }
  map.Read("username", email.username);
  if (auto password = map.ReadScalar("password", true)) email.password = Secret(password->value);
  if (auto from = map.ReadScalar("from")) {
    if (!from->unresolved && !IsEmailAddress(from->value)) {
      reader.Error(*map.Get("from"),
                   fmt::format("invalid address {}: expected one address like "
                               "alerts@example.com or \"Name <alerts@example.com>\"",
                               from->Quoted()));
    } else {
      email.from = from->value;
    }
  }
  if (auto to = map.Get("to")) {
    if (auto list = reader.ReadScalarList(*to)) {
      if (list->empty()) reader.Error(*to, "needs at least one address");
      for (std::size_t i = 0; i < list->size(); ++i) {
        const Scalar& s = (*list)[i];
        if (!s.unresolved && !IsEmailAddress(s.value)) {
          reader.Error(s.where, IndexPath(to->path, i),
                       fmt::format("invalid address {}: expected one address like "
                                   "ops@example.com",
                                   s.Quoted()));
        }
        email.to.push_back(s.value);
      }
    }
  }
  ReadTransportKeys(map, out);
  out.settings = std::move(email);
}

void ParseChat(Reader& reader, const Field& f, ReceiverConfig& out) {
  MapReader map(reader, f, kChatKeys);
  if (!map.ok()) return;
  ChatReceiver chat;
  map.Require("webhook_url");
  if (auto url = ReadUrl(map, "webhook_url", true, {"http", "https"}))
    chat.webhook_url = Secret(url->value);
  ReadTransportKeys(map, out);
  out.settings = std::move(chat);
}

void ParseTelegram(Reader& reader, const Field& f, ReceiverConfig& out) {
  MapReader map(reader, f, kTelegramKeys);
  if (!map.ok()) return;
  TelegramReceiver telegram;
  map.Require("bot_token");
  map.Require("chat_id");
  if (auto token = map.ReadScalar("bot_token", true)) {
    if (!token->unresolved && token->value.empty())
      reader.Error(*map.Get("bot_token"), "must not be empty");
    telegram.bot_token = Secret(token->value);
  }
  if (map.Read("chat_id", telegram.chat_id) && telegram.chat_id.empty())
    reader.Error(*map.Get("chat_id"), "must not be empty");
  if (auto url = ReadUrl(map, "api_url", false, {"http", "https"})) telegram.api_url = url->value;
  ReadTransportKeys(map, out);
  out.settings = std::move(telegram);
}

// Standard Webhooks: "whsec_" followed by a base64 key.
bool IsWebhookSecret(std::string_view s) {
  constexpr std::string_view kPrefix = "whsec_";
  if (s.substr(0, kPrefix.size()) != kPrefix || s.size() == kPrefix.size()) return false;
  for (char c : s.substr(kPrefix.size())) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

bool IsHeaderName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

void ParseWebhook(Reader& reader, const Field& f, ReceiverConfig& out) {
  MapReader map(reader, f, kWebhookKeys);
  if (!map.ok()) return;
  WebhookReceiver webhook;
  map.Require("url");
  if (auto url = ReadUrl(map, "url", false, {"http", "https"})) webhook.url = url->value;
  if (auto secret = map.ReadScalar("secret", true)) {
    if (!secret->unresolved && !IsWebhookSecret(secret->value)) {
      reader.Error(*map.Get("secret"),
                   "invalid webhook secret '<redacted>': a Standard Webhooks secret is "
                   "'whsec_' followed by a base64 key");
    }
    webhook.secret = Secret(secret->value);
  }
  if (auto headers = map.Get("headers")) {
    MapReader header_map = MapReader::AnyKeys(reader, *headers);
    for (const auto& entry : header_map.entries()) {
      if (!IsHeaderName(entry.key)) {
        reader.Error(entry.key_where, headers->path,
                     fmt::format("invalid header name '{}'", entry.key));
        continue;
      }
      if (auto value = reader.ReadScalar(entry.value, true)) {
        if (HasLineBreak(value->value)) {
          reader.Error(entry.value, "a header value must not contain a line break");
          continue;
        }
        webhook.headers[entry.key] = Secret(value->value);
      }
    }
  }
  ReadTransportKeys(map, out);
  out.settings = std::move(webhook);
}

// `url: U` is the one-peer form of `urls: [U]`; exactly one of them.
void ReadAlertmanagerUrls(Reader& reader, MapReader& map, AlertmanagerReceiver& out) {
  auto one = map.Get("url");
  auto many = map.Get("urls");
  if (one && many) {
    reader.Error(*many,
                 "give either url (one Alertmanager) or urls (every peer of a cluster), "
                 "not both");
    return;
  }
  if (!one && !many) {
    reader.Error(map.field(),
                 "missing url or urls: the Alertmanager's base URL, or a list of "
                 "the base URLs of every peer of its cluster");
    return;
  }
  if (one) {
    if (auto url = ReadUrl(map, "url", false, {"http", "https"})) out.urls.push_back(url->value);
    return;
  }
  if (!many->node.IsSequence()) {
    reader.Error(*many, fmt::format("expected a list of URLs, got {}", Describe(many->node)));
    return;
  }
  auto items = reader.Items(*many);
  if (items.empty()) reader.Error(*many, "needs at least one URL");
  for (const Field& at : items) {
    auto url = reader.ReadScalar(at);
    if (!url || !CheckUrl(reader, at, *url, {"http", "https"})) continue;
    if (!url->unresolved &&
        std::find(out.urls.begin(), out.urls.end(), url->value) != out.urls.end()) {
      reader.Error(at, fmt::format("{} is listed twice", url->Quoted()));
      continue;
    }
    out.urls.push_back(url->value);
  }
}

// "host:port" → the status endpoint's URL, as another machine would reach it.
std::string StatusUrl(const DaemonConfig& daemon) {
  const std::string& listen = daemon.listen;
  auto colon = listen.rfind(':');
  if (listen.empty() || colon == std::string::npos || listen.substr(colon + 1) == "0") return {};
  std::string host = listen.substr(0, colon);
  if (host == "0.0.0.0" || host == "[::]") {
    char name[256] = {};
    host = ::gethostname(name, sizeof(name) - 1) == 0 && name[0] != '\0' ? name : "localhost";
  }
  return "http://" + host + listen.substr(colon) + "/api/v1/status";
}

void ParseAlertmanager(Reader& reader, const Field& f, const DaemonConfig& daemon,
                       ReceiverConfig& out) {
  MapReader map(reader, f, kAlertmanagerKeys);
  if (!map.ok()) return;
  AlertmanagerReceiver alertmanager;
  ReadAlertmanagerUrls(reader, map, alertmanager);
  map.Read("resend_interval", alertmanager.resend_interval, Positive::kYes);
  alertmanager.firing_validity =
      4 * std::max(daemon.evaluation_interval, alertmanager.resend_interval);
  alertmanager.status_url = StatusUrl(daemon);
  ReadTransportKeys(map, out);
  out.settings = std::move(alertmanager);
}

void ParseFile(Reader& reader, const Field& f, ReceiverConfig& out) {
  MapReader map(reader, f, kFileKeys);
  if (!map.ok()) return;
  FileReceiver file;
  map.Require("path");
  if (map.Read("path", file.path) && file.path.empty())
    reader.Error(*map.Get("path"), "must not be empty");
  out.settings = std::move(file);
}

void ParseTypeBlock(Reader& reader, std::string_view type, const Field& f,
                    const DaemonConfig& daemon, ReceiverConfig& out) {
  out.type = *ParseReceiverType(type);
  switch (out.type) {
    case ReceiverType::kEmail:
      return ParseEmail(reader, f, out);
    case ReceiverType::kSlack:
    case ReceiverType::kMattermost:
    case ReceiverType::kDiscord:
    case ReceiverType::kGoogleChat:
    case ReceiverType::kTeams:
      return ParseChat(reader, f, out);
    case ReceiverType::kTelegram:
      return ParseTelegram(reader, f, out);
    case ReceiverType::kWebhook:
      return ParseWebhook(reader, f, out);
    case ReceiverType::kAlertmanager:
      return ParseAlertmanager(reader, f, daemon, out);
    case ReceiverType::kConsole: {
      MapReader map(reader, f, std::span<const std::string_view>{});
      out.settings = ConsoleReceiver{};
      return;
    }
    case ReceiverType::kFile:
      return ParseFile(reader, f, out);
  }
}

struct FallbackRef {
  std::size_t receiver;
  Field at;
};

void CheckFallbacks(Reader& reader, const std::vector<ReceiverConfig>& receivers,
                    const std::vector<FallbackRef>& refs) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < receivers.size(); ++i) index.emplace(receivers[i].name, i);
  std::vector<std::string> names;
  for (const auto& r : receivers) names.push_back(r.name);

  std::vector<bool> valid(receivers.size(), false);
  for (const auto& ref : refs) {
    const ReceiverConfig& r = receivers[ref.receiver];
    if (r.fallback == r.name) {
      reader.Error(ref.at, "a receiver cannot be its own fallback");
    } else if (!index.contains(r.fallback)) {
      reader.Error(ref.at, fmt::format("unknown receiver '{}'{}", r.fallback,
                                       DidYouMean(r.fallback, names)));
    } else {
      valid[ref.receiver] = true;
    }
  }
  // A cycle is reported once, at the first of its receivers in the file.
  for (const auto& ref : refs) {
    if (!valid[ref.receiver]) continue;
    std::vector<std::size_t> chain = {ref.receiver};
    std::size_t at = index[receivers[ref.receiver].fallback];
    while (valid[at] && at != ref.receiver &&
           std::find(chain.begin(), chain.end(), at) == chain.end()) {
      chain.push_back(at);
      at = index[receivers[at].fallback];
    }
    if (at != ref.receiver) continue;
    if (*std::min_element(chain.begin(), chain.end()) != ref.receiver) continue;
    std::string path;
    for (std::size_t i : chain) path += receivers[i].name + " -> ";
    path += receivers[ref.receiver].name;
    reader.Error(ref.at, fmt::format("fallback cycle: {}", path));
  }
}

}  // namespace

void ParseReceivers(Reader& reader, const Field& f, const DaemonConfig& daemon,
                    std::vector<ReceiverConfig>& out) {
  const auto keys = ReceiverKeys();
  std::map<std::string, Location> seen;
  std::vector<FallbackRef> fallbacks;
  for (const Field& item : reader.Items(f, "a list of receivers")) {
    MapReader map(reader, item, keys);
    if (!map.ok()) continue;
    ReceiverConfig receiver;
    receiver.where = item.where;
    if (map.Require("name")) {
      Field at = *map.Get("name");
      if (map.Read("name", receiver.name)) {
        if (receiver.name.empty()) {
          reader.Error(at, "must not be empty");
        } else if (auto [it, inserted] = seen.emplace(receiver.name, at.where); !inserted) {
          reader.Error(at, fmt::format("duplicate receiver name '{}' (first defined at {})",
                                       receiver.name, FormatLocation(it->second)));
        }
      }
    }
    std::vector<const MapReader::Entry*> types;
    for (const auto& entry : map.entries()) {
      for (auto t : kTypeKeys)
        if (entry.key == t) types.push_back(&entry);
    }
    if (types.empty()) {
      reader.Error(item, fmt::format("missing receiver type: one of {}", ListOf(kTypeKeys)));
    } else {
      if (types.size() > 1) {
        reader.Error(types[1]->key_where, item.path,
                     fmt::format("more than one receiver type ('{}' and '{}'); a receiver has "
                                 "exactly one",
                                 types[0]->key, types[1]->key));
      }
      ParseTypeBlock(reader, types[0]->key, types[0]->value, daemon, receiver);
    }
    if (map.Read("fallback", receiver.fallback)) {
      fallbacks.push_back(FallbackRef{out.size(), *map.Get("fallback")});
    }
    map.Read("retry_horizon", receiver.retry_horizon, Positive::kYes);
    map.Read("send_resolved", receiver.send_resolved);
    receiver.language = daemon.language;
    if (auto language = map.Get("language")) {
      if (auto t = ReadLanguage(reader, *language)) receiver.language = std::move(*t);
    }
    out.push_back(std::move(receiver));
  }
  CheckFallbacks(reader, out, fallbacks);
}

std::vector<std::string> ReadReceiverNames(Reader& reader, const Field& f, const Config& config) {
  std::vector<std::string> out;
  auto list = reader.ReadScalarList(f);
  if (!list) return out;
  std::vector<std::string> names;
  for (const auto& r : config.receivers) names.push_back(r.name);
  for (std::size_t i = 0; i < list->size(); ++i) {
    Scalar& s = (*list)[i];
    if (config.FindReceiver(s.value) == nullptr) {
      reader.Error(s.where, f.path,
                   fmt::format("unknown receiver {}{}", s.Quoted(),
                               s.redact ? "" : DidYouMean(s.value, names)));
      continue;
    }
    out.push_back(std::move(s.value));
  }
  return out;
}

}  // namespace sellerwatch::config
