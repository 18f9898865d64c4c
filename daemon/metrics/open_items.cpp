#include "metrics/open_items.hpp"

#include "metrics/contribution.hpp"

namespace sellerwatch::metrics {
namespace {

// A stored reply, whatever its time, closes the message: `status --at T` loads only versions
// with updated_at <= T, and a version carrying a reply is never older than the reply.
bool AwaitsReply(const core::Message& m) { return !m.replied_at.has_value(); }

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

std::vector<AtRiskItem> OpenItems::ShipDeadlines(core::Timestamp from, core::Timestamp to) const {
  std::vector<AtRiskItem> out;
  for (auto it = ship_by_.lower_bound({from, std::string()});
       it != ship_by_.end() && it->first <= to; ++it) {
    out.push_back(AtRiskItem{it->second, it->first});
  }
  return out;
}

std::vector<AtRiskItem> OpenItems::ReplyDeadlines(core::Timestamp after, core::Timestamp to) const {
  std::vector<AtRiskItem> out;
  // Deadlines are whole milliseconds: the first one later than `after` is at after + 1 ms.
  for (auto it = reply_by_.lower_bound({after + core::Duration(1), std::string()});
       it != reply_by_.end() && it->first <= to; ++it) {
    out.push_back(AtRiskItem{it->second, it->first});
  }
  return out;
}

void OpenItems::DropBefore(core::Timestamp cutoff) {
  ship_by_.erase(ship_by_.begin(), ship_by_.lower_bound({cutoff, std::string()}));
  reply_by_.erase(reply_by_.begin(), reply_by_.lower_bound({cutoff, std::string()}));
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

std::size_t OpenItems::MemoryBytes() const { return IndexBytes(ship_by_) + IndexBytes(reply_by_); }

}  // namespace sellerwatch::metrics
