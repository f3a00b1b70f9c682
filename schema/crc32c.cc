// CRC-32C (crc32c.h).
#include "schema/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define FACETTE_CRC32C_SSE42 1
#endif

namespace facette {
namespace {

// The reflected polynomial: bit i of the register is the coefficient of
// x^(31-i).
constexpr std::uint32_t kPolynomial = 0x82F63B78u;

// table[b]: the register after shifting byte b through it, bit by bit.
constexpr std::array<std::uint32_t, 256> MakeTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t reg = byte;
    for (int bit = 0; bit < 8; ++bit) reg = (reg >> 1) ^ ((reg & 1u) ? kPolynomial : 0u);
    table[byte] = reg;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = MakeTable();

#ifdef FACETTE_CRC32C_SSE42
__attribute__((target("sse4.2"))) std::uint32_t Crc32cSse42(const unsigned char* p,
                                                            std::size_t size, std::uint32_t reg) {
  std::uint64_t wide = reg;
  for (; size >= 8; size -= 8, p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);  // unaligned, little-endian
    wide = _mm_crc32_u64(wide, word);
  }
  reg = static_cast<std::uint32_t>(wide);
  for (; size > 0; --size) reg = _mm_crc32_u8(reg, *p++);
  return reg;
}

bool HasSse42() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}
#endif

}  // namespace

std::uint32_t Crc32cPortable(const void* data, std::size_t size, std::uint32_t crc) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint32_t reg = ~crc;
  for (; size > 0; --size) reg = (reg >> 8) ^ kTable[(reg ^ *p++) & 0xFFu];
  return ~reg;
}

std::uint32_t Crc32c(const void* data, std::size_t size, std::uint32_t crc) {
#ifdef FACETTE_CRC32C_SSE42
  if (HasSse42()) return ~Crc32cSse42(static_cast<const unsigned char*>(data), size, ~crc);
#endif
  return Crc32cPortable(data, size, crc);
}

}  // namespace facette
