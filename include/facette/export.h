// SPDX-License-Identifier: GPL-2.0-or-later
// facette: FACETTE_EXPORT marks what libfacette.so exports. The library is
// compiled with hidden visibility, so only the public API declared with it
// (in these headers) can be reached by a program linked to the shared
// library; its internals cannot. FACETTE_HIDDEN keeps the private
// implementation of an exported class (its pimpl, `struct Rep`) internal,
// which would otherwise be exported with the class. Both are harmless with
// the static library.
#ifndef FACETTE_EXPORT_H_
#define FACETTE_EXPORT_H_

#if defined(__GNUC__) || defined(__clang__)
#define FACETTE_EXPORT __attribute__((visibility("default")))
#define FACETTE_HIDDEN __attribute__((visibility("hidden")))
#else
#define FACETTE_EXPORT
#define FACETTE_HIDDEN
#endif

#endif  // FACETTE_EXPORT_H_
