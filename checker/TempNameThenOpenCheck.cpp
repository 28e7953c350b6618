//===--- TempNameThenOpenCheck.cpp - toctou-temp-name-then-open -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Per function: the calls that invent a temporary name, and the opens and
/// creates of that name that follow without the name being rebuilt in
/// between. Unlike a check, the name itself is what the use depends on, so
/// reaching the use is enough.
///
//===----------------------------------------------------------------------===//

#include "checker/TempNameThenOpenCheck.h"
#include "fixits/ExclusiveCreate.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"

using namespace clang::ast_matchers;

namespace clang::tidy::toctou {

namespace {

/// True for the uses a temporary name is made for: opening or creating a
/// file (directories have mkdtemp, and mkdir fails if the name exists).
bool opensFile(const PathEvent &Use) {
  switch (Use.Use) {
  case UseKind::Open:
  case UseKind::FOpen:
  case UseKind::Creat:
  case UseKind::Stream:
    return true;
  default:
    return false;
  }
}

/// The statement that is \p Call alone (`mktemp(t);`), or null.
const Stmt *soleStatement(const Expr *Call, const ParentMap &Parents) {
  const Stmt *S = Call;
  while (const Stmt *Parent = Parents.getParent(S)) {
    if (isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(Parent)) {
      S = Parent;
      continue;
    }
    if (isa<CompoundStmt>(Parent))
      return S;
    return nullptr;
  }
  return nullptr;
}

/// The text of a plain variable argument, or nothing.
std::optional<std::string> variableText(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref || !isa<VarDecl>(Ref->getDecl()) || Ref->getBeginLoc().isMacroID())
    return std::nullopt;
  return Ref->getDecl()->getNameAsString();
}

} // namespace

void TempNameThenOpenCheck::checkDefinition(const FunctionDecl &Function,
                                            ASTContext &Ctx) {
  // Most translation units make no temporary names at all.
  if (!wrappers(Ctx).hasTempNames())
    return;
  std::optional<FunctionEvents> FE = eventsOf(Function, Ctx);
  if (!FE)
    return;
  const FunctionFlow &Flow = *FE->Flow;
  const std::vector<PathEvent> &Events = FE->Events;
  const OpenFlagsReader &Flags = flags();
  const SourceManager &SM = Ctx.getSourceManager();

  llvm::StringMap<llvm::SmallVector<unsigned, 4>> ByKey;
  bool AnyName = false;
  for (unsigned I = 0; I < Events.size(); ++I) {
    AnyName |= Events[I].Role == PathRole::TempName;
    ByKey[Events[I].Key.signature()].push_back(I);
  }
  if (!AnyName)
    return;
  const llvm::StringMap<std::string> Aliases = pointerAliases(Flow.body());

  for (const auto &Entry : ByKey) {
    const auto &Indices = Entry.second;
    if (llvm::none_of(Indices, [&](unsigned I) {
          return Events[I].Role == PathRole::TempName;
        }))
      continue;
    // Where the name is rebuilt; the call that made it writes it too.
    FlowPointSet Kills;
    llvm::SmallVector<std::string, 8> Written;
    const llvm::ArrayRef<std::string> Roots = Events[Indices.front()].Key.roots();
    // The call that made the name, and the statement storing its result.
    llvm::SmallPtrSet<const Stmt *, 4> Makers;
    for (unsigned I : Indices) {
      if (Events[I].Role != PathRole::TempName)
        continue;
      const Stmt *S = Events[I].Site.E;
      Makers.insert(S);
      while (const Stmt *Parent = Flow.parents().getParent(S)) {
        if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(Parent)) {
          S = Parent;
          continue;
        }
        if (isa<DeclStmt>(Parent) ||
            (isa<BinaryOperator>(Parent) &&
             cast<BinaryOperator>(Parent)->getOpcode() == BO_Assign))
          Makers.insert(Parent);
        break;
      }
    }
    Flow.forEachStatement([&](const Stmt *S, FlowPoint Point) {
      if (Makers.contains(S))
        return;
      Written.clear();
      collectWrittenStorage(S, Written);
      for (size_t I = 0, N = writesThroughPointer(S) ? Written.size() : 0;
           I < N; ++I) {
        auto Alias = Aliases.find(Written[I]);
        if (Alias != Aliases.end())
          Written.push_back(Alias->second);
      }
      if (llvm::any_of(Written, [&](const std::string &W) {
            return llvm::is_contained(Roots, W);
          }))
        Kills.insert(Point);
    });

    for (unsigned UseIndex : Indices) {
      const PathEvent &Use = Events[UseIndex];
      if (Use.Role != PathRole::Use || !opensFile(Use) ||
          isAtomicUse(Use, Flags, Ctx, Flow.parents()))
        continue;
      const PathEvent *Maker = nullptr;
      for (unsigned I : Indices)
        if (Events[I].Role == PathRole::TempName &&
            Flow.reaches(Events[I].Point, Use.Point, Kills) &&
            (!Maker || SM.isBeforeInTranslationUnit(
                           Maker->Site.E->getBeginLoc(),
                           Events[I].Site.E->getBeginLoc())))
          Maker = &Events[I];
      if (!Maker)
        continue;

      // On the warning: make the open itself exclusive.
      llvm::SmallVector<FixItHint, 3> Fixes;
      if (!Use.Wrapper) {
        if (Use.Use == UseKind::Open) {
          const Expr *FlagsArg = Use.flagsArg();
          if (FlagsArg && !refersToVariable(FlagsArg) &&
              Flags.hasFlag(FlagsArg, "O_CREAT", Ctx) == FlagState::Set &&
              Flags.hasFlag(FlagsArg, "O_EXCL", Ctx) == FlagState::Clear)
            for (const FixItHint &F :
                 appendOpenFlag(FlagsArg, "O_EXCL", SM, Ctx.getLangOpts()))
              Fixes.push_back(F);
        } else if (Use.Use == UseKind::FOpen &&
                   Use.Info->Name.starts_with("fopen")) {
          std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
          if (Mode && Mode->starts_with("w") && !Mode->contains('x'))
            if (std::optional<FixItHint> F = appendFopenModeChar(
                    Use.flagsArg(), 'x', SM, Ctx.getLangOpts()))
              Fixes.push_back(*F);
        } else if (Use.Use == UseKind::Creat &&
                   Flags.isMacroDefined("O_EXCL")) {
          if (const auto *Call = dyn_cast<CallExpr>(Use.Site.E))
            for (const FixItHint &F :
                 creatToExclusiveOpen(Call, SM, Ctx.getLangOpts()))
              Fixes.push_back(F);
        }
      }
      if (!claimFixes(Fixes, SM))
        Fixes.clear(); // another finding on this call makes the same edit
      {
        DiagnosticBuilder Diag =
            diag(Use.Site.E->getBeginLoc(),
                 "'%0' opens '%1', a name made by '%2' at line %3, which "
                 "another process can create first")
            << Use.calleeName() << Use.Spelling << Maker->calleeName()
            << SM.getExpansionLineNumber(Maker->Site.E->getBeginLoc());
        for (const FixItHint &F : Fixes)
          Diag << F;
      }

      // On a note: the call that makes and opens the file in one step.
      llvm::SmallVector<FixItHint, 3> NoteFixes;
      StringRef Alternative;
      const Stmt *MakerStmt = soleStatement(Maker->Site.E, Flow.parents());
      const auto *UseCall = dyn_cast<CallExpr>(Use.Site.E);
      const StringRef MakerName = Maker->Info->Name;
      if (MakerStmt && UseCall && !Use.Wrapper) {
        if (MakerName == "mktemp" && Use.Use == UseKind::Open &&
            Flags.hasFlag(Use.flagsArg(), "O_CREAT", Ctx) == FlagState::Set) {
          std::optional<std::string> Template =
              variableText(Maker->Site.arg(0));
          std::optional<FixItHint> Remove = removeStatement(MakerStmt, Ctx);
          std::optional<FixItHint> Replace =
              Template ? replaceWhole(UseCall, "mkstemp(" + *Template + ")",
                                      Ctx)
                       : std::nullopt;
          if (Remove && Replace) {
            NoteFixes = {*Remove, *Replace};
            Alternative = "mkstemp";
          }
        } else if (MakerName == "tmpnam" && Use.Use == UseKind::FOpen &&
                   Use.Info->Name.starts_with("fopen")) {
          std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
          std::optional<FixItHint> Remove = removeStatement(MakerStmt, Ctx);
          std::optional<FixItHint> Replace =
              replaceWhole(UseCall, "tmpfile()", Ctx);
          if (Mode && (*Mode == "w+" || *Mode == "wb+" || *Mode == "w+b") &&
              Remove && Replace) {
            NoteFixes = {*Remove, *Replace};
            Alternative = "tmpfile";
          }
        }
      }
      DiagnosticBuilder Note =
          diag(Maker->Site.E->getBeginLoc(),
               Alternative.empty()
                   ? "'%0' made the name here"
                   : "'%0' made the name here; '%1' makes and opens the file "
                     "in one step",
               DiagnosticIDs::Note)
          << Maker->calleeName();
      if (!Alternative.empty())
        Note << Alternative;
      for (const FixItHint &F : NoteFixes)
        Note << F;
    }
  }
}

} // namespace clang::tidy::toctou
