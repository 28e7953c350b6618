//===--- OpenFlags.cpp - Read open() flags and fopen() modes --------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/OpenFlags.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallString.h"

namespace clang::tidy::toctou {

namespace {
constexpr unsigned MaxMacroDepth = 8;

/// Parses a C integer literal spelling such as `0100`, `0x40` or `64U`.
std::optional<uint64_t> parseIntegerLiteral(llvm::StringRef Spelling) {
  Spelling = Spelling.rtrim("uUlL");
  uint64_t Value = 0;
  if (Spelling.getAsInteger(/*Radix=*/0, Value))
    return std::nullopt;
  return Value;
}
} // namespace

std::optional<uint64_t> OpenFlagsReader::macroValueImpl(llvm::StringRef Name,
                                                        unsigned Depth) const {
  if (!PP || Depth > MaxMacroDepth)
    return std::nullopt;
  IdentifierInfo *II = PP->getIdentifierInfo(Name);
  if (!II || !II->hasMacroDefinition())
    return std::nullopt;
  const MacroInfo *MI = PP->getMacroInfo(II);
  if (!MI || MI->isFunctionLike())
    return std::nullopt;
  llvm::ArrayRef<Token> Tokens = MI->tokens();
  // Accept `N`, `( N )`, `OTHER_MACRO` and `( OTHER_MACRO )`.
  while (Tokens.size() >= 3 && Tokens.front().is(tok::l_paren) &&
         Tokens.back().is(tok::r_paren))
    Tokens = Tokens.drop_front().drop_back();
  if (Tokens.size() != 1)
    return std::nullopt;
  const Token &Tok = Tokens.front();
  if (Tok.is(tok::numeric_constant)) {
    llvm::SmallString<16> Buffer;
    bool Invalid = false;
    llvm::StringRef Spelling = PP->getSpelling(Tok, Buffer, &Invalid);
    if (Invalid)
      return std::nullopt;
    return parseIntegerLiteral(Spelling);
  }
  if (Tok.is(tok::identifier))
    return macroValueImpl(Tok.getIdentifierInfo()->getName(), Depth + 1);
  return std::nullopt;
}

std::optional<uint64_t>
OpenFlagsReader::macroValue(llvm::StringRef Name) const {
  return macroValueImpl(Name, 0);
}

bool OpenFlagsReader::isMacroDefined(llvm::StringRef Name) const {
  if (!PP)
    return false;
  IdentifierInfo *II = PP->getIdentifierInfo(Name);
  return II && II->hasMacroDefinition();
}

std::optional<uint64_t> OpenFlagsReader::flagsValue(const Expr *Flags,
                                                    const ASTContext &Ctx) {
  if (!Flags || Flags->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (Flags->EvaluateAsInt(Result, Ctx))
    return Result.Val.getInt().getZExtValue();
  return std::nullopt;
}

namespace {
/// Collects how a function changes one local variable: the constants it
/// assigns, those it ORs in, and whether anything else happens to it.
struct FlagAssignments : RecursiveASTVisitor<FlagAssignments> {
  const VarDecl *Var;
  const ASTContext &Ctx;
  llvm::SmallVector<uint64_t, 4> Assigned, Ored;
  bool Other = false;

  FlagAssignments(const VarDecl *Var, const ASTContext &Ctx)
      : Var(Var), Ctx(Ctx) {}

  bool names(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == Var;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp() || !names(BO->getLHS()))
      return true;
    std::optional<uint64_t> Value =
        OpenFlagsReader::flagsValue(BO->getRHS(), Ctx);
    if (!Value)
      Other = true;
    else if (BO->getOpcode() == BO_Assign)
      Assigned.push_back(*Value);
    else if (BO->getOpcode() == BO_OrAssign)
      Ored.push_back(*Value);
    else
      Other = true;
    return !Other;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if ((U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
        names(U->getSubExpr()))
      Other = true;
    return !Other;
  }
  // A reference bound to it, or a lambda capturing it by reference, may
  // change it out of sight.
  bool VisitVarDecl(VarDecl *D) {
    if (D != Var && D->getType()->isReferenceType() && D->getInit() &&
        names(D->getInit()))
      Other = true;
    return !Other;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == Var &&
          C.getCaptureKind() == LCK_ByRef)
        Other = true;
    return !Other;
  }
};
} // namespace

std::optional<OpenFlagsReader::Bounds>
OpenFlagsReader::localFlagBounds(const Expr *Flags,
                                 const ASTContext &Ctx) const {
  if (!Flags)
    return std::nullopt;
  const auto *Ref = dyn_cast<DeclRefExpr>(Flags->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl() || Var->isStaticLocal() ||
      Var->getType().isVolatileQualified() ||
      !Var->getType()->isIntegerType())
    return std::nullopt;
  auto [It, Inserted] = LocalBounds.try_emplace(Var);
  if (!Inserted)
    return It->second;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return std::nullopt;
  FlagAssignments Seen(Var, Ctx);
  if (const Expr *Init = Var->getInit()) {
    std::optional<uint64_t> Value = flagsValue(Init, Ctx);
    if (!Value)
      return std::nullopt;
    Seen.Assigned.push_back(*Value);
  }
  Seen.TraverseStmt(const_cast<Stmt *>(Body));
  if (Seen.Other || Seen.Assigned.empty())
    return std::nullopt;
  Bounds B;
  B.Always = ~uint64_t(0);
  for (uint64_t V : Seen.Assigned) {
    B.Always &= V;
    B.Maybe |= V;
  }
  for (uint64_t V : Seen.Ored)
    B.Maybe |= V;
  It->second = B;
  return B;
}

FlagState OpenFlagsReader::hasFlag(const Expr *Flags, llvm::StringRef FlagName,
                                   const ASTContext &Ctx) const {
  std::optional<uint64_t> Mask = macroValue(FlagName);
  if (!Mask || *Mask == 0)
    return FlagState::Unknown;
  if (std::optional<uint64_t> Value = flagsValue(Flags, Ctx))
    return (*Value & *Mask) == *Mask ? FlagState::Set : FlagState::Clear;
  if (std::optional<Bounds> B = localFlagBounds(Flags, Ctx)) {
    if ((B->Always & *Mask) == *Mask)
      return FlagState::Set;
    if ((B->Maybe & *Mask) == 0)
      return FlagState::Clear;
  }
  return FlagState::Unknown;
}

std::optional<llvm::StringRef> fopenModeLiteral(const Expr *Mode) {
  if (!Mode)
    return std::nullopt;
  const auto *Literal = dyn_cast<StringLiteral>(Mode->IgnoreParenImpCasts());
  if (!Literal || !Literal->isOrdinary())
    return std::nullopt;
  return Literal->getString();
}

llvm::StringRef fopenModeProper(llvm::StringRef Mode) {
  return Mode.split(',').first;
}

bool fopenModeCreates(llvm::StringRef Mode) {
  Mode = fopenModeProper(Mode);
  return Mode.starts_with("w") || Mode.starts_with("a");
}

bool fopenModeIsExclusive(llvm::StringRef Mode) {
  return fopenModeCreates(Mode) && fopenModeProper(Mode).contains('x');
}

bool fopenModeWrites(llvm::StringRef Mode) {
  return fopenModeCreates(Mode) || fopenModeProper(Mode).contains('+');
}

} // namespace clang::tidy::toctou
