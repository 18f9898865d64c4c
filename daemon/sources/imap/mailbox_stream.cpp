#include "sources/imap/mailbox_stream.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "sources/imap/imap_response.hpp"
#include "sources/imap/mail_item.hpp"
#include "sources/imap/reply_matching.hpp"
#include "sources/json_fields.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::imap {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Only what the matching needs; BODY.PEEK leaves \Seen alone.
constexpr std::string_view kFetchItems =
    "(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (DATE FROM TO SUBJECT MESSAGE-ID IN-REPLY-TO "
    "REFERENCES AUTO-SUBMITTED PRECEDENCE X-AUTOREPLY X-AUTORESPOND)])";
constexpr std::size_t kFetchChunk = 200;  // UIDs per UID FETCH on a full read

struct FolderCursor {
  std::uint32_t validity = 0;
  std::uint32_t last_uid = 0;
};

struct Cursor {
  bool known = false;  // false: the first poll
  FolderCursor inbox, sent;
  std::string sent_name;
  std::vector<OpenMessage> open;
};

std::uint32_t U32(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return 0;
  boost::system::error_code ec;
  auto n = it->value().to_number<std::uint32_t>(ec);
  return ec ? 0 : n;
}

core::Result<Cursor> ReadCursor(const std::optional<std::string>& text) {
  Cursor out;
  if (!text) return out;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  const json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
  if (o == nullptr) return core::Error::Internal("imap: unreadable cursor");
  out.known = true;
  for (auto [key, folder] : {std::pair{"inbox", &out.inbox}, {"sent", &out.sent}}) {
    if (const json::object* f = ObjectAt(*o, key)) {
      folder->validity = U32(*f, "validity");
      folder->last_uid = U32(*f, "uid");
    }
  }
  out.sent_name = StringAt(*o, "sent_name");
  if (const json::array* open = ArrayAt(*o, "open")) {
    for (const auto& m : *open) {
      if (!m.is_object()) continue;
      const json::object& e = m.as_object();
      auto at = core::ParseRfc3339(StringAt(e, "at"));
      if (!at) return core::Error::Internal("imap: unreadable cursor");
      out.open.push_back({StringAt(e, "id"), StringAt(e, "who"), StringAt(e, "order"), *at});
    }
  }
  return out;
}

std::string WriteCursor(const Cursor& c) {
  json::object o;
  for (auto [key, folder] : {std::pair{"inbox", &c.inbox}, {"sent", &c.sent}}) {
    o[key] = json::object{{"validity", folder->validity}, {"uid", folder->last_uid}};
  }
  o["sent_name"] = c.sent_name;
  json::array open;
  for (const auto& m : c.open) {
    open.push_back(json::object{{"id", m.id},
                                {"who", m.who},
                                {"order", m.order_id},
                                {"at", core::FormatRfc3339(m.received_at)}});
  }
  o["open"] = std::move(open);
  return json::serialize(o);
}

// SEARCH SINCE takes a date: "4-Dec-2026".
std::string ImapDate(core::Timestamp t) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  date::year_month_day ymd{date::floor<date::days>(t)};
  return fmt::format("{}-{}-{}", static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

struct FolderRead {
  MailboxState state;
  std::vector<FetchedHeader> headers;
  bool validity_changed = false;
};

}  // namespace

struct MailboxStream::Impl {
  std::string account;
  net::ImapClient& imap;
  Settings settings;
  MailRules rules;
  core::Duration timeout;
  std::string ca_file;
  bool tls_verify;
  std::shared_ptr<spdlog::logger> log;
  std::string source_id;

  asio::awaitable<core::Result<std::vector<UntaggedResponse>>> Run(std::string command,
                                                                   long* port) {
    net::ImapRequest request;
    request.url = settings.url;
    request.tls_none = settings.tls_none;
    request.username = settings.username;
    request.password = settings.password.Reveal();
    request.ca_file = ca_file;
    request.tls_verify = tls_verify;
    request.command = command;
    request.timeout = timeout;
    std::string what = command.substr(0, command.find(" ("));
    auto answer = co_await imap.Run(std::move(request));
    if (!answer) co_return answer.error();
    // Commands after EXAMINE must run in the session that examined the folder.
    if (*port != 0 && answer->local_port != *port) {
      co_return core::Error::Transient(
          fmt::format("{}: {}: the IMAP session changed after EXAMINE", settings.url, what));
    }
    *port = answer->local_port;
    co_return ParseUntagged(answer->stream, settings.url + ": " + what);
  }

  // EXAMINE, then the header fields of what is new (all of `since` on a full read).
  asio::awaitable<core::Result<FolderRead>> ReadFolder(const std::string& folder,
                                                       FolderCursor cursor, bool full,
                                                       core::Timestamp since) {
    long port = 0;
    auto examined = co_await Run("EXAMINE " + Quoted(folder), &port);
    if (!examined) co_return examined.error();
    auto state = ReadExamine(*examined, settings.url + ": EXAMINE " + folder);
    if (!state) co_return state.error();
    FolderRead out{*state, {}, cursor.validity != 0 && cursor.validity != state->uid_validity};
    if (out.validity_changed && !full) co_return out;  // the caller reads everything again
    std::vector<std::string> fetches;
    std::uint32_t after = 0;
    if (full) {
      auto searched = co_await Run("UID SEARCH SINCE " + ImapDate(since), &port);
      if (!searched) co_return searched.error();
      std::vector<std::uint32_t> uids = ReadSearch(*searched);
      for (std::size_t i = 0; i < uids.size(); i += kFetchChunk) {
        std::vector<std::uint32_t> chunk(
            uids.begin() + static_cast<std::ptrdiff_t>(i),
            uids.begin() + static_cast<std::ptrdiff_t>(std::min(uids.size(), i + kFetchChunk)));
        fetches.push_back("UID FETCH " + UidSet(chunk) + " " + std::string(kFetchItems));
      }
    } else if (state->uid_next == 0 || state->uid_next > cursor.last_uid + 1) {
      after = cursor.last_uid;
      fetches.push_back(fmt::format("UID FETCH {}:* {}", after + 1, kFetchItems));
    }
    for (const auto& command : fetches) {
      auto fetched = co_await Run(command, &port);
      if (!fetched) co_return fetched.error();
      auto headers = ReadFetch(*fetched, settings.url + ": UID FETCH in " + folder);
      if (!headers) co_return headers.error();
      // "n:*" answers with the last message even when its UID is below n.
      for (auto& h : *headers)
        if (h.uid > after) out.headers.push_back(std::move(h));
    }
    co_return out;
  }

  // The mailbox flagged \Sent (RFC 6154 SPECIAL-USE), whatever its name.
  asio::awaitable<core::Result<std::string>> FindSent() {
    long port = 0;
    auto listed = co_await Run("LIST \"\" \"*\" RETURN (SPECIAL-USE)", &port);
    if (!listed) co_return listed.error();
    if (auto name = SentFolder(ReadList(*listed))) co_return *name;
    co_return core::Error::Config(fmt::format(
        "{}: no mailbox is flagged \\Sent: name the folder of sent mail in sent_folder:",
        settings.url));
  }
};

MailboxStream::MailboxStream(std::string account, net::ImapClient& imap, Settings settings,
                             MailRules rules, core::Duration timeout, std::string ca_file,
                             bool tls_verify, std::shared_ptr<spdlog::logger> log,
                             std::string source_id)
    : impl_(new Impl{std::move(account), imap, std::move(settings), std::move(rules), timeout,
                     std::move(ca_file), tls_verify, std::move(log), std::move(source_id)}) {}

MailboxStream::~MailboxStream() = default;

core::Duration MailboxStream::Interval() const { return impl_->settings.poll; }

asio::awaitable<core::Result<SourceBatch>> MailboxStream::Poll(std::optional<std::string> text,
                                                               core::Timestamp now) {
  Impl& s = *impl_;
  auto cursor = ReadCursor(text);
  if (!cursor) co_return cursor.error();
  std::string sent = s.settings.sent_folder.empty() ? cursor->sent_name : s.settings.sent_folder;
  if (sent.empty()) {
    auto found = co_await s.FindSent();
    if (!found) co_return found.error();
    sent = *found;
  }
  const core::Timestamp since = now - s.settings.backfill;
  bool full = !cursor->known;
  FolderRead inbox, outbox;
  for (int pass = 0;; ++pass) {
    auto in = co_await s.ReadFolder(s.settings.inbox, cursor->inbox, full, since);
    if (!in) co_return in.error();
    inbox = std::move(*in);
    if (!full && inbox.validity_changed) {
      s.log->info("source={} {}: UIDVALIDITY changed: reading both folders again from {}",
                  s.source_id, s.settings.inbox, core::FormatRfc3339(since));
      full = true;
      continue;
    }
    auto out = co_await s.ReadFolder(sent, cursor->sent, full, since);
    if (!out && out.error().kind == core::ErrorKind::kPermanent && s.settings.sent_folder.empty() &&
        sent == cursor->sent_name && pass == 0) {
      // The folder found last time is gone (renamed?): look for the \Sent one again.
      auto found = co_await s.FindSent();
      if (!found) co_return found.error();
      s.log->info("source={} the sent folder is now '{}': reading both folders again", s.source_id,
                  *found);
      sent = *found;
      full = true;
      continue;
    }
    if (!out) co_return out.error();
    outbox = std::move(*out);
    if (!full && outbox.validity_changed) {
      s.log->info("source={} {}: UIDVALIDITY changed: reading both folders again from {}",
                  s.source_id, sent, core::FormatRfc3339(since));
      full = true;
      continue;
    }
    break;
  }

  SourceBatch batch;
  std::vector<MailItem> items;
  for (auto [read, folder, side] : {std::tuple{&inbox, &s.settings.inbox, MailItem::Side::kBuyer},
                                    std::tuple{&outbox, &sent, MailItem::Side::kSeller}}) {
    for (const auto& h : read->headers) {
      auto item = ReadMailItem(h, *folder, side, s.rules);
      if (!item) {
        batch.rejected.push_back(item.error().message);
      } else if (*item) {
        items.push_back(std::move(**item));
      }
    }
  }
  Matched matched = MatchReplies(full ? std::vector<OpenMessage>{} : std::move(cursor->open),
                                 std::move(items), s.account, since);
  for (auto& m : matched.messages) batch.events.push_back(Encoded(std::move(m)));

  Cursor next;
  next.known = true;
  next.sent_name = s.settings.sent_folder.empty() ? sent : "";
  for (auto [read, previous, target] : {std::tuple{&inbox, &cursor->inbox, &next.inbox},
                                        std::tuple{&outbox, &cursor->sent, &next.sent}}) {
    target->validity = read->state.uid_validity;
    target->last_uid = full ? 0 : previous->last_uid;
    if (read->state.uid_next > 0)
      target->last_uid = std::max(target->last_uid, read->state.uid_next - 1);
    for (const auto& h : read->headers) target->last_uid = std::max(target->last_uid, h.uid);
  }
  next.open = std::move(matched.open);
  batch.cursor = WriteCursor(next);
  co_return batch;
}

}  // namespace sellerwatch::sources::imap
