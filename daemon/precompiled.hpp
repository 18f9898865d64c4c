// Precompiled for every translation unit of sellerwatch_core: the heavy third-party headers
// most files include. Speeds up the build only; each file still includes what it uses.
#pragma once

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>
