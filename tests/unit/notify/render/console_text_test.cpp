// The console receiver's text (a terminal or a log). Found by the render fuzz target (issue 17):
// labels and annotations went out raw, so a buyer comment could start log lines of its own
// ("\n2026-... FIRING ...") or send escape sequences to the operator's terminal.

#include "notify/render/console_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

using testing::MakeAlert;
using testing::MakeNotification;

TEST(ConsoleTextTest, UntrustedTextStaysOnItsOwnLineWithoutControlCharacters) {
  struct Case {
    const char* what;
    std::string summary;
    std::string shown;  // the summary as the first line ends
  } cases[] = {
      {"plain", "acme-us odr is 1.2%", "acme-us odr is 1.2%"},
      {"a forged line", "late\n2026-11-01T00:00:00Z RESOLVED critical all fine",
       "late 2026-11-01T00:00:00Z RESOLVED critical all fine"},
      {"CR LF", "a\r\nb", "a b"},
      {"a terminal escape", "\x1b]0;pwned\x07\x1b[2Jx", " ]0;pwned  [2Jx"},
      {"invalid UTF-8", "ok\xff\xc3", "ok\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"bidi override",
       "a\xE2\x80\xAE"
       "b",
       "ab"},
  };
  for (const auto& c : cases) {
    core::Alert a = MakeAlert();
    a.annotations["summary"] = c.summary;
    a.annotations["hint"] = c.summary;
    a.labels["rule"] = c.summary;
    std::string text = ConsoleText(i18n::Translator(), MakeNotification({a}));
    std::vector<std::string> lines;
    for (std::size_t pos = 0, end; pos < text.size(); pos = end + 1) {
      end = text.find('\n', pos);
      lines.push_back(text.substr(pos, end - pos));
    }
    ASSERT_EQ(lines.size(), 4u) << c.what << ":\n" << text;  // headline, headroom, rule, hint
    EXPECT_TRUE(lines[0].ends_with(" " + c.shown)) << c.what << ": " << lines[0];
    EXPECT_TRUE(lines[2].starts_with("    rule:       " + c.shown + " (")) << c.what;
    EXPECT_EQ(lines[3], "    what to do: " + c.shown) << c.what;
    for (const auto& line : lines) {
      for (char ch : line) EXPECT_GE(static_cast<unsigned char>(ch), 0x20) << c.what;
    }
  }
}

}  // namespace
}  // namespace sellerwatch::notify
