#include "core/shard.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <memory>
#include <stdexcept>

namespace sellerwatch::core {

std::string Shard::Label() const { return fmt::format("{}/{}", index, count); }

std::uint64_t HashMod(std::string_view text, std::uint64_t modulus) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &len) != 1 || len != 16) {
    throw std::runtime_error("OpenSSL MD5 failed");  // only on allocation failure
  }
  std::uint64_t value = 0;
  for (unsigned int i = 8; i < 16; ++i) value = (value << 8) | digest[i];
  return value % modulus;
}

bool Owns(const Shard& shard, std::string_view account_id) {
  return !shard.sharded() || HashMod(account_id, shard.count) == shard.index;
}

Result<Shard> ParseShard(std::string_view text, std::string_view where) {
  auto bad = [&](std::string_view why) {
    return Error::Config(
        fmt::format("{}: '{}' {}; write I/N with 0 <= I < N, e.g. 0/3", where, text, why));
  };
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return bad("has no '/'");
  auto number = [](std::string_view s) -> std::optional<std::uint64_t> {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
  };
  auto index = number(text.substr(0, slash));
  auto count = number(text.substr(slash + 1));
  if (!index || !count) return bad("is not two whole numbers");
  if (*count == 0) return bad("has N = 0");
  if (*index >= *count) return bad("has I >= N");
  return Shard{*index, *count};
}

}  // namespace sellerwatch::core
