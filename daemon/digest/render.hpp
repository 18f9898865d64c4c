#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::digest {

// The text/plain part: verdict, then per account (worst first) a metric table with Unicode
// sparklines of the last 28 days, outlook sentences, the week's alerts, at-risk items,
// negative feedback and source health. Untrusted text is already one clean line (BuildDigest).
std::string DigestText(const Digest& digest);

// The text/html part: table layout, inline CSS only, bar charts made of sized <div>s with the
// threshold as a line, no scripts, no external resources, every string HTML-escaped.
std::string DigestHtml(const Digest& digest);

// The compact chat version: a section per account (worst first) with one line per metric
// (value, change, sparkline, target) and one line each for alerts, at-risk items and feedback.
// Plain text: each chat channel escapes it and packs it into its limits.
std::vector<core::DigestChatSection> DigestChat(const Digest& digest);

// Everything a channel needs to send the digest.
core::DigestPayload RenderDigest(const Digest& digest);

}  // namespace sellerwatch::digest
