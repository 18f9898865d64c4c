#pragma once

// Collects the problems found while loading one config: errors and warnings with a position.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "config/loader.hpp"

namespace sellerwatch::config {

// "FILE:LINE:COL" (just "FILE" when the position is unknown).
std::string FormatLocation(const Location& where);

class DiagnosticSink {
 public:
  // `file` names the positions made from YAML marks ("a.yaml", or "preset amazon.yaml").
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  // yaml-cpp marks are 0-based; Location is 1-based. A null mark gives line 0.
  Location At(const YAML::Mark& mark) const;

  void Error(const Location& where, std::string message);
  void Warning(const Location& where, std::string message);
  void Add(Diagnostic diagnostic);

  bool has_errors() const { return errors_ > 0; }
  // In file order (the main file first, then presets), each distinct problem once.
  std::vector<Diagnostic> Finish() &&;

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
};

}  // namespace sellerwatch::config
