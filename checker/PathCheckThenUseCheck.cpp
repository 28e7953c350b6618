//===--- PathCheckThenUseCheck.cpp - toctou-path-check-then-use -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Per function: collect the recognized path calls in CFG order, key them by
/// the variable that holds the path, and for every use look for a check of
/// the same key that reaches it without the key being overwritten and whose
/// result decides that the use runs. The warning goes on the use, a note on
/// the check.
///
//===----------------------------------------------------------------------===//

#include "checker/PathCheckThenUseCheck.h"
#include "checker/CheckDecisions.h"
#include "checker/FunctionFlow.h"
#include "fixits/ExclusiveCreate.h"
#include "matchers/OpenFlags.h"
#include "matchers/PathCalls.h"
#include "matchers/ResourceKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::toctou {

namespace {
/// A recognized call on a path, at its place in the CFG.
struct PathEvent {
  const CallExpr *Call;
  const PathCallInfo *Info;
  FlowPoint Point;

  bool isCheck() const { return Info->Role == PathRole::Check; }
  const Expr *flagsArg() const {
    return Info->FlagsArg < 0 ? nullptr : Call->getArg(Info->FlagsArg);
  }
};

/// A check that a use depends on, and what it reported on the way.
struct PairedCheck {
  const PathEvent *Check;
  CheckOutcome Outcome;
};

/// The variable a check call fills with what it saw: `st` in
/// `stat(path, &st)` or in `stat(path, st_ptr)`.
const VarDecl *resultBufferOf(const PathEvent &Check) {
  if (Check.Info->ResultBufferArg < 0)
    return nullptr;
  const Expr *Arg =
      Check.Call->getArg(Check.Info->ResultBufferArg)->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Arg))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Arg = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->getCanonicalDecl();
  return nullptr;
}

/// True if \p E names a variable anywhere (its value is then not "spelled
/// out" at the call, and fix-its leave it alone).
bool refersToVariable(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (isa<VarDecl>(Ref->getDecl()))
      return true;
  return llvm::any_of(E->children(), refersToVariable);
}

class PathPairing {
public:
  PathPairing(ASTContext &Ctx, const OpenFlagsReader &Flags)
      : Flags(Flags), Ctx(Ctx) {}

  /// True if \p Check only tells whether the file exists.
  bool isExistenceCheck(const PathEvent &Check) const {
    switch (Check.Info->Check) {
    case CheckKind::Existence:
      return true;
    case CheckKind::AccessMode: {
      std::optional<uint64_t> Mode =
          OpenFlagsReader::flagsValue(Check.flagsArg(), Ctx);
      std::optional<uint64_t> FOk = Flags.macroValue("F_OK");
      return Mode && *Mode == FOk.value_or(0);
    }
    }
    llvm_unreachable("unknown check kind");
  }

  /// True if \p Use cannot act on a file that appeared after the check:
  /// `open` with `O_CREAT | O_EXCL`, `fopen` with an "x" mode.
  bool isAtomicByItself(const PathEvent &Use) const {
    switch (Use.Info->Use) {
    case UseKind::Open:
      return Flags.hasFlag(Use.flagsArg(), "O_CREAT", Ctx) == FlagState::Set &&
             Flags.hasFlag(Use.flagsArg(), "O_EXCL", Ctx) == FlagState::Set;
    case UseKind::FOpen: {
      std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
      return Mode && fopenModeIsExclusive(*Mode);
    }
    case UseKind::Creat:
      return false;
    }
    llvm_unreachable("unknown use kind");
  }

  /// The fix-it that makes \p Use fail if the file exists, when that is what
  /// the code expects (the check found the file absent) and the rewrite is
  /// mechanical.
  llvm::SmallVector<FixItHint, 2>
  exclusiveCreateFix(const PathEvent &Use) const {
    const SourceManager &SM = Ctx.getSourceManager();
    const LangOptions &LangOpts = Ctx.getLangOpts();
    switch (Use.Info->Use) {
    case UseKind::Open: {
      const Expr *FlagsArg = Use.flagsArg();
      // Clear (not Unknown) also means O_EXCL is a macro the fix can spell.
      if (refersToVariable(FlagsArg) ||
          Flags.hasFlag(FlagsArg, "O_CREAT", Ctx) != FlagState::Set ||
          Flags.hasFlag(FlagsArg, "O_EXCL", Ctx) != FlagState::Clear)
        return {};
      return appendOpenFlag(FlagsArg, "O_EXCL", SM, LangOpts);
    }
    case UseKind::FOpen: {
      std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
      if (!Mode || !Mode->starts_with("w") || Mode->contains('x'))
        return {};
      if (std::optional<FixItHint> Fix =
              appendFopenModeChar(Use.flagsArg(), 'x', SM, LangOpts))
        return {*Fix};
      return {};
    }
    case UseKind::Creat:
      if (!Flags.isMacroDefined("O_WRONLY") ||
          !Flags.isMacroDefined("O_CREAT") || !Flags.isMacroDefined("O_EXCL"))
        return {};
      return creatToExclusiveOpen(Use.Call, SM, LangOpts);
    }
    llvm_unreachable("unknown use kind");
  }

private:
  const OpenFlagsReader &Flags;
  ASTContext &Ctx;
};

/// Warns on \p Use, with a note on each check in \p Pairs.
void reportUse(ClangTidyCheck &Check, const PathEvent &Use,
               const VarDecl *PathVar, llvm::MutableArrayRef<PairedCheck> Pairs,
               const PathPairing &Pairing, const SourceManager &SM) {
  llvm::sort(Pairs, [&](const PairedCheck &A, const PairedCheck &B) {
    return SM.isBeforeInTranslationUnit(A.Check->Call->getBeginLoc(),
                                        B.Check->Call->getBeginLoc());
  });
  // Name the check closest before the use in the source.
  const PairedCheck &Primary = Pairs.back();
  // O_EXCL is right only if every deciding check that knew said "absent".
  const bool FoundAbsent = llvm::any_of(Pairs, [&](const PairedCheck &P) {
    return P.Outcome == CheckOutcome::Failed &&
           Pairing.isExistenceCheck(*P.Check);
  });
  const bool FoundPresent = llvm::any_of(Pairs, [](const PairedCheck &P) {
    return P.Outcome == CheckOutcome::Succeeded;
  });
  {
    DiagnosticBuilder Diag =
        Check.diag(
            Use.Call->getBeginLoc(),
            "%0 acts on %1 checked by %2 at line %3; the file may change "
            "in between")
        << Use.Call->getDirectCallee() << PathVar
        << Primary.Check->Call->getDirectCallee()
        << SM.getExpansionLineNumber(Primary.Check->Call->getBeginLoc());
    if (FoundAbsent && !FoundPresent)
      for (const FixItHint &Fix : Pairing.exclusiveCreateFix(Use))
        Diag << Fix;
  }
  for (const PairedCheck &P : Pairs)
    Check.diag(P.Check->Call->getBeginLoc(), "%0 checked %1 here",
               DiagnosticIDs::Note)
        << P.Check->Call->getDirectCallee() << PathVar;
}
} // namespace

void PathCheckThenUseCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> CheckNames;
  for (const PathCallInfo &Row : pathCalls())
    if (Row.Role == PathRole::Check)
      CheckNames.push_back(Row.Name);
  // Cheap filter first: only functions that call a check at all get a CFG.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()),
                   hasBody(hasDescendant(
                       callExpr(callee(functionDecl(hasAnyName(CheckNames)))))))
          .bind("function"),
      this);
}

void PathCheckThenUseCheck::registerPPCallbacks(const SourceManager &,
                                                Preprocessor *ThePP,
                                                Preprocessor *) {
  PP = ThePP;
}

void PathCheckThenUseCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  // Templates are analyzed in their instantiations, where calls resolve;
  // declarations Clang found invalid are not analyzed at all.
  if (!Function || Function->isDependentContext() || Function->isInvalidDecl())
    return;
  ASTContext &Ctx = *Result.Context;
  std::unique_ptr<FunctionFlow> Flow =
      FunctionFlow::build(Function, Function->getBody(), Ctx);
  if (!Flow)
    return;

  // 1. Events, in CFG order, grouped by the variable that holds the path.
  llvm::SmallVector<PathEvent, 16> Events;
  llvm::DenseMap<ResourceKey, llvm::SmallVector<unsigned, 4>> EventsByKey;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint Point) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    const PathCallInfo *Info = lookupPathCall(Call);
    if (!Info)
      return;
    std::optional<ResourceKey> Key =
        ResourceKey::fromArgument(Call->getArg(Info->PathArg));
    if (!Key)
      return;
    EventsByKey[*Key].push_back(Events.size());
    Events.push_back(PathEvent{Call, Info, Point});
  });

  // 2. Only keys with both a check and a use matter; find their kills.
  llvm::DenseMap<const VarDecl *, FlowPointSet> Kills;
  for (const auto &[Key, Indices] : EventsByKey) {
    bool HasCheck =
        llvm::any_of(Indices, [&](unsigned I) { return Events[I].isCheck(); });
    bool HasUse =
        llvm::any_of(Indices, [&](unsigned I) { return !Events[I].isCheck(); });
    if (HasCheck && HasUse)
      Kills[Key.variable()];
  }
  if (Kills.empty())
    return;
  llvm::SmallVector<const VarDecl *, 4> Written;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint Point) {
    Written.clear();
    collectOverwrittenVariables(S, Written);
    for (const VarDecl *Var : Written) {
      auto It = Kills.find(Var);
      if (It != Kills.end())
        It->second.insert(Point);
    }
  });

  // 3. Pair every use with the checks it depends on.
  const OpenFlagsReader Flags(PP);
  const PathPairing Pairing(Ctx, Flags);
  const DecisionFinder Decisions(*Flow);
  llvm::DenseMap<unsigned, llvm::SmallVector<Decision, 4>> DecisionCache;
  auto DecisionsOf = [&](unsigned CheckIndex) -> ArrayRef<Decision> {
    auto [It, Inserted] = DecisionCache.try_emplace(CheckIndex);
    if (Inserted) {
      const PathEvent &Check = Events[CheckIndex];
      It->second = Decisions.decisionsOf(
          Check.Call, ResultDomain::zeroOnSuccess(), resultBufferOf(Check));
    }
    return It->second;
  };

  for (const auto &[Key, Indices] : EventsByKey) {
    auto KillsIt = Kills.find(Key.variable());
    if (KillsIt == Kills.end())
      continue;
    for (unsigned UseIndex : Indices) {
      const PathEvent &Use = Events[UseIndex];
      if (Use.isCheck() || Pairing.isAtomicByItself(Use))
        continue;
      llvm::SmallVector<PairedCheck, 2> Pairs;
      for (unsigned CheckIndex : Indices) {
        const PathEvent &Check = Events[CheckIndex];
        if (!Check.isCheck() ||
            !Flow->reaches(Check.Point, Use.Point, KillsIt->second))
          continue;
        Dependence Dep =
            Decisions.dependenceOf(DecisionsOf(CheckIndex), Use.Point);
        if (Dep.Depends)
          Pairs.push_back(PairedCheck{&Check, Dep.Outcome});
      }
      if (Pairs.empty())
        continue;
      reportUse(*this, Use, Key.variable(), Pairs, Pairing,
                Ctx.getSourceManager());
    }
  }
}

} // namespace clang::tidy::toctou
