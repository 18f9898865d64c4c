#pragma once

#include "config/config.hpp"
#include "metrics/metric_value.hpp"
#include "rules/rule_evaluation.hpp"
#include "store/alert_state_store.hpp"

namespace sellerwatch::rules {

// What the seller reads for the rule (the `title` annotation, the status page): its metric in
// words on the account's marketplace, and what kind of warning it is ("…, forecast").
std::string AlertTitle(const config::AccountConfig& account, const config::EffectiveRule& rule);

// The alert a seller receives: labels that identify it (account, marketplace, rule, metric,
// severity and the account's labels) and annotations that explain it in words: value against
// target, headroom, forecast, the items at risk, window and what to do.
core::Alert BuildAlert(const config::AccountConfig& account, const RuleEvaluation& evaluation,
                       const store::AlertStateRecord& record);

// The same for a threshold rule on a metric value.
core::Alert BuildAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                       const metrics::MetricValue& value, const store::AlertStateRecord& record);

}  // namespace sellerwatch::rules
