//===--- SqlLockScopeCheck.cpp - toctou-sql-lock-scope --------------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlLockScopeCheck.h"
#include "checker/SqlDescribe.h"
#include "checker/ValueUses.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"

namespace clang::tidy::toctou {

namespace {

/// The first session-level advisory lock (not an unlock) of \p E.
const sql::AdvisoryLock *sessionLock(const SqlEvent &E) {
  for (const sql::Statement &S : E.Sql.Statements)
    for (const sql::AdvisoryLock &L : S.AdvisoryLocks)
      if (!L.Unlock && !L.Transaction)
        return &L;
  return nullptr;
}

const sql::AdvisoryLock *unlockOf(const SqlEvent &E) {
  for (const sql::Statement &S : E.Sql.Statements)
    for (const sql::AdvisoryLock &L : S.AdvisoryLocks)
      if (L.Unlock)
        return &L;
  return nullptr;
}

bool isDataWrite(const SqlEvent &E) {
  const sql::Statement *S = E.main();
  return S && (S->StatementKind == sql::Kind::Insert ||
               S->StatementKind == sql::Kind::Update ||
               S->StatementKind == sql::Kind::Delete);
}

/// The statement that is only the call \p Call (possibly inside
/// `PQclear(...)`), to remove it.
const Stmt *wholeStatement(const CallExpr *Call, const ParentMap &PM) {
  const Stmt *S = Call;
  const Stmt *Parent = PM.getParent(S);
  while (Parent &&
         isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups,
             CXXBindTemporaryExpr, MaterializeTemporaryExpr>(Parent)) {
    S = Parent;
    Parent = PM.getParent(S);
  }
  if (const auto *Clear = dyn_cast_or_null<CallExpr>(Parent)) {
    const FunctionDecl *FD = Clear->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "PQclear") {
      S = Clear;
      Parent = PM.getParent(S);
    }
  }
  while (Parent && isa<ExprWithCleanups>(Parent)) {
    S = Parent;
    Parent = PM.getParent(S);
  }
  if (const auto *Cast = dyn_cast_or_null<CStyleCastExpr>(Parent)) {
    S = Cast;
    Parent = PM.getParent(S);
  }
  return Parent && isa<CompoundStmt>(Parent) ? S : nullptr;
}

} // namespace

void SqlLockScopeCheck::checkFunction(MemoryFunction &F) {
  if (!F.facts().SqlCalls)
    return;
  const SqlFunction *Sql = F.sql();
  if (!Sql || Sql->empty())
    return;
  const FunctionFlow &Flow = *F.flow();
  ASTContext &Ctx = F.context();
  const SourceManager &SM = Ctx.getSourceManager();
  const std::vector<SqlEvent> &Events = Sql->events();

  for (const SqlEvent &L : Events) {
    const sql::AdvisoryLock *Lock = sessionLock(L);
    if (!Lock || L.Call.Api == SqlApi::SQLite)
      continue;
    // The unlocks of the same connection.
    llvm::SmallVector<const SqlEvent *, 2> Unlocks;
    FlowPointSet UnlockPoints;
    for (const SqlEvent &U : Events)
      if (&U != &L && U.Conn == L.Conn && unlockOf(U)) {
        Unlocks.push_back(&U);
        UnlockPoints.insert(U.Point);
      }
    const unsigned LockLine =
        SM.getPresumedLineNumber(L.Call.Call->getBeginLoc());

    // 1. Taken inside a transaction: it outlives COMMIT and ROLLBACK.
    if (Sql->inTransaction(L.Conn, L.Point)) {
      const std::string Xact =
          llvm::StringRef(Lock->Function)
              .str()
              .insert(Lock->Function.find("advisory_") + 9, "xact_");
      auto Diag = diag(L.Call.Call->getBeginLoc(),
                       "session-level advisory lock '%0' taken inside a "
                       "transaction outlives its COMMIT and ROLLBACK; '%1' is "
                       "released with the transaction")
                  << Lock->Function << Xact << L.Call.Call->getSourceRange();
      // The rewrite, and the unlocks it makes invalid, or nothing.
      llvm::SmallVector<FixItHint, 3> Fix;
      if (L.Literal && Lock->Offset < L.Literal->getLength()) {
        SourceLocation At = literalByteLocation(
            L.Literal,
            Lock->Offset + llvm::StringRef(Lock->Function).find("advisory_") +
                9,
            Ctx);
        if (At.isValid() && !At.isMacroID())
          Fix.push_back(FixItHint::CreateInsertion(At, "xact_"));
      }
      bool AllRemovable = !Fix.empty();
      for (const SqlEvent *U : Unlocks) {
        if (!Flow.reaches(L.Point, U->Point, FlowPointSet()))
          continue;
        const Stmt *S = wholeStatement(U->Call.Call, Flow.parents());
        std::optional<FixItHint> Remove =
            S ? removeStatement(S, Ctx) : std::nullopt;
        if (!Remove) {
          AllRemovable = false;
          break;
        }
        Fix.push_back(*Remove);
      }
      if (AllRemovable)
        for (const FixItHint &H : Fix)
          Diag << H;
      continue;
    }
    if (Unlocks.empty())
      continue; // a function that takes a lock for its caller

    // 2. Released before the write it protects.
    bool Reported = false;
    for (const SqlEvent *U : Unlocks) {
      if (!Flow.reaches(L.Point, U->Point, FlowPointSet()))
        continue;
      for (const SqlEvent &W : Events) {
        // A write of the connection that every path from the lock reaches
        // only through an unlock, after this one.
        if (W.Conn != L.Conn || !isDataWrite(W) ||
            !Flow.reaches(L.Point, W.Point, FlowPointSet()) ||
            Flow.reaches(L.Point, W.Point, UnlockPoints) ||
            !Flow.reaches(U->Point, W.Point, FlowPointSet()) ||
            Flow.reaches(W.Point, U->Point, FlowPointSet()))
          continue;
        diag(U->Call.Call->getBeginLoc(),
             "'%0' releases the lock taken at line %1 before the write at "
             "line %2 that it protects")
            << unlockOf(*U)->Function << LockLine
            << SM.getPresumedLineNumber(W.Call.Call->getBeginLoc())
            << U->Call.Call->getSourceRange();
        diag(W.Call.Call->getBeginLoc(), "'%0' runs here, unprotected",
             DiagnosticIDs::Note)
            << describe(*W.main());
        Reported = true;
        break;
      }
      if (Reported)
        break;
    }
    if (Reported)
      continue;

    // 3. A path out of the function that never releases it.
    const CFGBlock &Exit = Flow.cfg().getExit();
    if (Flow.reaches(L.Point, FlowPoint{&Exit, 0}, UnlockPoints)) {
      // A failed pg_try_advisory_lock needs no unlock: only paths that
      // write count then.
      if (Lock->Try) {
        bool WriteUnreleased = false;
        for (const SqlEvent &W : Events)
          if (W.Conn == L.Conn && isDataWrite(W) &&
              Flow.reaches(L.Point, W.Point, UnlockPoints) &&
              Flow.reaches(W.Point, FlowPoint{&Exit, 0}, UnlockPoints))
            WriteUnreleased = true;
        if (!WriteUnreleased)
          continue;
      }
      diag(L.Call.Call->getBeginLoc(),
           "session-level advisory lock '%0' is not released on every path "
           "out of the function; it stays held until the connection closes")
          << Lock->Function << L.Call.Call->getSourceRange();
    }
  }
}

} // namespace clang::tidy::toctou
