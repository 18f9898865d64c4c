#pragma once

// What the status page's two views share: the document around them (one inline style sheet,
// no scripts, nothing remote, a refresh so an open tab stays current), the headers that lock
// the page down, and the small pieces every view draws: a badge that says its status in words,
// a metric's bar.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/page_summary.hpp"
#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::app {

// Seconds between the page's own reloads (<meta http-equiv="refresh">).
inline constexpr int kPageRefreshSeconds = 60;

// A whole HTML document in `tr`'s language (<html lang>): `title` (text, escaped here) in the
// head and the header bar, `body` (HTML) in <main>, and when the page was made.
std::string HtmlPage(std::string_view title, std::string_view body, core::Timestamp now,
                     const i18n::Translator& tr = {});

// The headers every page goes out with: a Content-Security-Policy that lets in the page's own
// style sheet (by its hash) and nothing else — no script, no remote resource, no framing, forms
// only back here — plus nosniff, no-referrer, X-Frame-Options DENY and no caching.
std::vector<std::pair<std::string, std::string>> PageHeaders();

// Element text and attribute values, escaped.
std::string Html(std::string_view text);
std::string Attr(std::string_view text);

// "/accounts/shop%20one": the account's page, its id percent-encoded as a path segment.
std::string AccountHref(std::string_view id);

// <span class="badge critical">critical</span>: the status in words, colour only besides.
std::string Badge(PageStatus status, const i18n::Translator& tr = {});

// The metric's value against its level as a small inline SVG bar (nothing when it has none).
std::string MetricBar(const MetricLine& line);

}  // namespace sellerwatch::app
