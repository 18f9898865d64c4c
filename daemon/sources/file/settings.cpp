#include "sources/file/settings.hpp"

#include "config/yaml_reader.hpp"

namespace sellerwatch::sources::file {

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  auto out = std::make_shared<Settings>();
  map.Require("path");
  if (map.Read("path", out->path) && out->path.empty())
    map.reader().Error(*map.Get("path"), "must not be empty");
  map.Read("poll", out->poll, config::Positive::kYes);
  return out;
}

}  // namespace sellerwatch::sources::file
