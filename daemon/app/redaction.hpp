#pragma once

// Text a person reads (`explain`) may carry a credential: a delivery error quotes the webhook
// URL it failed on, a silence comment may paste one. Redaction happens before any rendering.

#include <span>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace sellerwatch::app {

// Every credential the config holds that a notification's errors could quote: receivers'
// secrets (chat webhook URLs, SMTP passwords, bot tokens, webhook signing keys and header
// values), webhook and Alertmanager URLs, the heartbeat URL and the HTTP listen token.
std::vector<std::string> ConfigSecrets(const config::Config& config);

// `text` with each of `secrets` replaced by "<redacted>", then every URL cut to its scheme and
// host ("https://hooks.slack.com/…"): userinfo, path and query are where tokens live.
std::string RedactText(std::string text, std::span<const std::string> secrets);

}  // namespace sellerwatch::app
