// Marketplace report files dropped into a `file` source's directory: Amazon's All Orders and
// Seller Feedback downloads (and a CSV export through `columns:`) give the same metrics in
// `status --json` as the equivalent normalized JSONL.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>

#include "core/time.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

struct Order {
  std::string id;
  int days_ago;
  std::string status;   // as the All Orders report writes it
  std::string channel;  // Merchant | Amazon
  bool buyer_cancel;
};

// Twenty orders over the last days: shipped, cancelled by the seller, by the buyer, FBA.
std::vector<Order> Orders() {
  std::vector<Order> out;
  for (int i = 0; i < 20; ++i) {
    Order o{fmt::format("114-{:07}-{:07}", i, i), 1 + i % 6, "Shipped", "Merchant", false};
    if (i == 3) o.status = "Cancelled";  // by the seller (the report does not say: unknown)
    if (i == 7) {
      o.status = "Cancelled";
      o.buyer_cancel = true;
    }
    if (i == 11) o.channel = "Amazon";
    if (i == 15) o.status = "Unshipped";
    out.push_back(o);
  }
  return out;
}

class FileReportsTest : public ::testing::Test {
 protected:
  std::string At(int days_ago, std::chrono::hours hour) const {
    auto day = std::chrono::floor<std::chrono::days>(now_) - std::chrono::days(days_ago);
    return core::FormatRfc3339(core::Timestamp(day.time_since_epoch() + hour));
  }

  std::string AllOrdersTsv() const {
    std::string tsv =
        "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
        "fulfillment-channel\tsales-channel\tproduct-name\tsku\tquantity\t"
        "is-buyer-requested-cancellation\n";
    for (const auto& o : Orders()) {
      tsv += fmt::format("{}\t\t{}\t{}\t{}\t{}\tAmazon.com\tItem \"A\"\tSKU\t1\t{}\n", o.id,
                         At(o.days_ago, 9h), At(o.days_ago, 15h), o.status, o.channel,
                         o.buyer_cancel ? "true" : "false");
    }
    return tsv;
  }

  std::string FeedbackTsv() const {
    return fmt::format(
        "Date\tRating\tComments\tResponse\tOrder ID\tRater Email\n"
        "{}\t1\tnever arrived\t\t114-0000001-0000001\ta@example.com\n"
        "{}\t5\tgreat\t\t114-0000002-0000002\tb@example.com\n",
        At(1, 0h).substr(0, 10), At(2, 0h).substr(0, 10));
  }

  // The same orders and feedback, written as normalized JSONL by hand.
  std::string Jsonl() const {
    std::string out;
    for (const auto& o : Orders()) {
      bool cancelled = o.status == "Cancelled";
      std::string status = cancelled                 ? "cancelled"
                           : o.status == "Unshipped" ? "unshipped"
                                                     : "shipped";
      out += fmt::format(
          R"({{"type":"order","id":"{}","purchased_at":"{}","status":"{}","fulfillment":"{}",)"
          R"("cancelled_at":{},"cancel_initiator":{},"updated_at":"{}"}})"
          "\n",
          o.id, At(o.days_ago, 9h), status, o.channel == "Amazon" ? "platform" : "merchant",
          cancelled ? "\"" + At(o.days_ago, 15h) + "\"" : "null",
          cancelled ? (o.buyer_cancel ? "\"buyer\"" : "\"unknown\"") : "null", At(o.days_ago, 15h));
    }
    out += fmt::format(
        R"({{"type":"feedback","id":"114-0000001-0000001","order_id":"114-0000001-0000001","rating":1,"received_at":"{}","comment":"never arrived"}})"
        "\n"
        R"({{"type":"feedback","id":"114-0000002-0000002","order_id":"114-0000002-0000002","rating":5,"received_at":"{}","comment":"great"}})"
        "\n",
        At(1, 0h).substr(0, 10) + "T00:00:00Z", At(2, 0h).substr(0, 10) + "T00:00:00Z");
    return out;
  }

  // Two Amazon shops: one reads the downloads, the other the JSONL.
  std::string Config(const std::string& csv_source = "") {
    for (const char* d : {"reports", "jsonl"}) std::filesystem::create_directories(dir_.File(d));
    return dir_.Write("sellerwatch.yaml", "daemon: {state_dir: " + dir_.File("state") +
                                              ", listen: \"\"}\n"
                                              "accounts:\n"
                                              "  - id: from-reports\n"
                                              "    marketplace: amazon\n"
                                              "    sources: [{type: file, path: " +
                                              dir_.File("reports") +
                                              "}]\n"
                                              "  - id: from-jsonl\n"
                                              "    marketplace: amazon\n"
                                              "    sources: [{type: file, path: " +
                                              dir_.File("jsonl") + "}]\n" + csv_source +
                                              "receivers: [{name: out, file: {path: " +
                                              dir_.File("alerts.jsonl") + "}}]\n");
  }

  // Every account's metrics from `status --json`, by account id.
  std::map<std::string, json::value> Metrics(const std::string& config) {
    auto r = Sellerwatch({"status", "--json", "-c", config});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, json::value> out;
    json::value doc = json::parse(r.out);
    for (const auto& a : doc.at("accounts").as_array())
      out[std::string(a.at("id").as_string())] = a.at("metrics");
    return out;
  }

  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  TempDir dir_;
};

TEST_F(FileReportsTest, AmazonDownloadsGiveTheSameMetricsAsTheEquivalentJsonl) {
  dir_.Write("reports/All Orders 2026.txt", AllOrdersTsv());
  dir_.Write("reports/Feedback.txt", FeedbackTsv());
  dir_.Write("jsonl/export.jsonl", Jsonl());
  std::string config = Config();
  auto poll = Sellerwatch({"poll", "--once", "-c", config});
  ASSERT_EQ(poll.exit_code, 0) << poll.out << poll.err;
  EXPECT_EQ(poll.err.find("refused"), std::string::npos) << poll.err;

  auto metrics = Metrics(config);
  ASSERT_TRUE(metrics.contains("from-reports") && metrics.contains("from-jsonl"));
  EXPECT_EQ(json::serialize(metrics["from-reports"]), json::serialize(metrics["from-jsonl"]));
  // And they are the numbers the orders call for: 1 seller cancel of 18 merchant orders in
  // the week (the buyer's cancel is not the seller's), 1 negative feedback of 20 orders.
  for (const auto& m : metrics["from-reports"].as_array()) {
    std::string name(m.at("name").as_string());
    if (name == "cancellation_rate") {
      EXPECT_EQ(m.at("numerator").to_number<double>(), 1);
      EXPECT_EQ(m.at("denominator").to_number<double>(), 19);
    }
    if (name == "order_defect_rate") {
      EXPECT_EQ(m.at("numerator").to_number<double>(), 1);
      EXPECT_EQ(m.at("denominator").to_number<double>(), 20);
    }
  }
}

TEST_F(FileReportsTest, ABadDownloadIsRefusedWholeAndNamedThenReadWhenFixed) {
  std::string tsv = AllOrdersTsv();
  std::string broken = tsv;
  broken.replace(broken.find("Shipped"), 7, "Sailing");
  dir_.Write("reports/orders.txt", broken);
  std::string config = Config();
  auto poll = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_NE(poll.err.find("orders.txt refused, nothing stored from it"), std::string::npos)
      << poll.err;
  EXPECT_NE(poll.err.find("orders.txt: All Orders report line 2: order 114-0000000-0000000: "
                          "order-status 'Sailing'"),
            std::string::npos)
      << poll.err;
  auto before = Metrics(config);
  for (const auto& m : before["from-reports"].as_array())
    EXPECT_EQ(m.at("denominator").to_number<double>(), 0) << json::serialize(m);

  dir_.Write("reports/orders.txt", tsv);  // fixed and dropped again
  poll = Sellerwatch({"poll", "--once", "-c", config});
  ASSERT_EQ(poll.exit_code, 0) << poll.err;
  bool counted = false;
  auto after = Metrics(config);
  for (const auto& m : after["from-reports"].as_array())
    counted = counted || m.at("denominator").to_number<double>() > 0;
  EXPECT_TRUE(counted);
}

TEST_F(FileReportsTest, ACsvExportThroughItsColumnsMap) {
  std::string csv = "Order;Placed;State;Who cancelled\n";
  for (const auto& o : Orders()) {
    if (o.channel == "Amazon") continue;
    bool cancelled = o.status == "Cancelled";
    csv += fmt::format("{};{};{};{}\n", o.id, At(o.days_ago, 9h).substr(0, 19),
                       cancelled                 ? "storniert"
                       : o.status == "Unshipped" ? "offen"
                                                 : "versandt",
                       !cancelled       ? ""
                       : o.buyer_cancel ? "Kunde"
                                        : "Haendler");
  }
  dir_.Write("csv/orders.csv", csv);
  dir_.Write("reports/orders.txt", AllOrdersTsv());
  std::string config = Config(
      "  - id: from-csv\n"
      "    marketplace: amazon\n"
      "    sources:\n"
      "      - type: file\n"
      "        path: " +
      dir_.File("csv") +
      "\n"
      "        delimiter: \";\"\n"
      "        columns:\n"
      "          id: Order\n"
      "          purchased_at: Placed\n"
      "          status: {column: State, values: {versandt: shipped, offen: unshipped, "
      "storniert: cancelled}}\n"
      "          cancel_initiator: {column: Who cancelled, values: {Kunde: buyer, Haendler: "
      "seller}}\n"
      "          fulfillment: {value: merchant}\n");
  auto check = Sellerwatch({"check-config", "-c", config});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  auto poll = Sellerwatch({"poll", "--once", "-c", config});
  ASSERT_EQ(poll.exit_code, 0) << poll.err;
  EXPECT_EQ(poll.err.find("refused"), std::string::npos) << poll.err;
  auto metrics = Metrics(config);
  for (const auto& m : metrics["from-csv"].as_array()) {
    if (m.at("name").as_string() == "cancellation_rate") {
      EXPECT_EQ(m.at("numerator").to_number<double>(), 1);  // the seller's; not the buyer's
      EXPECT_EQ(m.at("denominator").to_number<double>(), 19);
    }
  }
}

}  // namespace
}  // namespace sellerwatch::testing
