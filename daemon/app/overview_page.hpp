#pragma once

#include <string>
#include <vector>

#include "app/page_summary.hpp"

namespace sellerwatch::app {

// The status page's `/`: the verdict, counts by status (each a link that filters), a filter
// form, and one card per account of the page, worst first — badge, the most urgent sentence,
// each watched metric against its target with a bar, forecasts, items at risk, alerts, sources
// and what the marketplace says. Past 10 accounts on a page, accounts with nothing to say fold
// into one compact table row each, so 1,000 accounts stay a page of readable size. In `tr`'s
// language, as the summaries are.
std::string OverviewPage(const std::vector<AccountSummary>& worst_first, const OverviewQuery& query,
                         core::Timestamp now, const i18n::Translator& tr = {});

}  // namespace sellerwatch::app
