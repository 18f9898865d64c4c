#pragma once

#include <span>
#include <string>

#include "config/config.hpp"
#include "i18n/translator.hpp"
#include "metrics/metric_value.hpp"
#include "rules/rule_evaluation.hpp"
#include "store/alert_state_store.hpp"

namespace sellerwatch::rules {

// What the seller reads for the rule (the `title` annotation, the status page): its metric in
// words on the account's marketplace, and what kind of warning it is ("…, forecast").
std::string AlertTitle(const config::AccountConfig& account, const config::EffectiveRule& rule);
// The same in the reader's language.
std::string AlertTitle(const i18n::Translator& tr, const config::AccountConfig& account,
                       const config::EffectiveRule& rule);

// The alert a seller receives: labels that identify it (account, marketplace, rule, metric,
// severity and the account's labels) and annotations that explain it in words: value against
// target, headroom, forecast, the items at risk, window and what to do. The annotations are
// English (value_raw, numerator and denominator are numbers for machines); each other language
// in `languages` (config::Config::Languages()) gets the words again in `localized`.
core::Alert BuildAlert(const config::AccountConfig& account, const RuleEvaluation& evaluation,
                       const store::AlertStateRecord& record,
                       std::span<const i18n::Translator> languages = {});

// The same for a threshold rule on a metric value.
core::Alert BuildAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                       const metrics::MetricValue& value, const store::AlertStateRecord& record,
                       std::span<const i18n::Translator> languages = {});

}  // namespace sellerwatch::rules
