#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/http_json/json_api_client.hpp"
#include "sources/http_json/settings.hpp"
#include "sources/http_json/url_template.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::http_json {

// The one stream of an http-json source: every page of what changed since the cursor (the
// newest updated_at stored, minus `overlap`; `backfill` before the first success), all or
// nothing. Paging follows `next` (a URL, or a token put into `next_param`), or {page} /
// {offset} in the url until an empty page (or one identical to the page before: an API that
// clamps page numbers); a next that leads to a page already read, or more than `max_pages`
// pages, is an error. Any error (HTTP, JSON, a record
// that does not map) fails the whole poll: nothing of it is stored and the cursor stays.
class JsonStream final : public Source {
 public:
  JsonStream(std::string account, Settings settings, UrlTemplate url,
             std::shared_ptr<JsonApiClient> client);

  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return settings_.poll; }

 private:
  std::string account_;
  Settings settings_;
  UrlTemplate url_;
  std::shared_ptr<JsonApiClient> client_;
};

}  // namespace sellerwatch::sources::http_json
