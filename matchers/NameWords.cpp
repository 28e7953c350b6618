//===--- NameWords.cpp - Identifiers matched by the words they are made of ===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/NameWords.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::toctou {

llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Identifier) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(std::move(Current));
    Current.clear();
  };
  const size_t N = Identifier.size();
  for (size_t I = 0; I < N; ++I) {
    const char C = Identifier[I];
    if (!llvm::isAlnum(C)) {
      Flush();
      continue;
    }
    if (!Current.empty()) {
      const char Prev = Identifier[I - 1];
      const bool Digit = llvm::isDigit(C), PrevDigit = llvm::isDigit(Prev);
      const bool Upper = llvm::isUpper(C), PrevUpper = llvm::isUpper(Prev);
      const bool NextLower = I + 1 < N && llvm::isLower(Identifier[I + 1]);
      if (Digit != PrevDigit ||
          // fooBar: a capital after a lower-case letter.
          (Upper && !PrevUpper && !PrevDigit) ||
          // HTTPServer: the last capital of a run starts the next word.
          (Upper && PrevUpper && NextLower))
        Flush();
    }
    Current.push_back(llvm::toLower(C));
  }
  Flush();
  return Words;
}

NameWords::NameWords(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 16> Items;
  List.split(Items, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    for (llvm::StringRef Part : llvm::split(Item, ',')) {
      Part = Part.trim();
      if (Part.empty())
        continue;
      llvm::SmallVector<std::string, 4> Words = identifierWords(Part);
      if (!Words.empty())
        Entries.emplace_back(Words.begin(), Words.end());
    }
  }
}

bool NameWords::matches(llvm::StringRef Name) const {
  if (Entries.empty() || Name.empty())
    return false;
  llvm::SmallVector<std::string, 4> Words = identifierWords(Name);
  for (const auto &Entry : Entries) {
    if (Entry.size() > Words.size())
      continue;
    for (size_t Start = 0; Start + Entry.size() <= Words.size(); ++Start) {
      bool All = true;
      for (size_t K = 0; K < Entry.size() && All; ++K)
        All = Words[Start + K] == Entry[K];
      if (All)
        return true;
    }
  }
  return false;
}

} // namespace clang::tidy::toctou
