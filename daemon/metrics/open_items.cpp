#include "metrics/open_items.hpp"

#include "metrics/contribution.hpp"

namespace sellerwatch::metrics {
namespace {

// A stored reply, whatever its time, closes the message: `status --at T` loads only versions
// with updated_at <= T, and a version carrying a reply is never older than the reply.
bool AwaitsReply(const core::Message& m) { return !m.replied_at.has_value(); }

bool AwaitsResponse(const core::Claim& c) { return c.dispute() && c.open() && c.respond_by; }

}  // namespace

void OpenItems::Update(const core::Order* before, const core::Order& after) {
  if (before && AwaitsShipment(*before)) ship_by_.erase({*before->ship_by, before->id});
  if (AwaitsShipment(after)) ship_by_.emplace(*after.ship_by, after.id);
}

void OpenItems::Update(const core::Message* before, const core::Message& after) {
  if (before && AwaitsReply(*before))
    reply_by_.erase({before->received_at + core::kDay, before->id});
  if (AwaitsReply(after)) reply_by_.emplace(after.received_at + core::kDay, after.id);
}

void OpenItems::Update(const core::Claim* before, const core::Claim& after) {
  if (before && AwaitsResponse(*before)) respond_by_.erase({*before->respond_by, before->id});
  if (AwaitsResponse(after)) {
    respond_by_.insert_or_assign(
        {*after.respond_by, after.id},
        OpenDispute{after.order_id.empty() ? after.id : after.order_id, after.reason});
  }
}

std::vector<AtRiskItem> OpenItems::ShipDeadlines(core::Timestamp from, core::Timestamp to) const {
  std::vector<AtRiskItem> out;
  for (auto it = ship_by_.lower_bound({from, std::string()});
       it != ship_by_.end() && it->first <= to; ++it) {
    out.push_back(AtRiskItem{it->second, it->first, {}});
  }
  return out;
}

std::vector<AtRiskItem> OpenItems::ReplyDeadlines(core::Timestamp after, core::Timestamp to) const {
  std::vector<AtRiskItem> out;
  // Deadlines are whole milliseconds: the first one later than `after` is at after + 1 ms.
  for (auto it = reply_by_.lower_bound({after + core::Duration(1), std::string()});
       it != reply_by_.end() && it->first <= to; ++it) {
    out.push_back(AtRiskItem{it->second, it->first, {}});
  }
  return out;
}

std::vector<AtRiskItem> OpenItems::DisputeDeadlines(core::Timestamp from,
                                                    core::Timestamp to) const {
  std::vector<AtRiskItem> out;
  for (auto it = respond_by_.lower_bound({from, std::string()});
       it != respond_by_.end() && it->first.first <= to; ++it) {
    out.push_back(AtRiskItem{it->second.order_id, it->first.first, it->second.reason});
  }
  return out;
}

void OpenItems::DropBefore(core::Timestamp cutoff) {
  ship_by_.erase(ship_by_.begin(), ship_by_.lower_bound({cutoff, std::string()}));
  reply_by_.erase(reply_by_.begin(), reply_by_.lower_bound({cutoff, std::string()}));
  respond_by_.erase(respond_by_.begin(), respond_by_.lower_bound({cutoff, std::string()}));
}

std::size_t OpenItems::IndexBytes(const Index& index) {
  // A red-black tree node: three pointers and a colour, then the value; plus the allocator's
  // header. Ids longer than the small-string buffer own a heap block too.
  constexpr std::size_t kNode = 4 * sizeof(void*) + sizeof(Index::value_type) + 16;
  std::size_t bytes = index.size() * kNode;
  for (const auto& [deadline, id] : index) {
    if (id.capacity() > 15) bytes += id.capacity() + 1;
  }
  return bytes;
}

std::size_t OpenItems::MemoryBytes() const {
  constexpr std::size_t kDisputeNode =
      4 * sizeof(void*) + sizeof(decltype(respond_by_)::value_type) + 16;
  return IndexBytes(ship_by_) + IndexBytes(reply_by_) + respond_by_.size() * kDisputeNode;
}

namespace {

void SaveKey(SnapshotWriter& out, const std::pair<core::Timestamp, std::string>& key) {
  out.Put(core::ToUnixMillis(key.first));
  out.PutString(key.second);
}

bool RestoreKey(SnapshotReader& in, std::pair<core::Timestamp, std::string>& key) {
  std::int64_t at = 0;
  if (!in.Get(at) || !in.GetString(key.second)) return false;
  key.first = core::FromUnixMillis(at);
  return true;
}

void SaveIndex(SnapshotWriter& out, const std::set<std::pair<core::Timestamp, std::string>>& set) {
  out.Put<std::uint64_t>(set.size());
  for (const auto& key : set) SaveKey(out, key);
}

bool RestoreIndex(SnapshotReader& in, std::set<std::pair<core::Timestamp, std::string>>& set) {
  std::uint64_t n = 0;
  if (!in.GetCount(n, 16)) return false;
  set.clear();
  for (std::uint64_t i = 0; i < n; ++i) {
    std::pair<core::Timestamp, std::string> key;
    if (!RestoreKey(in, key)) return false;
    set.insert(set.end(), std::move(key));
  }
  return true;
}

}  // namespace

void OpenItems::Save(SnapshotWriter& out) const {
  SaveIndex(out, ship_by_);
  SaveIndex(out, reply_by_);
  out.Put<std::uint64_t>(respond_by_.size());
  for (const auto& [key, dispute] : respond_by_) {
    SaveKey(out, key);
    out.PutString(dispute.order_id);
    out.PutString(dispute.reason);
  }
}

bool OpenItems::Restore(SnapshotReader& in) {
  if (!RestoreIndex(in, ship_by_) || !RestoreIndex(in, reply_by_)) return false;
  std::uint64_t n = 0;
  if (!in.GetCount(n, 32)) return false;
  respond_by_.clear();
  for (std::uint64_t i = 0; i < n; ++i) {
    std::pair<core::Timestamp, std::string> key;
    OpenDispute dispute;
    if (!RestoreKey(in, key) || !in.GetString(dispute.order_id) || !in.GetString(dispute.reason)) {
      return false;
    }
    respond_by_.emplace_hint(respond_by_.end(), std::move(key), std::move(dispute));
  }
  return true;
}

}  // namespace sellerwatch::metrics
