//===--- ResourceKey.cpp - Which file a path argument names ---------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/ResourceKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::toctou {

/// Strips what does not change which object an expression denotes:
/// parentheses, implicit conversions, temporaries, functional casts.
const Expr *stripImplicit(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *W = dyn_cast<ExprWithCleanups>(Next))
      Next = W->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = F->getSubExpr();
    else if (const auto *C = dyn_cast<CStyleCastExpr>(Next))
      Next = C->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isStdClass(const CXXRecordDecl *Class,
                std::initializer_list<llvm::StringRef> Names) {
  if (!Class || !Class->getIdentifier())
    return false;
  const DeclContext *DC = Class->getDeclContext();
  while (DC && isa<NamespaceDecl>(DC) && cast<NamespaceDecl>(DC)->isInline())
    DC = DC->getParent();
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  if (!NS)
    return false;
  // std::string, std::vector; std::filesystem::path.
  bool InStd = NS->getName() == "std" || NS->getName() == "filesystem";
  return InStd && llvm::is_contained(Names, Class->getName());
}

namespace {

const Expr *strip(const Expr *E) { return stripImplicit(E); }


/// A std::string or std::filesystem::path that is just another view of its
/// single argument (conversions, copies).
const Expr *viewedObject(const CXXConstructExpr *Construct) {
  if (!isStdClass(Construct->getConstructor()->getParent(),
                  {"path", "basic_string", "basic_string_view"}))
    return nullptr;
  unsigned Real = 0;
  const Expr *First = nullptr;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    if (!First)
      First = Arg;
    ++Real;
  }
  return Real == 1 ? First : nullptr;
}

std::optional<std::string> signatureOf(const Expr *E,
                                       llvm::SmallVectorImpl<std::string> *Roots,
                                       unsigned Depth);

std::optional<std::string>
subscriptSignature(const Expr *Base, const Expr *Index,
                   llvm::SmallVectorImpl<std::string> *Roots, unsigned Depth) {
  std::optional<std::string> B = signatureOf(Base, Roots, Depth + 1);
  if (!B)
    return std::nullopt;
  std::string I;
  Index = strip(Index);
  if (const auto *Lit = dyn_cast<IntegerLiteral>(Index)) {
    I = llvm::toString(Lit->getValue(), 10, /*Signed=*/false);
  } else if (std::optional<std::string> S =
                 signatureOf(Index, Roots, Depth + 1)) {
    I = *S;
  } else {
    return std::nullopt;
  }
  return *B + "[" + I + "]";
}

std::optional<std::string> signatureOf(const Expr *E,
                                       llvm::SmallVectorImpl<std::string> *Roots,
                                       unsigned Depth) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = strip(E);
  auto Root = [&](std::string Sig) -> std::optional<std::string> {
    if (Roots)
      Roots->push_back(Sig);
    return Sig;
  };

  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    std::string Sig;
    llvm::raw_string_ostream(Sig)
        << "v:" << static_cast<const void *>(Var->getCanonicalDecl());
    return Root(Sig);
  }
  if (const auto *Lit = dyn_cast<StringLiteral>(E)) {
    if (!Lit->isOrdinary() && !Lit->isUTF8())
      return std::nullopt;
    return "s:" + Lit->getBytes().str();
  }
  if (isa<CXXThisExpr>(E))
    return std::string("this");
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    std::optional<std::string> Base =
        signatureOf(Member->getBase(), Roots, Depth + 1);
    if (!Base)
      return std::nullopt;
    std::string Sig;
    llvm::raw_string_ostream(Sig)
        << *Base << (Member->isArrow() ? "->" : ".")
        << static_cast<const void *>(Field->getCanonicalDecl());
    return Root(Sig);
  }
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<std::string> Sig =
        subscriptSignature(Sub->getBase(), Sub->getIdx(), Roots, Depth);
    return Sig ? Root(*Sig) : std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
      std::optional<std::string> Sig =
          subscriptSignature(Op->getArg(0), Op->getArg(1), Roots, Depth);
      return Sig ? Root(*Sig) : std::nullopt;
    }
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    // s.c_str(), s.data(), p.string(), p.native(), p.c_str(): the object.
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier() ||
        !isStdClass(Method->getParent(), {"path", "basic_string",
                                          "basic_string_view"}))
      return std::nullopt;
    llvm::StringRef Name = Method->getName();
    if (Name != "c_str" && Name != "data" && Name != "string" &&
        Name != "native" && Name != "u8string" && Name != "generic_string")
      return std::nullopt;
    return signatureOf(Call->getImplicitObjectArgument(), Roots, Depth + 1);
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (const Expr *Viewed = viewedObject(Construct))
      return signatureOf(Viewed, Roots, Depth + 1);
  // &buf[0], &s[0]: the buffer itself.
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E)) {
    if (AddrOf->getOpcode() != UO_AddrOf)
      return std::nullopt;
    const Expr *Sub = strip(AddrOf->getSubExpr());
    const Expr *Base = nullptr, *Index = nullptr;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Sub)) {
      Base = AS->getBase();
      Index = AS->getIdx();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Sub)) {
      if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
        Base = Op->getArg(0);
        Index = Op->getArg(1);
      }
    }
    const auto *Zero =
        Index ? dyn_cast<IntegerLiteral>(strip(Index)) : nullptr;
    if (Base && Zero && Zero->getValue() == 0)
      return signatureOf(Base, Roots, Depth + 1);
  }
  return std::nullopt;
}

/// True if an argument bound to a parameter of type \p ParamType may have
/// what it points to, or itself, modified by the callee.
bool parameterMayWrite(QualType ParamType) {
  if (const auto *Ref = ParamType->getAs<ReferenceType>())
    return !Ref->getPointeeType().isConstQualified();
  if (const auto *Ptr = ParamType->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  return false;
}

const FunctionProtoType *calleeProto(const CallExpr *Call) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return FD->getType()->getAs<FunctionProtoType>();
  QualType CalleeType = Call->getCallee()->getType();
  if (const auto *Ptr = CalleeType->getAs<PointerType>())
    CalleeType = Ptr->getPointeeType();
  return CalleeType->getAs<FunctionProtoType>();
}

/// The storage \p E writes to when it is the target of a write: its own
/// signature, and for an element of an array or container, the whole of it
/// (another index may be the same element).
void addWritten(const Expr *E, llvm::SmallVectorImpl<std::string> &Out) {
  E = strip(E);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      E = strip(AddrOf->getSubExpr());
  if (std::optional<std::string> Sig = storageSignature(E, nullptr))
    Out.push_back(*Sig);
  const Expr *Base = nullptr;
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    Base = Sub->getBase();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      Base = Op->getArg(0);
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    if (Deref->getOpcode() == UO_Deref)
      Base = Deref->getSubExpr();
  if (Base)
    addWritten(Base, Out);
}

void collectFromCall(const CallExpr *Call,
                     llvm::SmallVectorImpl<std::string> &Out) {
  const FunctionProtoType *Proto = calleeProto(Call);
  unsigned FirstArg = 0;
  // A member operator call carries the object as argument 0.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (const auto *Method =
            dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee())) {
      if (!Method->isConst() && Op->getNumArgs() > 0 &&
          Op->getOperator() != OO_Subscript)
        addWritten(Op->getArg(0), Out);
      FirstArg = 1;
    }
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && !Method->isConst())
      addWritten(Member->getImplicitObjectArgument(), Out);
  }
  if (!Proto)
    return;
  for (unsigned I = FirstArg, E = Call->getNumArgs(); I < E; ++I) {
    unsigned ParamIndex = I - FirstArg;
    // Variadic arguments (printf's) are read, not written.
    if (ParamIndex >= Proto->getNumParams())
      break;
    if (parameterMayWrite(Proto->getParamType(ParamIndex)))
      addWritten(Call->getArg(I), Out);
  }
}
} // namespace

std::optional<std::string>
storageSignature(const Expr *E, llvm::SmallVectorImpl<std::string> *Roots) {
  return signatureOf(E, Roots, 0);
}

ResourceKey ResourceKey::forVariable(const VarDecl *Var) {
  ResourceKey Key;
  llvm::raw_string_ostream(Key.Signature)
      << "v:" << static_cast<const void *>(Var->getCanonicalDecl());
  Key.Roots.push_back(Key.Signature);
  return Key;
}

std::optional<ResourceKey> ResourceKey::fromPath(const Expr *Path) {
  ResourceKey Key;
  std::optional<std::string> Sig = signatureOf(Path, &Key.Roots, 0);
  if (!Sig)
    return std::nullopt;
  Key.Signature = std::move(*Sig);
  return Key;
}

std::optional<ResourceKey> ResourceKey::fromAt(const Expr *DirFd,
                                               const Expr *Path,
                                               const ASTContext &Ctx,
                                               std::optional<int64_t> AtFdCwd) {
  if (!DirFd)
    return fromPath(Path);
  if (!DirFd->isValueDependent()) {
    Expr::EvalResult Value;
    if (DirFd->EvaluateAsInt(Value, Ctx) &&
        Value.Val.getInt().getSExtValue() == AtFdCwd.value_or(-100))
      return fromPath(Path);
  }
  std::optional<ResourceKey> Key = fromPath(Path);
  if (!Key)
    return std::nullopt;
  // An absolute literal path ignores the descriptor.
  if (Key->isLiteral() && StringRef(Key->Signature).starts_with("s:/"))
    return Key;
  std::optional<std::string> Dir = signatureOf(DirFd, &Key->Roots, 0);
  if (!Dir)
    return std::nullopt;
  Key->Signature = "at(" + *Dir + ")" + Key->Signature;
  return Key;
}

namespace {
/// The buffer \p E points into, if it is an address inside one: an array
/// or what another pointer points to.
const Expr *arrayPointedInto(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    if (B->isAdditiveOp())
      return arrayPointedInto(B->getLHS()->getType()->isPointerType()
                                  ? B->getLHS()
                                  : B->getRHS());
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      if (const auto *Sub =
              dyn_cast<ArraySubscriptExpr>(U->getSubExpr()->IgnoreParens()))
        return arrayPointedInto(Sub->getBase());
  // An array, or another pointer (`pathinmeth = pathmeth + n`, with
  // `pathmeth = pathbuf + m`): chains are followed when aliases are used.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (Var->getType()->isArrayType() || Var->getType()->isPointerType())
        return E;
  // A member array reached through a pointer (`vb.buf` of a varbuf is a
  // pointer, not followed).
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (Member->getMemberDecl()->getType()->isArrayType())
      return E;
  return nullptr;
}

class AliasFinder : public RecursiveASTVisitor<AliasFinder> {
public:
  llvm::StringMap<std::string> Aliases;
  bool VisitVarDecl(VarDecl *V) {
    if (V->getType()->isPointerType() && V->getInit())
      note(ResourceKey::forVariable(V).signature(), V->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign && B->getType()->isPointerType())
      if (std::optional<std::string> Sig = storageSignature(B->getLHS(), nullptr))
        note(*Sig, B->getRHS());
    return true;
  }

private:
  void note(const std::string &Pointer, const Expr *Value) {
    if (const Expr *Array = arrayPointedInto(Value))
      if (std::optional<std::string> Target = storageSignature(Array, nullptr))
        if (*Target != Pointer)
          Aliases[Pointer] = *Target;
  }
};
} // namespace

llvm::StringMap<std::string> pointerAliases(const Stmt *Body) {
  AliasFinder Finder;
  if (Body)
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
  // Follow chains to the first buffer (a few steps; cycles stop).
  llvm::StringMap<std::string> Resolved;
  for (const auto &Entry : Finder.Aliases) {
    std::string Target = Entry.second;
    for (unsigned Step = 0; Step < 4; ++Step) {
      auto It = Finder.Aliases.find(Target);
      if (It == Finder.Aliases.end() || It->second == Entry.first())
        break;
      Target = It->second;
    }
    Resolved[Entry.first()] = Target;
  }
  return Resolved;
}

bool writesThroughPointer(const Stmt *S) {
  if (isa<CallExpr>(S))
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(S)) {
    if (!B->isAssignmentOp())
      return false;
    const Expr *L = B->getLHS()->IgnoreParenImpCasts();
    if (isa<ArraySubscriptExpr>(L))
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(L))
      return U->getOpcode() == UO_Deref;
  }
  return false;
}

void collectWrittenStorage(const Stmt *S,
                           llvm::SmallVectorImpl<std::string> &Out) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      addWritten(BO->getLHS(), Out);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      addWritten(UO->getSubExpr(), Out);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Out.push_back(ResourceKey::forVariable(Var).signature());
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    collectFromCall(Call, Out);
    return;
  }
}

} // namespace clang::tidy::toctou
