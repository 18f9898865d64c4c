#include "sql_peer.hpp"

#include <functional>

#include "metrics/account_events.hpp"

namespace sellerwatch::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDayMs = 86'400'000;

std::optional<core::Timestamp> ShippedTime(const core::Order& o) {
  if (o.shipped_at) return o.shipped_at;
  if (o.status == core::OrderStatus::kDelivered) return o.delivered_at;
  return std::nullopt;
}

std::optional<std::int64_t> Millis(const std::optional<core::Timestamp>& t) {
  if (!t) return std::nullopt;
  return core::ToUnixMillis(*t);
}

void Rate(std::map<std::string, PeerValue>& out, const std::string& metric, double numerator,
          double denominator) {
  PeerValue v{numerator, denominator, std::nullopt};
  if (denominator > 0) v.value = numerator / denominator;
  out[metric] = v;
}

}  // namespace

store::Result<void> SqlPeer::CreateTables() {
  return db_.Exec(R"sql(
DROP TABLE IF EXISTS peer_orders;
DROP TABLE IF EXISTS peer_messages;
DROP TABLE IF EXISTS peer_feedback;
CREATE TABLE peer_orders (
  account          TEXT NOT NULL,
  id               TEXT NOT NULL,
  purchased_at     INTEGER NOT NULL,
  merchant         INTEGER NOT NULL,
  seller_cancelled INTEGER NOT NULL,  -- merchant and cancelled by seller or unknown
  defect           INTEGER NOT NULL,  -- negative feedback or A-to-z / chargeback claim
  neg_feedback     INTEGER NOT NULL,
  dispute          INTEGER NOT NULL,
  ship_by          INTEGER,           -- set only for merchant, uncancelled orders
  late             INTEGER,
  shipped_time     INTEGER,           -- set only for merchant, uncancelled, shipped orders
  tracked          INTEGER,
  deliver_by       INTEGER,           -- set only for merchant, uncancelled, tracked orders
  on_time          INTEGER,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
CREATE TABLE peer_messages (
  account     TEXT NOT NULL,
  id          TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  replied_at  INTEGER,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
CREATE TABLE peer_feedback (
  account     TEXT NOT NULL,
  id          TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  negative    INTEGER NOT NULL,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
)sql");
}

store::Result<void> SqlPeer::Analyze() {
  // Indexes built after the bulk load, as one would; covering, one per reference time.
  return db_.Exec(R"sql(
CREATE INDEX peer_orders_purchase ON peer_orders(account, purchased_at, merchant,
  seller_cancelled, defect, neg_feedback, dispute);
CREATE INDEX peer_orders_ship_by ON peer_orders(account, ship_by, late) WHERE ship_by IS NOT NULL;
CREATE INDEX peer_orders_shipped ON peer_orders(account, shipped_time, tracked)
  WHERE shipped_time IS NOT NULL;
CREATE INDEX peer_orders_deliver ON peer_orders(account, deliver_by, on_time)
  WHERE deliver_by IS NOT NULL;
CREATE INDEX peer_messages_received ON peer_messages(account, received_at, replied_at);
CREATE INDEX peer_feedback_negative ON peer_feedback(account, received_at) WHERE negative = 1;
ANALYZE;
)sql");
}

store::Result<void> SqlPeer::Insert(const std::string& account,
                                    const std::vector<core::Event>& events) {
  auto orders = db_.Cached(
      "INSERT INTO peer_orders VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14)");
  auto messages = db_.Cached("INSERT INTO peer_messages VALUES(?1, ?2, ?3, ?4)");
  auto feedback = db_.Cached("INSERT INTO peer_feedback VALUES(?1, ?2, ?3, ?4)");
  if (!orders) return orders.error();
  if (!messages) return messages.error();
  if (!feedback) return feedback.error();
  metrics::AccountEvents joined = metrics::AccountEvents::From(events);
  for (const core::Order& o : joined.orders) {
    metrics::OrderMarks marks = joined.MarksOf(o.id);
    bool counted = o.merchant() && !o.cancelled();
    std::optional<std::int64_t> ship_by;
    std::optional<std::int64_t> late;
    std::optional<std::int64_t> shipped;
    std::optional<std::int64_t> tracked;
    std::optional<std::int64_t> deliver_by;
    std::optional<std::int64_t> on_time;
    if (counted && o.ship_by) {
      ship_by = core::ToUnixMillis(*o.ship_by);
      late = o.shipped_at ? *o.shipped_at > *o.ship_by : !o.shipped();
    }
    if (counted && ShippedTime(o)) {
      shipped = Millis(ShippedTime(o));
      tracked = o.tracking_valid.value_or(false);
    }
    if (counted && o.tracking_valid.value_or(false) && o.deliver_by) {
      deliver_by = core::ToUnixMillis(*o.deliver_by);
      on_time = o.delivered_at && *o.delivered_at <= *o.deliver_by;
    }
    (*orders)
        ->Bind(1, account)
        .Bind(2, o.id)
        .Bind(3, core::ToUnixMillis(o.purchased_at))
        .Bind(4, o.merchant() ? 1 : 0)
        .Bind(5, o.merchant() && o.seller_cancelled() ? 1 : 0)
        .Bind(6, marks.defect() ? 1 : 0)
        .Bind(7, marks.negative_feedback ? 1 : 0)
        .Bind(8, 0)  // dispute metrics are not part of the peer (see Compare)
        .Bind(9, ship_by)
        .Bind(10, late)
        .Bind(11, shipped)
        .Bind(12, tracked)
        .Bind(13, deliver_by)
        .Bind(14, on_time);
    if (auto r = (*orders)->Run(); !r) return r.error();
  }
  for (const core::Message& m : joined.messages) {
    (*messages)
        ->Bind(1, account)
        .Bind(2, m.id)
        .Bind(3, core::ToUnixMillis(m.received_at))
        .Bind(4, Millis(m.replied_at));
    if (auto r = (*messages)->Run(); !r) return r.error();
  }
  for (const core::Feedback& f : joined.feedback) {
    (*feedback)
        ->Bind(1, account)
        .Bind(2, f.id)
        .Bind(3, core::ToUnixMillis(f.received_at))
        .Bind(4, f.negative() ? 1 : 0);
    if (auto r = (*feedback)->Run(); !r) return r.error();
  }
  return {};
}

store::Result<void> SqlPeer::Compute(core::Timestamp now, PeerMetrics& out,
                                     std::vector<PeerTiming>& timings) {
  const std::int64_t n = core::ToUnixMillis(now);
  auto from = [n](int days) { return n - days * kDayMs; };

  using RowFn = std::function<void(store::Statement&, std::map<std::string, PeerValue>&)>;
  // Parameters: ?1 now, ?2 now − 60 d, ?3 now − 30 d, ?4 now − 10 d, ?5 now − 7 d, ?6 24 h
  // in ms; a query binds those up to the highest it uses.
  const std::int64_t params[] = {n, from(60), from(30), from(10), from(7), kDayMs};
  auto run = [&](const std::string& name, const std::string& sql, int highest_param,
                 RowFn row) -> store::Result<void> {
    auto stmt = db_.Cached(sql);
    if (!stmt) return stmt.error();
    for (int i = 1; i <= highest_param; ++i) (*stmt)->Bind(i, params[i - 1]);
    auto t0 = Clock::now();
    std::size_t rows = 0;
    while (true) {
      auto more = (*stmt)->Step();
      if (!more) return more.error().Context(name);
      if (!*more) break;
      ++rows;
      row(**stmt, out[(*stmt)->Text(0)]);
    }
    (*stmt)->Reset();
    timings.push_back({name, Clock::now() - t0, rows});
    return {};
  };

  // Orders by purchased_at: ODR, negative feedback rate (60 d), cancellation rate (7 d).
  if (auto r = run("orders by purchased_at (4 metrics)", R"sql(
SELECT account, COUNT(*), SUM(defect), SUM(neg_feedback),
       SUM(purchased_at >= ?3), SUM(dispute AND purchased_at >= ?3),
       SUM(merchant AND purchased_at >= ?5), SUM(seller_cancelled AND purchased_at >= ?5)
FROM peer_orders WHERE purchased_at >= ?2 AND purchased_at < ?1 GROUP BY account)sql",
                   5,
                   [](store::Statement& s, auto& m) {
                     Rate(m, "order_defect_rate", s.Double(2), s.Double(1));
                     Rate(m, "negative_feedback_rate", s.Double(3), s.Double(1));
                     Rate(m, "cancellation_rate", s.Double(7), s.Double(6));
                   });
      !r) {
    return r;
  }
  if (auto r = run("orders by ship_by (late 10 d, 30 d)", R"sql(
SELECT account, COUNT(*), SUM(late), SUM(ship_by >= ?4), SUM(late AND ship_by >= ?4)
FROM peer_orders WHERE ship_by >= ?3 AND ship_by < ?1 GROUP BY account)sql",
                   4,
                   [](store::Statement& s, auto& m) {
                     Rate(m, "late_shipment_rate_30d", s.Double(2), s.Double(1));
                     Rate(m, "late_shipment_rate_10d", s.Double(4), s.Double(3));
                   });
      !r) {
    return r;
  }
  if (auto r = run("orders by shipped time (valid tracking)", R"sql(
SELECT account, COUNT(*), SUM(tracked)
FROM peer_orders WHERE shipped_time >= ?3 AND shipped_time < ?1 GROUP BY account)sql",
                   3,
                   [](store::Statement& s, auto& m) {
                     Rate(m, "valid_tracking_rate", s.Double(2), s.Double(1));
                   });
      !r) {
    return r;
  }
  if (auto r = run("orders by deliver_by (on-time delivery)", R"sql(
SELECT account, COUNT(*), SUM(on_time)
FROM peer_orders WHERE deliver_by >= ?3 AND deliver_by < ?1 GROUP BY account)sql",
                   3,
                   [](store::Statement& s, auto& m) {
                     Rate(m, "on_time_delivery_rate", s.Double(2), s.Double(1));
                   });
      !r) {
    return r;
  }
  // A reply after now is not known yet; an unreplied message counts once older than 24 h.
  if (auto r = run("messages (replied within 24 h)", R"sql(
SELECT account,
       SUM(replied_at IS NOT NULL AND replied_at <= ?1 AND replied_at - received_at <= ?6),
       SUM(CASE WHEN replied_at IS NOT NULL AND replied_at <= ?1 THEN 1
                WHEN ?1 - received_at > ?6 THEN 1 ELSE 0 END)
FROM peer_messages WHERE received_at >= ?3 AND received_at < ?1 GROUP BY account)sql",
                   6,
                   [](store::Statement& s, auto& m) {
                     Rate(m, "response_within_24h_rate", s.Double(1), s.Double(2));
                   });
      !r) {
    return r;
  }
  // Nearest rank: the ceil(0.9 n)-th smallest latency = row (9 n + 9) / 10 (integer division).
  if (auto r =
          run("messages (p90 reply time)", R"sql(
SELECT account, latency, n FROM (
  SELECT account, latency,
         ROW_NUMBER() OVER (PARTITION BY account ORDER BY latency) AS rn,
         COUNT(*) OVER (PARTITION BY account) AS n
  FROM (SELECT account,
               CASE WHEN replied_at IS NOT NULL AND replied_at <= ?1 THEN replied_at - received_at
                    ELSE ?1 - received_at END AS latency
        FROM peer_messages WHERE received_at >= ?3 AND received_at < ?1))
WHERE rn = (9 * n + 9) / 10)sql",
              3,
              [](store::Statement& s, auto& m) {
                m["response_time_p90"] = PeerValue{std::nullopt, s.Double(2), s.Double(1) / 1000.0};
              });
      !r) {
    return r;
  }
  if (auto r =
          run("feedback (negative in 7 d)", R"sql(
SELECT account, COUNT(*)
FROM peer_feedback WHERE negative = 1 AND received_at >= ?5 AND received_at < ?1
GROUP BY account)sql",
              5,
              [](store::Statement& s, auto& m) {
                m["negative_feedback_count_7d"] = PeerValue{std::nullopt, s.Double(1), s.Double(1)};
              });
      !r) {
    return r;
  }
  return {};
}

}  // namespace sellerwatch::bench
