//===--- SqlReadThenWriteCheck.cpp - toctou-sql-read-then-write -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SqlReadThenWriteCheck.h"
#include "checker/SqlColumns.h"
#include "checker/SqlDescribe.h"
#include "checker/SqlWrappers.h"
#include "checker/ValueUses.h"
#include "fixits/ChangedRows.h"
#include "fixits/Rewrites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include <functional>
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang::tidy::toctou {

namespace {

bool isRead(const SqlEvent &E) {
  const sql::Statement *S = E.main();
  return S && S->StatementKind == sql::Kind::Select && !S->TablesRead.empty();
}

/// A write: INSERT, UPDATE, DELETE, or a SELECT that takes an advisory lock.
bool isWrite(const SqlEvent &E, bool &IsLock) {
  IsLock = false;
  const sql::Statement *S = E.main();
  if (!S)
    return false;
  if (S->StatementKind == sql::Kind::Insert ||
      S->StatementKind == sql::Kind::Update ||
      S->StatementKind == sql::Kind::Delete)
    return !S->TablesWritten.empty();
  for (const sql::AdvisoryLock &L : S->AdvisoryLocks)
    if (!L.Unlock)
      IsLock = true;
  return IsLock;
}

/// Does \p Columns name \p Column (SQL names: case aside)?
bool namesColumn(const std::vector<std::string> &Columns,
                 llvm::StringRef Column) {
  return llvm::any_of(Columns, [&](const std::string &C) {
    return llvm::StringRef(C).equals_insensitive(Column);
  });
}

/// Does \p Write repeat the check \p Read made, so that the database
/// decides again when it writes?
///
/// \p Used: the columns of the read's result that the write's values and
/// the condition deciding it come from, when known. Repeating the read's
/// WHERE re-checks only what the WHERE filtered on: a write that uses the
/// value of another column the read returned (`SELECT v ... WHERE k = 'x'`,
/// then `UPDATE ... SET v = <v + 1> WHERE k = 'x'`) must compare that
/// column too, or lock the row.
bool rechecks(const sql::Statement &Read, const sql::Statement &Write,
              bool Decided, const std::optional<llvm::StringSet<>> &Used) {
  auto Compared = [&](llvm::StringRef Column) {
    return namesColumn(Write.WhereColumns, Column);
  };
  const bool ValuesCompared =
      !Used || llvm::all_of(Used->keys(), Compared);
  for (const std::string &C : Read.WhereConjuncts)
    if (!isKeyLookup(C) && ValuesCompared)
      for (const std::string &W : Write.WhereConjuncts)
        if (sameSql(C, W))
          return true;
  // Compare-and-set: a column set and compared (`SET v = $1 ... AND v = $2`).
  for (const std::string &Col : Write.SetColumns)
    if (llvm::is_contained(Write.WhereColumns, Col))
      return true;
  // Relative updates: checked in the WHERE, or not decided by the read.
  for (const std::string &Col : Write.RelativeColumns)
    if (llvm::is_contained(Write.WhereColumns, Col))
      return true;
  if (!Write.RelativeColumns.empty() &&
      Write.RelativeColumns.size() == Write.SetColumns.size() && !Decided)
    return true;
  return false;
}

/// Does \p Write touch only rows of the worker's own share that \p Read
/// read (`SELECT ... WHERE mod(id, $1) = $2`, then `UPDATE ... WHERE id =
/// $1`)? Each worker running this code reads a share no other reads, so
/// none of them can change the row in between.
bool writesOwnShare(const sql::Statement &Read, const sql::Statement &Write) {
  return llvm::any_of(Read.PartitionColumns, [&](const std::string &P) {
    return namesColumn(Write.WhereColumns, P);
  });
}

using ComparedPair = std::pair<const Expr *, const Expr *>;

/// `strcmp(a, b)` (also strcasecmp): a and b. (Not strncmp: a prefix
/// equal to the wanted one would skip a write that a longer value another
/// client stored needs, so the outcome is no longer a serial order's.)
std::optional<ComparedPair> comparedStrings(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || Call->getNumArgs() != 2)
    return std::nullopt;
  llvm::StringRef Name = FD->getName();
  if (Name != "strcmp" && Name != "strcasecmp")
    return std::nullopt;
  return ComparedPair{Call->getArg(0), Call->getArg(1)};
}

bool isZero(const Expr *E) {
  const auto *Lit = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts());
  return Lit && Lit->getValue() == 0;
}

/// The pairs of values \p Cond tests for a difference: `a != b`,
/// `strcmp(a, b)` as a truth value or `!= 0`, and each side of `||`.
/// False when \p Cond is anything else.
bool differences(const Expr *Cond, llvm::SmallVectorImpl<ComparedPair> &Out) {
  Cond = Cond->IgnoreParenImpCasts();
  if (std::optional<ComparedPair> P = comparedStrings(Cond)) {
    Out.push_back(*P);
    return true;
  }
  const auto *B = dyn_cast<BinaryOperator>(Cond);
  if (!B)
    return false;
  if (B->getOpcode() == BO_LOr)
    return differences(B->getLHS(), Out) && differences(B->getRHS(), Out);
  if (B->getOpcode() != BO_NE)
    return false;
  const Expr *L = B->getLHS(), *R = B->getRHS();
  std::optional<ComparedPair> P = isZero(R)   ? comparedStrings(L)
                                  : isZero(L) ? comparedStrings(R)
                                              : std::nullopt;
  Out.push_back(P ? *P : ComparedPair{L, R});
  return true;
}

/// The whole condition \p Part belongs to: up through `&&`, `||` and
/// parentheses.
const Expr *wholeCondition(const Expr *Part, const ParentMap &Parents) {
  const Stmt *E = Part;
  while (const Stmt *P = Parents.getParent(E)) {
    const auto *B = dyn_cast<BinaryOperator>(P);
    if (!isa<ParenExpr>(P) && !isa<ImplicitCastExpr>(P) &&
        !(B && B->isLogicalOp()))
      break;
    E = P;
  }
  return cast<Expr>(E);
}

/// Does \p E only test that the read found something: a number of rows
/// (`PQntuples`, `mysql_num_rows`, `sqlite3_step`, a libpqxx result's
/// `size()`/`empty()`) compared with constants, a pointer compared with
/// null or used as a truth value (`NULL != (row = DBfetch(res))`, `!row`),
/// or a local only ever set to such a test?
bool testsPresence(const Expr *E, const LocalSources &Sources,
                   const ASTContext &Ctx, const CallExpr *Write,
                   unsigned Depth = 0) {
  if (Depth > 4)
    return false;
  E = E->IgnoreParenImpCasts();
  auto Recurse = [&](const Expr *X) {
    return testsPresence(X, Sources, Ctx, Write, Depth + 1);
  };
  // The operand that runs the write itself (`found && 0 == exec(...)`)
  // is not what decided it.
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isLogicalOp())
    return (containsStmt(B->getLHS(), Write) || Recurse(B->getLHS())) &&
           (containsStmt(B->getRHS(), Write) || Recurse(B->getRHS()));
  if (isa<IntegerLiteral>(E) || E->getType()->isPointerType())
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return U->getOpcode() == UO_LNot && Recurse(U->getSubExpr());
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Assign)
      return Recurse(B->getRHS());
    if (B->isComparisonOp())
      return Recurse(B->getLHS()) && Recurse(B->getRHS());
    return false;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    const CXXRecordDecl *RD = M ? M->getParent() : nullptr;
    const auto *NS =
        RD ? dyn_cast<NamespaceDecl>(RD->getDeclContext()) : nullptr;
    return NS && NS->getIdentifier() && NS->getName() == "pqxx" &&
           M->getIdentifier() &&
           (M->getName() == "size" || M->getName() == "empty");
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD && FD->getIdentifier() &&
           llvm::is_contained({"PQntuples", "mysql_num_rows",
                               "mysql_stmt_num_rows", "sqlite3_step",
                               "sqlite3_data_count"},
                              FD->getName());
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(Ref->getDecl()))
      return true;
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    auto It = V ? Sources.find(V) : Sources.end();
    return It != Sources.end() && !It->second.empty() &&
           llvm::all_of(It->second,
                        [&](const Expr *S) { return S && Recurse(S); });
  }
  return false;
}

/// Is \p Write an UPDATE that only makes the row hold what the program
/// wants (`if (stored != wanted) UPDATE t SET col = <wanted> WHERE ...`)?
/// Every condition deciding it (\p Conds) is made of differences between
/// columns read and values that do not come from the read (joined by `||`)
/// and of presence tests (testsPresence, joined by `&&`); each
/// column compared is set absolutely by the write, which sends the wanted
/// values and nothing read (but the key of the row found: the caller
/// checks sendsOnlyKeysRead). Whoever changes the row in between, the
/// outcome is that of a serial order: theirs, then this write (or this
/// write made needless).
bool setsWantedState(const sql::Statement &Write,
                     llvm::ArrayRef<const Expr *> Conds,
                     const CallExpr *WriteCall, const ResultColumns &Columns,
                     const llvm::DenseSet<const VarDecl *> &Taint,
                     const LocalSources &Sources, const ParentMap &Parents,
                     const ASTContext &Ctx, const SqlFunction &Sql) {
  if (Write.StatementKind != sql::Kind::Update || Conds.empty() ||
      !Write.RelativeColumns.empty())
    return false;
  llvm::SmallVector<ComparedPair, 4> Pairs;
  std::function<bool(const Expr *)> Accept = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (containsStmt(E, WriteCall))
      return true; // the write itself, run by the condition
    if (const auto *B = dyn_cast<BinaryOperator>(E))
      if (B->getOpcode() == BO_LAnd)
        return Accept(B->getLHS()) && Accept(B->getRHS());
    // (A presence test first: `NULL != row` is no difference of values.)
    if (testsPresence(E, Sources, Ctx, WriteCall))
      return true;
    llvm::SmallVector<ComparedPair, 4> Found;
    if (!differences(E, Found))
      return false;
    Pairs.append(Found.begin(), Found.end());
    return true;
  };
  llvm::SmallPtrSet<const Expr *, 4> Seen;
  for (const Expr *C : Conds) {
    const Expr *Whole = wholeCondition(C, Parents);
    if (Seen.insert(Whole).second && !Accept(Whole))
      return false;
  }

  // The wanted value reaches the write's arguments (directly, or through
  // the buffer a format fills).
  auto Sent = [&](const Expr *Wanted) {
    llvm::SmallVector<const VarDecl *, 4> Vars = variablesNamedIn(Wanted);
    return !Vars.empty() &&
           llvm::all_of(Vars, [&](const VarDecl *V) {
             return llvm::any_of(WriteCall->arguments(), [&](const Expr *A) {
               return mentionsAny(A, Sql.taintOf(V));
             });
           });
  };
  for (auto [A, B] : Pairs) {
    if (mentionsAny(A, Taint) == mentionsAny(B, Taint))
      return false;
    const Expr *Stored = mentionsAny(A, Taint) ? A : B;
    const Expr *Wanted = Stored == A ? B : A;
    llvm::StringSet<> Cols;
    if (!Columns.columnsOf(Stored, Cols) || Cols.empty() || !Sent(Wanted))
      return false;
    for (const auto &C : Cols.keys())
      if (!namesColumn(Write.SetColumns, C))
        return false;
  }
  return !Pairs.empty();
}

/// Is \p Write an UPDATE decided only by the read finding rows (\p Conds
/// all test presence), sending nothing read, and setting none of the
/// columns the read filtered on? Rows that start or stop matching the
/// read in between do not change what the write does to the rows it
/// picks, and the write cannot make a row match or stop matching the
/// read. (An INSERT after an absence is get-or-create, and a DELETE
/// removes a row whatever changed in it: both stay reported.)
bool updatesOtherColumns(const sql::Statement &Read,
                         const sql::Statement &Write,
                         llvm::ArrayRef<const Expr *> Conds,
                         const CallExpr *WriteCall, const LocalSources &Sources,
                         const ParentMap &Parents, const ASTContext &Ctx) {
  if (Write.StatementKind != sql::Kind::Update || Conds.empty() ||
      Write.SetColumns.empty())
    return false;
  for (const std::string &S : Write.SetColumns)
    if (namesColumn(Read.WhereColumns, S))
      return false;
  return llvm::all_of(Conds, [&](const Expr *C) {
    return testsPresence(wholeCondition(C, Parents), Sources, Ctx, WriteCall);
  });
}

/// Does \p Text hold the parameter \p Param (`$2`, not the start of `$21`)?
bool hasToken(llvm::StringRef Text, llvm::StringRef Param) {
  for (size_t At = Text.find(Param); At != llvm::StringRef::npos;
       At = Text.find(Param, At + 1)) {
    const size_t End = At + Param.size();
    if (End >= Text.size() || !llvm::isDigit(Text[End]))
      return true;
  }
  return false;
}

/// Are the values read that \p W sends only the keys of the rows it
/// writes? Each argument carrying one fills a parameter of the caller's
/// format (a query function's) that appears only in `col = $N` conjuncts
/// of the write's WHERE: the row the read found, picked again by its key.
bool sendsOnlyKeysRead(const SqlEvent &W, const sql::Statement &WS,
                       const llvm::DenseSet<const VarDecl *> &Taint) {
  const SqlWrapper *Through = W.Call.Through;
  if (!Through || !Through->Format || Through->SqlArg < 0 ||
      W.FormatParams.empty())
    return false;
  const unsigned First = Through->SqlArg + 1;
  bool Any = false;
  for (unsigned I = 0; I < W.Call.Call->getNumArgs(); ++I) {
    const Expr *Arg = W.Call.Call->getArg(I);
    if (Arg == W.Call.Connection || !mentionsAny(Arg, Taint))
      continue;
    if (I < First || I - First >= W.FormatParams.size() ||
        W.FormatParams[I - First] == 0)
      return false;
    const std::string Param = "$" + std::to_string(W.FormatParams[I - First]);
    if (hasToken(WS.SetText, Param))
      return false;
    bool InKey = false;
    for (const std::string &C : WS.WhereConjuncts) {
      if (!hasToken(C, Param))
        continue;
      if (!isKeyLookup(C))
        return false;
      InKey = true;
    }
    if (!InKey)
      return false;
    Any = true;
  }
  return Any;
}

bool sharesTable(const sql::Statement &Read, const sql::Statement &Write) {
  for (const std::string &T : Write.TablesWritten)
    if (llvm::is_contained(Read.TablesRead, T))
      return true;
  return false;
}

/// The literal byte that byte \p Offset of \p E's SQL is written as (for
/// SQL a query function formats, the last byte of the format it comes
/// from), when a fix-it can insert after it.
std::optional<SourceLocation> literalByte(const SqlEvent &E, unsigned Offset,
                                          const ASTContext &Ctx) {
  const StringLiteral *Lit = E.Literal ? E.Literal : E.FormatLiteral;
  if (!Lit)
    return std::nullopt;
  if (!E.Literal) {
    if (Offset >= E.FormatEnds.size())
      return std::nullopt;
    Offset = E.FormatEnds[Offset];
  }
  if (Offset >= Lit->getLength())
    return std::nullopt;
  SourceLocation At = literalByteLocation(Lit, Offset, Ctx);
  if (At.isInvalid() || At.isMacroID())
    return std::nullopt;
  // The byte must be written as itself (not an escape sequence).
  bool Invalid = false;
  const char *Char = Ctx.getSourceManager().getCharacterData(At, &Invalid);
  if (Invalid || *Char != Lit->getString()[Offset])
    return std::nullopt;
  return At;
}

/// Inserts \p Text into \p E's SQL after its byte \p Offset - 1 (in a
/// format, with each % doubled).
std::optional<FixItHint> insertAt(const SqlEvent &E, unsigned Offset,
                                  llvm::StringRef Text, const ASTContext &Ctx) {
  if (Offset == 0)
    return std::nullopt;
  std::optional<SourceLocation> Prev = literalByte(E, Offset - 1, Ctx);
  if (!Prev)
    return std::nullopt;
  std::string Written = Text.str();
  if (!E.Literal) {
    Written.clear();
    for (char C : Text) {
      Written += C;
      if (C == '%')
        Written += '%';
    }
  }
  return FixItHint::CreateInsertion(Prev->getLocWithOffset(1), Written);
}

/// Where FOR UPDATE (or ON CONFLICT) can go: right after the statement's
/// last token.
std::optional<FixItHint> appendToStatement(const SqlEvent &E,
                                           const sql::Statement &S,
                                           llvm::StringRef Text,
                                           const ASTContext &Ctx) {
  return insertAt(E, S.End, Text, Ctx);
}

/// For a query through a function of the program: which, and the client
/// call at the bottom (`, through 'db_select' (PQexec in db.c:21)`).
std::string throughWhom(const SqlEvent &E) {
  if (!E.Call.Through)
    return "";
  const NamedDecl *Callee = E.Call.Call->getDirectCallee();
  if (!Callee)
    Callee = calledField(E.Call.Call);
  if (!Callee)
    return "";
  std::string Text = ", through '" + Callee->getNameAsString() + "'";
  if (!E.Call.Through->Innermost.empty())
    Text += " (" + E.Call.Through->Innermost + ")";
  return Text;
}

/// The values bound to each stepped SQLite statement of a function
/// (`sqlite3_bind_*(st, i, value)`), found in one walk.
using BoundValues =
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 4>>;

BoundValues boundValuesOf(const FunctionFlow &Flow) {
  BoundValues Bound;
  Flow.forEachStatement([&](const Stmt *S, FlowPoint) {
    const auto *Bind = dyn_cast<CallExpr>(S);
    const FunctionDecl *FD = Bind ? Bind->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier() ||
        !FD->getName().starts_with("sqlite3_bind_") || Bind->getNumArgs() < 3)
      return;
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Bind->getArg(0)->IgnoreParenImpCasts()))
      if (const auto *Handle = dyn_cast<VarDecl>(Ref->getDecl()))
        Bound[Handle].push_back(Bind->getArg(2));
  });
  return Bound;
}

/// The columns of the read's result (\p Columns) that the values \p Write
/// sends and the condition \p Cond deciding it come from; nothing when
/// that cannot be told.
std::optional<llvm::StringSet<>>
usedColumns(const ResultColumns &Columns,
            const llvm::DenseSet<const VarDecl *> &Taint,
            const BoundValues &Bound, const SqlEvent &Write,
            const Expr *Cond) {
  llvm::StringSet<> Set;
  bool Known = !Cond || Columns.columnsOf(Cond, Set);
  const bool Stepped = Write.Call.Role == SqlRole::ExecPrepared &&
                       (Write.Call.Api == SqlApi::SQLite ||
                        Write.Call.Api == SqlApi::MySQL);
  if (Stepped) {
    // What was bound to the stepped statement (SQLite; MySQL's bound
    // buffers are not told).
    Known &= Write.Call.Api == SqlApi::SQLite && Write.Result;
    if (Known) {
      auto It = Bound.find(Write.Result);
      if (It != Bound.end())
        for (const Expr *Value : It->second)
          Known &= Columns.columnsOf(Value, Set);
    }
  } else {
    for (unsigned I = 0; Known && I < Write.Call.Call->getNumArgs(); ++I) {
      const Expr *Arg = Write.Call.Call->getArg(I);
      if (Arg != Write.Call.Connection && mentionsAny(Arg, Taint))
        Known &= Columns.columnsOf(Arg, Set);
    }
  }
  if (!Known)
    return std::nullopt;
  return Set;
}

/// Does \p E ask how many rows the write \p W changed: `PQcmdTuples(res)`
/// (or `PQntuples` of a RETURNING) on its result, `sqlite3_changes`,
/// `mysql_affected_rows`, a libpqxx result's `affected_rows()`/`size()`,
/// or the value of a query function of the program (which may be the
/// count: the program's own access layer)?
bool asksChangedRows(const Stmt *E, const SqlEvent &W) {
  if (!E)
    return false;
  if (W.Call.Through && containsStmt(E, W.Call.Call))
    return true;
  auto OnResult = [&](const Expr *Of) {
    if (!Of)
      return false;
    if (containsStmt(Of, W.Call.Call))
      return true;
    llvm::DenseSet<const VarDecl *> Result;
    if (W.Result)
      Result.insert(W.Result);
    return !Result.empty() && mentionsAny(Of, Result);
  };
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    if (const CXXMethodDecl *M = Member->getMethodDecl())
      if (M->getIdentifier() && W.Call.Api == SqlApi::LibPQXX &&
          llvm::is_contained({"affected_rows", "size", "empty"},
                             M->getName()) &&
          OnResult(Member->getImplicitObjectArgument()))
        return true;
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getIdentifier()) {
        const llvm::StringRef Name = FD->getName();
        if ((Name == "PQcmdTuples" || Name == "PQntuples") &&
            W.Call.Api == SqlApi::LibPQ && Call->getNumArgs() == 1 &&
            OnResult(Call->getArg(0)))
          return true;
        if ((Name == "sqlite3_changes" || Name == "sqlite3_changes64") &&
            W.Call.Api == SqlApi::SQLite)
          return true;
        if ((Name == "mysql_affected_rows" ||
             Name == "mysql_stmt_affected_rows") &&
            W.Call.Api == SqlApi::MySQL)
          return true;
      }
  }
  for (const Stmt *Child : E->children())
    if (asksChangedRows(Child, W))
      return true;
  return false;
}

/// Calls that do nothing with a row but show or copy it: logging,
/// formatting, parsing, comparing, freeing.
bool onlyShowsOrCopies(llvm::StringRef Name) {
  static const llvm::StringSet<> Names = {
      "printf",  "fprintf",  "dprintf",  "puts",     "fputs",   "syslog",
      "vsyslog", "perror",   "snprintf", "sprintf",  "vsnprintf",
      "strlen",  "strcmp",   "strncmp",  "strcasecmp", "strncasecmp",
      "atoi",    "atol",     "atoll",    "strtol",   "strtoul", "strtoll",
      "strtoull", "strtod",  "strdup",   "strndup",  "memcpy",  "memmove",
      "strcpy",  "strncpy",  "strcat",   "strncat",  "free",    "assert"};
  // (Fortified: `__printf_chk`, `__builtin___memcpy_chk`.)
  Name.consume_front("__builtin_");
  Name.consume_front("__");
  Name.consume_back("_chk");
  return Names.contains(Name);
}

/// A function of a client library (libpq, SQLite, MySQL): reading a
/// result, releasing it, running a query (the events).
bool isClientLibraryFunction(llvm::StringRef Name) {
  return isSqlClientFunctionName(Name) || Name.starts_with("PQ") ||
         Name.starts_with("sqlite3_") || Name.starts_with("mysql_");
}

/// Releases what a query left (its result, a stepped statement).
bool releasesQuery(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return false;
  return llvm::is_contained({"PQclear", "sqlite3_finalize", "sqlite3_reset",
                             "sqlite3_clear_bindings", "mysql_free_result",
                             "mysql_stmt_free_result"},
                            FD->getName());
}

} // namespace

void SqlReadThenWriteCheck::checkFunction(MemoryFunction &F) {
  if (F.facts().SqlCalls < 1)
    return;
  const SqlFunction *Sql = F.sql();
  if (!Sql)
    return;
  // SQL the checks cannot read because PostgreSQL's parser rejects it: say
  // so, at the byte the parser stopped at (the query fails at run time).
  for (const SqlEvent &E : Sql->unparsed()) {
    SourceLocation Loc = E.Call.Call->getBeginLoc();
    if (E.Literal && E.Sql.ErrorOffset < E.Literal->getLength()) {
      SourceLocation At =
          literalByteLocation(E.Literal, E.Sql.ErrorOffset, F.context());
      if (At.isValid() && At.isFileID())
        Loc = At;
    }
    diag(Loc, "PostgreSQL's parser rejects this SQL: %0; the query fails "
              "when it runs, and toctou-tidy cannot check it")
        << E.Sql.Error;
  }
  if (Sql->empty() || F.facts().SqlCalls < 2)
    return;
  const FunctionFlow &Flow = *F.flow();
  ASTContext &Ctx = F.context();
  const SourceManager &SM = Ctx.getSourceManager();
  const std::vector<SqlEvent> &Events = Sql->events();
  // The reads of each connection, indexed once (not once per write: a
  // function of thousands of queries).
  llvm::StringMap<std::optional<NearestMarks>> ReadsOf;
  std::optional<ConditionIndex> Conditions;
  auto readsOf = [&](llvm::StringRef Conn) -> const NearestMarks * {
    auto [It, New] = ReadsOf.try_emplace(Conn);
    if (New) {
      llvm::SmallVector<std::pair<FlowPoint, int>, 8> Marks;
      for (unsigned I = 0; I < Events.size(); ++I)
        if (Events[I].Conn == Conn && isRead(Events[I]))
          Marks.push_back({Events[I].Point, static_cast<int>(I)});
      if (!Marks.empty())
        It->second.emplace(Marks, /*MaxPerPath=*/1);
    }
    return It->second ? &*It->second : nullptr;
  };
  // Per read, what its result's columns flow into (one walk each), and the
  // values bound to stepped statements (one walk).
  std::optional<BoundValues> Bound;
  std::optional<LocalSources> Sources;
  auto ColumnsOf = [&](const SqlEvent &Read,
                       const llvm::DenseSet<const VarDecl *> &Taint) {
    if (!Bound) {
      Bound = boundValuesOf(Flow);
      Sources = localSourcesOf(Flow);
    }
    return ResultColumns(*Sources, Taint, *Read.main());
  };
  auto UsedColumns = [&](const SqlEvent &Read,
                         const llvm::DenseSet<const VarDecl *> &Taint,
                         const SqlEvent &Write, const Expr *Cond) {
    const ResultColumns Columns = ColumnsOf(Read, Taint);
    return usedColumns(Columns, Taint, *Bound, Write, Cond);
  };
  // Where each result variable is assigned a call's value: a variable
  // reused for a query the checks cannot read (`res = db_select(sql)` with
  // SQL built at run time) holds other rows from there on.
  std::optional<llvm::DenseMap<const VarDecl *,
                               llvm::SmallVector<std::pair<const Stmt *,
                                                           FlowPoint>, 2>>>
      Refilled;
  // The points where R's result variable is refilled by another call.
  auto refillsOf = [&](const SqlEvent &R) {
    FlowPointSet Kills;
    if (!R.Result)
      return Kills;
    if (!Refilled) {
      Refilled.emplace();
      Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
        const auto *B = dyn_cast<BinaryOperator>(S);
        if (!B || B->getOpcode() != BO_Assign ||
            !isa<CallExpr>(B->getRHS()->IgnoreParenImpCasts()))
          return;
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
          if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
            (*Refilled)[V].push_back({B->getRHS(), P});
      });
    }
    auto It = Refilled->find(R.Result);
    if (It != Refilled->end())
      for (auto [Rhs, P] : It->second)
        if (!containsStmt(Rhs, R.Call.Call))
          Kills.insert(P);
    return Kills;
  };
  // The CFG point of \p E, or of the nearest construct around it that has
  // one.
  auto pointNear = [&](const Stmt *E) {
    for (; E; E = Flow.parents().getParent(E))
      if (FlowPoint P = Flow.pointOf(E); P.isValid())
        return P;
    return FlowPoint{};
  };
  // Does the function hand back a value read (\p Value, a variable) after
  // a write \p W that picks its row by a key it is given and does not set
  // (`WHERE id = $1 AND state = 'new'`)? The caller takes it as the row
  // claimed.
  auto returnsKeyWritten = [&](const Expr *Value, const SqlEvent &W) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    // (A column the write also sets is the value compared and set, not
    // the row's key.)
    const sql::Statement &WS = *W.main();
    return V && llvm::any_of(WS.WhereConjuncts, [&](const std::string &C) {
             const std::string Column =
                 llvm::StringRef(C).split('=').first.trim(" \t(").str();
             return isKeyLookup(C) && hasParameter(C) &&
                    !namesColumn(WS.SetColumns, Column);
           });
  };
  // What follows the write \p W and acts on the rows \p R read (a call
  // given a value read, a return of the key written) whether or not \p W
  // changed a row: a branch on the count of rows it changed does not
  // decide it. Null if nothing does.
  auto actsAnyway = [&](const SqlEvent &W, const SqlEvent &R,
                        const llvm::DenseSet<const VarDecl *> &Taint)
      -> const Stmt * {
    // Locals holding the count (`claimed = atoi(PQcmdTuples(r)) == 1`).
    llvm::DenseSet<const VarDecl *> Counts;
    Flow.forEachStatement([&](const Stmt *S, FlowPoint) {
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            if (V->getInit() && asksChangedRows(V->getInit(), W))
              Counts.insert(V);
      } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->isAssignmentOp())
          if (const auto *Ref =
                  dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
            if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
              if (asksChangedRows(B->getRHS(), W))
                Counts.insert(V);
      }
    });
    auto ReadsCount = [&](const Expr *C) {
      return asksChangedRows(C, W) || mentionsAny(C, Counts);
    };
    auto UsesRow = [&](const Expr *E) {
      return mentionsAny(E, Taint) || containsStmt(E, R.Call.Call);
    };
    const Stmt *Found = nullptr;
    Flow.forEachStatement([&](const Stmt *S, FlowPoint P) {
      if ((Found && !SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                                   Found->getBeginLoc())) ||
          containsStmt(W.Call.Call, S) ||
          !SM.isBeforeInTranslationUnit(W.Call.Call->getEndLoc(),
                                        S->getBeginLoc()))
        return;
      if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
        const Expr *Value = Ret->getRetValue();
        if (!Value || !UsesRow(Value))
          return;
        if (const auto *Choice =
                dyn_cast<ConditionalOperator>(Value->IgnoreParenImpCasts()))
          if (ReadsCount(Choice->getCond()))
            return;
        // A value read handed back is a claim when it is the key the write
        // picked its row by (`return id;`: the caller now owns that row);
        // another value read is only reported back.
        if (!returnsKeyWritten(Value, W))
          return;
      } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (isa<CXXOperatorCallExpr>(Call) ||
            llvm::any_of(Events, [&](const SqlEvent &E) {
              return E.Call.Call == Call;
            }))
          return;
        if (const FunctionDecl *FD = Call->getDirectCallee()) {
          if (FD->isInStdNamespace() ||
              (FD->getIdentifier() &&
               (isClientLibraryFunction(FD->getName()) ||
                onlyShowsOrCopies(FD->getName()))))
            return;
          if (const auto *M = dyn_cast<CXXMethodDecl>(FD)) {
            const DeclContext *Ns = M->getParent()->getEnclosingNamespaceContext();
            if (const auto *N = dyn_cast<NamespaceDecl>(Ns))
              if (N->getName() == "pqxx")
                return;
          }
        }
        // (Handing over the result itself, `free_result(res)`, releases
        // or walks it: a value taken from its rows is what is acted on.)
        auto IsHandle = [&](const Expr *Arg) {
          const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
          return Ref && R.Result && Ref->getDecl() == R.Result;
        };
        bool Row = false;
        for (const Expr *Arg : Call->arguments())
          Row |= !IsHandle(Arg) && UsesRow(Arg);
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
          Row |= UsesRow(Member->getImplicitObjectArgument());
        if (!Row)
          return;
      } else {
        return;
      }
      if (!Flow.reaches(W.Point, P, FlowPointSet()) ||
          decidingCondition(Flow, W.Point, P, ReadsCount))
        return;
      Found = S;
    });
    return Found;
  };
  // The rewrite that leaves the loop round (or the void function) right
  // after \p W when it changed no row (fixits/ChangedRows.h): only where
  // the count can be asked without changing the statement, and what the
  // exit skips is the rows' work or releases the query's resources (which
  // it runs first).
  auto leaveUnlessChanged = [&](const SqlEvent &W, const SqlEvent &R,
                                const llvm::DenseSet<const VarDecl *> &Taint,
                                const Stmt *Action)
      -> llvm::SmallVector<FixItHint, 3> {
    const ParentMap &PM = Flow.parents();
    const auto Found = statementOf(W.Call.Call, PM);
    ChangedRowsGuard G;
    G.Write = Found.first;
    const CompoundStmt *Block = Found.second;
    if (!G.Write || !Block || !Action)
      return {};
    // The statement of the block the rows' work is in.
    for (const Stmt *S = Action; S; S = PM.getParent(S))
      if (PM.getParent(S) == Block) {
        G.Before = S;
        break;
      }
    if (!G.Before || G.Before == G.Write)
      return {};
    const Stmt *Around = PM.getParent(Block);
    const Stmt *LoopBody =
        Around == nullptr ? nullptr
        : isa<ForStmt>(Around) ? cast<ForStmt>(Around)->getBody()
        : isa<WhileStmt>(Around) ? cast<WhileStmt>(Around)->getBody()
        : isa<DoStmt>(Around) ? cast<DoStmt>(Around)->getBody()
        : isa<CXXForRangeStmt>(Around)
            ? cast<CXXForRangeStmt>(Around)->getBody()
            : nullptr;
    if (LoopBody == Block)
      G.Leave = LeaveBy::Continue;
    else if (Block == Flow.body() &&
             F.function()->getReturnType()->isVoidType())
      G.Leave = LeaveBy::Return;
    else
      return {};
    auto Named = [&](const Expr *E) -> std::optional<std::string> {
      const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())
                          : nullptr;
      const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!V || !isVisibleAt(V, G.Write, PM))
        return std::nullopt;
      return V->getNameAsString();
    };
    if (W.Call.Through)
      return {};
    switch (W.Call.Api) {
    case SqlApi::LibPQ: {
      // (atoi: "" for a command that failed counts as none.)
      const bool HasAtoi = !Ctx.getTranslationUnitDecl()
                                ->lookup(&Ctx.Idents.get("atoi"))
                                .empty();
      if (!HasAtoi)
        return {};
      if (W.Result && isVisibleAt(W.Result, G.Write, PM)) {
        G.Count = "atoi(PQcmdTuples(" + W.Result->getNameAsString() + "))";
        break;
      }
      // `PQclear(PQexecParams(...));`: keep the result to count.
      const auto *Release =
          isa<Expr>(G.Write)
              ? dyn_cast<CallExpr>(cast<Expr>(G.Write)->IgnoreImplicit())
              : nullptr;
      const FunctionDecl *Releases =
          Release ? Release->getDirectCallee() : nullptr;
      if (W.Result || !Releases || !Releases->getIdentifier() ||
          Releases->getName() != "PQclear" || Release->getNumArgs() != 1 ||
          Release->getArg(0)->IgnoreParenImpCasts() !=
              static_cast<const Expr *>(W.Call.Call))
        return {};
      G.Release = Release;
      G.Released = W.Call.Call;
      G.KeptType = "PGresult *";
      G.Kept = unusedName("written", G.Write, PM, Ctx);
      G.Count = "atoi(PQcmdTuples(" + G.Kept + "))";
      break;
    }
    case SqlApi::LibPQXX:
      // (exec throws when the statement fails.)
      if (W.Result && isVisibleAt(W.Result, G.Write, PM)) {
        G.Count = W.Result->getNameAsString() + ".affected_rows()";
      } else if (!W.Result && isa<Expr>(G.Write) &&
                 cast<Expr>(G.Write)->IgnoreImplicit() ==
                     static_cast<const Expr *>(W.Call.Call)) {
        G.KeptType = "pqxx::result ";
        G.Kept = unusedName("written", G.Write, PM, Ctx);
        G.Count = G.Kept + ".affected_rows()";
      } else {
        return {};
      }
      break;
    case SqlApi::SQLite:
      if (std::optional<std::string> Db = Named(W.ConnExpr))
        G.Count = "sqlite3_changes(" + *Db + ")";
      else
        return {};
      break;
    case SqlApi::MySQL:
      // (mysql_affected_rows is (my_ulonglong)-1 after an error: no
      // mechanical test is both short and right.)
      return {};
    }
    // Statements between the write and the rows' work run as before; from
    // there on the exit skips them: each must be the rows' work, or a
    // release (run first).
    bool Between = false, Skipped = false, Intervening = false;
    for (const Stmt *S : Block->body()) {
      if (S == G.Write) {
        Between = true;
        continue;
      }
      if (S == G.Before) {
        Between = false;
        Skipped = true;
      }
      Intervening |= Between && !isa<NullStmt>(S);
      if (!Skipped || isa<NullStmt>(S))
        continue;
      if (releasesQuery(S)) {
        G.CleanUps.push_back(S);
        continue;
      }
      if (mentionsAny(S, Taint) || containsStmt(S, R.Call.Call))
        continue;
      if (const auto *Ret = dyn_cast<ReturnStmt>(S);
          Ret && !Ret->getRetValue() && G.Leave == LeaveBy::Return)
        continue;
      return {};
    }
    // (A count kept in a local when statements come between, or when the
    // write's own statement releases the result.)
    if (Intervening || G.Release)
      G.Name = unusedName("changed", G.Write, PM, Ctx);
    return leaveIfNoRowChanged(G, Ctx);
  };
  for (const SqlEvent &W : Events) {
    bool IsLock = false;
    if (!isWrite(W, IsLock))
      continue;
    const sql::Statement &WS = *W.main();
    const NearestMarks *Nearest = readsOf(W.Conn);
    if (!Nearest)
      continue;
    for (unsigned ReadIndex : Nearest->find(
             W.Point, [&](unsigned I) { return &Events[I] != &W; })) {
      const SqlEvent &R = Events[ReadIndex];
      const sql::Statement &RS = *R.main();
      if (!IsLock && !sharesTable(RS, WS))
        continue;
      if (WS.HandlesConflict || writesOwnShare(RS, WS))
        continue;
      // Does the write depend on the read: its arguments, or a branch?
      // When every path to the write refills the read's result variable
      // with another call's rows, only what was taken from it before, and
      // the conditions tested before, are this read's.
      const FlowPointSet Kills = refillsOf(R);
      const bool Refills =
          !Kills.empty() && !Flow.reaches(R.Point, W.Point, Kills);
      auto BeforeRefill = [&](const Stmt *E) {
        FlowPoint P = pointNear(E);
        return !P.isValid() || Flow.reaches(R.Point, P, Kills);
      };
      // (The result variable itself, named after the refill, holds the
      // other rows: in that case only the locals taken from it count.)
      std::optional<llvm::DenseSet<const VarDecl *>> Narrowed, Taken;
      if (Refills) {
        Narrowed = Sql->taintWhere(R.Result, BeforeRefill);
        Taken = *Narrowed;
        Taken->erase(R.Result);
      }
      const llvm::DenseSet<const VarDecl *> &Taint =
          Narrowed ? *Narrowed : Sql->taintOf(R.Result);
      const llvm::DenseSet<const VarDecl *> &Sent = Taken ? *Taken : Taint;
      // (A stepped SQLite or MySQL statement carries its bound values.)
      const bool Handle =
          W.Call.Role == SqlRole::ExecPrepared &&
          (W.Call.Api == SqlApi::SQLite || W.Call.Api == SqlApi::MySQL);
      bool Data = false;
      for (unsigned I = 0; I < W.Call.Call->getNumArgs(); ++I) {
        const Expr *Arg = W.Call.Call->getArg(I);
        if ((Handle || Arg != W.Call.Connection) && mentionsAny(Arg, Sent))
          Data = true;
      }
      if (!Conditions)
        Conditions.emplace(Flow);
      auto Reads = [&](const Expr *C) {
        return containsStmt(C, R.Call.Call) || mentionsAny(C, Sent) ||
               (mentionsAny(C, Taint) && (!Refills || BeforeRefill(C)));
      };
      const Expr *Cond = decidingCondition(
          Flow, R.Point, W.Point, Reads,
          llvm::ArrayRef<const CFGBlock *>(
              Conditions->naming(Taint, R.Call.Call)));
      if (!Data && !Cond)
        continue;
      if (IsLock && !Data)
        continue; // a lock whose key does not come from the read
      // Serial-equivalent writes: the row the read found, picked again by
      // its key, may be written; no other value read may be sent.
      if (Cond && WS.StatementKind == sql::Kind::Update &&
          (!Data || sendsOnlyKeysRead(W, WS, Taint))) {
        const llvm::SmallVector<const Expr *, 4> Conds =
            decidingConditions(Flow, R.Point, W.Point, Reads,
                               Conditions->naming(Taint, R.Call.Call));
        const ResultColumns Columns = ColumnsOf(R, Taint);
        if (setsWantedState(WS, Conds, W.Call.Call, Columns, Taint, *Sources,
                            Flow.parents(), Ctx, *Sql) ||
            updatesOtherColumns(RS, WS, Conds, W.Call.Call, *Sources,
                                Flow.parents(), Ctx))
          continue;
      }
      // A lock whose key comes from the read, followed by a write that
      // repeats the read's check (and whose changed rows decide what
      // follows): the guarded write is the defense, the lock taken on the
      // way is not itself the race.
      if (IsLock && llvm::any_of(Events, [&](const SqlEvent &Next) {
            bool NextIsLock = false;
            if (&Next == &W || Next.Conn != W.Conn ||
                !isWrite(Next, NextIsLock) || NextIsLock ||
                !sharesTable(RS, *Next.main()) ||
                !Flow.reaches(W.Point, Next.Point, FlowPointSet()))
              return false;
            bool Depends = false;
            for (const Expr *Arg : Next.Call.Call->arguments())
              Depends |= Arg != Next.Call.Connection && mentionsAny(Arg, Taint);
            return Depends &&
                   rechecks(RS, *Next.main(), false,
                            UsedColumns(R, Taint, Next, nullptr)) &&
                   !actsAnyway(Next, R, Taint);
          }))
        continue;
      const std::optional<llvm::StringSet<>> Used =
          IsLock ? std::nullopt : UsedColumns(R, Taint, W, Cond);
      // A write that repeats the check is the defense when what follows
      // runs only if it changed a row.
      const Stmt *Anyway = nullptr;
      if (!IsLock && rechecks(RS, WS, Cond != nullptr, Used)) {
        Anyway = actsAnyway(W, R, Taint);
        if (!Anyway)
          continue;
      }

      // Atomic? One transaction, at an isolation that forbids the anomaly
      // or with the rows locked.
      const bool InRead = Sql->inTransaction(R.Conn, R.Point);
      const bool InWrite = Sql->inTransaction(W.Conn, W.Point);
      const LockEvent *Commit = nullptr;
      if (InRead)
        if (std::optional<unsigned> Id =
                Sql->transactions().idOfKey(transactionKey(R.Conn)))
          Commit = Sql->transactions().releaseBetween(*Id, R.Point, W.Point,
                                                      FlowPointSet());
      const SqlApi Api = R.Call.Api;
      const bool RowLocked = RS.Lock == sql::RowLock::Update ||
                             RS.Lock == sql::RowLock::NoKeyUpdate ||
                             RS.Lock == sql::RowLock::Share;
      std::string Reason;
      bool NeedsRowLockOnly = false;
      if (InRead && InWrite && !Commit) {
        if (Api == SqlApi::SQLite)
          continue; // SQLite transactions are serializable
        sql::Isolation Level = Sql->isolationAt(R.Conn, R.Point);
        if (Level == sql::Isolation::Default)
          Level = Api == SqlApi::MySQL ? sql::Isolation::RepeatableRead
                                       : sql::Isolation::ReadCommitted;
        if (Level == sql::Isolation::Serializable)
          continue;
        if (Api != SqlApi::MySQL && Level == sql::Isolation::RepeatableRead)
          continue; // PostgreSQL aborts the second writer instead
        if (RowLocked)
          continue;
        NeedsRowLockOnly = true;
        Reason = Api == SqlApi::MySQL
                     ? (Level == sql::Isolation::RepeatableRead
                            ? "in a REPEATABLE READ transaction, which in "
                              "MySQL does not stop lost updates, and the "
                              "SELECT locks no rows"
                            : "in a READ COMMITTED transaction, and the "
                              "SELECT locks no rows")
                     : "in a READ COMMITTED transaction, and the SELECT "
                       "locks no rows";
      } else if (Commit) {
        Reason = "but the transaction ends at line " +
                 std::to_string(SM.getPresumedLineNumber(Commit->Loc)) +
                 " in between";
      } else {
        Reason = RowLocked ? "outside a transaction (its row lock ends with "
                             "the statement)"
                           : "outside a transaction";
      }

      const std::string WriteName = describe(WS);
      const std::string ReadName = describe(RS);
      if (Anyway) {
        std::string What = "the return";
        if (const auto *Call = dyn_cast<CallExpr>(Anyway))
          if (const FunctionDecl *FD = Call->getDirectCallee())
            What = "'" + FD->getNameAsString() + "'";
        diag(W.Call.Call->getBeginLoc(),
             "'%0' repeats the check of '%1' at line %2, but %3 at line %4 "
             "runs whether or not it changed a row; another client can "
             "change the rows in between")
            << WriteName << ReadName
            << SM.getPresumedLineNumber(R.Call.Call->getBeginLoc()) << What
            << SM.getPresumedLineNumber(Anyway->getBeginLoc())
            << W.Call.Call->getSourceRange();
        diag(R.Call.Call->getBeginLoc(), "'%0' read here%1",
             DiagnosticIDs::Note)
            << ReadName << throughWhom(R);
        auto Note = diag(W.Call.Call->getBeginLoc(),
                         "act only if it changed a row (%0)",
                         DiagnosticIDs::Note)
                    << rowCountCall(W.Call.Api);
        for (const FixItHint &G : leaveUnlessChanged(W, R, Taint, Anyway))
          Note << G;
        continue;
      }
      {
        auto Diag = diag(W.Call.Call->getBeginLoc(),
                         "'%0' depends on '%1' at line %2 %3; another client "
                         "can change the rows in between")
                    << WriteName << ReadName
                    << SM.getPresumedLineNumber(R.Call.Call->getBeginLoc())
                    << Reason << W.Call.Call->getSourceRange();
        if (NeedsRowLockOnly && RS.Lockable)
          if (std::optional<FixItHint> H =
                  appendToStatement(R, RS, " FOR UPDATE", Ctx))
            Diag << *H;
      }
      diag(R.Call.Call->getBeginLoc(), "'%0' read here%1", DiagnosticIDs::Note)
          << ReadName << throughWhom(R);

      // One rewrite on a note, the one that fits.
      const sql::Dialect D = dialectOf(W.Call.Api);
      if (WS.StatementKind == sql::Kind::Insert) {
        std::optional<FixItHint> H;
        if (D == sql::Dialect::PostgreSQL && !WS.Returning)
          H = appendToStatement(W, WS, " ON CONFLICT DO NOTHING", Ctx);
        else if (D != sql::Dialect::PostgreSQL)
          H = insertAt(W, WS.Begin + 6,
                       D == sql::Dialect::SQLite ? " OR IGNORE" : " IGNORE",
                       Ctx);
        if (H)
          diag(W.Call.Call->getBeginLoc(),
               "let the database refuse the duplicate: the INSERT does "
               "nothing when the row exists (check the rows it inserted)",
               DiagnosticIDs::Note)
              << *H;
        continue;
      }
      if (Api == SqlApi::SQLite && !InRead) {
        auto [ReadStmt, ReadBlock] = statementOf(R.Call.Call, Flow.parents());
        auto [WriteStmt, WriteBlock] = statementOf(W.Call.Call, Flow.parents());
        std::optional<CharSourceRange> WriteRange =
            WriteStmt ? statementRange(WriteStmt, Ctx) : std::nullopt;
        std::optional<std::string> Db = sourceText(R.ConnExpr, Ctx);
        // (Not after a `return`: the COMMIT would never run.)
        if (ReadStmt && WriteRange && Db && ReadBlock == WriteBlock &&
            !isa<ReturnStmt>(WriteStmt) &&
            ReadStmt->getBeginLoc() < WriteStmt->getBeginLoc()) {
          const std::string Indent = indentationOf(ReadStmt, Ctx);
          std::optional<FixItHint> Begin = insertBeforeStatement(
              ReadStmt,
              "sqlite3_exec(" + *Db +
                  ", \"BEGIN IMMEDIATE\", NULL, NULL, NULL);\n" + Indent,
              Ctx);
          if (Begin)
            diag(R.Call.Call->getBeginLoc(),
                 "make the read and the write one IMMEDIATE transaction (and "
                 "roll it back on the error paths)",
                 DiagnosticIDs::Note)
                << *Begin
                << FixItHint::CreateInsertion(
                       WriteRange->getEnd(),
                       "\n" + indentationOf(WriteStmt, Ctx) + "sqlite3_exec(" +
                           *Db + ", \"COMMIT\", NULL, NULL, NULL);");
        }
        continue;
      }
      if ((WS.StatementKind == sql::Kind::Update ||
           WS.StatementKind == sql::Kind::Delete) &&
          WS.WhereEnd > 0) {
        std::string Repeat;
        for (const std::string &C : RS.WhereConjuncts) {
          if (isKeyLookup(C) || hasParameter(C))
            continue;
          bool Present = false;
          for (const std::string &Wc : WS.WhereConjuncts)
            Present |= sameSql(C, Wc);
          if (!Present)
            Repeat += " AND " + C;
        }
        // With the check repeated, what the code does with the rows
        // after the write must also depend on its changed rows.
        if (!Repeat.empty())
          if (std::optional<FixItHint> H =
                  insertAt(W, WS.WhereEnd, Repeat, Ctx)) {
            auto Note = diag(W.Call.Call->getBeginLoc(),
                             "repeat the check in the write, and act only "
                             "if it changed a row (%0)",
                             DiagnosticIDs::Note)
                        << *H << rowCountCall(W.Call.Api);
            if (const Stmt *Anyway = actsAnyway(W, R, Taint))
              for (const FixItHint &G :
                   leaveUnlessChanged(W, R, Taint, Anyway))
                Note << G;
          }
      }
      // (Not when the read only picked rows by key: the claim would
      // re-check nothing the code decided on.)
      if (D == sql::Dialect::PostgreSQL &&
          WS.StatementKind == sql::Kind::Update &&
          llvm::any_of(RS.WhereConjuncts,
                       [](const std::string &C) { return !isKeyLookup(C); }))
        if (std::optional<std::string> Claim = claimStatement(RS, WS))
          diag(R.Call.Call->getBeginLoc(),
               "or claim the rows in one statement: %0", DiagnosticIDs::Note)
              << *Claim;
      break;
    }
  }
}

} // namespace clang::tidy::toctou
