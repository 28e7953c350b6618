//===--- DefinitionCheck.cpp - Checks that look at one function at a time -===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/DefinitionCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::toctou {

namespace {
/// The toctou checks alive on this thread (checks are created, run and
/// destroyed on the thread that analyzes the unit).
thread_local llvm::SmallPtrSet<const ClangTidyCheck *, 16> LiveChecks;
} // namespace

DefinitionCheck::DefinitionCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  LiveChecks.insert(this);
}

DefinitionCheck::~DefinitionCheck() { LiveChecks.erase(this); }

DiagnosticBuilder DefinitionCheck::diagRace(SourceLocation Loc,
                                            StringRef Message, RaceClass Class,
                                            const SourceManager &SM) {
  recordRaceClass(getID(), Loc, SM, Class);
  return diag(Loc, Message);
}

DefinitionCheck *DefinitionCheck::of(ClangTidyCheck *Check) {
  return LiveChecks.contains(Check) ? static_cast<DefinitionCheck *>(Check)
                                    : nullptr;
}

void DefinitionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void DefinitionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function && analyzable(*Function))
    checkDefinition(*Function, *Result.Context);
}

bool analyzable(const FunctionDecl &Function) {
  return !Function.isDependentContext() && !Function.isInvalidDecl() &&
         Function.getBody();
}

namespace {

/// The definitions a MatchFinder traversal would reach, without visiting
/// statements, types and expressions one by one: declarations are walked
/// by their contexts; template instantiations through their templates;
/// function bodies only in C++ and only for what declares functions
/// (lambdas, local classes).
class DefinitionWalker {
public:
  DefinitionWalker(ASTContext &Ctx,
                   llvm::function_ref<void(const FunctionDecl &)> Visit)
      : SM(Ctx.getSourceManager()), CPlusPlus(Ctx.getLangOpts().CPlusPlus),
        Visit(Visit) {}

  void walkContext(const DeclContext *DC) {
    for (const Decl *D : DC->decls())
      walkDecl(D);
  }

private:
  bool inSystemHeader(const Decl *D) const {
    SourceLocation Loc = SM.getExpansionLoc(D->getBeginLoc());
    return Loc.isValid() && SM.isInSystemHeader(Loc);
  }

  void walkDecl(const Decl *D) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      return walkFunction(FD);
    if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
      // The pattern is dependent; its instantiations are what is analyzed.
      for (const FunctionDecl *Spec : FTD->specializations())
        walkFunction(Spec);
      return;
    }
    if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
      for (const ClassTemplateSpecializationDecl *Spec : CTD->specializations())
        walkRecord(Spec);
      return;
    }
    if (isa<ClassTemplatePartialSpecializationDecl>(D))
      return; // dependent; instantiations hang off the primary template
    if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
      return walkRecord(RD);
    if (const auto *Friend = dyn_cast<FriendDecl>(D)) {
      if (const NamedDecl *Befriended = Friend->getFriendDecl())
        walkDecl(Befriended);
      return;
    }
    if (const auto *VTD = dyn_cast<VarTemplateDecl>(D)) {
      for (const VarTemplateSpecializationDecl *Spec : VTD->specializations())
        walkInitializer(Spec);
      return;
    }
    if (isa<VarTemplatePartialSpecializationDecl>(D))
      return;
    if (const auto *Var = dyn_cast<VarDecl>(D))
      return walkInitializer(Var);
    if (const auto *Field = dyn_cast<FieldDecl>(D)) {
      if (CPlusPlus && Field->hasInClassInitializer() && !inSystemHeader(D))
        walkStatements(Field->getInClassInitializer());
      return;
    }
    // Namespaces, extern "C" blocks, export blocks.
    if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D))
      walkContext(cast<DeclContext>(D));
  }

  void walkRecord(const CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isDependentContext() ||
        !Seen.insert(RD).second)
      return;
    walkContext(RD);
  }

  void walkInitializer(const VarDecl *Var) {
    if (!CPlusPlus || !Var->hasInit() ||
        Var->getDeclContext()->isDependentContext() || inSystemHeader(Var))
      return;
    walkStatements(Var->getInit());
  }

  void walkFunction(const FunctionDecl *FD) {
    if (!CPlusPlus) {
      // Each declaration appears once, and no function holds another.
      if (FD->isThisDeclarationADefinition() && analyzable(*FD) &&
          !inSystemHeader(FD))
        Visit(*FD);
      return;
    }
    if (!Seen.insert(FD).second || FD->isDependentContext() ||
        inSystemHeader(FD))
      return; // what a system header defines stays in it, lambdas included
    if (FD->isThisDeclarationADefinition() && analyzable(*FD))
      Visit(*FD);
    for (const ParmVarDecl *Param : FD->parameters())
      if (Param->hasDefaultArg() && !Param->hasUninstantiatedDefaultArg() &&
          !Param->hasUnparsedDefaultArg())
        walkStatements(Param->getDefaultArg());
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          walkStatements(Init->getInit());
    if (FD->isThisDeclarationADefinition())
      walkStatements(FD->getBody());
  }

  /// Lambdas and local classes in \p Root.
  void walkStatements(const Stmt *Root) {
    if (!Root)
      return;
    llvm::SmallVector<const Stmt *, 64> Work{Root};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
        // Its body is walked with its call operator.
        for (const Expr *Capture : Lambda->capture_inits())
          if (Capture)
            Work.push_back(Capture);
        walkRecord(Lambda->getLambdaClass());
        continue;
      }
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (isa<CXXRecordDecl, ClassTemplateDecl, FunctionTemplateDecl>(D))
            walkDecl(D);
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }

  const SourceManager &SM;
  const bool CPlusPlus;
  llvm::function_ref<void(const FunctionDecl &)> Visit;
  llvm::DenseSet<const Decl *> Seen;
};

} // namespace

void forEachDefinition(ASTContext &Ctx,
                       llvm::function_ref<void(const FunctionDecl &)> Visit) {
  DefinitionWalker(Ctx, Visit).walkContext(Ctx.getTranslationUnitDecl());
}

} // namespace clang::tidy::toctou
