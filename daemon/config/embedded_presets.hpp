#pragma once

#include <span>
#include <string_view>

namespace sellerwatch::config {

struct EmbeddedFile {
  std::string_view name;  // "amazon.yaml"
  std::string_view text;
};

// config/presets/*.yaml, compiled in at build time (cmake/embed_files.cmake).
std::span<const EmbeddedFile> EmbeddedPresets();

}  // namespace sellerwatch::config
