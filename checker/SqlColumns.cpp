//===--- SqlColumns.cpp - Which columns of a result a value comes from ----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlColumns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::toctou {

namespace {

const VarDecl *varNamed(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Where a client call reads a column: the argument with the result and
/// the one with the column's position; or, for calls that only count or
/// report, no column at all.
struct Accessor {
  int Handle = -1;
  int Column = -1; // -1: reads no column
};

std::optional<Accessor> accessorOf(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<Accessor>>(Name)
      .Cases("PQgetvalue", "PQgetisnull", "PQgetlength", Accessor{0, 2})
      .Cases("sqlite3_column_int", "sqlite3_column_int64",
             "sqlite3_column_text", "sqlite3_column_double", Accessor{0, 1})
      .Cases("sqlite3_column_blob", "sqlite3_column_bytes",
             "sqlite3_column_value", "sqlite3_column_type", Accessor{0, 1})
      .Cases("PQntuples", "PQresultStatus", "PQcmdTuples", "PQnfields",
             Accessor{0, -1})
      .Cases("sqlite3_step", "sqlite3_reset", "sqlite3_finalize",
             "sqlite3_changes", Accessor{0, -1})
      .Cases("mysql_num_rows", "mysql_fetch_row", "mysql_free_result",
             "mysql_stmt_fetch", Accessor{0, -1})
      .Cases("PQclear", "sqlite3_data_count", Accessor{0, -1})
      .Default(std::nullopt);
}

bool isNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return RD && RD->getIdentifier() && RD->getName() == Name;
}

/// A libpqxx class that holds rows or fields (`result`, `row`, `field`).
bool isPqxxRows(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext());
  if (!NS || !NS->getIdentifier() || NS->getName() != "pqxx")
    return false;
  return llvm::StringSwitch<bool>(RD->getName())
      .Cases("result", "row", "field", "row_ref", true)
      .Default(false);
}

} // namespace

LocalSources localSourcesOf(const FunctionFlow &Flow) {
  LocalSources Sources;
  auto Local = [](const Expr *E) -> const VarDecl * {
    const VarDecl *V = varNamed(E);
    return V && V->isLocalVarDeclOrParm() ? V : nullptr;
  };
  Flow.forEachStatement([&](const Stmt *S, FlowPoint) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (V->getInit())
            Sources[V].push_back(V->getInit());
      return;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      // The address stored away (`bind[0].buffer = &v`, a bound result
      // buffer): filled through it later, not told here.
      if (B->isAssignmentOp())
        if (const auto *U = dyn_cast<UnaryOperator>(
                B->getRHS()->IgnoreParenImpCasts());
            U && U->getOpcode() == UO_AddrOf)
          if (const VarDecl *V = Local(U->getSubExpr()))
            Sources[V].push_back(nullptr);
      if (!B->isAssignmentOp())
        return;
      if (const VarDecl *V = Local(B->getLHS()))
        Sources[V].push_back(B->getOpcode() == BO_Assign ? B->getRHS()
                                                         : nullptr);
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Op->isAssignmentOp() && Op->getNumArgs() == 2)
        if (const VarDecl *V = Local(Op->getArg(0)))
          Sources[V].push_back(Op->getOperator() == OO_Equal ? Op->getArg(1)
                                                             : nullptr);
      return;
    }
    // Filled through a pointer (`&v`, an array) the callee may write
    // through: not told here.
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        const FunctionDecl *FD = Call->getDirectCallee();
        if (FD && I < FD->getNumParams()) {
          QualType P = FD->getParamDecl(I)->getType();
          if (P->isPointerType() && P->getPointeeType().isConstQualified())
            continue;
        }
        const Expr *A = Call->getArg(I)->IgnoreParenImpCasts();
        if (const auto *U = dyn_cast<UnaryOperator>(A);
            U && U->getOpcode() == UO_AddrOf)
          A = U->getSubExpr()->IgnoreParenImpCasts();
        else if (!A->getType()->isArrayType())
          continue;
        if (const VarDecl *V = Local(A))
          Sources[V].push_back(nullptr);
      }
  });
  return Sources;
}

bool ResultColumns::holdsRows(const VarDecl *V) {
  QualType T = V->getType().getNonReferenceType();
  if (isPqxxRows(T))
    return true;
  // MYSQL_ROW is char **.
  if (T->isPointerType() && T->getPointeeType()->isPointerType())
    return true;
  if (!T->isPointerType())
    return false;
  const QualType Pointee = T->getPointeeType().getUnqualifiedType();
  const std::string Name = Pointee.getAsString();
  return llvm::StringSwitch<bool>(Name)
      .Cases("PGresult", "struct pg_result", "sqlite3_stmt",
             "struct sqlite3_stmt", true)
      .Cases("MYSQL_RES", "struct MYSQL_RES", true)
      .Default(false);
}

std::optional<std::string> ResultColumns::column(const Expr *Index) const {
  if (!Index)
    return std::nullopt;
  Index = Index->IgnoreParenImpCasts();
  if (const auto *Text = dyn_cast<StringLiteral>(Index)) {
    const llvm::StringRef Name = Text->getString();
    for (const std::string &C : Read.SelectColumns)
      if (llvm::StringRef(C).equals_insensitive(Name))
        return C;
    return std::nullopt;
  }
  if (const auto *Literal = dyn_cast<IntegerLiteral>(Index)) {
    const uint64_t N = Literal->getValue().getZExtValue();
    if (N < Read.SelectColumns.size() && Read.SelectColumns[N] != "*")
      return Read.SelectColumns[N];
  }
  return std::nullopt;
}

bool ResultColumns::columnsOf(const Expr *E, llvm::StringSet<> &Out) const {
  llvm::DenseSet<const VarDecl *> Seen;
  return columnsOf(E, Out, 0, Seen);
}

bool ResultColumns::columnsOf(const Expr *E, llvm::StringSet<> &Out,
                              unsigned Depth,
                              llvm::DenseSet<const VarDecl *> &Seen) const {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  // libpqxx 7's typed reads give the columns themselves: query_value the
  // first, query/query1/query01 all of them as a tuple.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const auto *NS = Method ? dyn_cast<NamespaceDecl>(
                                  Method->getParent()->getDeclContext())
                            : nullptr;
    if (NS && NS->getIdentifier() && NS->getName() == "pqxx" &&
        Method->getIdentifier()) {
      const llvm::StringRef Name = Method->getName();
      if (Name == "query_value") {
        if (Read.SelectColumns.empty() || Read.SelectColumns[0] == "*")
          return false;
        Out.insert(Read.SelectColumns[0]);
        return true;
      }
      if (Name == "query" || Name == "query1" || Name == "query01" ||
          Name == "query_n" || Name == "stream") {
        for (const std::string &C : Read.SelectColumns) {
          if (C == "*")
            return false;
          Out.insert(C);
        }
        return true;
      }
    }
  }
  // A client call on the result.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && !isa<CXXOperatorCallExpr>(Call)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->getIdentifier())
      if (std::optional<Accessor> A = accessorOf(FD->getName());
          A && A->Handle < static_cast<int>(Call->getNumArgs())) {
        const VarDecl *Handle = varNamed(Call->getArg(A->Handle));
        if (Handle && Taint.contains(Handle)) {
          if (A->Column < 0)
            return true;
          if (A->Column >= static_cast<int>(Call->getNumArgs()))
            return false;
          std::optional<std::string> C = column(Call->getArg(A->Column));
          if (!C)
            return false;
          Out.insert(*C);
          return true;
        }
        // The same calls on another result (a lock's) tell nothing of
        // this one's columns.
        if (Handle)
          return true;
      }
  }
  // `row[2]`, `row["status"]` on a libpqxx row, `row[2]` of a MYSQL_ROW.
  const Expr *Base = nullptr, *Index = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
    Base = Op->getArg(0);
    Index = Op->getArg(1);
    const CXXRecordDecl *RD =
        Base->getType().getNonReferenceType()->getAsCXXRecordDecl();
    // A row of a pqxx::result is no column yet.
    if (isNamed(RD, "result"))
      return columnsOf(Base, Out, Depth, Seen);
  } else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
    Base = Sub->getBase();
    Index = Sub->getIdx();
  }
  if (Base) {
    const VarDecl *Row = varNamed(Base);
    const bool FromResult = (Row && Taint.contains(Row)) ||
                            (!Row && isPqxxRows(Base->getType()));
    if (FromResult) {
      std::optional<std::string> C = column(Index);
      if (!C) {
        // `row[i]` with a computed i: not told.
        return false;
      }
      Out.insert(*C);
      return true;
    }
  }
  // One part of a tuple read (`auto [id, score] = t.query1<int,
  // int>(...)`): the column at its place.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
      if (const auto *Whole =
              dyn_cast_or_null<DecompositionDecl>(Binding->getDecomposedDecl());
          Whole && Taint.contains(Whole) && Whole->getInit()) {
        const auto *Call = dyn_cast<CXXMemberCallExpr>(
            Whole->getInit()->IgnoreParenImpCasts());
        const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
        const llvm::StringRef Name = Method && Method->getIdentifier()
                                         ? Method->getName()
                                         : llvm::StringRef();
        const auto Bindings = Whole->bindings();
        const auto Place = llvm::find(Bindings, Binding);
        if ((Name == "query1" || Name == "query01") &&
            Place != Bindings.end()) {
          const size_t Index = Place - Bindings.begin();
          if (Index < Read.SelectColumns.size() &&
              Read.SelectColumns[Index] != "*") {
            Out.insert(Read.SelectColumns[Index]);
            return true;
          }
          return false;
        }
        return columnsOf(Whole->getInit(), Out, Depth + 1, Seen);
      }
  // A local computed from the result: where its value came from.
  if (const VarDecl *V = varNamed(E)) {
    if (!Taint.contains(V))
      return true;
    // The whole result or row handed on: any of its columns.
    if (holdsRows(V))
      return false;
    if (!Seen.insert(V).second)
      return true;
    auto It = Sources.find(V);
    if (It == Sources.end() || Depth > 4)
      return false;
    for (const Expr *Source : It->second)
      if (!columnsOf(Source, Out, Depth + 1, Seen))
        return false;
    return true;
  }
  // Anything else: its parts.
  bool Known = true;
  for (const Stmt *Child : E->children())
    if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
      Known &= columnsOf(ChildExpr, Out, Depth, Seen);
  return Known;
}

} // namespace clang::tidy::toctou
