#include "sources/aliexpress/dispute_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 3> kSolutionLists = {
    "platform_solution_list", "seller_solution_list", "buyer_solution_list"};

std::optional<double> MoneyAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (!v->is_string()) return std::nullopt;
  std::string_view s = v->as_string();
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return d;
}

void Later(std::optional<core::Timestamp>& out, const std::optional<core::Timestamp>& t) {
  if (t && (!out || *t > *out)) out = t;
}

// The newest time anywhere in the detail (solutions, steps): the detail has no gmt_modified.
core::Result<std::optional<core::Timestamp>> NewestIn(const json::object& d,
                                                      const std::string& record) {
  std::optional<core::Timestamp> out;
  auto take = [&](const json::object& o, std::string_view key) -> core::Result<void> {
    auto t = PacificAt(o, key, record);
    if (!t) return t.error();
    Later(out, *t);
    return {};
  };
  if (auto r = take(d, "gmt_create"); !r) return r.error();
  for (auto list : kSolutionLists) {
    if (const json::array* solutions = ListAt(d, list)) {
      for (const auto& s : *solutions) {
        if (!s.is_object()) continue;
        for (auto key : {"gmt_modified", "reached_time"}) {
          if (auto r = take(s.as_object(), key); !r) return r.error();
        }
      }
    }
  }
  if (const json::array* steps = ListAt(d, "process_dto_list")) {
    for (const auto& s : *steps) {
      if (!s.is_object()) continue;
      if (auto r = take(s.as_object(), "gmt_create"); !r) return r.error();
    }
  }
  return out;
}

std::optional<core::DecidedBy> DecidedBy(std::string_view reached_type) {
  if (reached_type == "negotiation_consensus") return core::DecidedBy::kNegotiation;
  if (reached_type == "platform_arbitrate") return core::DecidedBy::kPlatform;
  // AliExpress spells it "reponse"; the correct spelling is taken too.
  if (reached_type == "seller_reponse_timeout" || reached_type == "seller_response_timeout") {
    return core::DecidedBy::kSellerTimeout;
  }
  return std::nullopt;
}

// The detail's facts (sources.md §1.7) into `claim`.
core::Result<void> ReadDetail(const json::object& d, const std::string& record,
                              core::Claim& claim) {
  if (claim.reason.empty()) claim.reason = StringAt(d, "issue_reason");
  if (claim.open()) {
    auto due = PacificAt(d, "timeout_trigger_time", record);
    if (!due) return due.error();
    claim.respond_by = *due;
  }

  bool escalated = false;
  const json::object* reached = nullptr;
  std::optional<core::Timestamp> reached_at;
  for (auto list : kSolutionLists) {
    const json::array* solutions = ListAt(d, list);
    if (solutions == nullptr) continue;
    if (list == kSolutionLists[0] && !solutions->empty()) escalated = true;
    for (const auto& s : *solutions) {
      if (!s.is_object()) continue;
      const json::object& solution = s.as_object();
      if (StringAt(solution, "status") != "reached" && StringAt(solution, "reached_type").empty()) {
        continue;
      }
      auto at = PacificAt(solution, "reached_time", record);
      if (!at) return at.error();
      if (reached == nullptr || (*at && (!reached_at || **at > *reached_at))) {
        reached = &solution;
        reached_at = *at;
      }
    }
  }
  std::string stage = StringAt(d, "reverse_detail_status");
  if (stage.find("ae_feedback") != std::string::npos) escalated = true;
  if (const json::array* steps = ListAt(d, "process_dto_list")) {
    for (const auto& s : *steps) {
      if (s.is_object() && StringAt(s.as_object(), "submit_member_type") == "waiter") {
        escalated = true;
      }
    }
  }
  if (reached != nullptr) {
    std::string type = StringAt(*reached, "reached_type");
    if (type == "platform_arbitrate") escalated = true;
    claim.decided_by = DecidedBy(type);
    claim.decided_at = reached_at;
    if (auto money = MoneyAt(*reached, "refund_money"); money && *money >= 0) claim.refund = money;
  }
  if (stage == "refund_reject") claim.refund = 0.0;  // ended without a refund
  claim.escalated = escalated;
  return {};
}

}  // namespace

core::Result<IssueListPage> ParseIssueListPage(const json::object& response,
                                               std::string_view where) {
  if (auto failure = BusinessFailure(response)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", where, *failure));
  }
  IssueListPage page;
  if (const json::array* list = ListAt(response, "data_list")) {
    for (const auto& item : *list) {
      if (!item.is_object() || IssueIdOf(item.as_object()).empty()) {
        return core::Error::Data(fmt::format("{}: a dispute without issue_id", where));
      }
      page.issues.push_back(item.as_object());
    }
  } else if (response.contains("data_list") && !response.at("data_list").is_null()) {
    return core::Error::Data(fmt::format("{}: 'data_list' is not a list", where));
  }
  page.total_item = static_cast<int>(IntAt(response, "total_item").value_or(0));
  return page;
}

std::string IssueIdOf(const json::object& issue) {
  std::string id = TextAt(issue, "issue_id");
  return id.empty() ? TextAt(issue, "id") : id;
}

core::Result<core::Timestamp> ModifiedAtOf(const json::object& issue) {
  std::string record = "dispute " + IssueIdOf(issue);
  auto modified = PacificAt(issue, "gmt_modified", record);
  if (!modified) return modified.error();
  if (*modified) return **modified;
  auto created = PacificAt(issue, "gmt_create", record);
  if (!created) return created.error();
  if (!*created) return core::Error::Data(record + ": neither gmt_modified nor gmt_create");
  return **created;
}

core::Result<json::object> ParseIssueDetail(const json::object& response, std::string_view where) {
  if (auto failure = BusinessFailure(response)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", where, *failure));
  }
  const json::object* result = ObjectAt(response, "result_object");
  if (result == nullptr) {
    return core::Error::Data(fmt::format("{}: answer without 'result_object'", where));
  }
  return *result;
}

std::string ClaimStatusOf(std::string_view issue_status) {
  // No status reads as open, as a normalized claim without one does (core/event_json): the
  // claim must be the same before and after the store has kept it.
  if (issue_status == "processing" || issue_status.empty()) return "open";
  if (issue_status == "finish") return "closed";
  if (issue_status == "canceled_issue") return "withdrawn";
  return std::string(issue_status);
}

core::Result<core::Claim> MapDispute(const json::object* listed, const json::object* detail,
                                     const std::string& account) {
  const json::object& first = listed != nullptr ? *listed : *detail;
  core::Claim claim;
  claim.account = account;
  claim.kind = core::ClaimKind::kDispute;
  claim.id = IssueIdOf(first);
  if (claim.id.empty()) return core::Error::Data("dispute without issue_id");
  const std::string record = "dispute " + claim.id;
  claim.order_id = TextAt(first, "parent_order_id");
  if (claim.order_id.empty() && detail != nullptr)
    claim.order_id = TextAt(*detail, "parent_order_id");
  if (claim.order_id.empty()) claim.order_id = TextAt(first, "order_id");  // the child order
  auto opened = PacificAt(first, "gmt_create", record);
  if (!opened) return opened.error();
  if (!*opened) return core::Error::Data(record + ": field 'gmt_create' is missing");
  claim.opened_at = **opened;

  std::optional<core::Timestamp> updated;
  if (listed != nullptr) {
    auto modified = ModifiedAtOf(*listed);
    if (!modified) return modified.error();
    updated = *modified;
  }
  std::string issue_status = StringAt(detail != nullptr ? *detail : first, "issue_status");
  if (issue_status.empty() && listed != nullptr) issue_status = StringAt(*listed, "issue_status");
  claim.status = ClaimStatusOf(issue_status);
  if (listed != nullptr) claim.reason = StringAt(*listed, "reason_english");
  if (detail != nullptr) {
    auto newest = NewestIn(*detail, record);
    if (!newest) return newest.error();
    Later(updated, *newest);
    if (auto r = ReadDetail(*detail, record, claim); !r) return r.error();
  }
  claim.updated_at = updated.value_or(claim.opened_at);
  return claim;
}

}  // namespace sellerwatch::sources::aliexpress
