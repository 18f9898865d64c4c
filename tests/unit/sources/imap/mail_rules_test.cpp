// Who is a buyer per marketplace, order numbers in real-shaped subjects, and the mail that
// asks for no answer.

#include "sources/imap/mail_rules.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources::imap {
namespace {

TEST(MailRules, BuyersPerMarketplace) {
  MailRules amazon("amazon", {});
  EXPECT_TRUE(amazon.IsBuyer("2xq9k8v1hd0gl5t@marketplace.amazon.com"));
  EXPECT_TRUE(amazon.IsBuyer("abc@marketplace.amazon.co.uk"));
  EXPECT_FALSE(amazon.IsBuyer("seller-notification@amazon.com"));
  EXPECT_FALSE(amazon.IsBuyer("do-not-reply@amazon.com"));
  MailRules ebay("ebay", {});
  EXPECT_TRUE(ebay.IsBuyer("buyer_x.ab12cd@members.ebay.com"));
  EXPECT_FALSE(ebay.IsBuyer("ebay@ebay.com"));
  EXPECT_TRUE(MailRules("shopify", {}).empty());
  MailRules shop("shopify", {"*@customers.example.com", "vip@*.org"});
  EXPECT_TRUE(shop.IsBuyer("jane@customers.example.com"));
  EXPECT_TRUE(shop.IsBuyer("vip@club.org"));
  EXPECT_FALSE(shop.IsBuyer("jane@example.com"));
  EXPECT_TRUE(MailRules("custom", {"*"}).IsBuyer("anyone@anywhere"));
  EXPECT_FALSE(MailRules("custom", {"*"}).IsBuyer(""));
}

TEST(MailRules, Globs) {
  EXPECT_TRUE(GlobMatch("*@MARKETPLACE.amazon.*", "x@marketplace.amazon.de"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatch("**", ""));
}

TEST(MailRules, OrderNumbersInSubjects) {
  EXPECT_EQ(OrderIdIn("Inquiry from Amazon customer Jane (Order: 111-2223334-5556667)"),
            "111-2223334-5556667");
  EXPECT_EQ(OrderIdIn("RE: Order 111-2223334-5556667 - where is it?"), "111-2223334-5556667");
  EXPECT_EQ(OrderIdIn("Re: buyer_x sent a message about order 12-34567-89012"), "12-34567-89012");
  EXPECT_EQ(OrderIdIn("Message about order 8100000000000004"), "8100000000000004");
  EXPECT_EQ(OrderIdIn("Question about item #1234567890"), "");
  EXPECT_EQ(OrderIdIn("1111-2223334-5556667"), "");  // not an Amazon number
}

TEST(MailRules, MailThatAsksForNoAnswer) {
  EXPECT_TRUE(NeedsNoAnswer({{"auto-submitted", "auto-replied"}}, "Out of office"));
  EXPECT_FALSE(NeedsNoAnswer({{"auto-submitted", "no"}}, "Question"));
  EXPECT_TRUE(NeedsNoAnswer({{"precedence", "Bulk"}}, "x"));
  EXPECT_TRUE(NeedsNoAnswer({{"x-autoreply", "yes"}}, "x"));
  EXPECT_TRUE(NeedsNoAnswer({}, "Thanks, got it! [No response needed]"));
  EXPECT_FALSE(NeedsNoAnswer({{"precedence", "first-class"}}, "Where is my order?"));
}

}  // namespace
}  // namespace sellerwatch::sources::imap
