// Precompiled for the test binaries. Speeds up the build only.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../daemon/precompiled.hpp"
