#include "sources/aliexpress/feedback_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

core::Result<std::vector<core::Feedback>> MapEvaluations(const json::object& response,
                                                         const std::string& account,
                                                         std::string_view where) {
  const json::object* result = ObjectAt(response, "result");
  const json::object& body = result != nullptr ? *result : response;
  if (auto failure = BusinessFailure(body)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", where, *failure));
  }
  std::vector<core::Feedback> out;
  const json::array* list = ListAt(body, "target_list");
  if (list == nullptr) {
    if (body.contains("target_list") && !body.at("target_list").is_null()) {
      return core::Error::Data(fmt::format("{}: 'target_list' is not a list", where));
    }
    return out;
  }
  for (const auto& item : *list) {
    if (!item.is_object())
      return core::Error::Data(fmt::format("{}: an entry that is not an object", where));
    const json::object& e = item.as_object();
    std::string rating_text = TextAt(e, "buyer_evaluation");
    if (rating_text.empty()) continue;  // not rated by the buyer (yet)
    core::Feedback f;
    f.account = account;
    std::string parent = TextAt(e, "parent_order_id");
    f.id = TextAt(e, "order_id");
    if (f.id.empty() && !parent.empty()) f.id = parent + "-" + TextAt(e, "product_id");
    if (f.id.empty())
      return core::Error::Data(fmt::format("{}: an evaluation without order ids", where));
    f.order_id = parent.empty() ? f.id : parent;
    const std::string record = "evaluation of order " + f.id;
    auto rating = IntAt(e, "buyer_evaluation");
    if (!rating || *rating < 1 || *rating > 5) {
      return core::Error::Data(fmt::format("{}: field 'buyer_evaluation': expected 1 to 5, got {}",
                                           record, rating_text.substr(0, 20)));
    }
    f.rating = static_cast<int>(*rating);
    auto valid = PacificAt(e, "valid_date", record);
    if (!valid) return valid.error();
    auto given = PacificAt(e, "buyer_fb_date", record);
    if (!given) return given.error();
    if (!*valid && !*given) {
      return core::Error::Data(record + ": neither valid_date nor buyer_fb_date");
    }
    f.received_at = valid->value_or(given->value_or(core::Timestamp()));
    f.comment = StringAt(e, "buyer_feedback");
    auto modified = PacificAt(e, "gmt_modified", record);
    if (!modified) return modified.error();
    f.updated_at = std::max(modified->value_or(f.received_at), f.received_at);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sellerwatch::sources::aliexpress
