//===--- sql-classifier-fuzzer.cpp - libFuzzer target: the SQL classifier -===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
//
// Every SQL literal of the code under analysis goes through
// sql::classify (matchers/SqlStatement.h): PostgreSQL's parser, the JSON of
// its tree, and toctou-tidy's own lexer, segmenter and tree walks. The first
// byte picks the dialect; the rest is the text. See test/fuzz/README.md.
//
//===----------------------------------------------------------------------===//

#include "matchers/SqlStatement.h"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

using namespace clang::tidy::toctou::sql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  const Dialect D = Data[0] % 3 == 0   ? Dialect::PostgreSQL
                    : Data[0] % 3 == 1 ? Dialect::SQLite
                                       : Dialect::MySQL;
  // A C string literal holds no NUL, and PostgreSQL's parser stops at one.
  std::string Text(reinterpret_cast<const char *>(Data + 1), Size - 1);
  Text.erase(std::remove(Text.begin(), Text.end(), '\0'), Text.end());
  Classification C = classify(Text, D);
  // What the checks read of each statement must lie inside the text.
  for (const Statement &S : C.Statements)
    if (S.Begin > S.End || S.End > Text.size())
      __builtin_trap();
  (void)normalize(Text, D);
  return 0;
}
