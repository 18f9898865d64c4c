#include "sources/http_json/source_type.hpp"

#include <fmt/format.h>

#include <array>

#include "sources/http_json/json_api_client.hpp"
#include "sources/http_json/json_stream.hpp"
#include "sources/http_json/settings.hpp"
#include "sources/http_json/url_template.hpp"

namespace sellerwatch::sources::http_json {
namespace {

constexpr std::array<std::string_view, 14> kKeys = {
    "url",      "headers",      "event_type", "items",    "next",       "next_param", "fields",
    "timezone", "since_format", "overlap",    "backfill", "first_page", "max_pages",  "poll"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  const auto& settings = source.SettingsAs<Settings>();
  auto url = UrlTemplate::Parse(settings.url.Reveal());
  if (!url) {  // check-config refuses it; only a settings object built elsewhere gets here
    return core::Error::Config(fmt::format("source '{}' of account '{}': url: {}", source.name,
                                           account.id, url.error().message));
  }
  auto client = std::make_shared<JsonApiClient>(deps.http, settings, source.timeout, source.ca_file,
                                                source.tls_verify);
  Streams out;
  out.emplace_back(SourceId(account, source),
                   std::make_unique<JsonStream>(account.id, settings, std::move(*url), client));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"http-json", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::http_json
