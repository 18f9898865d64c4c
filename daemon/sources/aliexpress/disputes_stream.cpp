#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "sources/aliexpress/dispute_mapping.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/poll_clock.hpp"
#include "sources/aliexpress/streams.hpp"
#include "sources/json_fields.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::aliexpress {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kListApi = "aliexpress.issue.issuelist.get";
constexpr std::string_view kDetailApi = "aliexpress.issue.detail.get";
constexpr core::Duration kFirstLookback = 60 * core::kDay;
constexpr int kPageSize = 50;  // the API's maximum
// The whole list is paged only back to the cursor; past this many pages the rest is left
// (open disputes are read on their own in any case).
constexpr int kMaxPages = 40;
constexpr int kMaxOpenPages = 20;

struct OpenDispute {
  std::string id;
  std::string buyer;
};

struct Cursor {
  std::optional<core::Timestamp> modified;
  std::vector<OpenDispute> open;
};

core::Result<Cursor> ReadCursor(const std::optional<std::string>& text) {
  Cursor out;
  if (!text) return out;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  const json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
  if (o == nullptr) return core::Error::Internal("disputes: unreadable cursor '" + *text + "'");
  if (std::string m = StringAt(*o, "modified"); !m.empty()) {
    out.modified = core::ParseRfc3339(m);
    if (!out.modified) return core::Error::Internal("disputes: unreadable cursor '" + *text + "'");
  }
  if (const json::array* open = ArrayAt(*o, "open")) {
    for (const auto& d : *open) {
      if (!d.is_object()) continue;
      out.open.push_back({StringAt(d.as_object(), "id"), StringAt(d.as_object(), "buyer")});
    }
  }
  return out;
}

std::string WriteCursor(const Cursor& c) {
  json::object o;
  if (c.modified) o["modified"] = core::FormatRfc3339(*c.modified);
  json::array open;
  for (const auto& d : c.open) open.push_back(json::object{{"id", d.id}, {"buyer", d.buyer}});
  o["open"] = std::move(open);
  return json::serialize(o);
}

// (Built outside the coroutines: GCC 12 mishandles initializer lists inside them.)
Params ListParams(std::string_view status, int page) {
  json::object o;
  if (!status.empty()) o["issue_status"] = status;
  o["page_size"] = kPageSize;
  o["current_page"] = page;
  return {{"query_dto", json::serialize(o)}};
}

Params DetailParams(const std::string& id, const std::string& buyer) {
  return {{"issue_id", id}, {"buyer_login_id", buyer}};
}

// Up to `budget` details: open disputes first, but half of the budget is kept for closed ones
// (newly finished, or gone from the open list) when there are that many, so neither a backlog
// of finished disputes nor many open ones starves the other.
std::vector<OpenDispute> Share(const std::vector<OpenDispute>& open,
                               const std::vector<OpenDispute>& closed, int budget) {
  const std::size_t all = static_cast<std::size_t>(std::max(budget, 0));
  std::size_t closed_n = std::min(closed.size(), all / 2);
  const std::size_t open_n = std::min(open.size(), all - closed_n);
  closed_n = std::min(closed.size(), all - open_n);
  std::vector<OpenDispute> out(open.begin(), open.begin() + static_cast<std::ptrdiff_t>(open_n));
  out.insert(out.end(), closed.begin(), closed.begin() + static_cast<std::ptrdiff_t>(closed_n));
  return out;
}

struct Listed {
  json::object issue;
  core::Timestamp modified;
};

// The disputes read in one poll, each once (in its latest version), in the order first seen.
struct Collected {
  std::vector<std::string> ids;
  std::map<std::string, Listed> listed;
  std::set<std::string> open;

  // Takes one list entry; true when it was modified after `after`.
  core::Result<bool> Take(json::object issue, core::Timestamp after, const std::string& where) {
    std::string id = IssueIdOf(issue);
    auto modified = ModifiedAtOf(issue);
    if (!modified) return modified.error().Context(where);
    if (StringAt(issue, "issue_status") == "processing") open.insert(id);
    auto it = listed.find(id);
    if (it == listed.end()) ids.push_back(id);
    if (it == listed.end() || it->second.modified <= *modified) {
      listed[id] = Listed{std::move(issue), *modified};
    }
    return *modified > after;
  }
};

// Pages the list of `status` ("" = all): to its end, or (`stop_when_old`) until a page holds
// nothing modified after `after`. A page of nothing but disputes this listing already read
// means the server did not page.
asio::awaitable<core::Result<void>> List(IopClient& client, std::string status, int max_pages,
                                         bool stop_when_old, core::Timestamp after,
                                         PollClock::SteadyTime deadline, core::Timestamp now,
                                         Collected& out) {
  const std::string where = client.Where(kListApi);
  std::set<std::string> in_listing;
  for (int page = 1;; ++page) {
    if (page > max_pages) {
      if (stop_when_old) {
        client.log().warn("source={}/disputes {}: stopped after {} pages", client.source_id(),
                          where, max_pages);
        co_return core::Result<void>();
      }
      co_return core::Error::Transient(
          fmt::format("{}: more than {} pages of open disputes; nothing stored", where, max_pages));
    }
    auto answer =
        co_await client.Call(std::string(kListApi), ListParams(status, page), deadline, now);
    if (!answer) co_return answer.error();
    auto parsed = ParseIssueListPage(*answer, where);
    if (!parsed) co_return parsed.error();
    if (parsed->issues.empty()) co_return core::Result<void>();
    bool all_seen = page > 1, any_recent = false;
    for (auto& issue : parsed->issues) {
      std::string id = IssueIdOf(issue);
      all_seen = all_seen && in_listing.contains(id);
      in_listing.insert(id);
      auto recent = out.Take(std::move(issue), after, where);
      if (!recent) co_return recent.error();
      any_recent = any_recent || *recent;
    }
    if (all_seen) {
      co_return core::Error::Transient(fmt::format(
          "{}: page {} repeats disputes of the pages before it (the server did not page); "
          "nothing stored",
          where, page));
    }
    if (page * kPageSize >= parsed->total_item) co_return core::Result<void>();
    if (stop_when_old && !any_recent) co_return core::Result<void>();
  }
}

}  // namespace

DisputesStream::DisputesStream(std::string account, std::shared_ptr<IopClient> client,
                               int max_details)
    : account_(std::move(account)), client_(std::move(client)), max_details_(max_details) {}

asio::awaitable<core::Result<SourceBatch>> DisputesStream::Poll(std::optional<std::string> text,
                                                                core::Timestamp now) {
  const auto& s = client_->settings();
  auto cursor = ReadCursor(text);
  if (!cursor) co_return cursor.error();
  const core::Timestamp after =
      cursor->modified ? *cursor->modified - s.overlap : now - kFirstLookback;
  const PollClock clock = PollClock::Start(client_->poll_timeout());
  const std::string where = client_->Where(kListApi);
  // 1. Every open dispute; 2. the whole list back to the cursor.
  Collected seen;
  if (auto r = co_await List(*client_, "processing", kMaxOpenPages, false, after, clock.deadline,
                             now, seen);
      !r) {
    co_return r.error();
  }
  if (auto r = co_await List(*client_, "", kMaxPages, true, after, clock.deadline, now, seen); !r) {
    co_return r.error();
  }
  const std::vector<std::string>& ids = seen.ids;
  const std::map<std::string, Listed>& listed = seen.listed;
  const std::set<std::string>& open = seen.open;

  // 3. Which need their detail: open ones that are new or changed (a new stage moves the
  //    response deadline, and gmt_modified with it), newly finished ones, and those open last
  //    time that have left the open list unseen since.
  std::set<std::string> known_open;
  for (const auto& d : cursor->open) known_open.insert(d.id);
  std::vector<OpenDispute> open_wanted, closed_wanted;
  std::set<std::string> wanted_ids;
  for (const auto& id : ids) {
    const Listed& l = listed.at(id);
    if (open.contains(id) && (!known_open.contains(id) || l.modified > after) &&
        wanted_ids.insert(id).second) {
      open_wanted.push_back({id, StringAt(l.issue, "buyer_login_id")});
    }
  }
  std::vector<std::string> finished;
  for (const auto& id : ids) {
    const Listed& l = listed.at(id);
    if (StringAt(l.issue, "issue_status") == "finish" && l.modified > after) finished.push_back(id);
  }
  std::stable_sort(finished.begin(), finished.end(), [&](const auto& a, const auto& b) {
    return listed.at(a).modified < listed.at(b).modified;
  });
  for (const auto& id : finished) {
    if (wanted_ids.insert(id).second) {
      closed_wanted.push_back({id, StringAt(listed.at(id).issue, "buyer_login_id")});
    }
  }
  std::vector<OpenDispute> vanished;
  for (const auto& d : cursor->open) {
    if (!listed.contains(d.id)) {
      vanished.push_back(d);
      if (wanted_ids.insert(d.id).second) closed_wanted.push_back(d);
    }
  }
  const std::vector<OpenDispute> wanted = Share(open_wanted, closed_wanted, max_details_);

  std::map<std::string, json::object> details;
  const std::string detail_where = client_->Where(kDetailApi);
  for (const auto& d : wanted) {
    if (static_cast<int>(details.size()) >= max_details_ || clock.Spent()) break;
    auto answer = co_await client_->Call(std::string(kDetailApi), DetailParams(d.id, d.buyer),
                                         clock.deadline, now);
    if (!answer) co_return answer.error();
    auto detail = ParseIssueDetail(*answer, detail_where);
    if (!detail) co_return detail.error();
    details[d.id] = std::move(*detail);
  }

  // 4. Map. A dispute whose detail was wanted but did not fit in this poll is not stored from
  //    the list alone (that version would overwrite the deadline, escalation and ruling of
  //    the stored one): it holds the cursor back to just before it, so the next poll asks
  //    again. One that vanished stays on the open list for the same reason.
  SourceBatch batch;
  Cursor next;
  next.modified = cursor->modified;
  std::optional<core::Timestamp> hold;
  for (const auto& id : ids) {
    const Listed& l = listed.at(id);
    auto it = details.find(id);
    if (open.contains(id)) next.open.push_back({id, StringAt(l.issue, "buyer_login_id")});
    if (it == details.end()) {
      if (wanted_ids.contains(id)) {
        if (!hold || l.modified < *hold) hold = l.modified;
        continue;
      }
      // Unchanged since the last poll (read again for the overlap, or open and known).
      if (l.modified <= after || open.contains(id)) continue;
    }
    auto mapped = MapDispute(&l.issue, it == details.end() ? nullptr : &it->second, account_);
    if (!mapped) co_return mapped.error().Context(where);
    batch.events.push_back(Encoded(std::move(*mapped)));
    if (!next.modified || l.modified > *next.modified) next.modified = l.modified;
  }
  for (const auto& d : vanished) {
    auto it = details.find(d.id);
    if (it == details.end()) {
      next.open.push_back(d);
      continue;
    }
    auto mapped = MapDispute(nullptr, &it->second, account_);
    if (!mapped) co_return mapped.error().Context(detail_where);
    if (mapped->status == "open") next.open.push_back(d);
    batch.events.push_back(Encoded(std::move(*mapped)));
  }
  if (details.size() < wanted_ids.size()) {
    client_->log().info(
        "source={}/disputes {} dispute detail(s) left for the next poll (at most {} a poll)",
        client_->source_id(), wanted_ids.size() - details.size(), max_details_);
  }
  if (hold) next.modified = std::min(next.modified.value_or(*hold), *hold - core::Duration(1));
  if (next.modified) next.modified = std::min(*next.modified, now);
  batch.cursor = WriteCursor(next);
  co_return batch;
}

}  // namespace sellerwatch::sources::aliexpress
