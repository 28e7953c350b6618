//===--- PathCheckThenUseCheck.cpp - toctou-path-check-then-use -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Per function: collect the calls that check or use a path (PathEvents),
/// group them by the file they name, find where that name is overwritten,
/// and for every use look for a check of the same file that reaches it
/// without the name changing and whose result decides that the use runs.
/// The warning goes on the use, a note on each check, and the atomic
/// alternative on the warning (mechanical) or on a note (needs review).
///
//===----------------------------------------------------------------------===//

#include "checker/PathCheckThenUseCheck.h"
#include "checker/BodyScan.h"
#include "checker/SummaryStore.h"
#include "fixits/AttributesByDescriptor.h"
#include "fixits/DescriptorCheck.h"
#include "fixits/ExclusiveCreate.h"
#include "fixits/NoFollow.h"
#include "fixits/OpenThenFstat.h"
#include "fixits/Rewrites.h"
#include "fixits/WhileOpen.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::toctou {

//===-- shared by the filesystem checks -----------------------------------===//

FilesystemCheckBase::FilesystemCheckBase(StringRef Name,
                                         ClangTidyContext *Context)
    : DefinitionCheck(Name, Context),
      SummaryDir(Options.get("SummaryDir", "")) {}

void FilesystemCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SummaryDir", SummaryDir);
}

std::string FilesystemCheckBase::summaryDir() const {
  return SummaryDir.empty() ? defaultSummaryDir() : SummaryDir;
}

void FilesystemCheckBase::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *ThePP,
                                              Preprocessor *) {
  PP = ThePP;
  Flags = std::make_unique<OpenFlagsReader>(PP);
}

namespace {
/// The summaries of the translation unit being analyzed on this thread,
/// shared by the filesystem checks so that the unit is indexed once. A
/// translation unit runs on one thread from start to end (clang-tidy,
/// clangd), and each check resets this when the next one starts.
struct SharedSummaries {
  ASTContext *Context = nullptr;
  std::unique_ptr<OpenFlagsReader> Flags;
  std::unique_ptr<WrapperSummaries> Summaries;
};
thread_local SharedSummaries Shared;
} // namespace

namespace {
/// The path \p E always is, when the code fixes it: a string literal (a
/// macro's), or a constant initialized with one (`static const char
/// conf[] = "/etc/app.conf"`).
std::optional<std::string> fixedPathOf(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->getAnyInitializer())
      return std::nullopt;
    if (!isa<ParmVarDecl>(Var) &&
        !Var->getType().isConstant(Var->getASTContext()) &&
        !Var->isConstexpr())
      return std::nullopt;
    E = Var->getAnyInitializer()->IgnoreParenImpCasts();
  }
  const auto *Lit = dyn_cast<StringLiteral>(E);
  if (!Lit || (!Lit->isOrdinary() && !Lit->isUTF8()))
    return std::nullopt;
  return Lit->getString().str();
}


/// True if \p Check sits in the condition of an `if` without `else` whose
/// branch is the statement of \p Use alone, its result dropped:
/// `if (stat(d, &st) != 0) mkdir(d, 0700);`. The check then decides nothing
/// but whether the use runs.
bool onlyGuards(const Expr *Check, const Expr *Use, const ParentMap &Parents) {
  const Stmt *Child = Check;
  const IfStmt *If = nullptr;
  for (const Stmt *P = Parents.getParent(Child); P;
       Child = P, P = Parents.getParent(P)) {
    if (const auto *I = dyn_cast<IfStmt>(P)) {
      if (I->getCond() == Child)
        If = I;
      break;
    }
    if (!isa<Expr>(P))
      return false;
  }
  if (!If || If->getElse() || If->getConditionVariable() || If->getInit())
    return false;
  const Stmt *Then = If->getThen();
  if (const auto *Block = dyn_cast<CompoundStmt>(Then)) {
    if (Block->size() != 1)
      return false;
    Then = Block->body_front();
  }
  const auto *E = dyn_cast<Expr>(Then);
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(E);
      Cast && Cast->getType()->isVoidType())
    E = Cast->getSubExpr()->IgnoreParenImpCasts();
  return E == Use->IgnoreParenImpCasts();
}

} // namespace

void FilesystemCheckBase::onStartOfTranslationUnit() {
  // A new unit may reuse the addresses of the last one's context and decls.
  Shared = SharedSummaries();
  UnitScans::reset();
  resetClaimedFixes();
}

WrapperSummaries &FilesystemCheckBase::wrappers(ASTContext &Ctx) {
  if (!Flags)
    Flags = std::make_unique<OpenFlagsReader>(PP);
  if (!Shared.Summaries || Shared.Context != &Ctx) {
    Shared.Context = &Ctx;
    Shared.Flags = std::make_unique<OpenFlagsReader>(PP);
    Shared.Summaries = std::make_unique<WrapperSummaries>(Ctx, *Shared.Flags);
    // The other units' functions, as the last run of toctou-tidy over the
    // program summarized them. An index that cannot be read is said once
    // per process (an editor's clang-tidy runs on every save).
    if (const std::string Dir = summaryDir(); !Dir.empty()) {
      std::string Error;
      Shared.Summaries->importFrom(SummaryIndex::load(Dir, Error));
      static bool Said = false;
      if (!Error.empty() && !Said) {
        Said = true;
        configurationDiag("cannot read the summaries of other files: %0; "
                          "analyzing each file alone")
            << Error;
      }
    }
  }
  return *Shared.Summaries;
}

std::optional<FilesystemCheckBase::FunctionEvents>
FilesystemCheckBase::eventsOf(const FunctionDecl &Function, ASTContext &Ctx) {
  WrapperSummaries &Summaries = wrappers(Ctx);

  // Cheap first: a CFG only for functions with two recognized calls.
  if (!Summaries.isCandidate(&Function))
    return std::nullopt;

  FunctionEvents FE;
  FE.Flow = FunctionFlow::build(&Function, Function.getBody(), Ctx);
  if (!FE.Flow)
    return std::nullopt;
  FE.Events = collectPathEvents(*FE.Flow, flags(), Summaries);
  return FE;
}

//===-- toctou-path-check-then-use ----------------------------------------===//

namespace {

/// A check that a use depends on, how, and what losing the race changes.
struct PairedCheck {
  const PathEvent *Check;
  Dependence Dep;
  /// What the check learned; Facts.Created when the "check" is a call that
  /// created the file (`fopen "w"`, `mkdir`) and the use changes its
  /// attributes by name (CERT FIO01-C).
  CheckFacts Facts;
  RaceClass Class = RaceClass::RedundantCheck;

  bool isCreation() const { return Facts.Created; }
};

/// The values `open`/`creat` (a descriptor) and `fopen` (a stream) return.
ResultDomain creationDomain(const PathEvent &Event) {
  ResultDomain D;
  if (Event.Wrapper)
    return D; // what a helper returns is its own business
  if (Event.Use == UseKind::Create)
    return ResultDomain::zeroOnSuccess(); // mkdir
  if (Event.Use == UseKind::FOpen) {
    D.Values.push_back({1, CheckOutcome::Succeeded});
    D.Values.push_back({0, CheckOutcome::Failed});
  } else {
    D.Values.push_back({3, CheckOutcome::Succeeded});
    D.Values.push_back({-1, CheckOutcome::Failed});
  }
  return D;
}

/// The if statement whose condition holds \p Call, when \p Inner is inside
/// its then-branch.
const IfStmt *guardingIf(const Expr *Call, const Stmt *Inner,
                         const ParentMap &Parents) {
  const Stmt *Child = Call;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (const auto *If = dyn_cast<IfStmt>(Parent)) {
      if (If->getCond() != Child)
        return nullptr;
      const Stmt *Then = If->getThen();
      for (const Stmt *S = Inner; S; S = Parents.getParent(S))
        if (S == Then)
          return If;
      return nullptr;
    }
    if (!isa<Expr>(Parent))
      return nullptr;
    Child = Parent;
  }
  return nullptr;
}

/// True if \p Condition calls nothing but \p Call.
bool onlyCall(const Expr *Condition, const Expr *Call) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const Expr *Call;
    bool Other = false;
    bool VisitCallExpr(CallExpr *C) {
      if (C != Call && !C->getBuiltinCallee())
        Other = true;
      return true;
    }
  } F;
  F.Call = Call;
  F.TraverseStmt(const_cast<Expr *>(Condition));
  return !F.Other;
}

/// The one call that closes \p Var (`fclose(f)`, `close(fd)`) on the way
/// from \p From to \p To, when there is exactly one and it is on every
/// way there; null otherwise.
const CallExpr *closeBetween(const VarDecl *Var, FlowPoint From, FlowPoint To,
                             const FunctionFlow &Flow) {
  Var = Var->getCanonicalDecl();
  const CallExpr *Found = nullptr;
  bool Several = false;
  FlowPoint At;
  Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier() || Call->getNumArgs() != 1 ||
        (FD->getName() != "fclose" && FD->getName() != "close"))
      return;
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
    if (!Ref || Ref->getDecl()->getCanonicalDecl() != Var ||
        !Flow.reaches(From, P, FlowPointSet()) ||
        !Flow.reaches(P, To, FlowPointSet()))
      return;
    Several |= Found != nullptr;
    Found = Call;
    At = P;
  });
  if (!Found || Several)
    return nullptr;
  // On every way: the change cannot be reached from the creation around it.
  FlowPointSet Through;
  Through.insert(At);
  if (Flow.reaches(From, To, Through))
    return nullptr;
  return Found;
}

/// True if the descriptor or stream \p Var may be closed (`close`,
/// `fclose`, anything else it is passed to by a name that closes) or
/// reassigned on a path from \p From to \p To: a fix-it that acts through
/// it at \p To would act on a closed descriptor. The assignment of the
/// creation \p Creation itself (`f = fopen(...)`) is not a reassignment.
bool releasedBetween(const VarDecl *Var, const Expr *Creation, FlowPoint From,
                     FlowPoint To, const FunctionFlow &Flow) {
  Var = Var->getCanonicalDecl();
  bool Released = false;
  Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
    if (Released)
      return;
    const Expr *Touch = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD || !FD->getIdentifier() || Call->getNumArgs() == 0)
        return;
      StringRef Name = FD->getName();
      if (!Name.contains("close") && Name != "fdclose")
        return;
      Touch = Call->getArg(0);
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      // `f = fopen(...)`: the assignment that stores the creation's result
      // is not a release of it.
      if (!Assign->isAssignmentOp() ||
          Assign->getRHS()->IgnoreParenImpCasts() == Creation)
        return;
      Touch = Assign->getLHS();
    } else {
      return;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(Touch->IgnoreParenImpCasts());
    if (!Ref || Ref->getDecl()->getCanonicalDecl() != Var)
      return;
    Released = Flow.reaches(From, P, FlowPointSet()) &&
               Flow.reaches(P, To, FlowPointSet());
  });
  return Released;
}

/// True if the translation unit declares a function named \p Name.
bool declaresFunction(ASTContext &Ctx, StringRef Name) {
  return llvm::any_of(
      Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)),
      [](const NamedDecl *D) { return isa<FunctionDecl>(D); });
}

/// True if `std::ios_base::noreplace` exists (C++23 libraries).
bool hasIosNoreplace(ASTContext &Ctx) {
  for (const NamedDecl *Std :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std"))) {
    const auto *NS = dyn_cast<NamespaceDecl>(Std);
    if (!NS)
      continue;
    for (const NamedDecl *IosBase : NS->lookup(&Ctx.Idents.get("ios_base")))
      if (const auto *Class = dyn_cast<CXXRecordDecl>(IosBase))
        if (Class->hasDefinition() &&
            !Class->getDefinition()->lookup(&Ctx.Idents.get("noreplace"))
                 .empty())
          return true;
  }
  return false;
}

class Reporter {
public:
  using Emit = llvm::function_ref<DiagnosticBuilder(SourceLocation, StringRef,
                                                      RaceClass)>;
  Reporter(ClangTidyCheck &Check, Emit Warn, ASTContext &Ctx,
           const OpenFlagsReader &Flags, const FunctionFlow &Flow)
      : Check(Check), Warn(Warn), Ctx(Ctx), Flags(Flags), Flow(Flow) {
    NoFollow.Fchmodat =
        declaresFunction(Ctx, "fchmodat") && Flags.isMacroDefined("AT_FDCWD") &&
        Flags.isMacroDefined("AT_SYMLINK_NOFOLLOW") &&
        fchmodatNoFollowWorks(Flags.macroValue("__GLIBC__"),
                              Flags.macroValue("__GLIBC_MINOR__"));
    NoFollow.Lchown = declaresFunction(Ctx, "lchown");
  }

  /// Whether an event of the same name, other than a check, that \p Which
  /// accepts lies on a way between two points.
  using EventsBetween = llvm::function_ref<bool(
      FlowPoint, FlowPoint, llvm::function_ref<bool(const PathEvent &)>)>;
  /// Reports \p Use with the checks it depends on, \p Pairs (each with
  /// its class); \p Effect is what the use does. \p Between finds the code's own events of the use's name between two
  /// points (a removal and a new entry made: the code means to act on the
  /// new entry, not on the one the check saw).
  void report(const PathEvent &Use, UseEffect Effect, bool Follows,
              llvm::MutableArrayRef<PairedCheck> Pairs, EventsBetween Between);

private:
  /// A rewrite offered on a note, and what the note advises with it.
  struct NoteFix {
    llvm::SmallVector<FixItHint, 3> Fixes;
    std::string Advice;
  };
  llvm::SmallVector<FixItHint, 3> warningFix(const PathEvent &Use,
                                             ArrayRef<PairedCheck> Pairs);
  NoteFix noteFix(const PathEvent &Use, const PairedCheck &Pair,
                  ArrayRef<PairedCheck> Pairs);
  /// `chmod`/`chown` by name, called directly: the same change without
  /// following a link (fixits/NoFollow.h).
  llvm::SmallVector<FixItHint, 3> withoutFollowing(const PathEvent &Use);
  llvm::SmallVector<FixItHint, 3> exclusiveCreateFix(const PathEvent &Use);
  std::optional<llvm::SmallVector<FixItHint, 3>>
  openThenFstatFix(const PathEvent &Use, const PairedCheck &Pair);
  std::optional<llvm::SmallVector<FixItHint, 3>>
  attributesByDescriptorFix(const PathEvent &Use, const PairedCheck &Pair);

  bool isExistence(const PairedCheck &P) const {
    return !P.isCreation() && P.Facts.Existence &&
           P.Facts.Examined == "existence";
  }
  bool isSymlinkTest(const PairedCheck &P) const {
    return !P.isCreation() && P.Facts.SymlinkTest;
  }

  ClangTidyCheck &Check;
  Emit Warn;
  ASTContext &Ctx;
  const OpenFlagsReader &Flags;
  const FunctionFlow &Flow;
  NoFollowSupport NoFollow;
  /// The report()'s Between, while it runs.
  EventsBetween EventBetween =
      [](FlowPoint, FlowPoint, llvm::function_ref<bool(const PathEvent &)>) {
        return false;
      };
  /// The code removes, renames onto or makes the name between two points.
  bool replacedBetween(FlowPoint From, FlowPoint To) const {
    return EventBetween(From, To, [&](const PathEvent &E) {
      return createsFile(E, Flags, Ctx) || E.Use == UseKind::Remove ||
             E.Use == UseKind::RenameTarget;
    });
  }
};

llvm::SmallVector<FixItHint, 3>
Reporter::withoutFollowing(const PathEvent &Use) {
  if (Use.Wrapper || Use.Info->PathArg != 0 || Use.Info->DirFdArg >= 0 ||
      (Use.Use != UseKind::Attributes && Use.Use != UseKind::Chown))
    return {};
  return changeWithoutFollowing(dyn_cast<CallExpr>(Use.Site.E),
                                Use.Info->Name, NoFollow, Ctx);
}

llvm::SmallVector<FixItHint, 3>
Reporter::exclusiveCreateFix(const PathEvent &Use) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LangOpts = Ctx.getLangOpts();
  switch (Use.Use) {
  case UseKind::Open: {
    const Expr *FlagsArg = Use.flagsArg();
    // Clear (not Unknown) also means O_EXCL is a macro the fix can spell.
    if (!FlagsArg || refersToVariable(FlagsArg) ||
        Flags.hasFlag(FlagsArg, "O_CREAT", Ctx) != FlagState::Set ||
        Flags.hasFlag(FlagsArg, "O_EXCL", Ctx) != FlagState::Clear)
      return {};
    llvm::SmallVector<FixItHint, 2> F =
        appendOpenFlag(FlagsArg, "O_EXCL", SM, LangOpts);
    return {F.begin(), F.end()};
  }
  case UseKind::FOpen: {
    std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
    if (!Mode || !Mode->starts_with("w") || Mode->contains('x') ||
        Use.Info->Name.starts_with("freopen"))
      return {};
    if (std::optional<FixItHint> Fix =
            appendFopenModeChar(Use.flagsArg(), 'x', SM, LangOpts))
      return {*Fix};
    return {};
  }
  case UseKind::Creat: {
    if (!Flags.isMacroDefined("O_WRONLY") || !Flags.isMacroDefined("O_CREAT") ||
        !Flags.isMacroDefined("O_EXCL"))
      return {};
    const auto *Call = dyn_cast<CallExpr>(Use.Site.E);
    if (!Call)
      return {};
    llvm::SmallVector<FixItHint, 2> F = creatToExclusiveOpen(Call, SM, LangOpts);
    return {F.begin(), F.end()};
  }
  case UseKind::Stream: {
    // std::ofstream: std::ios::noreplace, where the library has it (C++23).
    if (!LangOpts.CPlusPlus23 || !hasIosNoreplace(Ctx) ||
        !StringRef(Use.Info->Name).starts_with("std::basic_ofstream"))
      return {};
    const Expr *Mode = Use.flagsArg();
    if (!Mode || isa<CXXDefaultArgExpr>(Mode)) {
      if (std::optional<FixItHint> Fix = insertAfter(
              Use.PathArg, ", std::ios::out | std::ios::noreplace", Ctx))
        return {*Fix};
      return {};
    }
    if (refersToVariable(Mode))
      return {};
    if (std::optional<FixItHint> Fix =
            insertAfter(Mode, " | std::ios::noreplace", Ctx))
      return {*Fix};
    return {};
  }
  default:
    return {};
  }
}

llvm::SmallVector<FixItHint, 3>
Reporter::warningFix(const PathEvent &Use, ArrayRef<PairedCheck> Pairs) {
  // Through a helper only when it hands the caller's flags to the open
  // as they are: the flag added at the call reaches the library call.
  if (Use.Wrapper && !(Use.Info->FlagsArg >= 0 && Use.Wrapper->PassesFlags))
    return {};
  // Every check saw the entry itself and found it is not a symbolic link
  // (lstat, then a type test): the change was never meant to follow one.
  // On every way to the use: each deciding branch of the check is taken one
  // way only. (A test that says "directory" on one way and is not made on
  // another, where a link may be what the code writes through, does not
  // make the change one that never follows a link.)
  const bool SawNoLink = llvm::all_of(Pairs, [&](const PairedCheck &P) {
    if (P.isCreation() || P.Class != RaceClass::LinkFollowed ||
        !P.Dep.Depends || P.Dep.Truths.size() != P.Dep.Conditions.size() ||
        !llvm::all_of(P.Dep.Truths,
                      [](std::optional<bool> T) { return T.has_value(); }))
      return false;
    // Nor did the code, after the check, open the name in a way that
    // follows a link (`open(dest, O_WRONLY | O_CREAT | O_TRUNC)` on the way
    // where the check found no directory): it wrote through whatever was
    // there, and the change is meant for the same file.
    return !EventBetween(P.Check->Point, Use.Point, [&](const PathEvent &E) {
      return (E.Use == UseKind::Open || E.Use == UseKind::FOpen ||
              E.Use == UseKind::Creat || E.Use == UseKind::Stream) &&
             followsLinks(E, Flags, Ctx) && !isAtomicUse(E, Flags, Ctx,
                                                          Flow.parents());
    });
  });
  if (SawNoLink)
    if (llvm::SmallVector<FixItHint, 3> Fixes = withoutFollowing(Use);
        !Fixes.empty())
      return Fixes;
  if (llvm::any_of(Pairs, [](const PairedCheck &P) { return P.isCreation(); }))
    return {};
  // O_EXCL is right only if every deciding check that knew said "absent".
  const bool FoundAbsent = llvm::any_of(Pairs, [&](const PairedCheck &P) {
    return P.Dep.Outcome == CheckOutcome::Failed && isExistence(P);
  });
  const bool FoundPresent = llvm::any_of(Pairs, [](const PairedCheck &P) {
    return P.Dep.Outcome == CheckOutcome::Succeeded;
  });
  if (FoundAbsent && !FoundPresent)
    return exclusiveCreateFix(Use);
  if (!SawNoLink &&
      !llvm::any_of(Pairs, [&](const PairedCheck &P) { return isSymlinkTest(P); }))
    return {};
  // After a symbolic link test, or a check that saw the entry is not a
  // link: do not follow one planted since.
  if (Use.Use == UseKind::Open) {
    const Expr *FlagsArg = Use.flagsArg();
    if (!FlagsArg || refersToVariable(FlagsArg) ||
        Flags.hasFlag(FlagsArg, "O_NOFOLLOW", Ctx) != FlagState::Clear)
      return {};
    llvm::SmallVector<FixItHint, 2> F = appendOpenFlag(
        FlagsArg, "O_NOFOLLOW", Ctx.getSourceManager(), Ctx.getLangOpts());
    return {F.begin(), F.end()};
  }
  if (Use.Use == UseKind::Chown)
    return withoutFollowing(Use);
  return {};
}

std::optional<llvm::SmallVector<FixItHint, 3>>
Reporter::openThenFstatFix(const PathEvent &Use, const PairedCheck &Pair) {
  // A stat by name, then a read-only open: fixits/OpenThenFstat.h.
  const PathEvent &Check = *Pair.Check;
  const auto *CheckCall = dyn_cast<CallExpr>(Check.Site.E);
  const auto *UseCall = dyn_cast<CallExpr>(Use.Site.E);
  if (!CheckCall || !UseCall || Pair.isCreation() || Check.Wrapper ||
      Check.Info->Check != CheckKind::Stat || Check.Info->DirFdArg >= 0 ||
      Use.Use != UseKind::Open || Use.Info->DirFdArg >= 0 ||
      Flags.hasFlag(Use.flagsArg(), "O_CREAT", Ctx) != FlagState::Clear ||
      !declaresFunction(Ctx, "fstat") || !declaresFunction(Ctx, "close"))
    return std::nullopt;
  return openFirstThenFstat(CheckCall,
                            CheckCall->getArg(Check.Info->ResultBufferArg),
                            UseCall, Flow.parents(), Ctx);
}

std::optional<llvm::SmallVector<FixItHint, 3>>
Reporter::attributesByDescriptorFix(const PathEvent &Use,
                                    const PairedCheck &Pair) {
  // chmod/chown/truncate by name after a stat, or after mkdir made the
  // directory: through a descriptor (fixits/AttributesByDescriptor.h).
  const auto *Call = dyn_cast<CallExpr>(Use.Site.E);
  const PathEvent &Check = *Pair.Check;
  const bool MadeDirectory =
      Pair.isCreation() && !Check.Wrapper && Check.Use == UseKind::Create &&
      StringRef(Check.Info->Name).starts_with("mkdir") &&
      Flags.isMacroDefined("O_DIRECTORY") && declaresFunction(Ctx, "geteuid");
  const VarDecl *Seen = MadeDirectory ? nullptr : resultBufferOf(Check);
  // The code removed or replaced the name after the check (`lstat`, then
  // `unlink` and a new file made there): what it changes is the new entry,
  // which no descriptor can match with what the check saw.
  if (!MadeDirectory && replacedBetween(Check.Point, Use.Point))
    return std::nullopt;
  if (!Call || Use.Wrapper || (Pair.isCreation() && !MadeDirectory) ||
      (!MadeDirectory &&
       (Check.Wrapper || Check.Info->Check != CheckKind::Stat || !Seen)) ||
      !Flags.isMacroDefined("O_NOFOLLOW") || !declaresFunction(Ctx, "open") ||
      !declaresFunction(Ctx, "close") || !declaresFunction(Ctx, "fstat"))
    return std::nullopt;
  StringRef Name = Use.Info->Name;
  std::optional<ByDescriptor> Form = byDescriptor(Call, Ctx);
  if (!Form || Form->Path->IgnoreParenImpCasts() !=
                   Use.PathArg->IgnoreParenImpCasts())
    return std::nullopt;
  DescriptorChange How;
  How.Form = *Form;
  How.Access = Name == "truncate" ? "O_WRONLY" : "O_RDONLY";
  How.MadeDirectory = MadeDirectory;
  How.Seen = Seen;
  // After stat, which follows links, the descriptor follows them too: a
  // link the code means to change through opens as the file stat saw, and
  // anything swapped in since has another inode.
  How.NoFollow = MadeDirectory || Pair.Facts.OfEntry;
  How.NonBlock = Flags.isMacroDefined("O_NONBLOCK");
  if (!declaresFunction(Ctx, How.Form.Function) ||
      (MadeDirectory && Name == "truncate") ||
      !Flags.isMacroDefined(How.Access))
    return std::nullopt;
  return changeThroughDescriptor(Call, How, Flow.parents(), Ctx);
}

Reporter::NoteFix Reporter::noteFix(const PathEvent &Use,
                                    const PairedCheck &Pair,
                                    ArrayRef<PairedCheck> Pairs) {
  if (Use.Wrapper)
    return {};
  const auto *UseCall = dyn_cast<CallExpr>(Use.Site.E);
  if (!UseCall)
    return {};
  // The last resort for a change of mode or owner after a creation: the
  // same change without following a link, where the code made the entry
  // with a call that never reuses what is there (mkdir, mkfifo, mknod,
  // O_CREAT | O_EXCL, "x") and changes it only when that call succeeded.
  // After a creation that may have followed or kept a link that was there
  // already (fopen "w", rename), the code may mean to follow it. (After a
  // check, the warning has the rewrite where every way to the use saw no
  // link; elsewhere a link may be what the code means to change.)
  // (Only for creations: every caller is inside `if (Pair.isCreation())`.)
  auto NotFollowing = [&]() -> NoteFix {
    const PathEvent &Made = *Pair.Check;
    if (Made.Wrapper || !Pair.Dep.Depends ||
        Pair.Dep.Outcome != CheckOutcome::Succeeded)
      return {};
    const StringRef Name = Made.Info->Name;
    const bool Exclusive =
        (Made.Use == UseKind::Create &&
         (Name.starts_with("mkdir") || Name.starts_with("mkfifo") ||
          Name.starts_with("mknod") || Name == "link" ||
          Name == "linkat")) ||
        (Made.Use == UseKind::Open &&
         Flags.hasFlag(Made.flagsArg(), "O_CREAT", Ctx) == FlagState::Set &&
         Flags.hasFlag(Made.flagsArg(), "O_EXCL", Ctx) == FlagState::Set) ||
        (Made.Use == UseKind::FOpen && fopenModeLiteral(Made.flagsArg()) &&
         fopenModeIsExclusive(*fopenModeLiteral(Made.flagsArg())));
    if (!Exclusive)
      return {};
    return {withoutFollowing(Use),
            "change what was made there without following a symbolic link"};
  };
  // fopen/open created the file: change it through the descriptor.
  if (Pair.isCreation()) {
    const std::optional<ByDescriptor> Form = byDescriptor(UseCall, Ctx);
    const StringRef Fd = Form ? Form->Function : StringRef();
    const PathEvent &Creation = *Pair.Check;
    // mkdir made it: open the directory without following a link.
    if (!Creation.Wrapper && Creation.Use == UseKind::Create) {
      if (std::optional<llvm::SmallVector<FixItHint, 3>> Fixes =
              attributesByDescriptorFix(Use, Pair))
        return {*Fixes, "open the directory without following a link, and "
                        "change it through the descriptor if this process "
                        "made it"};
      return NotFollowing();
    }
    if (Creation.Wrapper ||
        (Creation.Use != UseKind::Open && Creation.Use != UseKind::Creat &&
         Creation.Use != UseKind::FOpen))
      return NotFollowing();
    const VarDecl *Var = resultVariable(Creation.Site.E, Flow.parents());
    if (Fd.empty() || !Var || !Var->getIdentifier() ||
        !declaresFunction(Ctx, Fd) ||
        Form->Path->IgnoreParenImpCasts() !=
            Use.PathArg->IgnoreParenImpCasts())
      return NotFollowing();
    std::string Descriptor = Var->getName().str();
    if (Pair.Check->Use == UseKind::FOpen) {
      if (!declaresFunction(Ctx, "fileno"))
        return NotFollowing();
      Descriptor = "fileno(" + Descriptor + ")";
    }
    const StringRef WhileOpen =
        "change it through the descriptor while it is open";
    // Closed before the change: make the change just before the close
    // (not a truncation, and not the times of a stream: a stream flushes
    // what it holds when it closes, which truncation would lose and which
    // sets the modification time again).
    if (releasedBetween(Var, Creation.Site.E->IgnoreParenImpCasts(),
                        Creation.Point, Use.Point, Flow)) {
      const CallExpr *Close =
          closeBetween(Var, Creation.Point, Use.Point, Flow);
      if (!Close || Fd == "ftruncate" ||
          (Fd.starts_with("futime") && Creation.Use == UseKind::FOpen))
        return NotFollowing();
      llvm::SmallVector<FixItHint, 2> Moved = changeBeforeClose(
          UseCall, Close, *Form, Descriptor, Flow.parents(), Ctx);
      if (Moved.empty())
        return NotFollowing();
      return {{Moved.begin(), Moved.end()}, WhileOpen.str()};
    }
    if (!Form->SameShape) {
      // utime, utimensat: other arguments, the whole call rewritten.
      std::optional<std::string> Text =
          descriptorCallText(*Form, Descriptor, Ctx);
      std::optional<FixItHint> Whole =
          Text ? replaceWhole(UseCall, *Text, Ctx) : std::nullopt;
      if (!Whole)
        return NotFollowing();
      return {{*Whole}, WhileOpen.str()};
    }
    std::optional<FixItHint> Rename = renameCallee(UseCall, Fd, Ctx);
    std::optional<FixItHint> Arg = replaceExpr(Use.PathArg, Descriptor, Ctx);
    if (!Rename || !Arg)
      return NotFollowing();
    return {{*Rename, *Arg}, WhileOpen.str()};
  }
  // unlink/remove/mkdir: the check is redundant; drop it.
  if ((Use.Use == UseKind::Remove || Use.Use == UseKind::Create) &&
      isExistence(Pair) && Pairs.size() == 1) {
    const auto *CheckCall = dyn_cast<CallExpr>(Pair.Check->Site.E);
    const IfStmt *If =
        CheckCall ? guardingIf(CheckCall, Use.Site.E, Flow.parents()) : nullptr;
    if (!If || !onlyCall(If->getCond(), CheckCall))
      return {};
    if (std::optional<FixItHint> Fix = dropIfKeepThen(If, Ctx))
      return {{*Fix},
              "drop the check and handle the error of '" + Use.calleeName() +
                  "' instead"};
    return {};
  }
  // A stat, then an open for reading: open first, fstat the descriptor.
  if (std::optional<llvm::SmallVector<FixItHint, 3>> Fixes =
          openThenFstatFix(Use, Pair))
    return {*Fixes, "open the file first and check the descriptor instead"};
  // chmod/chown/truncate by name after a check: through a descriptor
  // opened with O_NOFOLLOW.
  if (std::optional<llvm::SmallVector<FixItHint, 3>> Fixes =
          attributesByDescriptorFix(Use, Pair))
    return {*Fixes, Pair.Facts.OfEntry
                        ? "change the file through a descriptor opened with "
                          "O_NOFOLLOW instead"
                        : "change the file through a descriptor instead, "
                          "if it is still the file the check saw"};
  // rename over a name found absent: renameat2(RENAME_NOREPLACE).
  if (Use.Use == UseKind::RenameTarget && Use.Info->Name == "rename" &&
      Pair.Dep.Outcome == CheckOutcome::Failed && isExistence(Pair) &&
      declaresFunction(Ctx, "renameat2") &&
      Flags.isMacroDefined("RENAME_NOREPLACE") &&
      Flags.isMacroDefined("AT_FDCWD") && UseCall->getNumArgs() == 2) {
    llvm::SmallVector<FixItHint, 4> Fixes = renameWithoutReplacing(UseCall, Ctx);
    if (Fixes.empty())
      return {};
    return {{Fixes.begin(), Fixes.end()}, "rename without replacing instead"};
  }
  return {};
}

/// What the use does, for the message: its effect, or "links" for `link`.
StringRef verbOf(const PathEvent &Use, UseEffect Effect,
                 const OpenFlagsReader &Flags, const ASTContext &Ctx) {
  if (Use.Wrapper && Use.Info->FlagsArg < 0)
    return describeEffect(Effect);
  if (Effect == UseEffect::Move &&
      StringRef(Use.Info->Name).starts_with("link"))
    return "links";
  if (Effect == UseEffect::Write && Use.Use == UseKind::Open &&
      Flags.hasFlag(Use.flagsArg(), "O_TRUNC", Ctx) == FlagState::Set)
    return "truncates";
  if (Effect == UseEffect::Create) {
    // Creates, and appends to or writes over what is there: not truncates.
    if (Use.Use == UseKind::FOpen)
      if (std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
          Mode && Mode->starts_with("a"))
        return "creates or appends to";
    if (Use.Use == UseKind::Open &&
        Flags.hasFlag(Use.flagsArg(), "O_TRUNC", Ctx) == FlagState::Clear)
      return Flags.hasFlag(Use.flagsArg(), "O_APPEND", Ctx) == FlagState::Set
                 ? "creates or appends to"
                 : "creates or writes to";
  }
  return describeEffect(Effect);
}

/// For a call to a helper (a wrapper, of this file or another): the
/// library call at the bottom of it and where, " (chmod in util.c:159)";
/// else "".
std::string throughHelper(const PathEvent &Event) {
  if (!Event.Wrapper || Event.Wrapper->Innermost.empty())
    return "";
  std::string Text = " (" + Event.Wrapper->Innermost;
  if (!Event.Wrapper->Where.empty())
    Text += " in " + Event.Wrapper->Where;
  return Text + ")";
}

/// A class's security score, for ranking the pairs of one use.
double severityOf(RaceClass Class) {
  double Score = 0;
  (void)infoOf(Class).SecuritySeverity.getAsDouble(Score);
  return Score;
}

void Reporter::report(
    const PathEvent &Use, UseEffect Effect, bool Follows,
    llvm::MutableArrayRef<PairedCheck> Pairs, EventsBetween Between) {
  EventBetween = Between;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Pairs, [&](const PairedCheck &A, const PairedCheck &B) {
    return SM.isBeforeInTranslationUnit(A.Check->Site.E->getBeginLoc(),
                                        B.Check->Site.E->getBeginLoc());
  });
  // Name the pair whose race changes the most; of those, the check closest
  // before the use in the source.
  // A creation before a change of attributes is the surer story (CERT
  // FIO01-C: the name was certainly that file once) and wins a tie.
  const PairedCheck *PrimaryPtr = &Pairs.back();
  auto Rank = [](const PairedCheck &P) {
    return std::make_pair(severityOf(P.Class), P.isCreation() ? 1 : 0);
  };
  for (const PairedCheck &P : Pairs)
    if (Rank(P) >= Rank(*PrimaryPtr))
      PrimaryPtr = &P;
  const PairedCheck &Primary = *PrimaryPtr;
  const unsigned Line =
      SM.getExpansionLineNumber(Primary.Check->Site.E->getBeginLoc());
  llvm::SmallVector<FixItHint, 3> Fixes = warningFix(Use, Pairs);
  if (!claimFixes(Fixes, SM))
    Fixes.clear(); // another finding on this call makes the same edit
  {
    std::string Race =
        describeRace(Primary.Class, Primary.Facts, Effect, Follows);
    // (Why it is redundant, when the name is fixed in a directory only
    // root can write.)
    if (Primary.Class == RaceClass::RedundantCheck &&
        !Primary.Facts.ParentsChecked)
      if (std::optional<std::string> Fixed = fixedPathOf(Use.PathArg))
        if (std::optional<StringRef> Dir = rootOnlyDirectoryOf(*Fixed))
          Race = ("only root can write '" + *Dir +
                  "', the directory that holds it: nobody else can change "
                  "it in between")
                     .str();
    DiagnosticBuilder Diag =
        Primary.isCreation()
            ? Warn(Use.Site.E->getBeginLoc(),
                   "'%0' %1 '%2' by name%6 after '%3'%7 "
                   "%select{created it|moved a file there}8 at line %4; %5",
                   Primary.Class)
                  << Use.calleeName() << verbOf(Use, Effect, Flags, Ctx)
                  << Use.Spelling << Primary.Check->calleeName() << Line
                  << Race << throughHelper(Use)
                  << throughHelper(*Primary.Check)
                  << (Primary.Check->Use == UseKind::RenameTarget ? 1 : 0)
            : Warn(Use.Site.E->getBeginLoc(),
                   "'%0' %1 '%2'%7 after '%3'%8 checked it at line %4 (%5); "
                   "%6",
                   Primary.Class)
                  << Use.calleeName() << verbOf(Use, Effect, Flags, Ctx)
                  << Use.Spelling << Primary.Check->calleeName() << Line
                  << Primary.Facts.detail() << Race << throughHelper(Use)
                  << throughHelper(*Primary.Check);
    for (const FixItHint &Fix : Fixes)
      Diag << Fix;
  }
  for (const PairedCheck &P : Pairs) {
    NoteFix Offered;
    if (Fixes.empty() && &P == &Primary)
      Offered = noteFix(Use, P, Pairs);
    const llvm::SmallVector<FixItHint, 3> &NoteFixes = Offered.Fixes;
    // A permission checked for the real user, then used with the program's
    // privileges: no rewrite is mechanical, but the alternative is known.
    const bool Privilege = NoteFixes.empty() && P.Class == RaceClass::Privilege;
    DiagnosticBuilder Note =
        Check.diag(P.Check->Site.E->getBeginLoc(),
                   NoteFixes.empty() && !Privilege
                       ? (P.isCreation()
                              ? (P.Check->Use == UseKind::RenameTarget
                                     ? "'%0' moved a file to '%1' here"
                                     : "'%0' created '%1' here")
                              : "'%0' checked '%1' here")
                       : (P.isCreation()
                              ? (P.Check->Use == UseKind::RenameTarget
                                     ? "'%0' moved a file to '%1' here; %2"
                                     : "'%0' created '%1' here; %2")
                              : "'%0' checked '%1' here; %2"),
                   DiagnosticIDs::Note)
        << P.Check->calleeName() << P.Check->Spelling;
    if (Privilege)
      Note << "instead, use the file with the real user's rights (setfsuid "
              "and setfsgid to the real IDs around the open, restored on "
              "every path), or open it and judge the descriptor with fstat "
              "(st_uid, st_mode); faccessat with AT_EACCESS would still be "
              "a check by name";
    else if (!NoteFixes.empty())
      Note << Offered.Advice;
    for (const FixItHint &Fix : NoteFixes)
      Note << Fix;
  }
}

} // namespace

PathCheckThenUseCheck::PathCheckThenUseCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : FilesystemCheckBase(Name, Context),
      ReportRedundant(Options.get("ReportRedundantChecks", false)),
      ReportTimestamps(Options.get("ReportTimestamps", false)),
      PrivilegedCode(Options.get("PrivilegedCode", "auto")) {}


bool PathCheckThenUseCheck::reports(RaceClass Class) const {
  if (Class == RaceClass::RedundantCheck)
    return ReportRedundant;
  if (Class == RaceClass::Timestamps)
    return ReportTimestamps;
  return infoOf(Class).DefaultOn;
}


void PathCheckThenUseCheck::onEndOfTranslationUnit() {
  // For the driver: what this unit tells the others.
  if (summaryExportEnabled() && Shared.Summaries)
    Shared.Summaries->exportUnit(exportedSummaries());
}

void PathCheckThenUseCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  FilesystemCheckBase::storeOptions(Opts);
  Options.store(Opts, "ReportRedundantChecks", ReportRedundant);
  Options.store(Opts, "ReportTimestamps", ReportTimestamps);
  Options.store(Opts, "PrivilegedCode", PrivilegedCode);
}

namespace {
/// One type test that decides the use: its text without the negations in
/// front of it, and how the test itself came out on the way to the use.
struct TypeTestOutcome {
  llvm::StringRef Text;
  bool Value;
};

/// The type tests among the conditions that decide the use (\p Dep), each
/// with how it came out on the way to it; \p CountTests says how many
/// tests a condition's text holds. None when one cannot be read: several
/// in one condition, joined with `&&` or `||`, compared with `==` or `!=`
/// (`S_ISREG(m) != 1`), or its way not known (a switch).
std::optional<llvm::SmallVector<TypeTestOutcome, 2>>
typeTestOutcomes(const Dependence &Dep, const ASTContext &Ctx,
                 llvm::function_ref<size_t(llvm::StringRef)> CountTests) {
  llvm::SmallVector<TypeTestOutcome, 2> Outcomes;
  for (size_t I = 0; I < Dep.Conditions.size(); ++I) {
    // The block that tests the last operand of `a || b` (or `a && b`) ends
    // with the whole condition, and branches on b.
    const Expr *C = Dep.Conditions[I]->IgnoreParenImpCasts();
    while (const auto *Logical = dyn_cast<BinaryOperator>(C)) {
      if (!Logical->isLogicalOp())
        break;
      C = Logical->getRHS()->IgnoreParenImpCasts();
    }
    llvm::StringRef Text = writtenText(C, Ctx);
    const size_t Tests = CountTests(Text);
    if (Tests == 0)
      continue;
    if (Tests > 1 || I >= Dep.Truths.size() || !Dep.Truths[I] ||
        Text.contains("&&") || Text.contains("||"))
      return std::nullopt;
    // `!S_ISDIR(m)`, `(!S_ISDIR(m))`: the test's own value is the other.
    bool Value = *Dep.Truths[I];
    Text = Text.ltrim("( \t");
    while (Text.consume_front("!")) {
      Value = !Value;
      Text = Text.ltrim("( \t");
    }
    if (Text.contains("==") || Text.contains("!="))
      return std::nullopt;
    Outcomes.push_back({Text, Value});
  }
  return Outcomes;
}

/// True if the type tests among the conditions that decide the use (\p Dep)
/// only excluded types on the way to it: each `S_ISxxx` came out false
/// (`if (S_ISDIR(st.st_mode)) return;`), or `S_ISLNK` true. False when
/// one came out "is that type" (a regular file, a directory: not a link),
/// `S_ISLNK` false, or a way is not known (a switch, a condition with
/// several tests).
bool typeTestsOnlyExclude(const Dependence &Dep, const ASTContext &Ctx) {
  const auto Outcomes = typeTestOutcomes(Dep, Ctx, [](llvm::StringRef Text) {
    return Text.count("S_IS") + Text.count("S_IF");
  });
  if (!Outcomes || Outcomes->empty())
    return false;
  return llvm::all_of(*Outcomes, [](const TypeTestOutcome &T) {
    const bool LinkTest =
        T.Text.contains("S_ISLNK") || T.Text.contains("S_IFLNK");
    return LinkTest ? T.Value : !T.Value;
  });
}

/// True if \p First runs before \p Then on every path to \p Then from the
/// function's entry: \p Then reaches \p First only around a loop.
bool comesFirstEveryTime(const PathEvent &First, const PathEvent &Then,
                         const FunctionFlow &Flow) {
  if (First.Point.Block == Then.Point.Block)
    return First.Point.Index < Then.Point.Index;
  return !Flow.blockReachesAvoiding(&Flow.cfg().getEntry(), Then.Point.Block,
                                    First.Point.Block);
}

/// True if every type test among the conditions that decide the use
/// (\p Dep) came out "a regular file" on the way to it (`S_ISREG(m)` true,
/// `!S_ISREG(m)` false, `is_regular_file(st)` true), and there is one.
bool typeTestsSayRegular(const Dependence &Dep, const ASTContext &Ctx) {
  const auto Outcomes = typeTestOutcomes(Dep, Ctx, [](llvm::StringRef Text) {
    return Text.count("S_IS") + Text.count("S_IF") +
           Text.count("is_regular_file") + Text.count("is_directory") +
           Text.count("is_symlink");
  });
  if (!Outcomes || Outcomes->empty())
    return false;
  return llvm::all_of(*Outcomes, [](const TypeTestOutcome &T) {
    return T.Value && (T.Text.contains("S_ISREG") ||
                       T.Text.contains("S_IFREG") ||
                       T.Text.contains("is_regular_file"));
  });
}

/// How the call \p Check came out on the way to the use, when a condition
/// of \p Dep tests it directly (`f(p)`, `!f(p)`, `f(p) == 0`, `f(p) != 0`):
/// true if it was false there.
std::optional<bool> cameOutFalse(const PathEvent &Check, const Dependence &Dep,
                                 const ASTContext &Ctx) {
  for (size_t I = 0; I < Dep.Conditions.size() && I < Dep.Truths.size(); ++I) {
    if (!Dep.Truths[I])
      continue;
    bool Value = *Dep.Truths[I];
    const Expr *C = Dep.Conditions[I]->IgnoreParenImpCasts();
    while (true) {
      if (const auto *U = dyn_cast<UnaryOperator>(C);
          U && U->getOpcode() == UO_LNot) {
        Value = !Value;
        C = U->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(C);
          B && B->isEqualityOp()) {
        Expr::EvalResult Zero;
        if (!B->getRHS()->EvaluateAsInt(Zero, Ctx) ||
            Zero.Val.getInt().getExtValue() != 0)
          break;
        if (B->getOpcode() == BO_EQ)
          Value = !Value;
        C = B->getLHS()->IgnoreParenImpCasts();
        continue;
      }
      break;
    }
    if (C == Check.Site.E->IgnoreParenImpCasts())
      return !Value;
  }
  return std::nullopt;
}

/// A symbolic link test, then a use that does not follow links (`lchown`,
/// `open` with `O_NOFOLLOW`): the test is enforced by the use itself.
bool isSymlinkTestBeforeNoFollow(const CheckFacts &Facts, bool UseFollows) {
  return Facts.SymlinkTest && !UseFollows;
}

/// The field of the buffer \p Check filled whose value \p Use is given as
/// an argument other than the name (directly, or through a local assigned
/// from it): `newmode = parse(spec, st.st_mode); chmod(p, newmode);`. Null
/// if none.
std::optional<std::string> valueFromCheck(const PathEvent &Use,
                                          const PathEvent &Check,
                                          const FunctionFlow &Flow) {
  const VarDecl *Buffer = resultBufferOf(Check);
  const auto *Call = dyn_cast<CallExpr>(Use.Site.E);
  if (!Buffer || !Call)
    return std::nullopt;
  // The field of the buffer \p S reads, if any.
  auto FieldIn = [&](const Stmt *S) -> std::optional<std::string> {
    struct FieldFinder : RecursiveASTVisitor<FieldFinder> {
      const VarDecl *Buffer;
      std::optional<std::string> Field;
      bool VisitMemberExpr(MemberExpr *M) {
        const auto *Ref =
            dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
        if (Ref && Ref->getDecl()->getCanonicalDecl() == Buffer &&
            M->getMemberDecl()->getIdentifier())
          Field = M->getMemberDecl()->getName().str();
        return true;
      }
    } F;
    F.Buffer = Buffer;
    F.TraverseStmt(const_cast<Stmt *>(S));
    return F.Field;
  };
  // Locals that hold a value computed from the buffer (one step).
  llvm::DenseMap<const VarDecl *, std::string> CarrierField;
  struct Assignments : RecursiveASTVisitor<Assignments> {
    std::function<void(const VarDecl *, const Expr *)> Note;
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() == BO_Assign)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Note(Var, B->getRHS());
      return true;
    }
    bool VisitVarDecl(VarDecl *Var) {
      if (Var->getInit())
        Note(Var, Var->getInit());
      return true;
    }
  } A;
  A.Note = [&](const VarDecl *Var, const Expr *Value) {
    if (!Var->isLocalVarDecl())
      return;
    if (std::optional<std::string> Field = FieldIn(Value))
      CarrierField[Var->getCanonicalDecl()] = *Field;
  };
  A.TraverseStmt(const_cast<Stmt *>(Flow.body()));
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (static_cast<int>(I) == static_cast<int>(Use.Info->PathArg) ||
        static_cast<int>(I) == Use.Info->DirFdArg)
      continue;
    const Expr *Arg = Call->getArg(I);
    if (std::optional<std::string> Field = FieldIn(Arg)) {
      // `st.st_uid = wanted;` on every way from the check to the use: what
      // the use is given is no longer what the check read.
      FlowPointSet Rewritten;
      Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
        const auto *B = dyn_cast<BinaryOperator>(S);
        // (`st.st_mode &= ~S_IWUSR` keeps what was read, changed.)
        const auto *M =
            B && B->getOpcode() == BO_Assign
                ? dyn_cast<MemberExpr>(B->getLHS()->IgnoreParenImpCasts())
                : nullptr;
        const auto *Ref =
            M ? dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts())
              : nullptr;
        if (Ref && Ref->getDecl()->getCanonicalDecl() == Buffer &&
            M->getMemberDecl()->getIdentifier() &&
            M->getMemberDecl()->getName() == *Field)
          Rewritten.insert(P);
      });
      if (Rewritten.empty() || Flow.reaches(Check.Point, Use.Point, Rewritten))
        return Field;
      continue;
    }
    struct Refs : RecursiveASTVisitor<Refs> {
      const llvm::DenseMap<const VarDecl *, std::string> *Carriers;
      std::optional<std::string> Field;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
          auto It = Carriers->find(Var->getCanonicalDecl());
          if (It != Carriers->end())
            Field = It->second;
        }
        return true;
      }
    } R;
    R.Carriers = &CarrierField;
    R.TraverseStmt(const_cast<Expr *>(Arg));
    if (R.Field)
      return R.Field;
  }
  return std::nullopt;
}

/// True if \p Call changes the process's user or group IDs (`setuid`,
/// `seteuid`, `setresgid`, `setfsuid`...).
bool changesIds(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !Callee->getDeclContext()->getRedeclContext()->isFileContext())
    return false;
  static constexpr llvm::StringLiteral Names[] = {
      "setuid",   "setgid",    "seteuid",  "setegid",  "setreuid",
      "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid"};
  return llvm::is_contained(Names, Callee->getName());
}

/// True if every path from the function's entry to \p Use passes
/// \p Creation.
bool createdOnEveryPath(FlowPoint Creation, FlowPoint Use,
                        const FunctionFlow &Flow) {
  if (Creation.Block == Use.Block)
    return Creation.Index < Use.Index;
  return !Flow.blockReachesAvoiding(&Flow.cfg().getEntry(), Use.Block,
                                    Creation.Block);
}

/// The values a deciding condition compares the check's owner, group or
/// mode with (`st.st_uid != owner` gives "owner"), as written.
void comparedValues(const Expr *Condition, const VarDecl *Buffer,
                    const ASTContext &Ctx, llvm::StringSet<> &Out) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Buffer;
    const ASTContext *Ctx;
    llvm::StringSet<> *Out;
    static const MemberExpr *fieldOf(const Expr *E, const VarDecl *Buffer) {
      E = E->IgnoreParenImpCasts();
      // (st.st_mode & MASK) compares the masked mode.
      if (const auto *And = dyn_cast<BinaryOperator>(E))
        if (And->getOpcode() == BO_And)
          E = And->getLHS()->IgnoreParenImpCasts();
      const auto *M = dyn_cast<MemberExpr>(E);
      if (!M)
        return nullptr;
      const auto *Ref = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
      if (!Ref || Ref->getDecl()->getCanonicalDecl() != Buffer)
        return nullptr;
      return M;
    }
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (!B->isEqualityOp())
        return true;
      const Expr *Other = nullptr;
      if (fieldOf(B->getLHS(), Buffer))
        Other = B->getRHS();
      else if (fieldOf(B->getRHS(), Buffer))
        Other = B->getLHS();
      if (Other)
        if (std::optional<std::string> Text = sourceText(Other, *Ctx))
          Out->insert(StringRef(*Text).trim());
      return true;
    }
  } F;
  F.Buffer = Buffer;
  F.Ctx = &Ctx;
  F.Out = &Out;
  F.TraverseStmt(const_cast<Expr *>(Condition));
}

/// The check only tells whether the owner or mode already is what the use
/// then sets it to (`if (st.st_uid != uid) chown(p, uid, gid)`): without
/// the check the use would do the same, to whatever has the name, so
/// losing the race changes nothing the check prevented.
bool onlySkipsWorkDone(const PathEvent &Use, UseEffect Effect,
                       const PairedCheck &Pair, const ASTContext &Ctx) {
  if ((Effect != UseEffect::Owner && Effect != UseEffect::Mode) ||
      Use.Wrapper || Pair.Facts.FileType || Pair.Facts.SymlinkTest ||
      Pair.Facts.Permission || Pair.Facts.Existence)
    return false;
  const VarDecl *Buffer = resultBufferOf(*Pair.Check);
  const auto *Call = dyn_cast<CallExpr>(Use.Site.E);
  if (!Buffer || !Call)
    return false;
  llvm::StringSet<> Compared;
  for (const Expr *C : Pair.Dep.Conditions)
    comparedValues(C, Buffer, Ctx, Compared);
  // The values the use sets: chown's owner and group (-1: unchanged),
  // chmod's mode.
  const unsigned First = Use.Info->PathArg + 1;
  const unsigned Count = Effect == UseEffect::Owner ? 2 : 1;
  if (Call->getNumArgs() < First + Count)
    return false;
  for (unsigned I = First; I < First + Count; ++I) {
    const Expr *Value = Call->getArg(I);
    Expr::EvalResult R;
    if (!Value->isValueDependent() && Value->EvaluateAsInt(R, Ctx) &&
        R.Val.getInt().isAllOnes())
      continue;
    std::optional<std::string> Text = sourceText(Value, Ctx);
    if (!Text || !Compared.contains(StringRef(*Text).trim()))
      return false;
  }
  return true;
}

/// The use opens the file and checks what it opened (fstat of the
/// descriptor, CERT POS35-C), or enters a directory and examines ".":
/// whatever the check saw, the code acts only on what it verified. Not
/// when the open itself does the damage (it creates or truncates).
bool revalidatesWhatItOpened(const PathEvent &Use, UseEffect Effect,
                             const OpenFlagsReader &Flags,
                             const FunctionFlow &Flow) {
  if (Effect != UseEffect::Read && Effect != UseEffect::Enter &&
      Effect != UseEffect::Write)
    return false;
  if (Effect == UseEffect::Write && Use.Use == UseKind::Open &&
      Flags.hasFlag(Use.flagsArg(), "O_TRUNC", Flow.context()) !=
          FlagState::Clear)
    return false;
  return revalidatesOpened(Use, Flow.body(), Flow.parents());
}
} // namespace

void PathCheckThenUseCheck::checkDefinition(const FunctionDecl &Function,
                                            ASTContext &Ctx) {
  std::optional<FunctionEvents> FE = eventsOf(Function, Ctx);
  if (!FE)
    return;
  const FunctionFlow &Flow = *FE->Flow;
  std::vector<PathEvent> &Events = FE->Events;
  const OpenFlagsReader &Flags = flags();

  // 1. Events by the file they name; only files with a check (or a
  //    creation) and a use matter.
  llvm::StringMap<llvm::SmallVector<unsigned, 4>> ByKey;
  for (unsigned I = 0; I < Events.size(); ++I)
    if (Events[I].Role != PathRole::TempName)
      ByKey[Events[I].Key.signature()].push_back(I);
  llvm::StringMap<FlowPointSet> Kills;
  llvm::StringMap<llvm::SmallVector<FlowPoint, 4>> KillPoints;
  llvm::StringMap<llvm::SmallVector<std::string, 2>> KeysByRoot;
  for (const auto &Entry : ByKey) {
    const auto &Indices = Entry.second;
    const bool HasCheck = llvm::any_of(Indices, [&](unsigned I) {
      return Events[I].isCheck() || createsFile(Events[I], Flags, Ctx);
    });
    const bool HasUse = llvm::any_of(
        Indices, [&](unsigned I) { return !Events[I].isCheck(); });
    if (!HasCheck || !HasUse)
      continue;
    Kills[Entry.first()];
    for (const std::string &Root : Events[Indices.front()].Key.roots())
      KeysByRoot[Root].push_back(Entry.first().str());
  }
  if (Kills.empty())
    return;

  // 2. Where each of those names is overwritten (also through a pointer
  //    into its buffer).
  const llvm::StringMap<std::string> Aliases = pointerAliases(Flow.body());
  llvm::SmallVector<std::string, 8> Written;
  Flow.forEachStatement([&](const Stmt *S, FlowPoint Point) {
    Written.clear();
    collectWrittenStorage(S, Written);
    for (size_t I = 0, N = writesThroughPointer(S) ? Written.size() : 0; I < N;
         ++I) {
      auto Alias = Aliases.find(Written[I]);
      if (Alias != Aliases.end())
        Written.push_back(Alias->second);
    }
    for (const std::string &W : Written) {
      auto It = KeysByRoot.find(W);
      if (It == KeysByRoot.end())
        continue;
      for (const std::string &Key : It->second) {
        Kills[Key].insert(Point);
        KillPoints[Key].push_back(Point);
      }
    }
  });

  // 3. Pair every use with the checks it depends on.
  const DecisionFinder Decisions(Flow);
  llvm::DenseMap<unsigned, llvm::SmallVector<Decision, 4>> DecisionCache;
  auto DecisionsOf = [&](unsigned Index) -> ArrayRef<Decision> {
    auto [It, Inserted] = DecisionCache.try_emplace(Index);
    if (Inserted) {
      const PathEvent &E = Events[Index];
      const auto *Call = dyn_cast<CallExpr>(E.Site.E);
      if (Call) {
        ResultDomain Domain =
            !E.isCheck()  ? creationDomain(E)
            : E.Wrapper   ? E.Wrapper->Domain
                          : domainOf(E.Info->Result);
        It->second = Decisions.decisionsOf(Call, Domain, resultBufferOf(E));
      }
    }
    return It->second;
  };
  auto Warn = [&](SourceLocation Loc, StringRef Message, RaceClass Class) {
    return diagRace(Loc, Message, Class, Ctx.getSourceManager());
  };
  // A creation the code makes only when an earlier check or open of the
  // same name found it missing: on the other path the name was there
  // already, and what follows acts on that just the same.
  auto madeOnlyIfMissing = [&](unsigned Creation,
                               ArrayRef<unsigned> SameName) {
    for (unsigned Other : SameName) {
      if (Other == Creation)
        continue;
      const PathEvent &Earlier = Events[Other];
      if (!Flow.reaches(Earlier.Point, Events[Creation].Point, FlowPointSet()))
        continue;
      if (Decisions.dependenceOf(DecisionsOf(Other), Events[Creation].Point)
              .Depends)
        return true;
    }
    return false;
  };
  // Where the check came out the other way, the code does the same to the
  // name (or more): it only chose between two ways of doing it, and a file
  // planted before the check gets what one swapped in after it gets.
  auto sameOnOtherSide = [&](unsigned CheckIndex, unsigned UseIndex,
                             UseEffect Effect, bool Follows,
                             ArrayRef<unsigned> SameName,
                             const FlowPointSet &Rewrites) {
    for (unsigned OtherIndex : SameName) {
      const PathEvent &Other = Events[OtherIndex];
      if (OtherIndex == UseIndex || Other.isCheck() ||
          isAtomicUse(Other, Flags, Ctx, Flow.parents()))
        continue;
      if (!coversEffect(effectIn(Other, Flow, Flags),
                        followsLinks(Other, Flags, Ctx), Effect, Follows))
        continue;
      if (Decisions.runsOnOtherSide(DecisionsOf(CheckIndex),
                                    Events[UseIndex].Point, Other.Point))
        return true;
      // Or the code did it already before the check (the use retries it):
      // a file planted before that got it then.
      if (Flow.reaches(Other.Point, Events[CheckIndex].Point, Rewrites))
        return true;
    }
    return false;
  };
  // Where the code changes its IDs (setuid, seteuid...): a use that runs
  // only after such a change between the check and it has other rights than
  // the check assumed (the usual case: a child dropping to the real user
  // before it execs).
  std::optional<FlowPointSet> IdChanges;
  auto idsChangeBetween = [&](FlowPoint Check, FlowPoint Use) {
    if (!IdChanges) {
      IdChanges.emplace();
      Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
        if (const auto *Call = dyn_cast<CallExpr>(S))
          if (changesIds(*Call))
            IdChanges->insert(P);
      });
    }
    return !Flow.reaches(Check, Use, *IdChanges);
  };
  // The code treats a link as a link: where the check saw one, it reads
  // the link itself (readlink) instead. A read through a link planted in
  // between then gives what the link points to, which a process with the
  // planter's rights (no more: the code does not change IDs) could read
  // anyway; only the data the code shows or copies changes.
  auto readsLinkOnOtherSide = [&](unsigned CheckIndex, unsigned UseIndex,
                                  ArrayRef<unsigned> SameName) {
    for (unsigned OtherIndex : SameName) {
      const PathEvent &Other = Events[OtherIndex];
      if (OtherIndex == CheckIndex || !Other.isCheck())
        continue;
      const bool Resolves = Other.Wrapper
                                ? Other.Wrapper->Facts.Resolved
                                : Other.Info->Check == CheckKind::Resolve;
      if (Resolves &&
          Decisions.runsOnOtherSide(DecisionsOf(CheckIndex),
                                    Events[UseIndex].Point, Other.Point))
        return true;
    }
    return false;
  };
  Reporter Report(*this, Warn, Ctx, Flags, Flow);
  std::optional<RaceContext> Context;
  auto ContextOf = [&]() -> const RaceContext & {
    if (!Context) {
      Context.emplace();
      Context->Privileged = PrivilegedCode == "true" ||
                            (PrivilegedCode == "auto" &&
                             wrappers(Ctx).changesIds());
    }
    return *Context;
  };

  // The names the function removes (rmdir, unlink...).
  llvm::StringSet<> RemovedKeys;
  for (const PathEvent &E : Events)
    if (E.Role == PathRole::Use && E.Use == UseKind::Remove)
      RemovedKeys.insert(E.Key.signature());

  for (const auto &Entry : ByKey) {
    // "/" and ".": no other process can put something else at the root
    // directory, or at this process's working directory, by that name.
    if (Entry.first() == "s:/" || Entry.first() == "s:.")
      continue;
    auto KillsIt = Kills.find(Entry.first());
    if (KillsIt == Kills.end())
      continue;
    const auto &Indices = Entry.second;
    llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
    for (unsigned I : Indices)
      if (Events[I].isCheck() || createsFile(Events[I], Flags, Ctx))
        Marks.push_back({Events[I].Point, static_cast<int>(I)});
    FlowPointSet Rewrites;
    for (FlowPoint Kill : KillPoints.lookup(Entry.first())) {
      Marks.push_back({Kill, -1});
      Rewrites.insert(Kill);
    }
    const NearestMarks Frontier(Marks, /*MaxPerPath=*/4);
    for (unsigned UseIndex : Indices) {
      const PathEvent &Use = Events[UseIndex];
      if (Use.isCheck() || !Flow.isLive(Use.Point.Block) ||
          isAtomicUse(Use, Flags, Ctx, Flow.parents()))
        continue;
      UseEffect Effect = effectIn(Use, Flow, Flags);
      // Entering a directory the function also removes by the same name:
      // a recursive removal (the rm -r race).
      if (Effect == UseEffect::Enter && RemovedKeys.contains(Entry.first()))
        Effect = UseEffect::RemoveTree;
      const bool Follows = followsLinks(Use, Flags, Ctx);
      if (revalidatesWhatItOpened(Use, Effect, Flags, Flow))
        continue;
      const bool ChangesAttributes =
          Effect == UseEffect::Mode || Effect == UseEffect::Owner ||
          Effect == UseEffect::Size || Effect == UseEffect::Times;
      llvm::SmallVector<PairedCheck, 2> Pairs;
      // The checks nearest before the use on each path (a few deep), none
      // past a rewrite of the name: linear in the function's size however
      // many times one file is checked and used.
      for (unsigned CheckIndex : Frontier.find(Use.Point, [&](unsigned I) {
             const PathEvent &E = Events[I];
             return E.isCheck() ||
                    (ChangesAttributes && createsFile(E, Flags, Ctx));
           })) {
        // A check in code that cannot run (under a constant-false
        // condition) decides nothing.
        if (CheckIndex == UseIndex ||
            !Flow.isLive(Events[CheckIndex].Point.Block))
          continue;
        const PathEvent &Check = Events[CheckIndex];
        // `if (!copy) rename(a, b); ... if (copy) copy_file(b, a);`: never
        // on one path.
        if (Flow.onExclusiveBranches(Check.Point, Use.Point))
          continue;
        PairedCheck Pair{&Check, {}, {}};
        if (!Check.isCheck()) {
          // The name is the code's own file only where the creation ran
          // and did not fail: not on a path around it (a file that was
          // there already gets the same change), nor where it failed.
          if (!createdOnEveryPath(Check.Point, Use.Point, Flow) &&
              madeOnlyIfMissing(CheckIndex, Indices))
            continue;
          Pair.Dep = Decisions.dependenceOf(DecisionsOf(CheckIndex), Use.Point);
          if (Pair.Dep.Depends && Pair.Dep.Outcome == CheckOutcome::Failed)
            continue;
          Pair.Facts.Created = true;
          Pair.Facts.Examined = "created";
        } else {
          // (Branches that send a loop round to the check again decide
          // whether it runs again, not what this use does with it.)
          Pair.Dep = Decisions.dependenceOf(DecisionsOf(CheckIndex), Use.Point,
                                            Check.Point.Block);
          if (!Pair.Dep.Depends)
            continue;
          Pair.Facts = checkFactsOf(Check, Pair.Dep.Conditions,
                                    Pair.Dep.ViaBuffer, Flags, Ctx);
          Pair.Facts.Outcome = Pair.Dep.Outcome;
          if (!Check.Wrapper && (Pair.Facts.FileType || Pair.Facts.SymlinkTest)) {
            Pair.Facts.TypeExcludesOnly = typeTestsOnlyExclude(Pair.Dep, Ctx);
            Pair.Facts.RegularOnly = typeTestsSayRegular(Pair.Dep, Ctx);
          } else if (Check.Wrapper && !Check.Wrapper->ReturnsTypeTest.empty()) {
            // `is_directory(p)`, `is_regular(p)`: how the helper's test came
            // out is how the caller's test of it did.
            const std::optional<bool> False = cameOutFalse(Check, Pair.Dep, Ctx);
            Pair.Facts.TypeExcludesOnly = False.value_or(false);
            const llvm::StringRef Macro = Check.Wrapper->ReturnsTypeTest;
            Pair.Facts.RegularOnly = False && !*False &&
                                     (Macro == "S_ISREG" || Macro == "S_IFREG");
          }
          // The use is handed what the check saw, and decides on it.
          addFactsOfBufferPassedTo(Check, Use.Site.E, Flags, Ctx, Pair.Facts);
          // Or it applies a value computed from what the check read.
          if (std::optional<std::string> Field =
                  valueFromCheck(Use, Check, Flow)) {
            Pair.Facts.Data = true;
            Pair.Facts.Existence = false;
            Pair.Facts.Examined =
                (Pair.Facts.Examined == "existence" ? std::string("property ")
                                                    : Pair.Facts.Examined +
                                                          ", ") +
                *Field + " passed on to '" + Use.calleeName() + "'";
          }
          if (isSymlinkTestBeforeNoFollow(Pair.Facts, Follows))
            continue;
          // The open-and-verify loop: every round opens first, then looks
          // at the name again (the file there the one it opened? of the
          // right type and mode?) and goes round again if not. The check
          // verifies the use before it; what it decides is to try again.
          if (comesFirstEveryTime(Use, Check, Flow))
            continue;
          if (onlySkipsWorkDone(Use, Effect, Pair, Ctx) ||
              sameOnOtherSide(CheckIndex, UseIndex, Effect, Follows,
                              Indices, Rewrites)) {
            if (ReportRedundant) {
              Pair.Class = RaceClass::RedundantCheck;
              Pairs.push_back(std::move(Pair));
            }
            continue;
          }
        }
        RaceContext PairContext = ContextOf();
        if (PairContext.Privileged &&
            idsChangeBetween(Check.Point, Use.Point))
          PairContext.Privileged = false;
        if (std::optional<std::string> Fixed = fixedPathOf(Use.PathArg))
          PairContext.RootOnlyName = rootOnlyDirectoryOf(*Fixed).has_value();
        Pair.Class = classifyPathRace(Pair.Facts, Effect, Follows,
                                      PairContext);
        if (Pair.Class == RaceClass::LinkFollowed && Check.isCheck() &&
            !PairContext.Privileged &&
            (Effect == UseEffect::Read || Effect == UseEffect::Enter ||
             Effect == UseEffect::Execute) &&
            readsLinkOnOtherSide(CheckIndex, UseIndex, Indices))
          Pair.Class = RaceClass::RedundantCheck;
        // `if (access(d, F_OK) != 0) mkdir(d, 0700);`, mkdir's result
        // dropped: on a name another process made first, mkdir fails and
        // the code goes on exactly as on the check's other side, where it
        // finds the name taken and goes on. Losing the race changes nothing
        // (what remains is an unchecked mkdir, with or without the check).
        if (Pair.Class == RaceClass::Clobber &&
            Effect == UseEffect::MakeEntry && Check.isCheck() &&
            onlyGuards(Check.Site.E, Use.Site.E, Flow.parents()))
          Pair.Class = RaceClass::RedundantCheck;
        // A creation is not a check: when the change after it is safe
        // (it follows no link), there is no redundant check to report.
        if (!reports(Pair.Class) ||
            (Pair.isCreation() && Pair.Class == RaceClass::RedundantCheck))
          continue;
        Pairs.push_back(std::move(Pair));
      }
      if (Pairs.empty())
        continue;
      Report.report(Use, Effect, Follows, Pairs,
                    [&](FlowPoint From, FlowPoint To,
                        llvm::function_ref<bool(const PathEvent &)> Which) {
                      return llvm::any_of(Indices, [&](unsigned I) {
                        const PathEvent &E = Events[I];
                        return !E.isCheck() && &E != &Use && Which(E) &&
                               Flow.reaches(From, E.Point, FlowPointSet()) &&
                               Flow.reaches(E.Point, To, FlowPointSet());
                      });
                    });
    }
  }

  // 4. The other order: a file opened by name, then judged by name
  //    (`fd = open(p, O_RDONLY); stat(p, &st); if (st.st_uid != 0) ...
  //    read(fd, ...)`), where the judgement decides what the code does with
  //    what it opened. Another process can swap the name between the two:
  //    the check then judges another file than the descriptor holds.
  //    `fstat` on the descriptor was meant.
  if (!reports(RaceClass::TrustedContent))
    return;
  for (const auto &Entry : ByKey) {
    if (!Kills.count(Entry.first()))
      continue;
    FlowPointSet Rewrites;
    for (FlowPoint Kill : KillPoints.lookup(Entry.first()))
      Rewrites.insert(Kill);
    for (unsigned OpenIndex : Entry.second) {
      const PathEvent &Open = Events[OpenIndex];
      if (Open.Role != PathRole::Use || Open.Wrapper ||
          (Open.Use != UseKind::Open && Open.Use != UseKind::FOpen))
        continue;
      const VarDecl *Opened = resultVariable(Open.Site.E, Flow.parents());
      if (!Opened || !Opened->isLocalVarDecl())
        continue;
      // Code that examines the descriptor (fstat) is comparing the two, or
      // checking what it opened itself.
      bool ExaminesDescriptor = false;
      llvm::SmallVector<FlowPoint, 4> DescriptorUses;
      Flow.forEachStatement([&](const Stmt *S, FlowPoint Point) {
        const auto *Call = dyn_cast<CallExpr>(S);
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (!Callee || !Callee->getIdentifier())
          return;
        bool Passed = false;
        for (const Expr *Arg : Call->arguments()) {
          const Expr *Bare = Arg->IgnoreParenImpCasts();
          if (const auto *Inner = dyn_cast<CallExpr>(Bare);
              Inner && Inner->getNumArgs() == 1 && Inner->getDirectCallee() &&
              Inner->getDirectCallee()->getIdentifier() &&
              Inner->getDirectCallee()->getName() == "fileno")
            Bare = Inner->getArg(0)->IgnoreParenImpCasts();
          const auto *Ref = dyn_cast<DeclRefExpr>(Bare);
          Passed |= Ref && Ref->getDecl() == Opened;
        }
        if (!Passed)
          return;
        const llvm::StringRef Name = Callee->getName();
        if (Name.starts_with("fstat") || Name == "statx" ||
            Name == "__fxstat" || Name == "__fxstat64")
          ExaminesDescriptor = true;
        else if (Name != "close" && Name != "fclose")
          DescriptorUses.push_back(Point);
      });
      if (ExaminesDescriptor || DescriptorUses.empty())
        continue;
      for (unsigned CheckIndex : Entry.second) {
        const PathEvent &Check = Events[CheckIndex];
        if (!Check.isCheck() || Check.Wrapper ||
            Check.Info->Check != CheckKind::Stat ||
            !Flow.isLive(Check.Point.Block) ||
            !Flow.reaches(Open.Point, Check.Point, Rewrites) ||
            Flow.reaches(Check.Point, Open.Point, FlowPointSet()))
          continue;
        // What the check decides about the descriptor's later use.
        Dependence Dep;
        for (FlowPoint Later : DescriptorUses) {
          Dependence D =
              Decisions.dependenceOf(DecisionsOf(CheckIndex), Later);
          if (D.Depends) {
            Dep = std::move(D);
            break;
          }
        }
        if (!Dep.Depends)
          continue;
        CheckFacts Facts =
            checkFactsOf(Check, Dep.Conditions, Dep.ViaBuffer, Flags, Ctx);
        // A judgement of the file (who owns it, its mode, its type), not
        // data about it nor its identity (a comparison with the opened
        // file's, which is the fix).
        if (!(Facts.Trust || Facts.ModeBits || Facts.FileType ||
              Facts.SymlinkTest || Facts.Permission) ||
            Facts.Identity)
          continue;
        const SourceManager &SM = Ctx.getSourceManager();
        std::string Descriptor = Opened->getNameAsString();
        if (Open.Use == UseKind::FOpen)
          Descriptor = "fileno(" + Descriptor + ")";
        llvm::SmallVector<FixItHint, 2> Fixes;
        if (const auto *Call = dyn_cast<CallExpr>(Check.Site.E))
          Fixes = checkDescriptorInstead(Call, Descriptor, Ctx);
        if (!claimFixes(Fixes, SM))
          Fixes.clear();
        {
          DiagnosticBuilder Diag =
              Warn(Check.Site.E->getBeginLoc(),
                   "'%0' judges '%1' by name (%2) after '%3' opened it at "
                   "line %4; another process can swap the name in between, "
                   "and the check then judges another file than the one "
                   "the code goes on to use%5",
                   RaceClass::TrustedContent)
              << Check.calleeName() << Check.Spelling << Facts.detail()
              << Open.calleeName()
              << SM.getExpansionLineNumber(Open.Site.E->getBeginLoc())
              << (!Fixes.empty() ? std::string()
                  : Check.Info->NoFollow
                      ? std::string("; open it with O_NOFOLLOW and examine "
                                    "the descriptor with fstat")
                      : std::string("; examine the descriptor with fstat"));
          for (const FixItHint &Fix : Fixes)
            Diag << Fix;
        }
        diag(Open.Site.E->getBeginLoc(), "'%0' opened '%1' here",
             DiagnosticIDs::Note)
            << Open.calleeName() << Open.Spelling;
      }
    }
  }
}

} // namespace clang::tidy::toctou
