//===--- SqlWrappers.cpp - The program's own query functions --------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlWrappers.h"
#include "checker/BodyScan.h"
#include "checker/SummaryStore.h"
#include "checker/ValueUses.h"
#include "matchers/ResourceKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::toctou {

namespace {

thread_local std::unique_ptr<SqlWrappers> Current;

/// The position of \p Def's parameter that \p E is (through conversions,
/// `c_str()`, `data()` and a string made from it), or -1.
int parameterOf(const Expr *E, const FunctionDecl *Def) {
  while (E) {
    E = stripImplicit(E);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = Member->getMethodDecl();
      if (!M || !M->getIdentifier() ||
          (M->getName() != "c_str" && M->getName() != "data"))
        return -1;
      E = Member->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() < 1)
        return -1;
      E = Construct->getArg(0);
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Parm = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!Parm || Parm->getDeclContext() != Def)
      return -1;
    return static_cast<int>(Parm->getFunctionScopeIndex());
  }
  return -1;
}

/// A `va_list` (as a parameter it has decayed to a pointer).
bool isVaList(QualType T, const ASTContext &Ctx) {
  T = T.getCanonicalType();
  if (T == Ctx.getBuiltinVaListType().getCanonicalType())
    return true;
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  else if (const auto *Array = Ctx.getAsArrayType(T))
    T = Array->getElementType();
  const auto *RD = T->getAsRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "__va_list_tag";
}

/// The local variable \p E names, if it is one.
const VarDecl *localOf(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = stripImplicit(AddrOf->getSubExpr());
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDecl() ? Var : nullptr;
}

/// The root variable an lvalue is part of (`res->rows`, `out.pg`, `v[i]`).
const VarDecl *rootVariable(const Expr *E) {
  E = stripImplicit(E);
  while (true) {
    if (const auto *M = dyn_cast<MemberExpr>(E))
      E = stripImplicit(M->getBase());
    else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
      E = stripImplicit(Sub->getBase());
    else if (const auto *Deref = dyn_cast<UnaryOperator>(E);
             Deref && Deref->getOpcode() == UO_Deref)
      E = stripImplicit(Deref->getSubExpr());
    else
      break;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Only transaction statements (BEGIN, COMMIT, ROLLBACK, SET TRANSACTION).
bool onlyTransactionStatements(llvm::StringRef Text, SqlApi Api) {
  sql::Classification C = sql::classify(Text, dialectOf(Api));
  if (!C.ok() || C.Statements.empty())
    return false;
  return llvm::all_of(C.Statements, [](const sql::Statement &S) {
    return S.StatementKind == sql::Kind::Begin ||
           S.StatementKind == sql::Kind::Commit ||
           S.StatementKind == sql::Kind::Rollback ||
           S.StatementKind == sql::Kind::SetTransaction;
  });
}

/// What one body holds for the summary: its calls, returns and the locals
/// they fill, in one walk (lambdas are functions of their own).
struct BodyParts {
  llvm::SmallVector<const CallExpr *, 16> Calls;
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  /// Locals and the expressions stored into them (initializers,
  /// assignments, also into a member or element of them).
  llvm::SmallVector<std::pair<const VarDecl *, const Expr *>, 16> Stores;

  explicit BodyParts(const Stmt *Body) {
    if (!Body)
      return; // a defaulted or deleted function
    llvm::SmallVector<const Stmt *, 64> Work{Body};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (isa<LambdaExpr>(S))
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        Calls.push_back(Call);
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
            Op && Op->isAssignmentOp() && Op->getNumArgs() == 2)
          if (const VarDecl *To = rootVariable(Op->getArg(0)))
            Stores.push_back({To, Op->getArg(1)});
      } else if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
        Returns.push_back(Ret);
      } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
            Stores.push_back({Var, Var->getInit()});
      } else if (const auto *B = dyn_cast<BinaryOperator>(S);
                 B && B->getOpcode() == BO_Assign) {
        if (const VarDecl *To = rootVariable(B->getLHS()))
          Stores.push_back({To, B->getRHS()});
      }
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }
};

/// The connection \p Conn of a client call in \p Def, as a wrapper
/// describes it: a parameter's position, or a key.
void describeConnection(const Expr *Conn, const FunctionDecl *Def,
                        const BodyParts &Parts, SqlWrapper &W) {
  W.ConnArg = -1;
  W.Conn.clear();
  if (!Conn) {
    W.Conn = "program:";
    return;
  }
  if (int P = parameterOf(Conn, Def); P >= 0) {
    W.ConnArg = P;
    return;
  }
  // A connection held by an object the caller passes (`db->pg`,
  // `h->conn.pg`): that object stands for it.
  for (const Expr *Part = stripImplicit(Conn);;) {
    const auto *M = dyn_cast<MemberExpr>(Part);
    if (!M)
      break;
    Part = stripImplicit(M->getBase());
    if (int P = parameterOf(Part, Def); P >= 0) {
      W.ConnArg = P;
      return;
    }
  }
  const Expr *E = stripImplicit(Conn);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    E = stripImplicit(U->getSubExpr());
  // A libpqxx transaction made here on a connection: that connection.
  if (const VarDecl *Local = localOf(E))
    for (const auto &[Var, Value] : Parts.Stores)
      if (Var == Local)
        if (const auto *Construct =
                dyn_cast<CXXConstructExpr>(stripImplicit(Value));
            Construct && Construct->getNumArgs() > 0) {
          if (int P = parameterOf(Construct->getArg(0), Def); P >= 0) {
            W.ConnArg = P;
            return;
          }
          E = stripImplicit(Construct->getArg(0));
          break;
        }
  // A global or a member of this object: shared by every function that
  // names it.
  if (std::optional<std::string> Shared = sharedConnectionKey(E)) {
    W.Conn = *Shared;
    return;
  }
  W.Conn = "program:";
}

} // namespace

const FieldDecl *calledField(const CallExpr *Call) {
  if (Call->getDirectCallee())
    return nullptr;
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Callee);
      Deref && Deref->getOpcode() == UO_Deref)
    Callee = Deref->getSubExpr()->IgnoreParenImpCasts();
  const auto *M = dyn_cast<MemberExpr>(Callee);
  return M ? dyn_cast<FieldDecl>(M->getMemberDecl()) : nullptr;
}

namespace {

/// The function \p E designates (`pg_query`, `&pg_query`), if it does.
const FunctionDecl *designatedFunction(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

/// The parameters of a function pointer field's type.
const FunctionProtoType *pointeeProto(const FieldDecl *Field) {
  QualType T = Field->getType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  return T->getAs<FunctionProtoType>();
}

/// A call of a function that calls the function its caller passes
/// (CallsArg) is a call of that one, when it runs a fixed transaction
/// statement; \p Of gives what a function is.
template <typename Lookup>
const SqlWrapper *forwarded(const SqlWrapper *W, const CallExpr *Call,
                            Lookup Of) {
  if (!W || W->CallsArg < 0)
    return W;
  if (static_cast<unsigned>(W->CallsArg) >= Call->getNumArgs())
    return nullptr;
  const FunctionDecl *Target =
      designatedFunction(Call->getArg(W->CallsArg));
  const SqlWrapper *T = Target ? Of(Target) : nullptr;
  return T && T->CallsArg < 0 && T->SqlArg < 0 ? T : nullptr;
}

/// Does a stored shape fit a callee of \p Params parameters?
bool fits(const SqlWrapper &W, unsigned Params, bool Variadic) {
  const int N = static_cast<int>(Params);
  return W.SqlArg < N && W.ConnArg < N && W.CallsArg < N &&
         (W.SqlArg < 0 || !W.Format || Variadic || W.SqlArg + 1 < N);
}

} // namespace

std::optional<std::string> sharedConnectionKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = stripImplicit(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    E = stripImplicit(U->getSubExpr());
  const ValueDecl *Named = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasGlobalStorage() && !Var->isStaticLocal())
      Named = Var;
  } else if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (isa<CXXThisExpr>(stripImplicit(M->getBase())))
      Named = M->getMemberDecl();
  }
  if (!Named)
    return std::nullopt;
  return "shared:" + Named->getQualifiedNameAsString();
}

SqlWrappers &SqlWrappers::of(ASTContext &Ctx) {
  if (!Current || &Current->Ctx != &Ctx)
    Current.reset(new SqlWrappers(Ctx));
  return *Current;
}

void SqlWrappers::reset() { Current.reset(); }

SqlWrappers *SqlWrappers::current() { return Current.get(); }

void SqlWrappers::importFrom(std::shared_ptr<const SummaryIndex> From) {
  if (ImportTried)
    return;
  ImportTried = true;
  Index = std::move(From);
}

const SqlWrapper *SqlWrappers::imported(const FunctionDecl *FD) {
  auto [It, New] = Imported.try_emplace(FD, nullptr);
  if (!New)
    return It->second;
  // Its SQL and connection parameters must be ones this declaration has.
  auto Fits = [&](const SqlWrapper &W) {
    return fits(W, FD->getNumParams(), FD->isVariadic());
  };
  const SqlWrapper *Found = nullptr;
  if (Index && FD->isExternallyVisible()) {
    const std::string Usr = usrOf(FD);
    const StoredSqlWrapper *Stored =
        Usr.empty() ? nullptr : Index->findSql(Usr);
    if (Stored && Fits(Stored->Wrapper))
      Found = &Stored->Wrapper;
  }
  // Named by the user.
  if (!Found && !Declared.empty() && FD->getIdentifier()) {
    auto D = Declared.find(FD->getQualifiedNameAsString());
    if (D == Declared.end())
      D = Declared.find(FD->getName());
    if (D != Declared.end() && Fits(D->second))
      Found = &D->second;
  }
  Imported[FD] = Found;
  return Found;
}

bool SqlWrappers::declare(llvm::StringRef Spec, std::string &Error) {
  bool Ok = true;
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  Spec.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto Refuse = [&](const llvm::Twine &Why) {
      Error += ((Ok ? "" : "; ") + llvm::Twine("'") + Entry + "': " + Why)
                   .str();
      Ok = false;
    };
    SqlWrapper W;
    W.Innermost = "named in QueryFunctions";
    W.ReturnsResult = true;
    W.Conn = "program:";
    if (Entry.consume_front("sqlite:"))
      W.Api = SqlApi::SQLite;
    else if (Entry.consume_front("mysql:"))
      W.Api = SqlApi::MySQL;
    else
      Entry.consume_front("libpq:");
    Entry = Entry.trim();
    const size_t Cut = Entry.find_first_of("(=");
    const llvm::StringRef Name = Entry.take_front(Cut).trim();
    if (Name.empty() || Cut == llvm::StringRef::npos ||
        !llvm::all_of(Name, [](char C) {
          return llvm::isAlnum(C) || C == '_' || C == ':';
        })) {
      Refuse("expected NAME(ROLE, ...) or NAME=STATEMENT");
      continue;
    }
    if (Entry[Cut] == '=') {
      W.FixedSql = Entry.drop_front(Cut + 1).trim().str();
      W.ReturnsResult = false;
      if (!onlyTransactionStatements(W.FixedSql, W.Api)) {
        Refuse("'" + W.FixedSql +
               "' is not BEGIN, COMMIT, ROLLBACK or SET TRANSACTION");
        continue;
      }
    } else {
      llvm::StringRef Roles = Entry.drop_front(Cut + 1).trim();
      if (!Roles.consume_back(")")) {
        Refuse("expected ')' after the roles");
        continue;
      }
      llvm::SmallVector<llvm::StringRef, 4> Each;
      Roles.split(Each, ',');
      bool Bad = false;
      for (unsigned I = 0; I < Each.size() && !Bad; ++I) {
        const llvm::StringRef Role = Each[I].trim();
        if ((Role == "sql" || Role == "format") && W.SqlArg < 0) {
          W.SqlArg = static_cast<int>(I);
          W.Format = Role == "format";
        } else if (Role == "conn" && W.ConnArg < 0) {
          W.ConnArg = static_cast<int>(I);
          W.Conn.clear();
        } else if (Role == "..." && I + 1 == Each.size()) {
        } else if (Role != "_") {
          Refuse("'" + Role + "' is not sql, format, conn, _ or ... (sql " +
                 "or format once, conn at most once, ... last)");
          Bad = true;
        }
      }
      if (Bad)
        continue;
      if (W.SqlArg < 0) {
        Refuse("no parameter is sql or format");
        continue;
      }
    }
    Declared[Name] = std::move(W);
  }
  return Ok;
}

const SqlWrapper *SqlWrappers::known(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto It = Local.find(FD);
  if (It != Local.end() && It->second)
    return &*It->second;
  if (It == Local.end() && FD->hasBody())
    return nullptr; // not summarized yet: being summarized (a cycle)
  // No body here, or one that is not a query function as far as
  // toctou-tidy can see (a driver table): the summaries, or the user.
  return imported(FD);
}

void SqlWrappers::prepare() {
  if (Prepared)
    return;
  Prepared = true;
  // Driver tables first, so that a function calling through one is
  // summarized knowing it (only in a unit that calls a client: the drivers
  // of another unit come from the summaries).
  UnitScans &Scans = UnitScans::of(Ctx);
  if (llvm::any_of(Scans.definitions(), [&](const FunctionDecl *FD) {
        return Scans.scan(FD).Facts.ClientCalls > 0;
      }))
    buildFieldTable();
}

const SqlWrapper *SqlWrappers::wrapperOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  prepare();
  FD = FD->getCanonicalDecl();
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def))
    return imported(FD);
  if (Def->getLocation().isValid() &&
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  if (!Local.count(FD))
    summarizeBottomUp(FD);
  return known(FD);
}

bool SqlWrappers::runsSql(const FunctionDecl *FD) {
  const SqlWrapper *W = wrapperOf(FD);
  return W && W->CallsArg < 0;
}

const SqlWrapper *SqlWrappers::wrapperAt(const CallExpr *Call) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return forwarded(wrapperOf(FD), Call,
                     [&](const FunctionDecl *F) { return wrapperOf(F); });
  prepare();
  const FieldDecl *Field = calledField(Call);
  return Field ? fieldWrapper(Field) : nullptr;
}

const SqlWrapper *SqlWrappers::fieldWrapper(const FieldDecl *Field) {
  Field = Field->getCanonicalDecl();
  auto It = Fields.find(Field);
  if (It != Fields.end())
    return It->second ? &*It->second : nullptr;
  // Set in other units.
  auto [Known, New] = ImportedFields.try_emplace(Field, nullptr);
  if (!New || !Index)
    return Known->second;
  const FunctionProtoType *Proto = pointeeProto(Field);
  const std::string Usr = usrOf(Field);
  const StoredSqlWrapper *Stored = Usr.empty() ? nullptr : Index->findSql(Usr);
  if (Stored && Proto &&
      fits(Stored->Wrapper, Proto->getNumParams(), Proto->isVariadic()))
    Known->second = &Stored->Wrapper;
  return Known->second;
}

void SqlWrappers::buildFieldTable() {
  if (FieldsBuilt)
    return;
  FieldsBuilt = true;
  // The functions set to each function pointer field, in initializers
  // (`{.query = pg_query}`) and assignments (`ops->query = pg_query;`).
  llvm::MapVector<const FieldDecl *, llvm::SmallVector<const FunctionDecl *, 2>>
      Set;
  struct Finder : RecursiveASTVisitor<Finder> {
    const SourceManager *SM;
    decltype(Set) *Out;
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool TraverseDecl(Decl *D) {
      if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
          SM->isInSystemHeader(D->getLocation()))
        return true;
      return RecursiveASTVisitor::TraverseDecl(D);
    }
    void note(const FieldDecl *Field, const Expr *Value) {
      if (!Field || !pointeeProto(Field))
        return;
      if (const FunctionDecl *FD = designatedFunction(Value))
        (*Out)[Field->getCanonicalDecl()].push_back(FD);
    }
    bool VisitInitListExpr(InitListExpr *Syntactic) {
      // (The visitor sees the syntactic form; the semantic one has an
      // initializer per field, designated or not.)
      const InitListExpr *Init = Syntactic->isSemanticForm()
                                     ? Syntactic
                                     : Syntactic->getSemanticForm();
      if (!Init) {
        for (const Expr *Each : Syntactic->inits())
          if (const auto *D = dyn_cast<DesignatedInitExpr>(Each);
              D && D->size() == 1 && D->getDesignator(0)->isFieldDesignator())
            note(D->getDesignator(0)->getFieldDecl(), D->getInit());
        return true;
      }
      const RecordDecl *RD = Init->getType()->getAsRecordDecl();
      if (!RD)
        return true;
      if (RD->isUnion()) {
        if (Init->getNumInits() == 1)
          note(Init->getInitializedFieldInUnion(), Init->getInit(0));
        return true;
      }
      unsigned I = 0;
      for (const FieldDecl *Field : RD->fields()) {
        if (I >= Init->getNumInits())
          break;
        note(Field, Init->getInit(I++));
      }
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() != BO_Assign)
        return true;
      if (const auto *M = dyn_cast<MemberExpr>(B->getLHS()->IgnoreParenImpCasts()))
        note(dyn_cast<FieldDecl>(M->getMemberDecl()), B->getRHS());
      return true;
    }
  } F;
  F.SM = &Ctx.getSourceManager();
  F.Out = &Set;
  F.TraverseDecl(Ctx.getTranslationUnitDecl());
  for (const auto &[Field, Functions] : Set) {
    // Every function set there that is a query function has one shape
    // (its SQL and connection at the same places); functions that are not
    // (a driver's no-op) do not count.
    std::optional<SqlWrapper> Shape;
    bool Agree = true;
    for (const FunctionDecl *FD : Functions) {
      const SqlWrapper *W = wrapperOf(FD);
      if (!W)
        continue;
      if (!Shape)
        Shape = *W;
      else if (Shape->SqlArg != W->SqlArg || Shape->Format != W->Format ||
               Shape->FixedSql != W->FixedSql || Shape->ConnArg != W->ConnArg)
        Agree = false;
    }
    Fields[Field] = Agree ? Shape : std::nullopt;
  }
}

void SqlWrappers::summarizeBottomUp(const FunctionDecl *Root) {
  // Depth first over the callees with a body here, each summarized after
  // its callees; a callee already on the stack (recursion) counts as no
  // wrapper for its caller.
  struct Frame {
    const FunctionDecl *Canonical;
    const FunctionDecl *Definition;
    bool Expanded;
  };
  llvm::SmallVector<Frame, 16> Stack;
  llvm::DenseSet<const FunctionDecl *> OnStack;
  auto Push = [&](const FunctionDecl *FD) {
    FD = FD->getCanonicalDecl();
    const FunctionDecl *Def = nullptr;
    if (Local.count(FD) || OnStack.count(FD) || !FD->hasBody(Def))
      return;
    OnStack.insert(FD);
    Stack.push_back({FD, Def, false});
  };
  UnitScans &Scans = UnitScans::of(Ctx);
  Push(Root);
  while (!Stack.empty()) {
    if (!Stack.back().Expanded) {
      Stack.back().Expanded = true;
      const BodyScan &Scan = Scans.scan(Stack.back().Definition);
      for (const FunctionDecl *Callee : Scan.Callees)
        Push(Callee);
      continue;
    }
    const Frame Done = Stack.pop_back_val();
    Local[Done.Canonical] = summarize(Done.Definition);
    OnStack.erase(Done.Canonical);
  }
}

std::optional<SqlWrapper>
SqlWrappers::summarize(const FunctionDecl *Def) {
  const BodyScan &Scan = UnitScans::of(Ctx).scan(Def);
  // Only a function that calls a client, another wrapper or through a
  // driver table can be one.
  bool Candidate = Scan.Facts.ClientCalls > 0 || Scan.Facts.FieldCalls > 0;
  for (const ParmVarDecl *Parm : Def->parameters())
    Candidate = Candidate || Parm->getType()->isFunctionPointerType();
  for (const FunctionDecl *Callee : Scan.Callees)
    Candidate = Candidate || known(Callee);
  for (const FunctionDecl *Callee : Scan.External)
    Candidate = Candidate || known(Callee);
  if (!Candidate || !Def->getBody() || isa<CXXConstructorDecl>(Def) ||
      isa<CXXDestructorDecl>(Def))
    return std::nullopt;
  const BodyParts Parts(Def->getBody());

  // The locals a printf-style call fills from a format parameter and a
  // va_list (`vsnprintf(buf, n, fmt, ap)`, `vasprintf(&q, fmt, ap)`,
  // `q = my_vsprintf(fmt, ap)`), with the format's position.
  llvm::SmallDenseMap<const VarDecl *, int, 4> FilledFrom;
  for (const CallExpr *Call : Parts.Calls) {
    int Format = -1;
    bool VaList = false;
    for (const Expr *Arg : Call->arguments()) {
      VaList |= isVaList(stripImplicit(Arg)->getType(), Ctx) ||
                isVaList(Arg->getType(), Ctx);
      if (int P = parameterOf(Arg, Def);
          P >= 0 && Arg->getType()->isPointerType())
        Format = Format < 0 ? P : Format;
    }
    if (Format < 0 || !VaList)
      continue;
    for (const Expr *Arg : Call->arguments())
      if (const VarDecl *Out = localOf(Arg))
        if (!isVaList(Out->getType(), Ctx))
          FilledFrom.try_emplace(Out, Format);
    for (const auto &[Var, Value] : Parts.Stores)
      if (Var->isLocalVarDecl() && stripImplicit(Value) == Call)
        FilledFrom.try_emplace(Var, Format);
  }

  std::optional<SqlWrapper> Found;
  std::optional<SqlWrapper> Fixed;
  unsigned FixedCalls = 0, Runs = 0;
  for (const CallExpr *Call : Parts.Calls) {
    // (Only what is known now: a function being summarized is none, and
    // driver tables are read as far as they are built.)
    std::optional<SqlCall> C = sqlCallOf(Call, [&](const CallExpr *Inner) {
      if (const FunctionDecl *FD = Inner->getDirectCallee())
        return forwarded(known(FD), Inner,
                         [&](const FunctionDecl *F) { return known(F); });
      const FieldDecl *Field = calledField(Inner);
      return Field ? fieldWrapper(Field) : nullptr;
    });
    if (!C || C->Role != SqlRole::Execute)
      continue;
    ++Runs;
    SqlWrapper W;
    W.Api = C->Api;
    const SqlWrapper *Inner = C->Through;
    if (Inner && Inner->SqlArg < 0) {
      W.FixedSql = Inner->FixedSql;
    } else if (int P = parameterOf(C->Sql, Def); P >= 0) {
      W.SqlArg = P;
      W.Format = Inner && Inner->Format;
    } else if (const VarDecl *Buffer = C->Sql ? localOf(C->Sql) : nullptr;
               Buffer && FilledFrom.count(Buffer)) {
      W.SqlArg = FilledFrom.lookup(Buffer);
      W.Format = true;
    } else if (std::optional<std::string> Text =
                   C->Sql ? sqlTextOf(C->Sql, Ctx) : std::nullopt) {
      if (Inner && Inner->Format)
        Text = sqlOfFormat(*Text);
      if (Text && onlyTransactionStatements(*Text, C->Api))
        W.FixedSql = *Text;
    }
    if (W.SqlArg < 0 && W.FixedSql.empty())
      continue;
    if (Inner && Inner->ConnArg < 0) {
      W.Conn = Inner->Conn;
    } else {
      describeConnection(C->Connection, Def, Parts, W);
    }
    W.Innermost = Inner ? Inner->Innermost : "";
    if (!Inner) {
      const SourceManager &SM = Ctx.getSourceManager();
      const PresumedLoc PLoc =
          SM.getPresumedLoc(SM.getExpansionLoc(Call->getBeginLoc()));
      W.Innermost = Call->getDirectCallee()->getNameAsString();
      if (PLoc.isValid())
        W.Innermost += " in " +
                       llvm::sys::path::filename(PLoc.getFilename()).str() +
                       ":" + std::to_string(PLoc.getLine());
    }
    // Its value goes back to the caller: returned, or stored into a local
    // (or a part of one) that is returned.
    const bool CarriesRows = !Inner || Inner->ReturnsResult;
    if (CarriesRows && !Def->getReturnType()->isVoidType())
      for (const ReturnStmt *Ret : Parts.Returns) {
        const Expr *Value = Ret->getRetValue();
        if (!Value)
          continue;
        if (containsStmt(Value, Call)) {
          W.ReturnsResult = true;
          break;
        }
        for (const auto &[Var, Stored] : Parts.Stores)
          if (Var->isLocalVarDecl() && containsStmt(Stored, Call) &&
              llvm::is_contained(variablesNamedIn(Value), Var))
            W.ReturnsResult = true;
        if (W.ReturnsResult)
          break;
      }
    if (W.SqlArg >= 0) {
      // The first call that runs the caller's SQL decides; a retry of the
      // same call runs it again the same way.
      if (!Found)
        Found = std::move(W);
    } else {
      ++FixedCalls;
      Fixed = std::move(W);
    }
  }
  if (Found)
    return Found;
  // One transaction statement and nothing else: db_begin(), db_commit().
  if (Fixed && FixedCalls == 1 && Runs == 1)
    return Fixed;
  // No SQL of its own, but a call of the function its caller passes.
  if (Runs == 0)
    for (const CallExpr *Call : Parts.Calls) {
      if (Call->getDirectCallee())
        continue;
      const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
      if (const auto *Deref = dyn_cast<UnaryOperator>(Callee);
          Deref && Deref->getOpcode() == UO_Deref)
        Callee = Deref->getSubExpr()->IgnoreParenImpCasts();
      if (int P = parameterOf(Callee, Def); P >= 0) {
        SqlWrapper W;
        W.CallsArg = P;
        return W;
      }
    }
  return std::nullopt;
}

bool SqlWrappers::any() {
  if (Any)
    return *Any;
  Any = (Index && !Index->SqlFunctions.empty()) || !Declared.empty();
  if (!*Any)
    for (const FunctionDecl *FD : UnitScans::of(Ctx).definitions())
      if (UnitScans::of(Ctx).scan(FD).Facts.ClientCalls > 0 && wrapperOf(FD)) {
        Any = true;
        break;
      }
  // A driver table of this unit (those of other units are in the index).
  if (!*Any) {
    prepare();
    Any = llvm::any_of(Fields, [](const auto &F) { return F.second; });
  }
  return *Any;
}

unsigned SqlWrappers::wrappedCallsIn(const FunctionDecl *Function) {
  if (!any())
    return 0;
  // Only a body that calls a query function (or through a field) is
  // walked again: most call none (SQLite's amalgamation has a few).
  const BodyScan &Scan = UnitScans::of(Ctx).scan(Function);
  bool CallsOne = Scan.Facts.FieldCalls > 0;
  for (const FunctionDecl *Callee : Scan.Callees)
    CallsOne = CallsOne || wrapperOf(Callee);
  for (const FunctionDecl *Callee : Scan.External)
    CallsOne = CallsOne || wrapperOf(Callee);
  if (!CallsOne)
    return 0;
  unsigned Count = 0;
  for (const CallExpr *Call : BodyParts(Function->getBody()).Calls) {
    if (sqlCallOf(Call))
      continue; // counted by the scan
    std::optional<SqlCall> C = sqlCallOf(Call, lookup());
    if (!C)
      continue;
    if (!C->Sql || sqlTextOf(C->Sql, Ctx))
      ++Count;
  }
  return Count;
}

void SqlWrappers::exportUnit(UnitSummaries &Out) {
  if (Exported)
    return;
  Exported = true;
  for (const FunctionDecl *FD : UnitScans::of(Ctx).definitions()) {
    if (FD->isDependentContext() || FD->isInvalidDecl() ||
        !FD->isExternallyVisible())
      continue;
    // (A function that only calls what its caller passes is read at the
    // calls of this unit: exported, every callback-taking function of a
    // program would be.)
    const SqlWrapper *W = wrapperOf(FD);
    if (!W || W->CallsArg >= 0)
      continue;
    std::string Usr = usrOf(FD);
    if (Usr.empty())
      continue;
    Out.SqlExports.emplace_back(std::move(Usr),
                                StoredSqlWrapper{FD->getNameAsString(), *W});
  }
  // Functions that hand a function of another unit to one that calls what
  // it is handed (`txn(db_begin)`): analyzed again when what that function
  // runs changes.
  for (const FunctionDecl *FD : UnitScans::of(Ctx).definitions()) {
    if (FD->isDependentContext() || FD->isInvalidDecl())
      continue;
    const BodyScan &Scan = UnitScans::of(Ctx).scan(FD);
    if (llvm::none_of(Scan.Callees, [&](const FunctionDecl *Callee) {
          const SqlWrapper *W = wrapperOf(Callee);
          return W && W->CallsArg >= 0;
        }))
      continue;
    Importer Who;
    for (const CallExpr *Call : BodyParts(FD->getBody()).Calls) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const SqlWrapper *W = Callee ? wrapperOf(Callee) : nullptr;
      if (!W || W->CallsArg < 0 ||
          static_cast<unsigned>(W->CallsArg) >= Call->getNumArgs())
        continue;
      const FunctionDecl *Handed =
          designatedFunction(Call->getArg(W->CallsArg));
      if (!Handed || Handed->hasBody() || !Handed->isExternallyVisible())
        continue;
      std::string Usr = usrOf(Handed);
      if (!Usr.empty() && !llvm::is_contained(Who.Calls, Usr))
        Who.Calls.push_back(std::move(Usr));
    }
    if (Who.Calls.empty())
      continue;
    // (A transaction statement matters with a read and a write: count the
    // function's other calls as the pair's other side.)
    Who.LocalCalls = Scan.Facts.ClientCalls + 1;
    Out.Importers.push_back(std::move(Who));
  }
  // Functions that call through a field of a driver table set in another
  // unit: analyzed again when what the field is changes.
  for (const FunctionDecl *FD : UnitScans::of(Ctx).definitions()) {
    if (FD->isDependentContext() || FD->isInvalidDecl() ||
        !UnitScans::of(Ctx).scan(FD).Facts.FieldCalls)
      continue;
    Importer Who;
    llvm::SmallDenseMap<const FieldDecl *, unsigned, 2> Sites;
    for (const CallExpr *Call : BodyParts(FD->getBody()).Calls)
      if (const FieldDecl *Field = calledField(Call))
        if (pointeeProto(Field))
          ++Sites[Field->getCanonicalDecl()];
    if (Sites.empty())
      continue;
    const BodyScan &Scan = UnitScans::of(Ctx).scan(FD);
    Who.LocalCalls = Scan.Facts.ClientCalls;
    for (const auto &[Field, Count] : Sites) {
      std::string Usr = usrOf(Field);
      if (Usr.empty())
        continue;
      if (Count > 1)
        Who.Calls.push_back(Usr);
      Who.Calls.push_back(std::move(Usr));
    }
    if (!Who.Calls.empty())
      Out.Importers.push_back(std::move(Who));
  }
  if (!any())
    return;
  // The driver tables, by the field's USR.
  for (const auto &[Field, Shape] : Fields) {
    if (!Shape || !Field->getParent()->isExternallyVisible())
      continue;
    std::string Usr = usrOf(Field);
    if (!Usr.empty())
      Out.SqlExports.emplace_back(
          std::move(Usr), StoredSqlWrapper{Field->getNameAsString(), *Shape});
  }
}

} // namespace clang::tidy::toctou
