#include "config/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace sellerwatch::config {

std::string FormatLocation(const Location& where) {
  if (where.line <= 0) return where.file;
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

std::string Diagnostic::Format() const {
  return fmt::format("{}: {}{}", FormatLocation(where), warning ? "warning: " : "", message);
}

Location DiagnosticSink::At(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return Location{file_, 0, 0};
  return Location{file_, mark.line + 1, mark.column + 1};
}

void DiagnosticSink::Error(const Location& where, std::string message) {
  Add(Diagnostic{where, std::move(message), false});
}

void DiagnosticSink::Warning(const Location& where, std::string message) {
  Add(Diagnostic{where, std::move(message), true});
}

void DiagnosticSink::Add(Diagnostic diagnostic) {
  if (!diagnostic.warning) ++errors_;
  diagnostics_.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> DiagnosticSink::Finish() && {
  auto key = [this](const Diagnostic& d) {
    return std::make_tuple(d.where.file != file_, d.where.file, d.where.line, d.where.column);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  std::vector<Diagnostic> out;
  for (auto& d : diagnostics_) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const Diagnostic& o) {
      return o.warning == d.warning && o.message == d.message && o.where.file == d.where.file &&
             o.where.line == d.where.line && o.where.column == d.where.column;
    });
    if (!seen) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sellerwatch::config
