#include "sources/flat_files/amazon_all_orders_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "sources/flat_files/delimited_table.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

enum Col { kOrderId, kPurchased, kUpdated, kStatus, kChannel };
constexpr std::array<std::string_view, 5> kRequired = {
    "amazon-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel"};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
  return out;
}

std::optional<core::OrderStatus> StatusOf(std::string_view text) {
  std::string s = Lower(text);
  if (s == "pending" || s == "pendingavailability") return core::OrderStatus::kPending;
  if (s == "unshipped" || s == "partiallyshipped") return core::OrderStatus::kUnshipped;
  if (s == "shipped-deliveredtobuyer" || s == "delivered") return core::OrderStatus::kDelivered;
  if (s.starts_with("shipped") || s == "shipping" || s == "invoiceunconfirmed")
    return core::OrderStatus::kShipped;
  if (s == "cancelled" || s == "canceled" || s == "unfulfillable")
    return core::OrderStatus::kCancelled;
  return std::nullopt;
}

std::optional<core::Fulfillment> ChannelOf(std::string_view text) {
  std::string s = Lower(text);
  if (s == "amazon" || s == "afn") return core::Fulfillment::kPlatform;
  if (s == "merchant" || s == "mfn" || s == "seller") return core::Fulfillment::kMerchant;
  return std::nullopt;
}

bool Yes(std::string_view text) {
  std::string s = Lower(text);
  return s == "true" || s == "yes" || s == "1";
}

}  // namespace

bool IsAllOrdersReportHeader(std::string_view header_line) {
  auto table = ParseDelimited(header_line, '\t', Quoting::kNone);
  return table && table->Column("amazon-order-id") && table->Column("purchase-date");
}

core::Result<MappedReport> MapAllOrdersReport(std::string_view tsv, const std::string& account) {
  auto table = ParseDelimited(tsv, '\t', Quoting::kNone);
  if (!table) return table.error().Context("All Orders report");
  MappedReport out;
  if (table->header.empty()) return out;
  std::array<std::size_t, kRequired.size()> at{};
  for (std::size_t i = 0; i < kRequired.size(); ++i) {
    auto column = table->Column(kRequired[i]);
    if (!column) {
      return core::Error::Data(
          fmt::format("All Orders report line {}: no '{}' column in the "
                      "header",
                      table->header_line, kRequired[i]));
    }
    at[i] = *column;
  }
  auto buyer_cancel = table->Column("is-buyer-requested-cancellation");

  std::vector<core::Order> orders;  // in the order first seen
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& row : table->rows) {
    auto cell = [&](Col c) { return table->Cell(row, at[c]); };
    auto refuse = [&](std::string why) {
      out.rejected.push_back(fmt::format("All Orders report line {}: {}", row.line, why));
    };
    core::Order o;
    o.account = account;
    o.id = std::string(cell(kOrderId));
    auto purchased = core::ParseRfc3339(cell(kPurchased));
    auto updated = core::ParseRfc3339(cell(kUpdated));
    auto status = StatusOf(cell(kStatus));
    auto channel = ChannelOf(cell(kChannel));
    if (o.id.empty()) {
      refuse("no amazon-order-id");
      continue;
    }
    if (!purchased || !updated) {
      refuse(fmt::format("order {}: {} '{}' is not an ISO 8601 time with an offset", o.id,
                         purchased ? "last-updated-date" : "purchase-date",
                         purchased ? cell(kUpdated) : cell(kPurchased)));
      continue;
    }
    if (!status) {
      refuse(
          fmt::format("order {}: order-status '{}' is not one Amazon uses (Pending, Unshipped, "
                      "Shipped, Cancelled, ...)",
                      o.id, cell(kStatus)));
      continue;
    }
    if (!channel) {
      refuse(fmt::format("order {}: fulfillment-channel '{}' is neither Amazon nor Merchant", o.id,
                         cell(kChannel)));
      continue;
    }
    o.purchased_at = *purchased;
    o.updated_at = *updated;
    o.status = *status;
    o.fulfillment = *channel;
    if (o.cancelled()) {
      o.cancelled_at = o.updated_at;
      o.cancel_initiator = buyer_cancel && Yes(table->Cell(row, *buyer_cancel))
                               ? core::CancelInitiator::kBuyer
                               : core::CancelInitiator::kUnknown;
    }
    auto [it, inserted] = index.emplace(o.id, orders.size());
    if (inserted) {
      orders.push_back(std::move(o));
    } else if (o.updated_at >= orders[it->second].updated_at) {
      orders[it->second] = std::move(o);  // another item of the order, updated later
    }
  }
  for (auto& o : orders) out.events.push_back(Encoded(std::move(o)));
  return out;
}

}  // namespace sellerwatch::sources::flat_files
