//===--- SqlCalls.cpp - The calls of database client libraries ------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/SqlCalls.h"
#include "matchers/ResourceKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::toctou {

namespace {

bool inNamespace(const Decl *D, llvm::StringRef Name) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (NS->getName() == Name)
        return true;
  return false;
}

/// The pqxx class an object of type \p T is (through references and
/// pointers).
const CXXRecordDecl *pqxxClass(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && inNamespace(RD, "pqxx") ? RD : nullptr;
}

bool derivesFrom(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD || !RD->hasDefinition())
    return false;
  if (RD->getName() == Name)
    return true;
  bool Found = false;
  RD->forallBases([&](const CXXRecordDecl *Base) {
    Found |= Base->getName() == Name;
    return !Found;
  });
  return Found;
}

} // namespace

sql::Dialect dialectOf(SqlApi Api) {
  switch (Api) {
  case SqlApi::SQLite:
    return sql::Dialect::SQLite;
  case SqlApi::MySQL:
    return sql::Dialect::MySQL;
  default:
    return sql::Dialect::PostgreSQL;
  }
}

namespace {

/// The client library's API and the role of its C function \p Name, if it
/// is one the checks know.
std::optional<std::pair<SqlApi, SqlRole>>
clientFunction(llvm::StringRef Name) {
  using R = std::optional<std::pair<SqlApi, SqlRole>>;
  return llvm::StringSwitch<R>(Name)
      .Case("PQexec", std::make_pair(SqlApi::LibPQ, SqlRole::Execute))
      .Case("PQexecParams", std::make_pair(SqlApi::LibPQ, SqlRole::Execute))
      .Case("PQsendQuery", std::make_pair(SqlApi::LibPQ, SqlRole::Execute))
      .Case("PQsendQueryParams",
            std::make_pair(SqlApi::LibPQ, SqlRole::Execute))
      .Case("PQprepare", std::make_pair(SqlApi::LibPQ, SqlRole::Prepare))
      .Case("PQsendPrepare",
            std::make_pair(SqlApi::LibPQ, SqlRole::Prepare))
      .Case("PQexecPrepared",
            std::make_pair(SqlApi::LibPQ, SqlRole::ExecPrepared))
      .Case("PQsendQueryPrepared",
            std::make_pair(SqlApi::LibPQ, SqlRole::ExecPrepared))
      .Case("sqlite3_exec",
            std::make_pair(SqlApi::SQLite, SqlRole::Execute))
      .Case("sqlite3_prepare",
            std::make_pair(SqlApi::SQLite, SqlRole::Prepare))
      .Case("sqlite3_prepare_v2",
            std::make_pair(SqlApi::SQLite, SqlRole::Prepare))
      .Case("sqlite3_prepare_v3",
            std::make_pair(SqlApi::SQLite, SqlRole::Prepare))
      .Case("sqlite3_step",
            std::make_pair(SqlApi::SQLite, SqlRole::ExecPrepared))
      .Case("mysql_query", std::make_pair(SqlApi::MySQL, SqlRole::Execute))
      .Case("mysql_real_query",
            std::make_pair(SqlApi::MySQL, SqlRole::Execute))
      .Case("mysql_stmt_prepare",
            std::make_pair(SqlApi::MySQL, SqlRole::Prepare))
      .Case("mysql_stmt_execute",
            std::make_pair(SqlApi::MySQL, SqlRole::ExecPrepared))
      .Case("mysql_commit", std::make_pair(SqlApi::MySQL, SqlRole::Commit))
      .Case("mysql_rollback",
            std::make_pair(SqlApi::MySQL, SqlRole::Rollback))
      .Case("mysql_autocommit",
            std::make_pair(SqlApi::MySQL, SqlRole::Autocommit))
      .Case("mysql_store_result",
            std::make_pair(SqlApi::MySQL, SqlRole::Result))
      .Case("mysql_use_result",
            std::make_pair(SqlApi::MySQL, SqlRole::Result))
      .Case("PQgetResult", std::make_pair(SqlApi::LibPQ, SqlRole::Result))
      .Default(std::nullopt);
}

} // namespace

bool isSqlClientFunctionName(llvm::StringRef Name) {
  return clientFunction(Name).has_value();
}

std::optional<SqlCall> sqlCallOf(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  llvm::StringRef Name = FD->getName();
  auto Arg = [&](unsigned I) -> const Expr * {
    return I < Call->getNumArgs() ? Call->getArg(I) : nullptr;
  };
  SqlCall C;
  C.Call = Call;

  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXRecordDecl *RD = pqxxClass(
        stripImplicit(Member->getImplicitObjectArgument())->getType());
    if (!RD)
      return std::nullopt;
    C.Api = SqlApi::LibPQXX;
    C.Connection = stripImplicit(Member->getImplicitObjectArgument());
    if (derivesFrom(RD, "transaction_base")) {
      // libpqxx 6.4 and 7.x: the statement first, or after the row count.
      if (llvm::is_contained(
              {"exec", "exec0", "exec1", "exec_params", "exec_params0",
               "exec_params1", "query", "query01", "query1", "query_value",
               "for_query", "for_each", "stream", "for_stream"},
              Name)) {
        C.Role = SqlRole::Execute;
        C.Sql = Arg(0);
        return C;
      }
      if (Name == "exec_n" || Name == "exec_params_n" || Name == "query_n") {
        C.Role = SqlRole::Execute;
        C.Sql = Arg(1);
        return C;
      }
      if (Name.starts_with("exec_prepared")) {
        C.Role = SqlRole::ExecPrepared;
        C.Name = Arg(Name == "exec_prepared_n" ? 1 : 0);
        return C;
      }
      if (Name == "commit") {
        C.Role = SqlRole::Commit;
        return C;
      }
      if (Name == "abort") {
        C.Role = SqlRole::Rollback;
        return C;
      }
      return std::nullopt;
    }
    if (derivesFrom(RD, "connection_base") && Name == "prepare" &&
        Call->getNumArgs() >= 2) {
      C.Role = SqlRole::Prepare;
      C.Name = Arg(0);
      C.Sql = Arg(1);
      return C;
    }
    return std::nullopt;
  }

  if (!FD->isExternC() && !FD->isGlobal())
    return std::nullopt;
  std::optional<std::pair<SqlApi, SqlRole>> Known = clientFunction(Name);
  if (!Known)
    return std::nullopt;
  C.Api = Known->first;
  C.Role = Known->second;
  C.Connection = Arg(0);
  switch (C.Role) {
  case SqlRole::Execute:
    C.Sql = Arg(1);
    break;
  case SqlRole::Prepare:
    if (C.Api == SqlApi::LibPQ) {
      C.Name = Arg(1);
      C.Sql = Arg(2);
    } else if (C.Api == SqlApi::SQLite) {
      C.Sql = Arg(1);
      // sqlite3_prepare_v3 has a flags argument before the handle.
      C.Name = Arg(Name == "sqlite3_prepare_v3" ? 4 : 3);
    } else {
      C.Name = Arg(0); // the MYSQL_STMT *
      C.Sql = Arg(1);
    }
    break;
  case SqlRole::ExecPrepared:
    if (C.Api == SqlApi::LibPQ)
      C.Name = Arg(1);
    else
      C.Name = Arg(0); // sqlite3_stmt *, MYSQL_STMT *
    break;
  case SqlRole::Autocommit:
    C.Mode = Arg(1);
    break;
  default:
    break;
  }
  if (!C.Connection)
    return std::nullopt;
  return C;
}

std::optional<SqlCall> sqlCallOf(const CallExpr *Call,
                                 SqlWrapperLookup Wrappers) {
  if (std::optional<SqlCall> Direct = sqlCallOf(Call))
    return Direct;
  const SqlWrapper *W = Wrappers(Call);
  if (!W)
    return std::nullopt;
  auto Arg = [&](int I) -> const Expr * {
    return I >= 0 && static_cast<unsigned>(I) < Call->getNumArgs()
               ? Call->getArg(I)
               : nullptr;
  };
  SqlCall C;
  C.Api = W->Api;
  C.Role = SqlRole::Execute;
  C.Call = Call;
  C.Through = W;
  C.Sql = Arg(W->SqlArg);
  C.Connection = Arg(W->ConnArg);
  if ((W->SqlArg >= 0 && !C.Sql) || (W->ConnArg >= 0 && !C.Connection))
    return std::nullopt;
  return C;
}

namespace {

/// The format argument of a call that formats into its first argument (or,
/// for `asprintf`, into what its first argument points to).
std::optional<unsigned> formatArgumentOf(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<unsigned>>(Name)
      .Cases("sprintf", "asprintf", 1)
      .Case("snprintf", 2)
      .Case("__builtin___sprintf_chk", 3)
      .Cases("__builtin___snprintf_chk", "__snprintf_chk", 4)
      .Case("__sprintf_chk", 3)
      .Case("__asprintf_chk", 2)
      .Default(std::nullopt);
}

} // namespace

std::optional<std::string> sqlOfFormat(llvm::StringRef Format,
                                       std::vector<unsigned> *Ends,
                                       std::vector<unsigned> *Params) {
  std::string Out;
  std::vector<unsigned> Last;
  std::vector<unsigned> Consumed;
  // Appends \p Text, made from the format's bytes up to \p End.
  auto Emit = [&](llvm::StringRef Text, size_t End) {
    Out += Text;
    Last.insert(Last.end(), Text.size(), static_cast<unsigned>(End));
  };
  unsigned Next = 1;
  for (size_t I = 0; I < Format.size(); ++I) {
    if (Format[I] != '%') {
      Emit(Format.substr(I, 1), I);
      continue;
    }
    if (I + 1 < Format.size() && Format[I + 1] == '%') {
      Emit("%", I + 1);
      ++I;
      continue;
    }
    size_t J = I + 1;
    while (J < Format.size() && llvm::StringRef("-+ #0'").contains(Format[J]))
      ++J;
    while (J < Format.size() &&
           (llvm::isDigit(Format[J]) || Format[J] == '*' || Format[J] == '.')) {
      if (Format[J] == '*')
        Consumed.push_back(0); // a width or precision argument
      ++J;
    }
    while (J < Format.size() && llvm::StringRef("hlLqjzt").contains(Format[J]))
      ++J;
    if (J >= Format.size() ||
        !llvm::StringRef("diouxXeEfFgGaAcsQqwp").contains(Format[J]))
      return std::nullopt;
    // Part of a name (`FROM %sitems`, `%s_log`): a letter of it.
    auto IsNameChar = [](char C) { return llvm::isAlnum(C) || C == '_'; };
    if ((!Out.empty() && IsNameChar(Out.back())) ||
        (J + 1 < Format.size() && IsNameChar(Format[J + 1]))) {
      Emit("x", J);
      Consumed.push_back(0);
      I = J;
      continue;
    }
    Consumed.push_back(Next);
    const std::string Param = "$" + std::to_string(Next++);
    // '%s': the quotes go with the conversion.
    if (!Out.empty() && Out.back() == '\'' && J + 1 < Format.size() &&
        Format[J + 1] == '\'') {
      Out.pop_back();
      Last.pop_back();
      Emit(Param, J + 1);
      I = J + 1;
      continue;
    }
    Emit(Param, J);
    I = J;
  }
  if (Ends)
    *Ends = std::move(Last);
  if (Params)
    *Params = std::move(Consumed);
  return Out;
}

namespace {

/// Finds the calls that format into one local buffer.
struct FormatWrites : RecursiveASTVisitor<FormatWrites> {
  const VarDecl *Buffer;
  /// The format of each write, and where the write is (an assignment:
  /// no format).
  llvm::SmallVector<std::pair<const Expr *, SourceLocation>, 1> Formats;
  bool Other = false;

  explicit FormatWrites(const VarDecl *Buffer) : Buffer(Buffer) {}

  /// Calls that release the buffer or only look at it.
  static bool releases(llvm::StringRef Name) {
    return llvm::is_contained({"free", "sqlite3_free", "PQfreemem",
                               "g_free"},
                              Name);
  }

  bool names(const Expr *E, bool AddressOf) const {
    E = E->IgnoreParenImpCasts();
    if (AddressOf) {
      const auto *U = dyn_cast<UnaryOperator>(E);
      if (!U || U->getOpcode() != UO_AddrOf)
        return false;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref && Ref->getDecl() == Buffer;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || Call->getNumArgs() == 0)
      return true;
    const llvm::StringRef Name = FD->getName();
    if (releases(Name))
      return true;
    std::optional<unsigned> Format = formatArgumentOf(Name);
    if (Format && names(Call->getArg(0), Name.contains("asprintf"))) {
      if (*Format >= Call->getNumArgs())
        Other = true;
      else
        Formats.push_back({Call->getArg(*Format), Call->getBeginLoc()});
      return true;
    }
    // Handed on where it may be written (strcat(q, ...), memcpy).
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (!names(Call->getArg(I), false))
        continue;
      const QualType P = I < FD->getNumParams()
                             ? FD->getParamDecl(I)->getType()
                             : QualType();
      if (P.isNull() || !P->isPointerType() ||
          !P->getPointeeType().isConstQualified())
        Other = true;
    }
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    // Assigned: formatted by whom? (q = sqlite3_mprintf(...) is read as
    // an initializer.)
    if (B->isAssignmentOp() && names(B->getLHS(), false))
      Formats.push_back({mprintfFormat(B->getRHS()), B->getBeginLoc()});
    return true;
  }

  /// The format of `sqlite3_mprintf(format, ...)`, or null.
  static const Expr *mprintfFormat(const Expr *E) {
    const auto *Call =
        E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier() || FD->getName() != "sqlite3_mprintf" ||
        Call->getNumArgs() == 0)
      return nullptr;
    return Call->getArg(0);
  }
};

/// The SQL a local buffer holds at \p Use when the function formats it
/// (the last format before \p Use in the text: a buffer reused for one
/// statement after another), and does nothing else to it.
std::optional<std::string> formattedSql(const VarDecl *Buffer,
                                        const Expr *Use,
                                        const ASTContext &Ctx) {
  if (!Buffer->isLocalVarDecl() || Buffer->isStaticLocal())
    return std::nullopt;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Buffer->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return std::nullopt;
  FormatWrites Writes(Buffer);
  // char *q = sqlite3_mprintf("...", ...);
  if (const Expr *Init = Buffer->getInit()) {
    if (const Expr *Format = FormatWrites::mprintfFormat(Init))
      Writes.Formats.push_back({Format, Buffer->getLocation()});
    else if (!Init->IgnoreParenImpCasts()->isNullPointerConstant(
                 const_cast<ASTContext &>(Ctx),
                 Expr::NPC_ValueDependentIsNotNull) &&
             !isa<InitListExpr>(Init->IgnoreParenImpCasts()))
      return std::nullopt;
  }
  Writes.TraverseStmt(const_cast<Stmt *>(Body));
  if (Writes.Other)
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *Format = nullptr;
  SourceLocation Latest;
  for (const auto &[Each, Loc] : Writes.Formats)
    if (SM.isBeforeInTranslationUnit(Loc, Use->getBeginLoc()) &&
        (Latest.isInvalid() || SM.isBeforeInTranslationUnit(Latest, Loc))) {
      Latest = Loc;
      Format = Each;
    }
  const auto *Text =
      Format ? dyn_cast<StringLiteral>(Format->IgnoreParenImpCasts()) : nullptr;
  if (!Text || !Text->isOrdinary())
    return std::nullopt;
  return sqlOfFormat(Text->getString());
}

} // namespace

std::optional<std::string> sqlTextOf(const Expr *E, const ASTContext &Ctx,
                                     const StringLiteral **Literal,
                                     bool *Formatted) {
  if (Literal)
    *Literal = nullptr;
  if (Formatted)
    *Formatted = false;
  if (!E)
    return std::nullopt;
  E = stripImplicit(E);
  if (const auto *Lit = dyn_cast<StringLiteral>(E)) {
    if (!Lit->isOrdinary() && !Lit->isUTF8())
      return std::nullopt;
    if (Literal)
      *Literal = Lit;
    return Lit->getString().str();
  }
  // std::string / string_view / pqxx::zview from one argument.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    unsigned Real = 0;
    const Expr *First = nullptr;
    for (const Expr *A : Construct->arguments()) {
      if (isa<CXXDefaultArgExpr>(A))
        continue;
      First = First ? First : A;
      ++Real;
    }
    if (Real == 1)
      return sqlTextOf(First, Ctx, Literal, Formatted);
    return std::nullopt;
  }
  // s.c_str(), s.data() of a known string.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (M && M->getIdentifier() &&
        (M->getName() == "c_str" || M->getName() == "data"))
      return sqlTextOf(Member->getImplicitObjectArgument(), Ctx, Literal,
                       Formatted);
    return std::nullopt;
  }
  // std::string("a") + "b".
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Plus || Op->getNumArgs() != 2)
      return std::nullopt;
    std::optional<std::string> L = sqlTextOf(Op->getArg(0), Ctx);
    std::optional<std::string> R = sqlTextOf(Op->getArg(1), Ctx);
    if (!L || !R)
      return std::nullopt;
    return *L + *R;
  }
  // A constant: `static const char kQuery[] = "..."`, `constexpr
  // std::string_view kQuery = "..."`, `const char *const kQuery = "..."`.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    QualType T = Var->getType();
    const bool Constant =
        Var->isConstexpr() || T.isConstQualified() ||
        (T->isArrayType() &&
         Ctx.getAsArrayType(T)->getElementType().isConstQualified());
    if (!Constant || !Var->getAnyInitializer()) {
      if (Formatted)
        *Formatted = true;
      return formattedSql(Var, E, Ctx);
    }
    // The text, but not its literal: a named constant may serve other
    // calls, and a fix-it must not change them behind the reader's back.
    if (Literal)
      *Literal = nullptr;
    return sqlTextOf(Var->getAnyInitializer(), Ctx, nullptr);
  }
  return std::nullopt;
}

sql::Isolation pqxxIsolation(const CXXRecordDecl *RD, bool &IsTransaction,
                             bool &Autocommit) {
  IsTransaction = false;
  Autocommit = false;
  if (!RD || !inNamespace(RD, "pqxx"))
    return sql::Isolation::Default;
  if (derivesFrom(RD, "nontransaction")) {
    IsTransaction = true;
    Autocommit = true;
    return sql::Isolation::Default;
  }
  if (!derivesFrom(RD, "dbtransaction"))
    return sql::Isolation::Default;
  IsTransaction = true;
  // transaction<isolation_level, ...>, robusttransaction<isolation_level>.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() > 0 && Args[0].getKind() == TemplateArgument::Integral) {
      switch (Args[0].getAsIntegral().getExtValue()) {
      case 1:
        return sql::Isolation::RepeatableRead;
      case 2:
        return sql::Isolation::Serializable;
      default:
        return sql::Isolation::ReadCommitted;
      }
    }
  }
  // subtransaction: whatever its parent runs at; read committed by default.
  return sql::Isolation::ReadCommitted;
}

SourceLocation literalByteLocation(const StringLiteral *Literal,
                                   unsigned Offset, const ASTContext &Ctx) {
  return Literal->getLocationOfByte(Offset, Ctx.getSourceManager(),
                                    Ctx.getLangOpts(), Ctx.getTargetInfo());
}

} // namespace clang::tidy::toctou
