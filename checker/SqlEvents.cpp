//===--- SqlEvents.cpp - The SQL one function sends, in CFG order ---------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlEvents.h"
#include "checker/SqlWrappers.h"
#include "checker/ValueUses.h"
#include "matchers/ResourceKey.h"
#include "matchers/SyncCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::toctou {

namespace {

/// A command of the streaming replication protocol (`IDENTIFY_SYSTEM`,
/// `START_REPLICATION ...`), which libpq sends on a replication
/// connection: the walsender's grammar, not SQL, so PostgreSQL's SQL parser
/// rejecting it says nothing about the code.
bool isReplicationCommand(llvm::StringRef Text) {
  llvm::StringRef Word = Text.ltrim().take_while(
      [](char C) { return llvm::isAlnum(C) || C == '_'; });
  return llvm::StringSwitch<bool>(Word.upper())
      .Cases("IDENTIFY_SYSTEM", "BASE_BACKUP", "START_REPLICATION",
             "CREATE_REPLICATION_SLOT", "DROP_REPLICATION_SLOT",
             "ALTER_REPLICATION_SLOT", "READ_REPLICATION_SLOT", true)
      .Cases("TIMELINE_HISTORY", "UPLOAD_MANIFEST", true)
      .Default(false);
}


/// The key of a connection (or statement handle) expression: the pointer
/// variable itself for C handles, the object for libpqxx.
std::optional<std::string> handleKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  // A global or a member of this object: by name, as query functions of
  // the program name it (SqlWrappers.h).
  if (std::optional<std::string> Shared = sharedConnectionKey(E))
    return Shared;
  E = stripImplicit(E);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      return storageSignature(AddrOf->getSubExpr(), nullptr);
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    if (Deref->getOpcode() == UO_Deref)
      return storageSignature(Deref->getSubExpr(), nullptr);
  return storageSignature(E, nullptr);
}

std::optional<std::string> preparedName(const Expr *Name,
                                        const ASTContext &Ctx) {
  std::optional<std::string> Text = sqlTextOf(Name, Ctx);
  if (!Text)
    return std::nullopt;
  return "name:" + *Text;
}

const VarDecl *varOf(const Expr *E) {
  if (!E)
    return nullptr;
  E = stripImplicit(E);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      E = stripImplicit(AddrOf->getSubExpr());
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

class NamesVars : public RecursiveASTVisitor<NamesVars> {
public:
  explicit NamesVars(const llvm::DenseSet<const VarDecl *> &Vars)
      : Vars(Vars) {}
  bool Found = false;
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const VarDecl *V = variableOf(Ref->getDecl()))
      Found |= Vars.contains(V);
    return !Found;
  }

private:
  const llvm::DenseSet<const VarDecl *> &Vars;
};

/// Where taint spreads in a body, as edges from a variable to the one a
/// construct fills from it: locals initialized or assigned from a value,
/// arrays whose elements are, buffers a call fills from its arguments.
class TaintEdges : public RecursiveASTVisitor<TaintEdges> {
public:
  explicit TaintEdges(TaintGraph &Into) : Into(Into) {}

  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit())
      flow(V->getInit(), V);
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    if (VarDecl *Loop = For->getLoopVariable())
      if (For->getRangeInit())
        flow(For->getRangeInit(), Loop);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (!B->isAssignmentOp())
      return true;
    flow(B->getRHS(), rootOf(B->getLHS()));
    // `out[0].buffer = &stock` with `out` filled from the result (MySQL's
    // bound results): what the buffer points to is filled too.
    if (const auto *AddrOf =
            dyn_cast<UnaryOperator>(stripImplicit(B->getRHS()));
        AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      flow(B->getLHS(), rootOf(AddrOf->getSubExpr()));
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // An assignment to an object of class type (`status = row[0].as<...>()`
    // on a std::string) is a call of its operator=.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->isAssignmentOp() && Op->getNumArgs() == 2) {
      flow(Op->getArg(1), rootOf(Op->getArg(0)));
      return true;
    }
    // Output buffers of the call (arrays and &x) are filled from any of its
    // arguments.
    // (Not where the callee takes a pointer to const: `strcmp(name,
    // row[2])` reads a `char *name`, it does not fill it.)
    llvm::SmallVector<const VarDecl *, 2> Outs;
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      const Expr *Arg = Call->getArg(I);
      if (Callee && I < Callee->getNumParams()) {
        QualType P = Callee->getParamDecl(I)->getType();
        if (P->isPointerType() && P->getPointeeType().isConstQualified())
          continue;
      }
      const Expr *A = stripImplicit(Arg);
      if (const auto *AddrOf = dyn_cast<UnaryOperator>(A);
          AddrOf && AddrOf->getOpcode() == UO_AddrOf)
        Outs.push_back(rootOf(AddrOf->getSubExpr()));
      else if (A->getType()->isArrayType() ||
               (A->getType()->isPointerType() &&
                !A->getType()->getPointeeType().isConstQualified() &&
                isa<DeclRefExpr>(A)))
        Outs.push_back(rootOf(A));
    }
    for (const VarDecl *Out : Outs)
      for (const Expr *Arg : Call->arguments())
        flow(Arg, Out);
    return true;
  }

private:
  /// Only locals and parameters take taint.
  void flow(const Expr *From, const VarDecl *To) {
    if (!From || !To || !To->isLocalVarDeclOrParm())
      return;
    for (const VarDecl *V : variablesNamedIn(From))
      if (V != To)
        Into[V].push_back({To, From});
  }
  static const VarDecl *rootOf(const Expr *E) {
    E = stripImplicit(E);
    while (true) {
      if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
        E = stripImplicit(Sub->getBase());
      else if (const auto *M = dyn_cast<MemberExpr>(E); M && !M->isArrow())
        E = stripImplicit(M->getBase());
      else
        break;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }
  TaintGraph &Into;
};

} // namespace

bool mentionsAny(const Stmt *S, const llvm::DenseSet<const VarDecl *> &Vars) {
  if (!S || Vars.empty())
    return false;
  NamesVars V(Vars);
  V.TraverseStmt(const_cast<Stmt *>(S));
  return V.Found;
}

std::string transactionKey(llvm::StringRef Conn) {
  return ("txn:" + Conn).str();
}

const sql::Statement *SqlEvent::main() const {
  for (const sql::Statement &S : Sql.Statements)
    if (S.StatementKind == sql::Kind::Select ||
        S.StatementKind == sql::Kind::Insert ||
        S.StatementKind == sql::Kind::Update ||
        S.StatementKind == sql::Kind::Delete)
      return &S;
  return nullptr;
}

SqlFunction::SqlFunction(const FunctionFlow &Flow, const Stmt *Body,
                         ASTContext &Ctx)
    : Body(Body) {
  const ParentMap &PM = Flow.parents();
  SqlWrappers &Wrappers = SqlWrappers::of(Ctx);
  // Prepared statements, by name (libpq, libpqxx) or by handle (SQLite,
  // MySQL), and the connection each libpqxx transaction object runs on.
  struct PreparedSql {
    std::string Text;
    const StringLiteral *Literal = nullptr;
    /// The connection it was prepared on (SQLite: the statement handle
    /// runs on it).
    std::optional<std::string> Conn;
    const Expr *ConnExpr = nullptr;
    /// Formatted into a buffer (sqlTextOf).
    bool Formatted = false;
  };
  llvm::StringMap<PreparedSql> Prepared;
  llvm::StringMap<std::string> TxConn;
  llvm::StringMap<std::string> StmtConn; // MYSQL_STMT * from mysql_stmt_init
  Flow.forEachStatement([&](const Stmt *S, FlowPoint) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (!Var)
          continue;
        bool IsTx = false, Auto = false;
        pqxxIsolation(Var->getType()->getAsCXXRecordDecl(), IsTx, Auto);
        const auto *Construct =
            dyn_cast_or_null<CXXConstructExpr>(stripImplicit(Var->getInit()));
        if (IsTx && Construct && Construct->getNumArgs() > 0)
          if (std::optional<std::string> Conn = handleKey(Construct->getArg(0)))
            TxConn[ResourceKey::forVariable(Var).signature()] = *Conn;
        // MYSQL_STMT *st = mysql_stmt_init(conn);
        if (const auto *Init =
                dyn_cast_or_null<CallExpr>(stripImplicit(Var->getInit())))
          if (const FunctionDecl *FD = Init->getDirectCallee())
            if (FD->getIdentifier() && FD->getName() == "mysql_stmt_init" &&
                Init->getNumArgs() == 1)
              if (std::optional<std::string> Conn = handleKey(Init->getArg(0)))
                StmtConn[ResourceKey::forVariable(Var).signature()] = *Conn;
      }
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    std::optional<SqlCall> C = Call ? sqlCallOf(Call) : std::nullopt;
    if (!C || C->Role != SqlRole::Prepare)
      return;
    const StringLiteral *Lit = nullptr;
    bool Formatted = false;
    std::optional<std::string> Text = sqlTextOf(C->Sql, Ctx, &Lit, &Formatted);
    if (!Text)
      return;
    std::optional<std::string> Key;
    if (C->Api == SqlApi::LibPQ || C->Api == SqlApi::LibPQXX)
      Key = preparedName(C->Name, Ctx);
    else
      Key = handleKey(C->Name);
    if (Key)
      Prepared[*Key] = {*Text, Lit,
                        C->Api == SqlApi::SQLite ? handleKey(C->Connection)
                                                 : std::nullopt,
                        C->Connection, Formatted};
  });

  struct ResultCall {
    FlowPoint Point;
    std::string Conn;
    const VarDecl *Var;
  };
  std::vector<ResultCall> Results;

  auto ConnOf = [&](const SqlCall &C) -> std::optional<std::string> {
    // Through a query function of the program: its own connection, or the
    // caller's argument.
    if (C.Through && C.Through->ConnArg < 0)
      return C.Through->Conn;
    std::optional<std::string> Key = handleKey(C.Connection);
    if (!Key)
      return std::nullopt;
    if (C.Api == SqlApi::LibPQXX) {
      auto It = TxConn.find(*Key);
      return It == TxConn.end() ? *Key : It->second;
    }
    if (C.Api == SqlApi::MySQL && C.Role == SqlRole::ExecPrepared) {
      auto It = StmtConn.find(*Key);
      return It == StmtConn.end() ? *Key : It->second;
    }
    if (C.Api == SqlApi::SQLite && C.Role == SqlRole::ExecPrepared) {
      auto It = Prepared.find(*Key);
      if (It != Prepared.end() && It->second.Conn)
        return *It->second.Conn;
    }
    return Key;
  };

  const CFG &Graph = Flow.cfg();
  // libpqxx transaction objects that are not made here (parameters,
  // members): open for the whole function.
  llvm::StringSet<> OpenAtEntry;
  for (const CFGBlock *Block : Graph) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      const FlowPoint P{Block, Index++};
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              Element.getAs<CFGAutomaticObjDtor>()) {
        const VarDecl *Var = Dtor->getVarDecl();
        bool IsTx = false, Auto = false;
        pqxxIsolation(Var->getType()->getAsCXXRecordDecl(), IsTx, Auto);
        auto It = TxConn.find(ResourceKey::forVariable(Var).signature());
        // (Where the scope ends: the closing brace of its block.)
        const Stmt *Trigger = Dtor->getTriggerStmt();
        if (IsTx && !Auto && It != TxConn.end())
          Steps.push_back({P, LockStep::Release, transactionKey(It->second),
                           nullptr, nullptr,
                           Trigger ? Trigger->getEndLoc() : Var->getEndLoc(),
                           0});
        continue;
      }
      std::optional<CFGStmt> CS = Element.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls()) {
          const auto *Var = dyn_cast<VarDecl>(D);
          if (!Var)
            continue;
          bool IsTx = false, Auto = false;
          sql::Isolation Level =
              pqxxIsolation(Var->getType()->getAsCXXRecordDecl(), IsTx, Auto);
          auto It = TxConn.find(ResourceKey::forVariable(Var).signature());
          if (IsTx && !Auto && It != TxConn.end())
            Steps.push_back({P, LockStep::Acquire, transactionKey(It->second),
                             nullptr, DS, Var->getLocation(),
                             static_cast<unsigned>(Level)});
        }
        continue;
      }
      const auto *Call = dyn_cast<CallExpr>(S);
      std::optional<SqlCall> C =
          Call ? sqlCallOf(Call, Wrappers.lookup()) : std::nullopt;
      if (!C)
        continue;
      std::optional<std::string> Conn = ConnOf(*C);
      if (!Conn)
        continue;
      const std::string Txn = transactionKey(*Conn);
      auto Step = [&](LockStep::Kind K, sql::Isolation Level) {
        Steps.push_back({P, K, Txn, C->Connection, Call, Call->getBeginLoc(),
                         static_cast<unsigned>(Level)});
      };
      bool Autocommit = false;
      if (C->Api == SqlApi::LibPQXX) {
        const Expr *Object = stripImplicit(C->Connection);
        QualType T = Object->getType().getNonReferenceType();
        if (T->isPointerType())
          T = T->getPointeeType();
        bool IsTx = false;
        sql::Isolation Level =
            pqxxIsolation(T->getAsCXXRecordDecl(), IsTx, Autocommit);
        std::optional<std::string> TxKey = handleKey(Object);
        if (IsTx && !Autocommit && TxKey && !TxConn.count(*TxKey) &&
            OpenAtEntry.insert(*TxKey).second)
          Steps.push_back({FlowPoint{&Graph.getEntry(), 0}, LockStep::Acquire,
                           Txn, C->Connection, nullptr, SourceLocation(),
                           static_cast<unsigned>(Level)});
      }
      switch (C->Role) {
      case SqlRole::Commit:
      case SqlRole::Rollback:
        Step(LockStep::Release, sql::Isolation::Default);
        continue;
      case SqlRole::Autocommit: {
        Expr::EvalResult Mode;
        if (C->Mode && !C->Mode->isValueDependent() &&
            C->Mode->EvaluateAsInt(Mode, Ctx))
          Step(Mode.Val.getInt() == 0 ? LockStep::Acquire : LockStep::Release,
               sql::Isolation::Default);
        continue;
      }
      case SqlRole::Prepare:
        continue;
      default:
        break;
      }
      SqlEvent E;
      E.Call = *C;
      E.Point = P;
      E.Conn = *Conn;
      E.ConnExpr = C->Connection;
      E.Autocommit = Autocommit;
      std::optional<std::string> Text;
      bool Formatted = false;
      if (C->Through && C->Through->SqlArg < 0) {
        Text = C->Through->FixedSql;
      } else if (C->Through && C->Through->Format) {
        // The caller's format, as the query function fills it.
        Text = sqlTextOf(C->Sql, Ctx, &E.FormatLiteral);
        if (Text)
          Text = sqlOfFormat(*Text, &E.FormatEnds, &E.FormatParams);
        if (!Text)
          E.FormatLiteral = nullptr;
        Formatted = true;
      } else if (C->Role == SqlRole::Execute) {
        Text = sqlTextOf(C->Sql, Ctx, &E.Literal, &Formatted);
      } else if (C->Role == SqlRole::ExecPrepared) {
        std::optional<std::string> Key;
        if (C->Api == SqlApi::LibPQ || C->Api == SqlApi::LibPQXX)
          Key = preparedName(C->Name, Ctx);
        else
          Key = handleKey(C->Name);
        if (Key) {
          auto It = Prepared.find(*Key);
          if (It != Prepared.end()) {
            Text = It->second.Text;
            E.Literal = It->second.Literal;
            Formatted = It->second.Formatted;
            if (C->Api == SqlApi::SQLite)
              E.ConnExpr = It->second.ConnExpr;
          }
        }
      } else if (C->Role == SqlRole::Result) {
        // mysql_store_result(conn): the rows of the last query on conn,
        // matched once every event is known.
        if (const VarDecl *Res = savedInto(Call, PM))
          Results.push_back({P, *Conn, Res});
        continue;
      }
      if (!Text)
        continue;
      E.Sql = sql::classify(*Text, dialectOf(C->Api));
      if (!E.Sql.ok()) {
        if (dialectOf(C->Api) == sql::Dialect::PostgreSQL && !Formatted &&
            !isReplicationCommand(*Text))
          Unparsed.push_back(std::move(E));
        continue;
      }
      // The result: the variable the call's value goes to; for SQLite the
      // statement handle that is stepped.
      // (A query function's value carries the rows only when it returns
      // what the client call gave.)
      if ((C->Api == SqlApi::SQLite || C->Api == SqlApi::MySQL) &&
          C->Role == SqlRole::ExecPrepared)
        E.Result = varOf(C->Name);
      else if (!C->Through || C->Through->ReturnsResult)
        E.Result = savedInto(Call, PM);
      // A result used where it is returned (`status =
      // t.exec1(...)[0].as<std::string>()`): the local computed from it.
      if (!E.Result && C->Role == SqlRole::Execute &&
          (!C->Through || C->Through->ReturnsResult))
        E.Result = carrierOf(Call, PM);
      for (const sql::Statement &St : E.Sql.Statements) {
        if (St.StatementKind == sql::Kind::Begin)
          Step(LockStep::Acquire, St.Level);
        else if (St.StatementKind == sql::Kind::Commit ||
                 St.StatementKind == sql::Kind::Rollback)
          Step(LockStep::Release, sql::Isolation::Default);
      }
      Events.push_back(std::move(E));
    }
  }
  // Each MYSQL_RES * holds the rows of the nearest query before it.
  for (const ResultCall &RC : Results) {
    llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
    for (unsigned I = 0; I < Events.size(); ++I)
      if (Events[I].Conn == RC.Conn)
        Marks.push_back({Events[I].Point, static_cast<int>(I)});
    const NearestMarks Nearest(Marks, 1);
    for (unsigned I : Nearest.find(RC.Point, [](unsigned) { return true; }))
      if (!Events[I].Result)
        Events[I].Result = RC.Var;
  }
  Txns = std::make_unique<LockFlow>(Flow, Steps);
}

bool SqlFunction::inTransaction(llvm::StringRef Conn, FlowPoint P) const {
  std::optional<unsigned> Id = Txns->idOfKey(transactionKey(Conn));
  return Id && llvm::is_contained(Txns->heldAt(P), *Id);
}

sql::Isolation SqlFunction::isolationAt(llvm::StringRef Conn,
                                        FlowPoint P) const {
  const std::string Key = transactionKey(Conn);
  std::optional<unsigned> Id = Txns->idOfKey(Key);
  if (!Id)
    return sql::Isolation::Default;
  llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
  llvm::ArrayRef<LockEvent> All = Txns->events();
  for (unsigned I = 0; I < All.size(); ++I)
    if (All[I].Mutex == *Id && All[I].Change == LockStep::Acquire)
      Marks.push_back({All[I].Point, static_cast<int>(I)});
  // SET TRANSACTION statements on the connection count too.
  std::vector<std::pair<FlowPoint, sql::Isolation>> Sets;
  for (const SqlEvent &E : Events)
    if (E.Conn == Conn)
      for (const sql::Statement &S : E.Sql.Statements)
        if (S.StatementKind == sql::Kind::SetTransaction) {
          Marks.push_back(
              {E.Point, static_cast<int>(All.size() + Sets.size())});
          Sets.push_back({E.Point, S.Level});
        }
  const NearestMarks Nearest(Marks, 1);
  sql::Isolation Weakest = sql::Isolation::Serializable;
  bool Any = false;
  for (unsigned I : Nearest.find(P, [](unsigned) { return true; })) {
    sql::Isolation L = I < All.size() ? static_cast<sql::Isolation>(All[I].Tag)
                                      : Sets[I - All.size()].second;
    Weakest = std::min(Weakest, L);
    Any = true;
  }
  return Any ? Weakest : sql::Isolation::Default;
}

const TaintGraph &SqlFunction::taintGraph() const {
  if (!FlowsInto) {
    FlowsInto.emplace();
    if (Body) {
      TaintEdges Edges(*FlowsInto);
      Edges.TraverseStmt(const_cast<Stmt *>(Body));
    }
  }
  return *FlowsInto;
}

llvm::DenseSet<const VarDecl *> SqlFunction::taintWhere(
    const VarDecl *Result,
    llvm::function_ref<bool(const Expr *)> Keep) const {
  const TaintGraph &Graph = taintGraph();
  llvm::DenseSet<const VarDecl *> Set{Result};
  llvm::SmallVector<const VarDecl *, 8> ToVisit{Result};
  while (!ToVisit.empty()) {
    auto Edges = Graph.find(ToVisit.pop_back_val());
    if (Edges == Graph.end())
      continue;
    for (auto [To, At] : Edges->second)
      if ((!Keep || Keep(At)) && Set.insert(To).second)
        ToVisit.push_back(To);
  }
  return Set;
}

const llvm::DenseSet<const VarDecl *> &
SqlFunction::taintOf(const VarDecl *Result) const {
  auto [It, New] = Taint.try_emplace(Result);
  if (!New || !Result)
    return It->second;
  llvm::DenseSet<const VarDecl *> Set = taintWhere(Result, nullptr);
  // The map may have grown: look the entry up again.
  llvm::DenseSet<const VarDecl *> &Slot = Taint[Result];
  Slot = std::move(Set);
  return Slot;
}

} // namespace clang::tidy::toctou
