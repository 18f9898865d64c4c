#include "notify/channels/http_requests.hpp"

#include <fmt/format.h>

#include "notify/meta_alert.hpp"
#include "notify/render/alertmanager_payload.hpp"
#include "notify/render/digest_payloads.hpp"
#include "notify/render/discord_payload.hpp"
#include "notify/render/google_chat_payload.hpp"
#include "notify/render/mattermost_payload.hpp"
#include "notify/render/slack_payload.hpp"
#include "notify/render/teams_payload.hpp"
#include "notify/render/telegram_payload.hpp"
#include "notify/render/webhook_payload.hpp"

namespace sellerwatch::notify {
namespace {

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

net::HttpRequest Post(const config::ReceiverConfig& receiver, std::string url, std::string body) {
  net::HttpRequest r;
  r.method = "POST";
  r.url = std::move(url);
  r.headers = {{"Content-Type", "application/json"}, {"User-Agent", "sellerwatch"}};
  r.body = std::move(body);
  r.timeout = receiver.timeout;
  r.ca_file = receiver.ca_file;
  // Only the status and the start of an error body matter: a receiver answering with a
  // huge body costs at most this much memory and still counts as delivered on a 2xx.
  r.max_response_bytes = 64 * 1024;
  r.truncate_response = true;
  return r;
}

std::vector<net::HttpRequest> PostEach(const config::ReceiverConfig& receiver,
                                       const std::string& url, std::vector<std::string> bodies) {
  std::vector<net::HttpRequest> out;
  for (auto& body : bodies) out.push_back(Post(receiver, url, std::move(body)));
  return out;
}

// A digest's chat version; nullopt for receivers that send the notification document itself
// (webhook) or take no digest (Alertmanager: config check refuses it, an empty send if queued).
std::optional<std::vector<net::HttpRequest>> DigestHttpRequests(
    const config::ReceiverConfig& receiver, const core::DigestPayload& d) {
  using config::ReceiverType;
  const i18n::Translator& tr = receiver.language;
  auto chat = [&](std::vector<std::string> bodies) {
    return PostEach(receiver,
                    std::get<config::ChatReceiver>(receiver.settings).webhook_url.Reveal(),
                    std::move(bodies));
  };
  switch (receiver.type) {
    case ReceiverType::kSlack:
      return chat(DigestSlackPayloads(tr, d));
    case ReceiverType::kMattermost:
      return chat(DigestMattermostPayloads(tr, d));
    case ReceiverType::kDiscord:
      return chat(DigestDiscordPayloads(tr, d));
    case ReceiverType::kTeams:
      return chat(DigestTeamsPayloads(tr, d));
    case ReceiverType::kGoogleChat:
      return chat(DigestGoogleChatPayloads(tr, d));
    case ReceiverType::kTelegram: {
      const auto& t = std::get<config::TelegramReceiver>(receiver.settings);
      auto url = fmt::format("{}/bot{}/sendMessage", TrimSlash(t.api_url), t.bot_token.Reveal());
      return PostEach(receiver, url, DigestTelegramPayloads(tr, d, t.chat_id));
    }
    case ReceiverType::kAlertmanager:
      return std::vector<net::HttpRequest>{};
    default:
      return std::nullopt;
  }
}

}  // namespace

core::Result<std::vector<net::HttpRequest>> BuildHttpRequests(
    const config::ReceiverConfig& receiver, const core::Notification& n, const LegContext& leg) {
  using config::ReceiverType;
  // Chat text in the receiver's language; the webhook and Alertmanager JSON stay English.
  const i18n::Translator& tr = receiver.language;
  if (n.digest) {
    if (auto bodies = DigestHttpRequests(receiver, *n.digest)) return std::move(*bodies);
  }
  switch (receiver.type) {
    case ReceiverType::kSlack:
    case ReceiverType::kMattermost:
    case ReceiverType::kDiscord:
    case ReceiverType::kTeams:
    case ReceiverType::kGoogleChat: {
      const std::string& url =
          std::get<config::ChatReceiver>(receiver.settings).webhook_url.Reveal();
      switch (receiver.type) {
        case ReceiverType::kSlack:
          return PostEach(receiver, url, SlackPayloads(tr, n));
        case ReceiverType::kMattermost:
          return PostEach(receiver, url, MattermostPayloads(tr, n));
        case ReceiverType::kDiscord:
          return PostEach(receiver, url, DiscordPayloads(tr, n));
        case ReceiverType::kTeams:
          return PostEach(receiver, url, TeamsPayloads(tr, n));
        default:
          return PostEach(receiver, url, GoogleChatPayloads(tr, n));
      }
    }
    case ReceiverType::kTelegram: {
      const auto& t = std::get<config::TelegramReceiver>(receiver.settings);
      auto url = fmt::format("{}/bot{}/sendMessage", TrimSlash(t.api_url), t.bot_token.Reveal());
      return PostEach(receiver, url, TelegramPayloads(tr, n, t.chat_id));
    }
    case ReceiverType::kWebhook: {
      const auto& w = std::get<config::WebhookReceiver>(receiver.settings);
      auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(leg.now.time_since_epoch()).count();
      auto built = BuildWebhookRequest(n, leg.key, seconds, w.secret.Reveal());
      if (!built) return built.error().Context("receiver '" + receiver.name + "'");
      net::HttpRequest r = Post(receiver, w.url, std::move(built->body));
      r.headers = std::move(built->headers);
      r.headers.emplace_back("User-Agent", "sellerwatch");
      for (const auto& [name, value] : w.headers) r.headers.emplace_back(name, value.Reveal());
      return std::vector<net::HttpRequest>{std::move(r)};
    }
    case ReceiverType::kAlertmanager: {
      const auto& a = std::get<config::AlertmanagerReceiver>(receiver.settings);
      AlertmanagerOptions options;
      options.status_url = a.status_url;
      options.now = leg.now;
      options.firing_validity = a.firing_validity;
      if (n.group_key.starts_with(kMetaGroupPrefix)) {
        // An event, sent once and not re-sent: valid for a day from when it happened.
        options.now = n.created_at;
        options.firing_validity = kMetaAlertValidity;
      }
      std::string body = AlertmanagerPayload(n, options);
      std::vector<net::HttpRequest> out;
      for (const auto& url : a.urls)
        out.push_back(Post(receiver, TrimSlash(url) + "/api/v2/alerts", body));
      return out;
    }
    default:
      break;
  }
  return core::Error::Internal("receiver '" + receiver.name + "' is not URL-based");
}

}  // namespace sellerwatch::notify
