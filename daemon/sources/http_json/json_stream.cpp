#include "sources/http_json/json_stream.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>

#include "sources/http_json/page_mapper.hpp"
#include "sources/http_json/record_mapper.hpp"
#include "sources/time_format.hpp"
#include "sources/updated_since.hpp"

namespace sellerwatch::sources::http_json {
namespace asio = boost::asio;

namespace {

constexpr std::string_view kNothingStored =
    "; nothing of this poll was stored, the next poll starts from the same cursor";

}  // namespace

JsonStream::JsonStream(std::string account, Settings settings, UrlTemplate url,
                       std::shared_ptr<JsonApiClient> client)
    : account_(std::move(account)),
      settings_(std::move(settings)),
      url_(std::move(url)),
      client_(std::move(client)) {}

asio::awaitable<core::Result<SourceBatch>> JsonStream::Poll(std::optional<std::string> cursor,
                                                            core::Timestamp now) {
  using P = UrlTemplate::Placeholder;
  const Settings& s = settings_;
  auto since = ReadUpdatedSince(cursor, s.overlap, s.backfill, now);
  if (!since) co_return since.error();
  UrlTemplate::Values values;
  values.since = FormatTime(since->after, s.since_format);
  values.page = s.first_page;
  const std::string first = url_.Render(values);
  const bool by_number = url_.Uses(P::kPage) || url_.Uses(P::kOffset);
  const RecordMapper mapper(s, account_);

  SourceBatch batch;
  std::optional<core::Timestamp> newest = since->stored;
  std::set<std::string> seen{first};
  std::size_t previous_body = 0;
  std::string url = first;
  for (int page = 1;; ++page) {
    auto where = [&] { return fmt::format("page {} (GET {})", page, ShownUrl(url)); };
    auto body = co_await client_->Get(url, now);
    if (!body) {
      auto e = body.error().Context(fmt::format("page {}", page));
      if (page > 1) e.message += kNothingStored;  // the pages before it included
      co_return e;
    }
    if (by_number) {
      // An answer identical to the previous page: the API clamps page numbers to its last
      // page, or has no paging at all. Either way there is nothing more to read.
      std::size_t hash = std::hash<std::string>{}(*body);
      if (page > 1 && hash == previous_body) break;
      previous_body = hash;
    }
    auto mapped = MapPage(*body, s.items, s.next, mapper);
    if (!mapped) {
      auto e = mapped.error().Context(where());
      e.message = client_->Scrub(std::move(e.message)) + std::string(kNothingStored);
      co_return e;
    }
    for (auto& e : mapped->events) {
      auto updated = core::UpdatedAtOf(e.event);
      if (!newest || updated > *newest) newest = updated;
      batch.events.push_back(std::move(e));
    }

    // Where the next page is, if there is one.
    std::string next_url;
    if (by_number) {
      if (mapped->records == 0) break;
      ++values.page;
      values.offset += static_cast<std::int64_t>(mapped->records);
      next_url = url_.Render(values);
    } else {
      if (!mapped->next) break;
      auto resolved = s.next_param.empty() ? ResolveNextUrl(url, *mapped->next)
                                           : WithQueryParam(first, s.next_param, *mapped->next);
      if (!resolved) {
        co_return core::Error::Data(fmt::format("{}: next ({}): {}{}", where(), s.next->text(),
                                                resolved.error().message, kNothingStored));
      }
      next_url = std::move(*resolved);
      if (!seen.insert(next_url).second) {
        co_return core::Error::Data(
            fmt::format("{}: next ({}) leads to a page this poll already read: the API is going in "
                        "circles{}",
                        where(), s.next->text(), kNothingStored));
      }
    }
    if (page >= s.max_pages) {
      co_return core::Error::Data(fmt::format(
          "{}: there are more than max_pages ({}) pages: raise max_pages or shorten the backfill"
          "{}",
          where(), s.max_pages, kNothingStored));
    }
    url = std::move(next_url);
  }
  batch.cursor = UpdatedSinceCursor(newest, now);
  co_return batch;
}

}  // namespace sellerwatch::sources::http_json
