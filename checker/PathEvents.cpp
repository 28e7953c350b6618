//===--- PathEvents.cpp - The filesystem events of one function -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/PathEvents.h"
#include "checker/BodyScan.h"
#include "matchers/OpenFlags.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::toctou {

namespace {

/// Every `return` of a body.
class ReturnCollector : public RecursiveASTVisitor<ReturnCollector> {
public:
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  bool VisitReturnStmt(ReturnStmt *R) {
    Returns.push_back(R);
    return true;
  }
  // Returns of lambdas and local classes are not the function's.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
};

/// The member names and S_IS* macros a condition reads of \p Buffer.
void describeBufferReads(const Expr *Condition, const VarDecl *Buffer,
                         const ASTContext &Ctx,
                         llvm::SmallVectorImpl<std::string> &Out) {
  if (!Condition)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  // The S_ISLNK(...) style macros, as the code spells them.
  CharSourceRange Range = CharSourceRange::getTokenRange(
      SM.getExpansionRange(Condition->getSourceRange()).getAsRange());
  StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  for (StringRef Macro : {"S_ISLNK", "S_ISREG", "S_ISDIR", "S_ISCHR",
                          "S_ISBLK", "S_ISFIFO", "S_ISSOCK"})
    if (Text.contains(Macro) && !llvm::is_contained(Out, Macro))
      Out.push_back(Macro.str());
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Buffer;
    llvm::SmallVectorImpl<std::string> *Out;
    bool HasMacros;
    bool VisitMemberExpr(MemberExpr *M) {
      const auto *Ref =
          dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
      if (!Ref || Ref->getDecl()->getCanonicalDecl() != Buffer)
        return true;
      std::string Name = M->getMemberDecl()->getNameAsString();
      // st_mode behind S_ISLNK() is named by the macro.
      if (HasMacros && Name == "st_mode")
        return true;
      if (!llvm::is_contained(*Out, Name))
        Out->push_back(Name);
      return true;
    }
  } F;
  F.Buffer = Buffer;
  F.Out = &Out;
  F.HasMacros = !Out.empty();
  F.TraverseStmt(const_cast<Expr *>(Condition));
}

} // namespace

bool isAtomicUse(const PathEvent &Use, const OpenFlagsReader &Flags,
                 ASTContext &Ctx, const ParentMap &Parents) {
  // A wrapper's use was judged inside the wrapper.
  if (Use.Wrapper)
    return false;
  switch (Use.Use) {
  case UseKind::Open:
    return Flags.hasFlag(Use.flagsArg(), "O_CREAT", Ctx) == FlagState::Set &&
           Flags.hasFlag(Use.flagsArg(), "O_EXCL", Ctx) == FlagState::Set;
  case UseKind::FOpen: {
    std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
    return Mode && fopenModeIsExclusive(*Mode);
  }
  case UseKind::Stream: {
    // std::ios::noreplace (C++23).
    struct Finder : RecursiveASTVisitor<Finder> {
      bool Found = false;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const IdentifierInfo *II = Ref->getDecl()->getIdentifier())
          Found |= II->getName() == "noreplace" ||
                   II->getName() == "__noreplace";
        return true;
      }
    } F;
    if (const Expr *Mode = Use.flagsArg())
      F.TraverseStmt(const_cast<Expr *>(Mode));
    return F.Found;
  }
  case UseKind::Create:
  case UseKind::Remove:
    // mkdir() fails with EEXIST, unlink() with ENOENT: code that looks at
    // their result handles the race, and the check was only redundant.
    return !isResultDiscarded(Use.Site.E, Parents);
  case UseKind::Creat:
  case UseKind::Attributes:
  case UseKind::Chown:
  case UseKind::RenameTarget:
  case UseKind::Access:
    return false;
  }
  llvm_unreachable("unknown use kind");
}

std::string describeCheck(const PathEvent &Check,
                          llvm::ArrayRef<const Expr *> Conditions,
                          bool ViaBuffer, const OpenFlagsReader &Flags,
                          const ASTContext &Ctx) {
  if (Check.Wrapper)
    return Check.Wrapper->Detail;
  switch (Check.Info->Check) {
  case CheckKind::AccessMode: {
    const Expr *Mode = Check.flagsArg();
    std::optional<uint64_t> Value = OpenFlagsReader::flagsValue(Mode, Ctx);
    if (Value && *Value == Flags.macroValue("F_OK").value_or(0))
      return "existence";
    return "permission " + (Mode ? spellingOf(Mode, Ctx) : std::string("?"));
  }
  case CheckKind::Stat: {
    if (!ViaBuffer)
      return "existence";
    llvm::SmallVector<std::string, 2> Reads;
    const VarDecl *Buffer = resultBufferOf(Check);
    for (const Expr *C : Conditions)
      describeBufferReads(C, Buffer, Ctx, Reads);
    if (Reads.empty())
      return "existence";
    return "property " + llvm::join(Reads, ", ");
  }
  case CheckKind::Exists:
    return "existence";
  case CheckKind::Property:
    return "property " + Check.calleeName();
  case CheckKind::SymlinkTest:
    return "symbolic link test";
  case CheckKind::Resolve:
    return "resolved path";
  }
  llvm_unreachable("unknown check kind");
}

ResultDomain domainOf(ResultKind Kind) {
  ResultDomain D;
  switch (Kind) {
  case ResultKind::ZeroOnSuccess:
    return ResultDomain::zeroOnSuccess();
  case ResultKind::NullOnFailure:
  case ResultKind::TrueOnSuccess:
    // A non-null pointer stands as 1: comparisons with NULL still work.
    D.Values.push_back({1, CheckOutcome::Succeeded});
    D.Values.push_back({0, CheckOutcome::Failed});
    return D;
  case ResultKind::CountOrMinusOne:
    D.Values.push_back({1, CheckOutcome::Succeeded});
    D.Values.push_back({-1, CheckOutcome::Failed});
    return D;
  case ResultKind::None:
    return D;
  }
  llvm_unreachable("unknown result kind");
}

std::string PathEvent::calleeName() const {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site.E))
    return Construct->getType()
        .getUnqualifiedType()
        .getAsString(Site.Callee->getASTContext().getPrintingPolicy());
  return Site.Callee->getNameAsString();
}

const VarDecl *resultBufferOf(const PathEvent &Check) {
  if (!Check.Info || Check.Info->ResultBufferArg < 0)
    return nullptr;
  const Expr *Arg = Check.Site.arg(Check.Info->ResultBufferArg);
  if (!Arg)
    return nullptr;
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Arg))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Arg = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->getCanonicalDecl();
  return nullptr;
}

bool isResultDiscarded(const Expr *Call, const ParentMap &Parents) {
  const Stmt *Child = Call;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (isa<ParenExpr, ExprWithCleanups, ImplicitCastExpr>(Parent)) {
      Child = Parent;
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Parent))
      return Cast->getType()->isVoidType();
    if (isa<CompoundStmt, LabelStmt, SwitchCase, AttributedStmt>(Parent))
      return true;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      return If->getCond() != Child;
    if (const auto *While = dyn_cast<WhileStmt>(Parent))
      return While->getCond() != Child;
    if (const auto *Do = dyn_cast<DoStmt>(Parent))
      return Do->getCond() != Child;
    if (const auto *For = dyn_cast<ForStmt>(Parent))
      return For->getCond() != Child;
    return false;
  }
  return true;
}

bool refersToVariable(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      // A class constant (std::ios::out) is spelled out like a macro.
      if (!Var->isStaticDataMember())
        return true;
  return llvm::any_of(E->children(), refersToVariable);
}

std::string spellingOf(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // Where the argument is written: in the file, or as a macro argument, or
  // in a macro's body; else the whole macro call.
  CharSourceRange Range;
  if (E->getBeginLoc().isMacroID())
    E = E->IgnoreParenImpCasts();
  SourceLocation Begin = SM.getSpellingLoc(E->getBeginLoc());
  SourceLocation End = SM.getSpellingLoc(E->getEndLoc());
  const bool MacroArgument = !E->getBeginLoc().isMacroID() ||
                             (SM.isMacroArgExpansion(E->getBeginLoc()) &&
                              SM.isMacroArgExpansion(E->getEndLoc()));
  if (MacroArgument && SM.getFileID(Begin) == SM.getFileID(End) &&
      !SM.isBeforeInTranslationUnit(End, Begin))
    Range = CharSourceRange::getTokenRange(Begin, End);
  else
    Range = CharSourceRange::getTokenRange(
        SM.getExpansionRange(E->getSourceRange()).getAsRange());
  std::string Text =
      Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).trim().str();
  // One line, and short.
  for (char &C : Text)
    if (C == '\n' || C == '\t')
      C = ' ';
  if (Text.size() > 40)
    Text = Text.substr(0, 37) + "...";
  return Text;
}

std::vector<PathEvent> collectPathEvents(const FunctionFlow &Flow,
                                         const OpenFlagsReader &Flags,
                                         WrapperSummaries &Wrappers) {
  std::vector<PathEvent> Events;
  ASTContext &Ctx = Flow.context();
  const std::optional<uint64_t> AtFdCwdBits = Flags.macroValue("AT_FDCWD");
  std::optional<int64_t> AtFdCwd;
  if (AtFdCwdBits)
    AtFdCwd = static_cast<int64_t>(*AtFdCwdBits);

  Flow.forEachStatement([&](const Stmt *S, FlowPoint Point) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E || !(isa<CallExpr>(E) || isa<CXXConstructExpr>(E)))
      return;
    std::optional<CallSite> Site = CallSite::of(E);
    if (!Site)
      return;
    const PathCallInfo *Info = lookupPathCall(*Site);
    const WrapperSummary *Wrapper = nullptr;
    if (!Info && isa<CallExpr>(E)) {
      Wrapper = Wrappers.summaryOf(Site->Callee);
      if (Wrapper)
        Info = &Wrapper->Row;
    }
    if (!Info)
      return;
    auto Add = [&](int DirFd, int PathIndex, UseKind Use) {
      const Expr *Path = Site->arg(PathIndex);
      if (!Path)
        return;
      std::optional<ResourceKey> Key =
          ResourceKey::fromAt(Site->arg(DirFd), Path, Ctx, AtFdCwd);
      if (!Key)
        return;
      PathEvent Event;
      Event.Site = *Site;
      Event.Info = Info;
      Event.Wrapper = Wrapper;
      Event.Role = Info->Role;
      Event.Use = Use;
      Event.PathArg = Path;
      Event.Point = Point;
      Event.Key = std::move(*Key);
      Event.Spelling = spellingOf(Path, Ctx);
      Events.push_back(std::move(Event));
    };
    Add(Info->DirFdArg, static_cast<int>(Info->PathArg), Info->Use);
    if (Info->SecondPathArg >= 0)
      Add(Info->SecondDirFdArg, Info->SecondPathArg, Info->SecondUse);
    // A temporary name also lives in the variable the result goes to.
    if (Info->Role == PathRole::TempName) {
      const Stmt *Child = E;
      const ParentMap &Parents = Flow.parents();
      while (const Stmt *Parent = Parents.getParent(Child)) {
        if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(Parent)) {
          Child = Parent;
          continue;
        }
        const Expr *Target = nullptr;
        if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
          if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child)
            Target = BO->getLHS();
        } else if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
          if (DS->isSingleDecl())
            if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl())) {
              PathEvent Event;
              Event.Site = *Site;
              Event.Info = Info;
              Event.Role = Info->Role;
              Event.PathArg = E;
              Event.Point = Point;
              Event.Key = ResourceKey::forVariable(Var);
              Event.Spelling = Var->getNameAsString();
              Events.push_back(std::move(Event));
            }
        }
        if (Target)
          if (std::optional<ResourceKey> Key = ResourceKey::fromPath(Target)) {
            PathEvent Event;
            Event.Site = *Site;
            Event.Info = Info;
            Event.Role = Info->Role;
            Event.PathArg = E;
            Event.Point = Point;
            Event.Key = std::move(*Key);
            Event.Spelling = spellingOf(Target, Ctx);
            Events.push_back(std::move(Event));
          }
        break;
      }
    }
  });
  return Events;
}

const BodyScan *WrapperSummaries::indexed(const FunctionDecl *FD) {
  const FunctionDecl *Definition = nullptr;
  if (!FD->hasBody(Definition) || !Definition)
    return nullptr;
  // What system headers define is not indexed (glibc's inline wrappers
  // around open() are the call, not a wrapper of it).
  if (Definition->getLocation().isValid() &&
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return nullptr;
  return &UnitScans::of(Ctx).scan(Definition);
}

bool WrapperSummaries::mayTouchPaths(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto It = Touches.find(FD);
  if (It != Touches.end())
    return It->second;
  Touches[FD] = false; // recursion: assume not, until shown
  const BodyScan *Scan = indexed(FD);
  if (!Scan)
    return false;
  bool Found = Scan->PathCalls > 0;
  for (const FunctionDecl *Callee : Scan->Callees) {
    if (Found)
      break;
    Found = mayTouchPaths(Callee);
  }
  Touches[FD] = Found;
  return Found;
}

bool WrapperSummaries::isCandidate(const FunctionDecl *FD) {
  const BodyScan *Scan = indexed(FD);
  if (!Scan)
    return false;
  unsigned Calls = Scan->PathCalls;
  for (const FunctionDecl *Callee : Scan->Callees) {
    if (Calls >= 2)
      break;
    if (mayTouchPaths(Callee))
      ++Calls;
  }
  return Calls >= 2;
}

bool WrapperSummaries::hasTempNames() {
  if (TempNamesKnown)
    return HasTempNames;
  TempNamesKnown = true;
  // Every body of the unit's own code (not system headers), lambdas
  // included: the scans are shared with the other checks.
  struct Finder : RecursiveASTVisitor<Finder> {
    WrapperSummaries *Self;
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool TraverseDecl(Decl *D) {
      if (!D || Self->HasTempNames)
        return true;
      if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
          Self->Ctx.getSourceManager().isInSystemHeader(D->getLocation()))
        return true;
      if (const auto *FD = dyn_cast<FunctionDecl>(D);
          FD && FD->doesThisDeclarationHaveABody()) {
        Self->HasTempNames |= UnitScans::of(Self->Ctx).scan(FD).TempNames;
        return true;
      }
      return RecursiveASTVisitor::TraverseDecl(D);
    }
  } F;
  F.Self = this;
  F.TraverseDecl(Ctx.getTranslationUnitDecl());
  HasTempNames |= UnitScans::of(Ctx).anyTempNames();
  return HasTempNames;
}

const WrapperSummary *WrapperSummaries::summaryOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto It = Cache.find(FD);
  if (It != Cache.end())
    return It->second;
  // Cheap first: only functions that call something of the table (or a
  // function that does) can be wrappers; most are not worth a CFG.
  if (!mayTouchPaths(FD)) {
    Cache[FD] = nullptr;
    return nullptr;
  }
  if (InProgress.contains(FD))
    return nullptr; // recursion
  InProgress.insert(FD);
  std::optional<WrapperSummary> S = summarize(FD);
  InProgress.erase(FD);
  const WrapperSummary *Result = nullptr;
  if (S) {
    Storage.push_back(std::move(*S));
    Result = &Storage.back();
  }
  Cache[FD] = Result;
  return Result;
}

std::optional<WrapperSummary>
WrapperSummaries::summarize(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  const Stmt *Body = FD->getBody(Def);
  if (!Body || !Def || Def->isVariadic() || Def->getNumParams() == 0 ||
      Def->isDependentContext() || isa<CXXMethodDecl>(Def))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(Def->getLocation()))
    return std::nullopt;
  std::unique_ptr<FunctionFlow> Flow = FunctionFlow::build(Def, Body, Ctx);
  if (!Flow)
    return std::nullopt;
  std::vector<PathEvent> Events = collectPathEvents(*Flow, Flags, *this);
  if (Events.empty())
    return std::nullopt;

  // Parameters the body writes to do not name the caller's file any more.
  llvm::SmallVector<std::string, 8> Written;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint) {
    if (!isa<DeclStmt>(S))
      collectWrittenStorage(S, Written);
  });
  auto ParamIndex = [&](const PathEvent &E) -> std::optional<unsigned> {
    for (unsigned I = 0; I < Def->getNumParams(); ++I) {
      ResourceKey Key = ResourceKey::forVariable(Def->getParamDecl(I));
      if (Key.signature() == E.Key.signature() &&
          !llvm::is_contained(Written, Key.signature()))
        return I;
    }
    return std::nullopt;
  };

  const PathEvent *Chosen = nullptr;
  unsigned Param = 0;
  for (const PathEvent &E : Events) {
    if (E.Role == PathRole::TempName)
      continue;
    std::optional<unsigned> I = ParamIndex(E);
    if (!I)
      continue;
    if (E.Role == PathRole::Use &&
        isAtomicUse(E, Flags, Ctx, Flow->parents()))
      continue;
    // A use wins: a wrapper that checks and then uses acts on the file.
    if (!Chosen || (Chosen->isCheck() && !E.isCheck())) {
      Chosen = &E;
      Param = *I;
    }
  }
  if (!Chosen)
    return std::nullopt;

  Names.push_back(Def->getNameAsString());
  WrapperSummary Summary;
  Summary.Inner = Chosen->Info;
  Summary.Row = *Chosen->Info;
  Summary.Row.Name = Names.back();
  Summary.Row.DirFdArg = -1;
  Summary.Row.PathArg = Param;
  Summary.Row.SecondPathArg = -1;
  Summary.Row.SecondDirFdArg = -1;
  Summary.Row.FlagsArg = -1;
  Summary.Row.ModeArg = -1;
  Summary.Row.ResultBufferArg = -1;
  Summary.Row.Use = Chosen->Use;
  Summary.Row.Result = ResultKind::None;
  if (!Chosen->isCheck())
    return Summary;

  // A check: what the wrapper returns says what the check found.
  ReturnCollector Returns;
  Returns.TraverseStmt(const_cast<Stmt *>(Body));
  llvm::SmallVector<const Expr *, 2> Returned;
  for (const ReturnStmt *R : Returns.Returns)
    if (R->getRetValue())
      Returned.push_back(R->getRetValue());
  Summary.Detail = describeCheck(*Chosen, Returned, /*ViaBuffer=*/true,
                                 Flags, Ctx);
  Summary.IsExistence = Summary.Detail == "existence";
  const ResultDomain Inner = Chosen->Wrapper ? Chosen->Wrapper->Domain
                                             : domainOf(Chosen->Info->Result);
  const auto *InnerCall = dyn_cast<CallExpr>(Chosen->Site.E);
  if (Inner.Values.empty() || !InnerCall)
    return Summary;
  const DecisionFinder Decisions(*Flow);
  const ResultCarrier Carrier{InnerCall, nullptr, Inner};
  if (Returns.Returns.size() == 1 && Returns.Returns[0]->getRetValue()) {
    // return access(p, F_OK) == 0;
    // return stat(p, &st) == 0 && S_ISREG(st.st_mode);
    const Expr *Ret = Returns.Returns[0]->getRetValue();
    const Expr *Bare = Ret->IgnoreParenImpCasts();
    const auto *BO = dyn_cast<BinaryOperator>(Bare);
    const bool IsTruthValue =
        Ret->getType()->isBooleanType() ||
        (BO && (BO->isLogicalOp() || BO->isComparisonOp())) ||
        (isa<UnaryOperator>(Bare) &&
         cast<UnaryOperator>(Bare)->getOpcode() == UO_LNot);
    for (const auto &[Value, Outcome] : Inner.Values) {
      std::optional<int64_t> Result = Decisions.evaluate(Ret, Carrier, Value);
      if (Result) {
        Summary.Domain.Values.push_back({*Result, Outcome});
        continue;
      }
      if (!IsTruthValue) {
        Summary.Domain.Values.clear();
        return Summary;
      }
      // Either truth value, with what the inner check reported.
      Summary.Domain.Values.push_back({0, Outcome});
      Summary.Domain.Values.push_back({1, Outcome});
    }
    return Summary;
  }
  // if (access(p, F_OK) == 0) return 1; return 0;
  const llvm::SmallVector<Decision, 4> Decided =
      Decisions.decisionsOf(InnerCall, Inner, resultBufferOf(*Chosen));
  ResultDomain Domain;
  for (const ReturnStmt *R : Returns.Returns) {
    const Expr *Value = R->getRetValue();
    Expr::EvalResult Constant;
    if (!Value || Value->isValueDependent() ||
        !Value->EvaluateAsInt(Constant, Ctx))
      return Summary;
    Dependence Dep = Decisions.dependenceOf(Decided, Flow->pointOf(R));
    if (!Dep.Depends || Dep.Outcome == CheckOutcome::Unknown)
      return Summary;
    Domain.Values.push_back(
        {Constant.Val.getInt().getSExtValue(), Dep.Outcome});
  }
  Summary.Domain = std::move(Domain);
  return Summary;
}

} // namespace clang::tidy::toctou
