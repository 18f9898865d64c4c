#include "rules/forecast_cache.hpp"

namespace sellerwatch::rules {

const metrics::Forecast* ForecastCache::Find(const std::string& account, const std::string& rule,
                                             const ForecastQuery& query, core::Timestamp now) {
  auto it = entries_.find(std::pair(account, rule));
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  e.pass = pass_;
  // A clock that went back, or an hour gone by, asks again.
  if (!(e.query == query) || now < e.computed_at || now - e.computed_at >= kReuse) return nullptr;
  return &e.forecast;
}

void ForecastCache::Put(const std::string& account, const std::string& rule,
                        const ForecastQuery& query, core::Timestamp now,
                        metrics::Forecast forecast) {
  entries_.insert_or_assign(std::pair(account, rule),
                            Entry{query, now, std::move(forecast), pass_});
}

void ForecastCache::EndPass() {
  std::erase_if(entries_, [this](const auto& entry) { return entry.second.pass != pass_; });
  ++pass_;
}

}  // namespace sellerwatch::rules
