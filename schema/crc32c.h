// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected, initial and final
// value 0xFFFFFFFF: RFC 3720, appendix B.4), the checksum of the sections of
// the facet column file (facet_columns.h). CRC-32C rather than zlib's CRC-32
// because x86-64 computes it in hardware (SSE 4.2): a section is checked at
// about the speed it is read from memory, which the searcher pays at the
// first use of a section in every process.
#ifndef FACETTE_SCHEMA_CRC32C_H_
#define FACETTE_SCHEMA_CRC32C_H_

#include <cstddef>
#include <cstdint>

namespace facette {

// The CRC-32C of `size` bytes at `data`, continuing `crc` (the CRC of the
// bytes before them; 0 to start): Crc32c(b, Crc32c(a)) is the CRC of a
// followed by b. With the CPU's instruction when it has one.
std::uint32_t Crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);

// The same by a table, on any CPU (what Crc32c uses without SSE 4.2).
std::uint32_t Crc32cPortable(const void* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace facette

#endif  // FACETTE_SCHEMA_CRC32C_H_
