//===--- AttributesByDescriptor.cpp - chmod through a descriptor ----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "fixits/AttributesByDescriptor.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::toctou {

std::optional<llvm::SmallVector<FixItHint, 3>>
changeThroughDescriptor(const CallExpr *Call, const DescriptorChange &How,
                        const ParentMap &Parents, const ASTContext &Ctx) {
  if (!Call || Call->getNumArgs() == 0 || How.FdFunction.empty() ||
      (!How.MadeDirectory &&
       (!How.Seen || !How.Seen->getIdentifier() ||
        How.Seen->getType()->isPointerType() ||
        !isVisibleAt(How.Seen, Call, Parents))))
    return std::nullopt;
  std::optional<std::string> Path = sourceText(Call->getArg(0), Ctx);
  std::string Rest;
  for (unsigned I = 1; I < Call->getNumArgs(); ++I) {
    std::optional<std::string> Arg = sourceText(Call->getArg(I), Ctx);
    if (!Arg)
      return std::nullopt;
    Rest += ", " + *Arg;
  }
  if (!Path)
    return std::nullopt;
  // The statement the call is: `chmod(...);` or `return chmod(...);`.
  const Stmt *Parent = Parents.getParent(Call);
  while (Parent && isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups>(Parent))
    Parent = Parents.getParent(Parent);
  const Stmt *Self = Call;
  while (Self && Parents.getParent(Self) != Parent)
    Self = Parents.getParent(Self);
  const bool Dir = How.MadeDirectory;
  const std::string D =
      unusedName(Dir ? "dir_fd" : "attr_fd", Call, Parents, Ctx);
  const std::string St =
      unusedName(Dir ? "dir_st" : "attr_st", Call, Parents, Ctx);
  const std::string Was = Dir ? std::string() : How.Seen->getName().str();
  const std::string Type =
      Dir ? std::string("struct stat")
          : How.Seen->getType().getUnqualifiedType().getAsString(
                Ctx.getPrintingPolicy());
  const std::string I = indentationOf(Call, Ctx);
  // The condition of an `if (` at \p Column extra columns.
  auto Same = [&](unsigned Column) {
    if (Dir)
      return "fstat(" + D + ", &" + St + ") == 0 && " + St +
             ".st_uid == geteuid()";
    return "fstat(" + D + ", &" + St + ") == 0 && " + St + ".st_dev == " +
           Was + ".st_dev &&\n" + I + std::string(Column + 4, ' ') + St +
           ".st_ino == " + Was + ".st_ino";
  };
  const std::string Head = "{\n" + I + "  " + Type + " " + St + ";\n" + I +
                           "  int " + D + " = open(" + *Path + ", " +
                           How.Access.str() + (Dir ? " | O_DIRECTORY" : "") +
                           (How.NoFollow ? " | O_NOFOLLOW" : "") +
                           (How.NonBlock ? " | O_NONBLOCK" : "") + ");\n";
  const std::string Change = How.FdFunction.str() + "(" + D + Rest + ")";
  if (const auto *Return = dyn_cast_or_null<ReturnStmt>(Parent)) {
    const std::string Rc = unusedName("attr_rc", Call, Parents, Ctx);
    std::optional<FixItHint> Fix = replaceStatement(
        Return,
        Head + I + "  if (" + D + " < 0)\n" + I + "    return -1;\n" + I +
            "  int " + Rc + " = -1;\n" + I + "  if (" + Same(2) + ")\n" + I +
            "    " + Rc + " = " + Change + ";\n" + I + "  close(" + D +
            ");\n" + I + "  return " + Rc + ";\n" + I + "}",
        Ctx);
    if (!Fix)
      return std::nullopt;
    return llvm::SmallVector<FixItHint, 3>{*Fix};
  }
  // A statement of its own: in a block, or the body of an if or a loop.
  const bool IsStatement =
      Parent &&
      (isa<CompoundStmt>(Parent) ||
       (isa<IfStmt>(Parent) && (cast<IfStmt>(Parent)->getThen() == Self ||
                                cast<IfStmt>(Parent)->getElse() == Self)) ||
       (isa<WhileStmt>(Parent) && cast<WhileStmt>(Parent)->getBody() == Self) ||
       (isa<ForStmt>(Parent) && cast<ForStmt>(Parent)->getBody() == Self) ||
       (isa<DoStmt>(Parent) && cast<DoStmt>(Parent)->getBody() == Self));
  if (!isResultDiscarded(Call, Parents) || !IsStatement)
    return std::nullopt;
  std::optional<FixItHint> Fix = replaceStatement(
      Call,
      Head + I + "  if (" + D + " >= 0) {\n" + I + "    if (" + Same(4) +
          ")\n" + I + "      " + Change + ";\n" + I + "    close(" + D +
          ");\n" + I + "  }\n" + I + "}",
      Ctx);
  if (!Fix)
    return std::nullopt;
  return llvm::SmallVector<FixItHint, 3>{*Fix};
}

} // namespace clang::tidy::toctou
