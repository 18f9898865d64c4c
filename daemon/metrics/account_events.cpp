#include "metrics/account_events.hpp"

#include <type_traits>

namespace sellerwatch::metrics {

AccountEvents AccountEvents::From(std::span<const core::Event> events) {
  AccountEvents out;
  for (const auto& e : events) {
    std::visit(
        [&out](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, core::Order>) {
            out.orders.push_back(v);
          } else if constexpr (std::is_same_v<T, core::Feedback>) {
            if (v.negative() && !v.order_id.empty()) out.marks[v.order_id].negative_feedback = true;
            out.feedback.push_back(v);
          } else if constexpr (std::is_same_v<T, core::Claim>) {
            if (!v.order_id.empty() && v.defect()) out.marks[v.order_id].defect_claim = true;
            out.claims.push_back(v);
          } else if constexpr (std::is_same_v<T, core::Message>) {
            out.messages.push_back(v);
          }  // platform values are no window metric
        },
        e);
  }
  return out;
}

OrderMarks AccountEvents::MarksOf(const std::string& order_id) const {
  auto it = marks.find(order_id);
  return it == marks.end() ? OrderMarks{} : it->second;
}

}  // namespace sellerwatch::metrics
