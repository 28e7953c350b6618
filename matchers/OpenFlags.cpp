//===--- OpenFlags.cpp - Read open() flags and fopen() modes --------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/OpenFlags.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
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

FlagState OpenFlagsReader::hasFlag(const Expr *Flags, llvm::StringRef FlagName,
                                   const ASTContext &Ctx) const {
  std::optional<uint64_t> Mask = macroValue(FlagName);
  std::optional<uint64_t> Value = flagsValue(Flags, Ctx);
  if (!Mask || !Value || *Mask == 0)
    return FlagState::Unknown;
  return (*Value & *Mask) == *Mask ? FlagState::Set : FlagState::Clear;
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
