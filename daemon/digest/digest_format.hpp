#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "digest/digest_model.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::digest {

// What the text, HTML and chat renderers (and the status page) share, so they say the same
// thing, in the reader's language (`tr`).

// "0.80%", "14h 5m", "3"; "—" when there is no value.
std::string FormatMaybe(const i18n::Translator& tr, core::MetricUnit unit,
                        const std::optional<double>& value);
// "+0.30 pp" for rates, "+2h", "−3", "±0"; "—" when unknown.
std::string FormatChange(const i18n::Translator& tr, core::MetricUnit unit,
                         const std::optional<double>& change);
// "warn 1.5% · critical 2.5%", "critical 95%", or "—" when no rule watches the metric.
std::string FormatTarget(const i18n::Translator& tr, const MetricRow& row);
// "Sat 21 Nov 09:00" in `zone` ("11月21日 周六 09:00").
std::string LocalWhen(const i18n::Translator& tr, core::Timestamp t, const std::string& zone);
// The same in the digest's time zone and language.
std::string FormatWhen(const Digest& digest, core::Timestamp t);
// "21 Nov" in `zone` ("11月21日").
std::string LocalDay(const i18n::Translator& tr, core::Timestamp t, const std::string& zone);
// "12 Dec 14:00 PST" in `zone` ("12月12日 14:00 PST").
std::string LocalDateTime(const i18n::Translator& tr, core::Timestamp t, const std::string& zone);
// "3d 4h", "5h 10m", "12m".
std::string FormatSpan(const i18n::Translator& tr, core::Duration d);
// "fired Mon 16 Nov 10:00, resolved Tue 17 Nov 08:00 (22h in alert)", "firing since before
// the week, still firing (7d in alert)".
std::string DescribeAlert(const Digest& digest, const AlertRow& alert);
// The alert's metric in words on the account's marketplace; a meta alert (no metric) by rule.
std::string AlertName(const i18n::Translator& tr, const AccountDigest& account,
                      const AlertRow& alert);
// "★☆☆☆☆"
std::string Stars(int rating);
// The subject line: "[sellerwatch] Weekly digest: 2 of 14 accounts need attention".
std::string DigestSubject(const Digest& digest);

// A status in words: "critical", "warning", "ok", "no data" (Name(Status) is the code that
// CSS classes and the page's filter use).
std::string StatusWord(const i18n::Translator& tr, Status status);
// "critical" / "warning" in words.
std::string SeverityWord(const i18n::Translator& tr, core::Severity severity);
// An alert's state in words: "firing", "pending", "flapping", "resolved", "inactive".
std::string AlertStateWord(const i18n::Translator& tr, core::AlertState state);
// A catalogue's event words ("late shipments", core::MetricInfo::bad_events, message ids) in
// the reader's language; English as it is.
std::string EventWords(const i18n::Translator& tr, std::string_view english);
// What an at-risk group holds (ship_deadline_at_risk): the code in English, as the digest
// always listed it; in words in any other language.
std::string AtRiskKind(const i18n::Translator& tr, std::string_view kind,
                       std::string_view marketplace);
// A "Marketplace says" line's label in the reader's language: a headline value's in words
// ("账户状态"), any other as the marketplace (or an import) named it, cleaned.
std::string PlatformLabel(const i18n::Translator& tr, const PlatformRow& row);

// The marketplace in a digest's heading: its code in English ("amazon", as the digest always
// said), its name elsewhere ("Amazon", "其他" for custom).
std::string DigestMarketplace(const i18n::Translator& tr, std::string_view marketplace);
// The marketplace's name as the status page shows it: "Amazon", "eBay"; custom as "Other".
std::string MarketplaceName(const i18n::Translator& tr, std::string_view marketplace);

// Columns as a terminal shows them: East Asian wide characters take two (as fmt pads them).
std::size_t DisplayWidth(std::string_view utf8);

}  // namespace sellerwatch::digest
