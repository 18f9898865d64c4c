// Escaping and length-safe truncation for every markup (DESIGN §1.5: buyer text is
// untrusted everywhere).

#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base64.hpp"

namespace sellerwatch::core {
namespace {

struct EscapeCase {
  Markup markup;
  std::string in;
  std::string out;
};

TEST(RenderEscapeTest, EscapesEachMarkup) {
  const std::vector<EscapeCase> cases = {
      {Markup::kPlain, "<a> & b", "<a> & b"},
      {Markup::kHtml, "<script>alert('x\")</script> & co",
       "&lt;script&gt;alert(&#39;x&quot;)&lt;/script&gt; &amp; co"},
      {Markup::kHtmlAttribute, "a\"b`c\nd", "a&quot;b&#96;c&#10;d"},
      {Markup::kSlackMrkdwn, "<!channel> <@U123> a&b *x*",
       "&lt;!channel&gt; &lt;@U123&gt; a&amp;b *x*"},
      {Markup::kTelegramHtml, "<b>x</b> & \"q\"", "&lt;b&gt;x&lt;/b&gt; &amp; \"q\""},
      {Markup::kDiscordMarkdown, "@everyone *b* _i_ [l](u) <@1> a-b",
       "\\@everyone \\*b\\* \\_i\\_ \\[l\\](u) \\<\\@1\\> a-b"},
      {Markup::kDiscordMarkdown, "- item\n# head", "\\- item\n\\# head"},
      {Markup::kMarkdown, "@channel **b** `c` ![i](u) a-b",
       "@\u2060channel \\*\\*b\\*\\* \\`c\\` !\\[i\\](u) a-b"},
      {Markup::kMarkdown, "a & b <x>", "a \\& b \\<x\\>"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Escape(c.in, c.markup), c.out) << c.in;
  }
}

TEST(RenderEscapeTest, CleanTextRepairsUtf8AndRemovesControls) {
  EXPECT_EQ(CleanText("a\r\nb\rc\nd\te"), "a\nb\nc\nd\te");
  EXPECT_EQ(CleanLine("a\r\nBcc: x\ty"), "a Bcc: x y");
  EXPECT_EQ(CleanText("x\x01\x7fy"), "x  y");
  EXPECT_EQ(CleanText("bad\xff\xc3"), "bad\uFFFD\uFFFD");
  EXPECT_EQ(CleanText("\xC0\xAF"), "\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(CleanText("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(CleanText("a\u202Eb\u2066c"), "abc");              // bidi overrides dropped
  EXPECT_EQ(CleanText("a\u2028b\xC2\x85"
                      "c"),
            "a b c");  // LS and NEL
  EXPECT_EQ(CleanText("ñ 日本 😀"), "ñ 日本 😀");
}

TEST(RenderEscapeTest, TextLengthCountsUtf16Units) {
  EXPECT_EQ(TextLength(""), 0u);
  EXPECT_EQ(TextLength("abc"), 3u);
  EXPECT_EQ(TextLength("ñ日"), 2u);
  EXPECT_EQ(TextLength("😀"), 2u);
}

TEST(RenderEscapeTest, TruncationNeverSplitsSequencesOrEscapes) {
  const std::string text = "a&b<日本😀>c&d";
  for (Markup m : {Markup::kPlain, Markup::kHtml, Markup::kSlackMrkdwn, Markup::kDiscordMarkdown,
                   Markup::kTelegramHtml, Markup::kMarkdown}) {
    const std::string whole = Escape(text, m);
    for (std::size_t max = 0; max <= TextLength(whole) + 1; ++max) {
      std::string cut = EscapeTruncated(text, m, max);
      EXPECT_LE(TextLength(cut), max);
      EXPECT_EQ(CleanText(cut), cut) << "broken UTF-8 at " << max;
      if (max >= TextLength(whole)) {
        EXPECT_EQ(cut, whole);
        continue;
      }
      if (max == 0) continue;
      ASSERT_GE(cut.size(), kEllipsis.size());
      EXPECT_EQ(cut.substr(cut.size() - kEllipsis.size()), kEllipsis);
      std::string kept = cut.substr(0, cut.size() - kEllipsis.size());
      EXPECT_EQ(whole.substr(0, kept.size()), kept) << "not a prefix at " << max;
      // Never ends inside an entity or after a lone backslash.
      auto amp = kept.rfind('&');
      if (m == Markup::kHtml || m == Markup::kSlackMrkdwn || m == Markup::kTelegramHtml) {
        EXPECT_TRUE(amp == std::string::npos || kept.find(';', amp) != std::string::npos) << kept;
      }
      if (m == Markup::kDiscordMarkdown || m == Markup::kMarkdown) {
        std::size_t slashes = 0;
        for (auto it = kept.rbegin(); it != kept.rend() && *it == '\\'; ++it) ++slashes;
        EXPECT_EQ(slashes % 2, 0u) << kept;
      }
    }
  }
}

TEST(RenderEscapeTest, TruncateBytesKeepsUtf8Whole) {
  const std::string text = "日本語テキスト";
  for (std::size_t max = 0; max <= text.size(); ++max) {
    std::string cut = TruncateBytes(text, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_EQ(CleanText(cut), cut);
  }
}

TEST(RenderEscapeTest, TelegramVisibleLengthCountsEntitiesAsOne) {
  EXPECT_EQ(TelegramVisibleLength("<b>a&lt;b</b> &amp; 😀"), 8u);  // a<b & + 2 for 😀
}

TEST(RenderEscapeTest, Base64RoundTripsAndRejectsGarbage) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                       "foobar", std::string("\0\xff", 2)}) {
    auto decoded = core::Base64Decode(core::Base64Encode(s));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(core::Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(core::Base64Decode("Zm9"));
  EXPECT_FALSE(core::Base64Decode("Zm9v YmFy"));
  EXPECT_FALSE(core::Base64Decode("Zm=v"));
  EXPECT_FALSE(core::Base64Decode("Zm9v!!!!"));
}

}  // namespace
}  // namespace sellerwatch::core
