//===--- BoundedInput.h - Reading files a pull request can carry -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A baseline or a configuration file is committed to the repository, so a
/// pull request can carry a hostile one: an endless file (a FIFO, a name
/// that is a link to /dev/zero) or one nested deeper than a recursive
/// parser's stack. These are read only when they are regular files of a
/// bounded size, and their nesting is measured before a parser sees them.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_TOOL_BOUNDEDINPUT_H
#define TOCTOU_CHECKER_TOOL_BOUNDEDINPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>

namespace toctou::driver {

/// Reads \p Path whole if it is a regular file of at most \p MaxBytes; the
/// error says why not (without naming the file: the caller does).
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedFile(llvm::StringRef Path, uint64_t MaxBytes);

/// The deepest nesting of brackets and braces in \p Text, outside quoted
/// strings (JSON, and YAML's flow style).
unsigned bracketDepth(llvm::StringRef Text);

/// Largest accepted sizes and nesting.
constexpr uint64_t MaxBaselineBytes = 256u << 20;
constexpr uint64_t MaxConfigBytes = 4u << 20;
constexpr unsigned MaxInputNesting = 100;

} // namespace toctou::driver

#endif // TOCTOU_CHECKER_TOOL_BOUNDEDINPUT_H
