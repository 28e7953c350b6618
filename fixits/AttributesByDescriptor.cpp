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
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::toctou {

std::optional<ByDescriptor> byDescriptor(const CallExpr *Call,
                                         const ASTContext &Ctx) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return std::nullopt;
  const llvm::StringRef Name = Callee->getName();
  const unsigned N = Call->getNumArgs();
  ByDescriptor Form;
  Form.Function = llvm::StringSwitch<llvm::StringRef>(Name)
                      .Case("chmod", "fchmod")
                      .Case("chown", "fchown")
                      .Case("truncate", "ftruncate")
                      .Case("utimes", "futimes")
                      .Cases("utime", "utimensat", "futimens")
                      .Default("");
  if (Form.Function.empty() || N == 0)
    return std::nullopt;
  if (Name == "utime") {
    // Times now: futimens with no times does the same.
    if (N != 2 || !Call->getArg(1)->isNullPointerConstant(
                      const_cast<ASTContext &>(Ctx),
                      Expr::NPC_ValueDependentIsNotNull))
      return std::nullopt;
    Form.Path = Call->getArg(0);
    Form.Rest.push_back(Call->getArg(1));
    return Form;
  }
  if (Name == "utimensat") {
    // From the working directory, following a link like futimens' open.
    if (N != 4 || writtenText(Call->getArg(0), Ctx) != "AT_FDCWD")
      return std::nullopt;
    Expr::EvalResult Flags;
    if (!Call->getArg(3)->EvaluateAsInt(Flags, Ctx) ||
        Flags.Val.getInt() != 0)
      return std::nullopt;
    Form.Path = Call->getArg(1);
    Form.Rest.push_back(Call->getArg(2));
    return Form;
  }
  Form.Path = Call->getArg(0);
  for (unsigned I = 1; I < N; ++I)
    Form.Rest.push_back(Call->getArg(I));
  Form.SameShape = true;
  return Form;
}

std::optional<std::string> descriptorCallText(const ByDescriptor &Form,
                                              llvm::StringRef Descriptor,
                                              const ASTContext &Ctx) {
  std::string Text = (Form.Function + "(" + Descriptor).str();
  for (const Expr *Arg : Form.Rest) {
    std::optional<std::string> Written = sourceText(Arg, Ctx);
    if (!Written)
      return std::nullopt;
    Text += ", " + *Written;
  }
  return Text + ")";
}

std::optional<llvm::SmallVector<FixItHint, 3>>
changeThroughDescriptor(const CallExpr *Call, const DescriptorChange &How,
                        const ParentMap &Parents, const ASTContext &Ctx) {
  if (!Call || !How.Form.Path || How.Form.Function.empty() ||
      (!How.MadeDirectory &&
       (!How.Seen || !How.Seen->getIdentifier() ||
        How.Seen->getType()->isPointerType() ||
        !isVisibleAt(How.Seen, Call, Parents))))
    return std::nullopt;
  std::optional<std::string> Path = sourceText(How.Form.Path, Ctx);
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
  const std::optional<std::string> Changed =
      descriptorCallText(How.Form, D, Ctx);
  if (!Changed)
    return std::nullopt;
  const std::string &Change = *Changed;
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
