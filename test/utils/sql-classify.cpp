//===--- sql-classify.cpp - The SQL classifier on its own, for tests ------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
//
// Usage: toctou-sql-classify [--dialect=postgresql|sqlite|mysql] [--normalized]
//        SQL|@FILE...
//
// Prints, for each SQL argument, one line per statement with everything
// matchers/SqlStatement.h extracts, so that lit tests check the classifier
// without a C program around it. Exits 1 if a text does not parse.
//
//===----------------------------------------------------------------------===//

#include "matchers/SqlStatement.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

using namespace clang::tidy::toctou::sql;

static std::string list(const std::vector<std::string> &V) {
  return llvm::join(V, ",");
}

int main(int argc, char **argv) {
  Dialect D = Dialect::PostgreSQL;
  int Status = 0;
  bool Normalized = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg(argv[I]);
    if (Arg.consume_front("--dialect=")) {
      D = Arg == "sqlite"  ? Dialect::SQLite
          : Arg == "mysql" ? Dialect::MySQL
                           : Dialect::PostgreSQL;
      continue;
    }
    if (Arg == "--normalized") {
      Normalized = true;
      continue;
    }
    std::string Text = Arg.str();
    if (Arg.starts_with("@")) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> File =
          llvm::MemoryBuffer::getFile(Arg.drop_front());
      if (!File) {
        llvm::errs() << "cannot read " << Arg.drop_front() << "\n";
        return 2;
      }
      Text = (*File)->getBuffer().str();
    }
    Classification C = classify(Text, D);
    if (Normalized)
      llvm::outs() << "normalized: " << C.Normalized << "\n";
    if (!C.ok()) {
      llvm::outs() << "error at " << C.ErrorOffset << ": " << C.Error << "\n";
      Status = 1;
      continue;
    }
    for (const Statement &S : C.Statements) {
      llvm::outs() << kindName(S.StatementKind);
      if (!S.SelectColumns.empty())
        llvm::outs() << " columns=" << list(S.SelectColumns);
      if (!S.TablesRead.empty())
        llvm::outs() << " read=" << list(S.TablesRead);
      if (!S.TablesWritten.empty())
        llvm::outs() << " written=" << list(S.TablesWritten);
      if (!S.WhereColumns.empty())
        llvm::outs() << " where=" << list(S.WhereColumns);
      for (const std::string &Conjunct : S.WhereConjuncts)
        llvm::outs() << " [" << Conjunct << "]";
      if (!S.PartitionColumns.empty())
        llvm::outs() << " shared-out=" << list(S.PartitionColumns);
      if (S.Lock != RowLock::None)
        llvm::outs() << " " << rowLockName(S.Lock);
      if (S.SkipLocked)
        llvm::outs() << " skip-locked";
      if (S.NoWait)
        llvm::outs() << " nowait";
      if (S.Returning)
        llvm::outs() << " returning";
      if (S.HandlesConflict)
        llvm::outs() << " on-conflict";
      if (!S.SetColumns.empty())
        llvm::outs() << " set=" << list(S.SetColumns);
      if (!S.RelativeColumns.empty())
        llvm::outs() << " relative=" << list(S.RelativeColumns);
      for (const AdvisoryLock &L : S.AdvisoryLocks)
        llvm::outs() << " advisory=" << L.Function << "("
                     << (L.Transaction ? "xact" : "session")
                     << (L.Shared ? ",shared" : "") << (L.Try ? ",try" : "")
                     << (L.Unlock ? ",unlock" : "") << ")";
      if (S.Level != Isolation::Default)
        llvm::outs() << " isolation=" << isolationName(S.Level);
      if (S.Mode != BeginMode::None)
        llvm::outs() << " mode="
                     << (S.Mode == BeginMode::Immediate   ? "immediate"
                         : S.Mode == BeginMode::Exclusive ? "exclusive"
                                                          : "deferred");
      if (S.MaxParam)
        llvm::outs() << " params=" << S.MaxParam;
      llvm::outs() << "\n";
    }
  }
  return Status;
}
