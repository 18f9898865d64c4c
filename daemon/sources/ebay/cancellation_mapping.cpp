#include "sources/ebay/cancellation_mapping.hpp"

#include <boost/json.hpp>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::ebay {
namespace json = boost::json;

namespace {

core::CancelInitiator RequestorOf(std::string_view party) {
  if (party == "BUYER") return core::CancelInitiator::kBuyer;
  if (party == "SELLER") return core::CancelInitiator::kSeller;
  return core::CancelInitiator::kUnknown;  // UNKNOWN, absent, or a value eBay adds later
}

bool TookEffect(const Cancellation& c) {
  return c.status != "CANCEL_REJECTED" && c.status != "INVALID";
}

}  // namespace

core::Result<CancellationsPage> ParseCancellationSearch(std::string_view body) {
  auto doc = ParseJsonObject(body, "cancellation search");
  if (!doc) return doc.error();
  const json::value* list = doc->if_contains("cancellations");
  if (list != nullptr && !list->is_array() && !list->is_null()) {
    return core::Error::Data("cancellation search: 'cancellations' is not an array");
  }
  CancellationsPage page;
  if (const json::object* p = ObjectAt(*doc, "paginationOutput")) {
    if (const json::value* n = p->if_contains("totalPages"); n != nullptr && n->is_int64()) {
      page.total_pages = static_cast<int>(std::max<std::int64_t>(1, n->as_int64()));
    }
  }
  if (list == nullptr || list->is_null()) return page;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) {
      return core::Error::Data("cancellation search: a cancellation that is not a JSON object");
    }
    const json::object& o = item.as_object();
    Cancellation c;
    c.cancel_id = StringAt(o, "cancelId");
    c.legacy_order_id = StringAt(o, "legacyOrderId");
    if (c.legacy_order_id.empty()) {
      return core::Error::Data("cancellation search: cancellation '" + c.cancel_id +
                               "' has no legacyOrderId");
    }
    c.requestor = RequestorOf(StringAt(o, "requestorType"));
    c.status = StringAt(o, "cancelStatus");
    page.cancellations.push_back(std::move(c));
  }
  return page;
}

void CancellationIndex::Add(Cancellation c) {
  auto& list = by_order_[c.legacy_order_id];
  for (const auto& known : list)
    if (!c.cancel_id.empty() && known.cancel_id == c.cancel_id) return;  // a repeated page
  list.push_back(std::move(c));
  ++count_;
}

std::optional<core::CancelInitiator> CancellationIndex::InitiatorOf(
    std::string_view legacy_order_id, std::string_view order_id) const {
  bool found = false, buyer = false, seller = false;
  for (std::string_view key : {legacy_order_id, order_id}) {
    if (key.empty()) continue;
    auto it = by_order_.find(key);
    if (it == by_order_.end()) continue;
    for (const auto& c : it->second) {
      if (!TookEffect(c)) continue;
      found = true;
      buyer |= c.requestor == core::CancelInitiator::kBuyer;
      seller |= c.requestor == core::CancelInitiator::kSeller;
    }
  }
  if (!found) return std::nullopt;
  if (buyer) return core::CancelInitiator::kBuyer;
  return seller ? core::CancelInitiator::kSeller : core::CancelInitiator::kUnknown;
}

}  // namespace sellerwatch::sources::ebay
