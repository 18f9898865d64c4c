#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::digest {

// What the text, HTML and chat renderers share, so the three say the same thing.

// "0.80%", "14h 5m", "3"; "—" when there is no value.
std::string FormatMaybe(core::MetricUnit unit, const std::optional<double>& value);
// "+0.30 pp" for rates, "+2h", "−3", "±0"; "—" when unknown.
std::string FormatChange(core::MetricUnit unit, const std::optional<double>& change);
// "warn 1.5% · critical 2.5%", "critical 95%", or "—" when no rule watches the metric.
std::string FormatTarget(const MetricRow& row);
// "Sat 21 Nov 09:00" in the digest's time zone.
std::string FormatWhen(const Digest& digest, core::Timestamp t);
// "3d 4h", "5h 10m", "12m".
std::string FormatSpan(core::Duration d);
// "fired Mon 16 Nov 10:00, resolved Tue 17 Nov 08:00 (22h)", "firing since before the week
// (7d)".
std::string DescribeAlert(const Digest& digest, const AlertRow& alert);
// The alert's metric in words on the account's marketplace; a meta alert (no metric) by rule.
std::string AlertName(const AccountDigest& account, const AlertRow& alert);
// "★☆☆☆☆"
std::string Stars(int rating);
// The subject line: "[sellerwatch] Weekly digest: 2 of 14 accounts need attention".
std::string DigestSubject(const Digest& digest);

}  // namespace sellerwatch::digest
