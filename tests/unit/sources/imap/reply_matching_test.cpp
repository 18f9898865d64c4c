// Which of the seller's mails answers which buyer message: a table of mailboxes, replayed in
// one poll and split over two (the open list carried between them).

#include "sources/imap/reply_matching.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources::imap {
namespace {

using Side = MailItem::Side;
constexpr core::Timestamp kT0{std::chrono::hours(24 * 20000)};
core::Timestamp H(double hours) {
  return kT0 +
         std::chrono::duration_cast<core::Duration>(std::chrono::duration<double>(hours * 3600));
}
MailItem Buyer(std::string id, std::string who, double at, std::string order = "") {
  return {Side::kBuyer, std::move(id), std::move(who), std::move(order), H(at), {}};
}
MailItem Seller(std::string id, std::string who, double at, std::string order = "",
                std::vector<std::string> answers = {}) {
  return {Side::kSeller,    std::move(id), std::move(who),
          std::move(order), H(at),         std::move(answers)};
}

std::map<std::string, std::optional<core::Timestamp>> Replies(const Matched& m) {
  std::map<std::string, std::optional<core::Timestamp>> out;
  for (const auto& msg : m.messages) out[msg.id] = msg.replied_at;
  return out;
}

struct Case {
  std::string name;
  std::vector<MailItem> mail;
  std::map<std::string, std::optional<core::Timestamp>> want;
};

class ReplyMatchingTest : public ::testing::TestWithParam<Case> {};

TEST_P(ReplyMatchingTest, InOnePollAndSplitOverTwo) {
  const Case& c = GetParam();
  Matched once = MatchReplies({}, c.mail, "a", kT0 - std::chrono::hours(1000));
  EXPECT_EQ(Replies(once), c.want);
  // The same mail over two polls: the answers come out the same.
  for (std::size_t split = 1; split < c.mail.size(); ++split) {
    std::vector<MailItem> first(c.mail.begin(), c.mail.begin() + static_cast<long>(split));
    std::vector<MailItem> second(c.mail.begin() + static_cast<long>(split), c.mail.end());
    Matched a = MatchReplies({}, first, "a", kT0 - std::chrono::hours(1000));
    Matched b = MatchReplies(a.open, second, "a", kT0 - std::chrono::hours(1000));
    auto merged = Replies(a);
    for (auto& [id, r] : Replies(b)) merged[id] = r;
    EXPECT_EQ(merged, c.want) << "split at " << split;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReplyMatchingTest,
    ::testing::Values(Case{"ReplyAnswersEveryOpenMessageOfThatBuyer",
                           {Buyer("m1", "b", 0), Buyer("m2", "b", 1), Seller("s1", "b", 3)},
                           {{"m1", H(3)}, {"m2", H(3)}}},
                      Case{"AFollowUpAfterAReplyNeedsItsOwnAnswer",
                           {Buyer("m1", "b", 0), Seller("s1", "b", 2), Buyer("m2", "b", 5),
                            Seller("s2", "b", 30)},
                           {{"m1", H(2)}, {"m2", H(30)}}},
                      Case{"ASellerMailBeforeTheBuyersIsNoAnswer",
                           {Seller("s1", "b", 0), Buyer("m1", "b", 1)},
                           {{"m1", std::nullopt}}},
                      Case{"AnotherBuyersMailIsNotAnswered",
                           {Buyer("m1", "b", 0), Buyer("m2", "c", 0.5), Seller("s1", "b", 3)},
                           {{"m1", H(3)}, {"m2", std::nullopt}}},
                      Case{"AReplyNamingAnOrderLeavesTheBuyersOtherOrderOpen",
                           {Buyer("m1", "b", 0, "111-1111111-1111111"),
                            Buyer("m2", "b", 1, "222-2222222-2222222"),
                            Seller("s1", "b", 2, "111-1111111-1111111")},
                           {{"m1", H(2)}, {"m2", std::nullopt}}},
                      Case{"InReplyToAnswersEvenWithoutTheSameBuyerKey",
                           {Buyer("m1", "b", 0), Seller("s1", "other", 4, "", {"m1"})},
                           {{"m1", H(4)}}},
                      Case{"TheFirstReplyCountsNotALaterOne",
                           {Buyer("m1", "b", 0), Seller("s1", "b", 26), Seller("s2", "b", 27)},
                           {{"m1", H(26)}}}),
    [](const auto& info) { return info.param.name; });

TEST(ReplyMatching, EventsCarryThreadOrderTimesAndANewerVersionOnceAnswered) {
  Matched m = MatchReplies({}, {Buyer("m1", "b", 0, "111-1111111-1111111"), Seller("s", "b", 3)},
                           "acme", kT0 - std::chrono::hours(1));
  ASSERT_EQ(m.messages.size(), 1u);
  const core::Message& msg = m.messages[0];
  EXPECT_EQ(msg.account, "acme");
  EXPECT_EQ(msg.thread, "b/111-1111111-1111111");
  EXPECT_EQ(msg.order_id, "111-1111111-1111111");
  EXPECT_EQ(msg.received_at, H(0));
  EXPECT_EQ(msg.replied_at, H(3));
  EXPECT_EQ(msg.updated_at, H(3));
  EXPECT_TRUE(m.open.empty());
}

TEST(ReplyMatching, OpenMessagesOlderThanTheWindowAreDropped) {
  Matched m = MatchReplies({{"old", "b", "", H(-500)}}, {Buyer("new", "c", 0)}, "a", H(-100));
  ASSERT_EQ(m.open.size(), 1u);
  EXPECT_EQ(m.open[0].id, "new");
}

TEST(ReplyMatching, AMessageReadTwiceIsOneEvent) {
  Matched a = MatchReplies({}, {Buyer("m1", "b", 0)}, "a", H(-100));
  Matched b = MatchReplies(a.open, {Buyer("m1", "b", 0)}, "a", H(-100));
  EXPECT_TRUE(b.messages.empty());
  EXPECT_EQ(b.open.size(), 1u);
}

}  // namespace
}  // namespace sellerwatch::sources::imap
