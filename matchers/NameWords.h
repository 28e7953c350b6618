//===--- NameWords.h - Identifiers matched by the words they are made of --===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The epoch and commit heuristics match names by their words, not by
/// substrings: `control_epoch_`, `planGeneration` and `kTerm` hold the words
/// "epoch", "generation" and "term", while `general` and `terminal` hold
/// neither. A list entry of several words (`fencing_token`) matches those
/// words in a row (`last_fencing_token`, `fencingToken`).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_NAMEWORDS_H
#define TOCTOU_MATCHERS_NAMEWORDS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::toctou {

/// The lower-case words of \p Identifier: split at underscores, digits and
/// case changes (`HTTPServer2_addr` → http, server, 2, addr).
llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Identifier);

/// A list of names, each one or more words, as a CheckOptions value
/// separated by semicolons or commas: "epoch;generation;fencing_token".
class NameWords {
public:
  explicit NameWords(llvm::StringRef List);

  /// True if the words of an entry appear in a row among those of \p Name.
  bool matches(llvm::StringRef Name) const;
  bool empty() const { return Entries.empty(); }

private:
  std::vector<llvm::SmallVector<std::string, 2>> Entries;
};

} // namespace clang::tidy::toctou

#endif // TOCTOU_MATCHERS_NAMEWORDS_H
