//===--- BodyScan.cpp - One walk per function body for all checks ---------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/BodyScan.h"
#include "matchers/PathCalls.h"
#include "llvm/ADT/STLExtras.h"
#include "matchers/SqlCalls.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::toctou {

namespace {

thread_local std::unique_ptr<UnitScans> Current;

/// A plain walk over the statements (no RecursiveASTVisitor: it runs on
/// every function of every unit).
class ScanWalker {
public:
  ScanWalker(BodyScan &Scan, UnitScans &Scans, const ASTContext &Ctx)
      : Scan(Scan), Scans(Scans), Ctx(Ctx),
        CPlusPlus(Ctx.getLangOpts().CPlusPlus) {}

  void walk(const FunctionDecl *Function) {
    // Constructor initializers count as calls of the function for the
    // filesystem index, not for the facts.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          Work.push_back({Init->getInit(), false});
    if (const Stmt *Body = Function->getBody())
      Work.push_back({Body, true});
    while (!Work.empty()) {
      auto [S, Facts] = Work.pop_back_val();
      if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
        // A function of its own; its captures' initializers run here.
        for (const Expr *Capture : Lambda->capture_inits())
          if (Capture)
            Work.push_back({Capture, false});
        Scans.scan(Lambda->getCallOperator());
        continue;
      }
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        noteForIndex(Call);
        if (Facts)
          noteFacts(Call);
      } else if (isa<CXXConstructExpr>(S)) {
        noteForIndex(cast<Expr>(S));
      } else if (Facts && CPlusPlus) {
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          noteGuards(DS);
      }
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back({Child, Facts});
    }
  }

private:
  void noteForIndex(const Expr *E) {
    std::optional<CallSite> Site = CallSite::of(E);
    if (!Site)
      return;
    if (const PathCallInfo *Info = lookupPathCall(*Site)) {
      ++Scan.PathCalls;
      Scan.TempNames |= Info->Role == PathRole::TempName;
      return;
    }
    if (isa<CallExpr>(E) && Site->Callee->hasBody()) {
      Scan.Callees.push_back(Site->Callee->getCanonicalDecl());
    } else if (isa<CallExpr>(E)) {
      Scan.ChangesIds |= changesIds(Site->Callee);
      // A function of the program defined in another unit (declared
      // outside system headers, visible to other units).
      const FunctionDecl *Callee = Site->Callee->getCanonicalDecl();
      if (Callee->isExternallyVisible() && Callee->getLocation().isValid() &&
          !Ctx.getSourceManager().isInSystemHeader(Callee->getLocation()) &&
          !llvm::is_contained(Scan.External, Callee))
        Scan.External.push_back(Callee);
    }
  }

  /// The C library's calls that change user or group IDs.
  static bool changesIds(const FunctionDecl *Callee) {
    const IdentifierInfo *II = Callee->getIdentifier();
    if (!II || !Callee->getDeclContext()->getRedeclContext()->isFileContext())
      return false;
    // The calls that can leave the real and effective IDs apart; setuid()
    // and setgid() as used to drop privileges for good set them alike.
    static constexpr llvm::StringLiteral Names[] = {
        "seteuid",  "setreuid", "setresuid", "setegid",
        "setregid", "setresgid", "setfsuid", "setfsgid"};
    return llvm::is_contained(Names, II->getName());
  }

  void noteFacts(const CallExpr *Call) {
    FunctionFacts &Facts = Scan.Facts;
    ++Facts.Calls;
    if (CPlusPlus) {
      if (std::optional<WeakPtrCall> W = weakPtrCallOf(Call)) {
        if (W->Op == WeakPtrCall::Lock)
          ++Facts.WeakPtrLocks;
        else
          ++Facts.WeakPtrChecks;
        return;
      }
      if (std::optional<AtomicAccess> A = atomicAccessOf(Call)) {
        if (A->Op == AtomicAccess::Load)
          ++Facts.AtomicLoads;
        else
          ++Facts.AtomicWrites;
        return;
      }
      if (guardMemberCall(Call)) {
        ++Facts.LockSteps;
        return;
      }
    }
    if (!Call->getDirectCallee() &&
        isa<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts()))
      ++Facts.FieldCalls;
    if (std::optional<SqlCall> Sql = sqlCallOf(Call)) {
      ++Facts.ClientCalls;
      if (Sql->Sql && sqlTextOf(Sql->Sql, Ctx))
        ++Facts.SqlCalls;
    }
    llvm::SmallVector<LockStep, 2> Steps;
    lockStepsOfCall(Call, Steps);
    Facts.LockSteps += Steps.size();
  }

  void noteGuards(const DeclStmt *DS) {
    for (const Decl *D : DS->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var)
        continue;
      llvm::SmallVector<LockStep, 2> Locks, Managed;
      if (guardConstruction(Var, Locks, Managed))
        ++Scan.Facts.LockSteps;
    }
  }

  BodyScan &Scan;
  UnitScans &Scans;
  const ASTContext &Ctx;
  const bool CPlusPlus;
  /// Statements to visit, and whether they count for the facts.
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work;
};

} // namespace

UnitScans &UnitScans::of(ASTContext &Ctx) {
  if (!Current || &Current->Ctx != &Ctx)
    Current.reset(new UnitScans(Ctx));
  return *Current;
}

void UnitScans::reset() { Current.reset(); }

const BodyScan &UnitScans::scan(const FunctionDecl *Function) {
  const FunctionDecl *Key = Function->getCanonicalDecl();
  auto It = Scans.find(Key);
  if (It != Scans.end())
    return *It->second;
  // In the map before the walk: lambdas inside add their own scans.
  BodyScan &Scan = *(Scans[Key] = std::make_unique<BodyScan>());
  ScanWalker(Scan, *this, Ctx).walk(Function);
  AnyTempNames |= Scan.TempNames;
  return Scan;
}

const std::vector<const FunctionDecl *> &UnitScans::definitions() {
  if (Definitions)
    return *Definitions;
  Definitions.emplace();
  struct Finder : RecursiveASTVisitor<Finder> {
    UnitScans *Self;
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool TraverseDecl(Decl *D) {
      if (!D)
        return true;
      if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
          Self->Ctx.getSourceManager().isInSystemHeader(D->getLocation()))
        return true;
      if (const auto *FD = dyn_cast<FunctionDecl>(D);
          FD && FD->doesThisDeclarationHaveABody()) {
        Self->scan(FD);
        Self->Definitions->push_back(FD);
        return true;
      }
      return RecursiveASTVisitor::TraverseDecl(D);
    }
  } F;
  F.Self = this;
  F.TraverseDecl(Ctx.getTranslationUnitDecl());
  return *Definitions;
}

} // namespace clang::tidy::toctou
