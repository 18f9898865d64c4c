#include "store/digest_store.hpp"

namespace sellerwatch::store {

Result<std::optional<core::Timestamp>> DigestStore::LastSlot(const std::string& receiver) {
  auto stmt = db_.Cached("SELECT slot_at FROM digests_sent WHERE receiver = ?1");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, receiver);
  auto row = (*stmt)->Step();
  if (!row) return row.error().Context("read last digest of " + receiver);
  std::optional<core::Timestamp> slot;
  if (*row) slot = core::FromUnixMillis((*stmt)->Int(0));
  (*stmt)->Reset();
  return slot;
}

Result<void> DigestStore::MarkSent(const std::string& receiver, core::Timestamp slot,
                                   core::Timestamp sent_at) {
  auto stmt = db_.Cached(
      "INSERT INTO digests_sent(receiver, slot_at, sent_at) VALUES(?1, ?2, ?3) "
      "ON CONFLICT(receiver) DO UPDATE SET slot_at = excluded.slot_at, sent_at = excluded.sent_at");
  if (!stmt) return stmt.error();
  (*stmt)->Bind(1, receiver).Bind(2, core::ToUnixMillis(slot)).Bind(3, core::ToUnixMillis(sent_at));
  if (auto r = (*stmt)->Run(); !r) return r.error().Context("record digest of " + receiver);
  return {};
}

}  // namespace sellerwatch::store
