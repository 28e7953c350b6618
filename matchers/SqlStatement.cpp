//===--- SqlStatement.cpp - What a SQL text does, by PostgreSQL's parser --===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/SqlStatement.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include <pg_query.h>
#include <type_traits>

namespace clang::tidy::toctou::sql {

namespace {

//===-- a small lexer: enough to find words, parameters and the top level
//--===//

struct Token {
  enum Type { Word, Param, String, QuotedName, Punct, Semicolon } T;
  llvm::StringRef Text;
  unsigned Offset;
  /// Parenthesis depth at the token.
  unsigned Depth;
};

/// Calls \p Visit for each token of \p Text; comments and blanks are
/// skipped.
template <typename Fn> void lex(llvm::StringRef Text, Dialect D, Fn Visit) {
  const size_t N = Text.size();
  unsigned Depth = 0;
  size_t I = 0;
  auto Emit = [&](Token::Type T, size_t Begin, size_t End) {
    Visit(
        Token{T, Text.slice(Begin, End), static_cast<unsigned>(Begin), Depth});
  };
  while (I < N) {
    const char C = Text[I];
    if (llvm::isSpace(C)) {
      ++I;
      continue;
    }
    if (C == '-' && I + 1 < N && Text[I + 1] == '-') {
      while (I < N && Text[I] != '\n')
        ++I;
      continue;
    }
    if (D == Dialect::MySQL && C == '#') {
      while (I < N && Text[I] != '\n')
        ++I;
      continue;
    }
    if (C == '/' && I + 1 < N && Text[I + 1] == '*') {
      size_t End = Text.find("*/", I + 2);
      I = End == llvm::StringRef::npos ? N : End + 2;
      continue;
    }
    // Strings; MySQL also quotes strings with double quotes.
    if (C == '\'' || (D == Dialect::MySQL && C == '"')) {
      const char Quote = C;
      size_t J = I + 1;
      while (J < N) {
        if (Text[J] == '\\' && D == Dialect::MySQL) {
          J += 2;
          continue;
        }
        if (Text[J] == Quote) {
          if (J + 1 < N && Text[J + 1] == Quote) {
            J += 2;
            continue;
          }
          break;
        }
        ++J;
      }
      Emit(Token::String, I, std::min(J + 1, N));
      I = J + 1;
      continue;
    }
    if (C == '"' || C == '`' || (C == '[' && D == Dialect::SQLite)) {
      const char Close = C == '[' ? ']' : C;
      size_t J = Text.find(Close, I + 1);
      J = J == llvm::StringRef::npos ? N : J;
      Emit(Token::QuotedName, I, std::min(J + 1, N));
      I = J + 1;
      continue;
    }
    // PostgreSQL dollar quoting: $tag$ ... $tag$.
    if (C == '$' && D == Dialect::PostgreSQL && I + 1 < N &&
        (Text[I + 1] == '$' || llvm::isAlpha(Text[I + 1]) ||
         Text[I + 1] == '_')) {
      size_t J = I + 1;
      while (J < N && (llvm::isAlnum(Text[J]) || Text[J] == '_'))
        ++J;
      if (J < N && Text[J] == '$') {
        llvm::StringRef Tag = Text.slice(I, J + 1);
        size_t End = Text.find(Tag, J + 1);
        End = End == llvm::StringRef::npos ? N : End + Tag.size();
        Emit(Token::String, I, End);
        I = End;
        continue;
      }
    }
    // Parameters: $1; ?, ?3, :name, @name, $name outside PostgreSQL.
    if (C == '$' && I + 1 < N && llvm::isDigit(Text[I + 1])) {
      size_t J = I + 1;
      while (J < N && llvm::isDigit(Text[J]))
        ++J;
      Emit(Token::Param, I, J);
      I = J;
      continue;
    }
    if (D != Dialect::PostgreSQL) {
      if (C == '?') {
        size_t J = I + 1;
        while (J < N && llvm::isDigit(Text[J]))
          ++J;
        Emit(Token::Param, I, J);
        I = J;
        continue;
      }
      if ((C == ':' || C == '@' || C == '$') && I + 1 < N &&
          (llvm::isAlpha(Text[I + 1]) || Text[I + 1] == '_') &&
          !(I > 0 && Text[I - 1] == ':')) {
        size_t J = I + 1;
        while (J < N && (llvm::isAlnum(Text[J]) || Text[J] == '_'))
          ++J;
        Emit(Token::Param, I, J);
        I = J;
        continue;
      }
    }
    if (llvm::isAlpha(C) || C == '_' || static_cast<unsigned char>(C) >= 0x80) {
      size_t J = I + 1;
      while (J < N &&
             (llvm::isAlnum(Text[J]) || Text[J] == '_' || Text[J] == '$' ||
              static_cast<unsigned char>(Text[J]) >= 0x80))
        ++J;
      Emit(Token::Word, I, J);
      I = J;
      continue;
    }
    if (C == ';') {
      Emit(Token::Semicolon, I, I + 1);
      ++I;
      continue;
    }
    if (C == '(') {
      Emit(Token::Punct, I, I + 1);
      ++Depth;
      ++I;
      continue;
    }
    if (C == ')') {
      if (Depth > 0)
        --Depth;
      Emit(Token::Punct, I, I + 1);
      ++I;
      continue;
    }
    size_t J = I + 1;
    if (llvm::isDigit(C))
      while (J < N && (llvm::isAlnum(Text[J]) || Text[J] == '.'))
        ++J;
    Emit(Token::Punct, I, J);
    I = J;
  }
}

bool is(const Token &T, llvm::StringRef Word) {
  return T.T == Token::Word && T.Text.equals_insensitive(Word);
}

/// One statement of a text, with what normalization took out of it.
struct Segment {
  unsigned Begin = 0, End = 0;
  std::string Normalized;
  bool HandlesConflict = false;
  BeginMode Mode = BeginMode::None;
};

std::vector<Segment> segment(llvm::StringRef Text, Dialect D) {
  std::vector<Token> Tokens;
  lex(Text, D, [&](const Token &T) { Tokens.push_back(T); });
  std::vector<Segment> Out;
  size_t First = 0;
  while (First < Tokens.size()) {
    size_t Last = First;
    while (Last < Tokens.size() && Tokens[Last].T != Token::Semicolon)
      ++Last;
    if (Last == First) {
      First = Last + 1;
      continue;
    }
    llvm::ArrayRef<Token> S(Tokens.data() + First, Last - First);
    Segment Seg;
    Seg.Begin = S.front().Offset;
    Seg.End = S.back().Offset + S.back().Text.size();
    // Rebuild the statement token by token, rewriting where needed.
    std::string Out2;
    llvm::StringMap<unsigned> Named;
    unsigned NextParam = 0;
    size_t Copied = Seg.Begin;
    auto CopyUpTo = [&](unsigned Offset) {
      Out2 += Text.slice(Copied, Offset);
      Copied = Offset;
    };
    auto Skip = [&](const Token &T) {
      CopyUpTo(T.Offset);
      Copied = T.Offset + T.Text.size();
    };
    auto Replace = [&](const Token &T, llvm::StringRef With) {
      CopyUpTo(T.Offset);
      Out2 += With;
      Copied = T.Offset + T.Text.size();
    };
    for (size_t K = 0; K < S.size(); ++K) {
      const Token &T = S[K];
      if (D == Dialect::PostgreSQL)
        break;
      if (T.T == Token::Param && T.Text[0] != '$') {
        unsigned Number;
        if (T.Text[0] == '?' && T.Text.size() > 1) {
          T.Text.drop_front().getAsInteger(10, Number);
          NextParam = std::max(NextParam, Number);
        } else if (T.Text[0] == '?') {
          Number = ++NextParam;
        } else {
          auto [It, New] = Named.try_emplace(T.Text, NextParam + 1);
          if (New)
            ++NextParam;
          Number = It->second;
        }
        Replace(T, "$" + std::to_string(Number));
        continue;
      }
      if (T.T == Token::Param && T.Text[0] == '$' && T.Text.size() > 1 &&
          !llvm::isDigit(T.Text[1])) {
        auto [It, New] = Named.try_emplace(T.Text, NextParam + 1);
        if (New)
          ++NextParam;
        Replace(T, "$" + std::to_string(It->second));
        continue;
      }
      if (T.T == Token::String && T.Text[0] == '"') {
        std::string Inner;
        for (char Ch : T.Text.drop_front().drop_back()) {
          Inner += Ch;
          if (Ch == '\'')
            Inner += '\'';
        }
        Replace(T, "'" + Inner + "'");
        continue;
      }
      if (T.T == Token::QuotedName && (T.Text[0] == '`' || T.Text[0] == '[')) {
        Replace(T, "\"" + T.Text.drop_front().drop_back().str() + "\"");
        continue;
      }
      if (K == 0 && is(T, "REPLACE") && S.size() > 1 && is(S[1], "INTO")) {
        Replace(T, "INSERT");
        Seg.HandlesConflict = true;
        continue;
      }
      if (K == 1 && is(S[0], "INSERT") && is(T, "OR") && S.size() > 2 &&
          (is(S[2], "IGNORE") || is(S[2], "REPLACE"))) {
        Skip(T);
        Skip(S[2]);
        ++K;
        Seg.HandlesConflict = true;
        continue;
      }
      if (K == 1 && is(S[0], "INSERT") && is(T, "IGNORE")) {
        Skip(T);
        Seg.HandlesConflict = true;
        continue;
      }
      if (K == 1 && is(S[0], "BEGIN") &&
          (is(T, "DEFERRED") || is(T, "IMMEDIATE") || is(T, "EXCLUSIVE"))) {
        Seg.Mode = is(T, "DEFERRED")    ? BeginMode::Deferred
                   : is(T, "IMMEDIATE") ? BeginMode::Immediate
                                        : BeginMode::Exclusive;
        Skip(T);
        continue;
      }
      if (is(T, "ON") && T.Depth == 0 && K + 3 < S.size() &&
          is(S[K + 1], "DUPLICATE") && is(S[K + 2], "KEY") &&
          is(S[K + 3], "UPDATE")) {
        CopyUpTo(T.Offset);
        Copied = Seg.End;
        Seg.HandlesConflict = true;
        break;
      }
      if (is(T, "LOCK") && K + 3 < S.size() && is(S[K + 1], "IN") &&
          is(S[K + 2], "SHARE") && is(S[K + 3], "MODE")) {
        CopyUpTo(T.Offset);
        Out2 += "FOR SHARE";
        Copied = S[K + 3].Offset + S[K + 3].Text.size();
        K += 3;
        continue;
      }
    }
    CopyUpTo(Seg.End);
    Seg.Normalized = std::move(Out2);
    Out.push_back(std::move(Seg));
    First = Last + 1;
  }
  return Out;
}

/// The top-level AND conjuncts of the WHERE clause of \p Text; \p End
/// receives the offset where the clause ends, \p Tail the text after it.
std::vector<std::string> whereConjuncts(llvm::StringRef Text, Dialect D,
                                        unsigned &End, std::string &Tail) {
  End = 0;
  Tail.clear();
  std::vector<Token> Tokens;
  lex(Text, D, [&](const Token &T) { Tokens.push_back(T); });
  size_t K = 0;
  while (K < Tokens.size() && !(Tokens[K].Depth == 0 && is(Tokens[K], "WHERE")))
    ++K;
  if (K == Tokens.size())
    return {};
  static const char *const Enders[] = {
      "GROUP",     "ORDER", "LIMIT", "OFFSET", "FOR",       "HAVING", "WINDOW",
      "RETURNING", "FETCH", "UNION", "EXCEPT", "INTERSECT", "LOCK"};
  std::vector<std::string> Out;
  size_t Start = K + 1;
  size_t J = Start;
  bool InBetween = false; // `x BETWEEN a AND b`: that AND is not a conjunct
  auto Flush = [&](size_t Stop) {
    if (Start < Stop) {
      unsigned B = Tokens[Start].Offset;
      unsigned E = Tokens[Stop - 1].Offset + Tokens[Stop - 1].Text.size();
      Out.push_back(Text.slice(B, E).trim().str());
      End = E;
    }
  };
  for (; J < Tokens.size(); ++J) {
    const Token &T = Tokens[J];
    if (T.Depth != 0)
      continue;
    if (T.T == Token::Semicolon)
      break;
    if (T.T == Token::Word &&
        llvm::any_of(Enders, [&](const char *W) { return is(T, W); }))
      break;
    if (is(T, "BETWEEN")) {
      InBetween = true;
      continue;
    }
    if (is(T, "AND")) {
      if (InBetween) {
        InBetween = false;
        continue;
      }
      Flush(J);
      Start = J + 1;
    }
    if (is(T, "OR")) {
      // A top-level OR: the clause is not a conjunction.
      End = 0;
      return {Text.slice(Tokens[K + 1].Offset, Text.size()).trim().str()};
    }
  }
  Flush(J);
  if (J < Tokens.size() && Tokens[J].T != Token::Semicolon)
    Tail = Text.slice(Tokens[J].Offset, Text.size()).trim().str();
  return Out;
}

/// The text of an UPDATE's SET list.
std::string setList(llvm::StringRef Text, Dialect D) {
  std::vector<Token> Tokens;
  lex(Text, D, [&](const Token &T) { Tokens.push_back(T); });
  size_t K = 0;
  while (K < Tokens.size() && !(Tokens[K].Depth == 0 && is(Tokens[K], "SET")))
    ++K;
  if (K + 1 >= Tokens.size())
    return "";
  size_t J = K + 1;
  while (J < Tokens.size() &&
         !(Tokens[J].Depth == 0 &&
           (is(Tokens[J], "WHERE") || is(Tokens[J], "FROM") ||
            is(Tokens[J], "RETURNING") || Tokens[J].T == Token::Semicolon)))
    ++J;
  unsigned B = Tokens[K + 1].Offset;
  unsigned E = Tokens[J - 1].Offset + Tokens[J - 1].Text.size();
  return Text.slice(B, E).trim().str();
}

//===-- the parse tree --------------------------------------------------===//

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

template <typename Fn> void walk(const Value &V, Fn &&Visit);

/// Calls \p Visit(Name, Node) for every node of the tree under \p O's
/// members. The tree is walked where it is, never copied (a 20,000-row
/// INSERT makes a tree of hundreds of megabytes).
template <typename Fn> void walkMembers(const Object &O, Fn &&Visit) {
  for (const auto &KV : O) {
    if (const Object *Inner = KV.second.getAsObject())
      Visit(llvm::StringRef(KV.first), *Inner);
    walk(KV.second, Visit);
  }
}

/// Calls \p Visit(Name, Node) for every node of the tree under \p V.
template <typename Fn> void walk(const Value &V, Fn &&Visit) {
  if (const Object *O = V.getAsObject()) {
    walkMembers(*O, Visit);
  } else if (const Array *A = V.getAsArray()) {
    for (const Value &E : *A)
      walk(E, Visit);
  }
}

std::string lastString(const Array *Names) {
  std::string Last;
  if (!Names)
    return Last;
  for (const Value &N : *Names)
    if (const Object *S = N.getAsObject())
      if (const Object *Str = S->getObject("String"))
        if (std::optional<llvm::StringRef> Sv = Str->getString("sval"))
          Last = Sv->str();
  return Last;
}

void addUnique(std::vector<std::string> &V, std::string S) {
  if (!S.empty() && !llvm::is_contained(V, S))
    V.push_back(std::move(S));
}

void collectColumns(const Value &V, std::vector<std::string> &Out) {
  walk(V, [&](llvm::StringRef Name, const Object &Node) {
    if (Name == "ColumnRef")
      addUnique(Out, lastString(Node.getArray("fields")));
  });
  if (const Object *O = V.getAsObject())
    if (const Object *Ref = O->getObject("ColumnRef"))
      addUnique(Out, lastString(Ref->getArray("fields")));
}

/// The tables named under \p V (a Value, or an Object's members).
template <typename Tree>
void collectTables(const Tree &V, std::vector<std::string> &Out,
                   const Object *Skip) {
  auto Visit = [&](llvm::StringRef Name, const Object &Node) {
    if (Name == "RangeVar" && &Node != Skip)
      if (std::optional<llvm::StringRef> Rel = Node.getString("relname"))
        addUnique(Out, Rel->str());
  };
  if constexpr (std::is_same_v<Tree, Object>)
    walkMembers(V, Visit);
  else
    walk(V, Visit);
}

/// The operator an A_Expr applies (`=`, `%`), or "" for another node.
std::string operatorOf(const Object &Expr) {
  const Object *A = Expr.getObject("A_Expr");
  if (!A || A->getString("kind").value_or("AEXPR_OP") != "AEXPR_OP")
    return "";
  return lastString(A->getArray("name"));
}

/// `mod(col, n)` or `col % n`: the column; "" for anything else.
std::string modulusColumn(const Value &V) {
  const Object *O = V.getAsObject();
  if (!O)
    return "";
  const Value *Col = nullptr;
  if (const Object *F = O->getObject("FuncCall")) {
    const Array *Args = F->getArray("args");
    if (llvm::StringRef(lastString(F->getArray("funcname")))
            .equals_insensitive("mod") &&
        Args && Args->size() == 2)
      Col = &(*Args)[0];
  } else if (operatorOf(*O) == "%") {
    Col = O->getObject("A_Expr")->get("lexpr");
  }
  const Object *C = Col ? Col->getAsObject() : nullptr;
  const Object *Ref = C ? C->getObject("ColumnRef") : nullptr;
  return Ref ? lastString(Ref->getArray("fields")) : "";
}

/// The partition columns of a WHERE clause: top-level conjuncts
/// `mod(col, n) = $k` or `col % n = $k`, either way round. The share must
/// be a parameter: `mod(id, 2) = 0` is a filter, not a worker's share.
void collectPartitions(const Value &Where, std::vector<std::string> &Out) {
  const Object *O = Where.getAsObject();
  if (!O)
    return;
  if (const Object *B = O->getObject("BoolExpr")) {
    if (B->getString("boolop") == "AND_EXPR")
      if (const Array *Args = B->getArray("args"))
        for (const Value &A : *Args)
          collectPartitions(A, Out);
    return;
  }
  if (operatorOf(*O) != "=")
    return;
  const Object *A = O->getObject("A_Expr");
  const Value *L = A->get("lexpr"), *R = A->get("rexpr");
  if (!L || !R)
    return;
  auto IsParam = [](const Value &V) {
    const Object *P = V.getAsObject();
    return P && P->getObject("ParamRef");
  };
  if (IsParam(*R))
    addUnique(Out, modulusColumn(*L));
  if (IsParam(*L))
    addUnique(Out, modulusColumn(*R));
}

Isolation isolationOf(const Array *Options) {
  if (!Options)
    return Isolation::Default;
  for (const Value &Opt : *Options) {
    const Object *O = Opt.getAsObject();
    const Object *Def = O ? O->getObject("DefElem") : nullptr;
    if (!Def || Def->getString("defname") != "transaction_isolation")
      continue;
    const Object *Arg = Def->getObject("arg");
    const Object *Const = Arg ? Arg->getObject("A_Const") : nullptr;
    const Object *S = Const ? Const->getObject("sval") : nullptr;
    std::optional<llvm::StringRef> Level =
        S ? S->getString("sval") : std::nullopt;
    if (!Level)
      continue;
    if (*Level == "serializable")
      return Isolation::Serializable;
    if (*Level == "repeatable read")
      return Isolation::RepeatableRead;
    if (*Level == "read committed")
      return Isolation::ReadCommitted;
    if (*Level == "read uncommitted")
      return Isolation::ReadUncommitted;
  }
  return Isolation::Default;
}

void classifyTree(const Object &Stmt, Statement &Out) {
  // Advisory locks anywhere, and the highest parameter.
  walkMembers(Stmt, [&](llvm::StringRef Name, const Object &Node) {
    if (Name == "ParamRef")
      if (std::optional<int64_t> N = Node.getInteger("number"))
        Out.MaxParam = std::max<unsigned>(Out.MaxParam, *N);
    if (Name != "FuncCall")
      return;
    std::string F = lastString(Node.getArray("funcname"));
    llvm::StringRef Fn(F);
    if (!Fn.starts_with("pg_") || !Fn.contains("advisory_"))
      return;
    AdvisoryLock L;
    L.Function = F;
    L.Try = Fn.starts_with("pg_try_");
    L.Transaction = Fn.contains("_xact_");
    L.Shared = Fn.ends_with("_shared");
    L.Unlock = Fn.contains("_unlock");
    L.Offset = Node.getInteger("location").value_or(0);
    Out.AdvisoryLocks.push_back(L);
  });

  if (const Object *Sel = Stmt.getObject("SelectStmt")) {
    Out.StatementKind = Kind::Select;
    bool Aggregate = false;
    walkMembers(*Sel, [&](llvm::StringRef Name, const Object &Node) {
      if (Name != "FuncCall")
        return;
      std::string F =
          llvm::StringRef(lastString(Node.getArray("funcname"))).lower();
      Aggregate |= F == "count" || F == "sum" || F == "min" || F == "max" ||
                   F == "avg" || F == "array_agg" || F == "string_agg" ||
                   F == "bool_and" || F == "bool_or" || F == "every";
    });
    Out.Lockable = !Aggregate && !Sel->get("groupClause") &&
                   !Sel->get("distinctClause") && !Sel->get("havingClause") &&
                   !Sel->get("lockingClause") && Sel->get("fromClause") &&
                   Sel->getString("op").value_or("SETOP_NONE") == "SETOP_NONE";
    collectTables(*Sel, Out.TablesRead, nullptr);
    if (const Value *Targets = Sel->get("targetList"))
      collectColumns(*Targets, Out.SelectColumns);
    if (const Value *Where = Sel->get("whereClause")) {
      collectColumns(*Where, Out.WhereColumns);
      collectPartitions(*Where, Out.PartitionColumns);
    }
    if (const Array *Locking = Sel->getArray("lockingClause"))
      for (const Value &L : *Locking) {
        const Object *O = L.getAsObject();
        const Object *C = O ? O->getObject("LockingClause") : nullptr;
        if (!C)
          continue;
        llvm::StringRef Strength = C->getString("strength").value_or("");
        Out.Lock = Strength == "LCS_FORUPDATE"        ? RowLock::Update
                   : Strength == "LCS_FORNOKEYUPDATE" ? RowLock::NoKeyUpdate
                   : Strength == "LCS_FORSHARE"       ? RowLock::Share
                                                      : RowLock::KeyShare;
        llvm::StringRef Wait = C->getString("waitPolicy").value_or("");
        Out.SkipLocked |= Wait == "LockWaitSkip";
        Out.NoWait |= Wait == "LockWaitError";
      }
    return;
  }
  auto Written = [&](const Object &S) -> const Object * {
    const Object *Rel = S.getObject("relation");
    if (Rel)
      if (std::optional<llvm::StringRef> Name = Rel->getString("relname"))
        addUnique(Out.TablesWritten, Name->str());
    return Rel;
  };
  if (const Object *Ins = Stmt.getObject("InsertStmt")) {
    Out.StatementKind = Kind::Insert;
    const Object *Rel = Written(*Ins);
    collectTables(*Ins, Out.TablesRead, nullptr);
    Out.Returning = Ins->get("returningList") != nullptr;
    Out.HandlesConflict |= Ins->get("onConflictClause") != nullptr;
    if (const Array *Cols = Ins->getArray("cols"))
      for (const Value &C : *Cols)
        if (const Object *O = C.getAsObject())
          if (const Object *R = O->getObject("ResTarget"))
            addUnique(Out.InsertColumns,
                      R->getString("name").value_or("").str());
    // Reads of the target by the INSERT itself do not count.
    if (Rel)
      llvm::erase(Out.TablesRead, Rel->getString("relname")->str());
    return;
  }
  if (const Object *Upd = Stmt.getObject("UpdateStmt")) {
    Out.StatementKind = Kind::Update;
    Written(*Upd);
    if (const Value *From = Upd->get("fromClause"))
      collectTables(*From, Out.TablesRead, nullptr);
    if (const Value *Where = Upd->get("whereClause")) {
      collectColumns(*Where, Out.WhereColumns);
      collectTables(*Where, Out.TablesRead, nullptr);
    }
    Out.Returning = Upd->get("returningList") != nullptr;
    if (const Array *Targets = Upd->getArray("targetList"))
      for (const Value &T : *Targets) {
        const Object *O = T.getAsObject();
        const Object *R = O ? O->getObject("ResTarget") : nullptr;
        if (!R)
          continue;
        std::string Col = R->getString("name").value_or("").str();
        addUnique(Out.SetColumns, Col);
        std::vector<std::string> Used;
        if (const Value *Val = R->get("val"))
          collectColumns(*Val, Used);
        if (llvm::is_contained(Used, Col))
          addUnique(Out.RelativeColumns, Col);
      }
    return;
  }
  if (const Object *Del = Stmt.getObject("DeleteStmt")) {
    Out.StatementKind = Kind::Delete;
    Written(*Del);
    if (const Value *Using = Del->get("usingClause"))
      collectTables(*Using, Out.TablesRead, nullptr);
    if (const Value *Where = Del->get("whereClause")) {
      collectColumns(*Where, Out.WhereColumns);
      collectTables(*Where, Out.TablesRead, nullptr);
    }
    Out.Returning = Del->get("returningList") != nullptr;
    return;
  }
  if (const Object *Tx = Stmt.getObject("TransactionStmt")) {
    llvm::StringRef K = Tx->getString("kind").value_or("");
    if (K == "TRANS_STMT_BEGIN" || K == "TRANS_STMT_START") {
      Out.StatementKind = Kind::Begin;
      Out.Level = isolationOf(Tx->getArray("options"));
    } else if (K == "TRANS_STMT_COMMIT" || K == "TRANS_STMT_COMMIT_PREPARED") {
      Out.StatementKind = Kind::Commit;
    } else if (K == "TRANS_STMT_ROLLBACK" ||
               K == "TRANS_STMT_ROLLBACK_PREPARED") {
      Out.StatementKind = Kind::Rollback;
    } else {
      Out.StatementKind = Kind::Savepoint;
    }
    return;
  }
  if (const Object *Set = Stmt.getObject("VariableSetStmt")) {
    if (Set->getString("name") == "TRANSACTION" ||
        Set->getString("name") == "SESSION CHARACTERISTICS") {
      Out.StatementKind = Kind::SetTransaction;
      Out.Level = isolationOf(Set->getArray("args"));
    }
    return;
  }
}

} // namespace

/// \p Json with every array cut to its first MaxArrayElements elements.
/// Long arrays in a parse tree are lists of literals (the rows of a
/// 20,000-row INSERT ... VALUES, a 100,000-entry IN list) that name no
/// table or column the first ones do not; whole, they made a tree of
/// gigabytes (llvm::json copies arrays as they grow) for nothing.
static std::string withShortArrays(llvm::StringRef Json) {
  constexpr unsigned MaxArrayElements = 64;
  std::string Out;
  Out.reserve(std::min<size_t>(Json.size(), 1 << 20));
  // Per open bracket: is it an array, and how many elements it has begun.
  llvm::SmallVector<std::pair<bool, unsigned>, 32> Open;
  bool InString = false;
  // > 0: copying nothing until the bracket depth falls back to this.
  size_t SkipTo = 0;
  for (size_t I = 0; I < Json.size(); ++I) {
    const char C = Json[I];
    if (InString) {
      if (!SkipTo)
        Out += C;
      if (C == '\\' && I + 1 < Json.size()) {
        if (!SkipTo)
          Out += Json[I + 1];
        ++I;
      } else if (C == '"') {
        InString = false;
      }
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      Open.push_back({C == '[', 0});
    } else if (C == ']' || C == '}') {
      if (SkipTo && Open.size() == SkipTo)
        SkipTo = 0; // the cut array ends: its bracket is copied
      if (!Open.empty())
        Open.pop_back();
    } else if (C == ',' && !Open.empty() && Open.back().first && !SkipTo &&
               ++Open.back().second >= MaxArrayElements) {
      SkipTo = Open.size();
      continue; // no comma after the last element kept
    }
    if (!SkipTo)
      Out += C;
  }
  return Out;
}

std::string normalize(llvm::StringRef Text, Dialect D) {
  std::string Out;
  for (const Segment &S : segment(Text, D)) {
    if (!Out.empty())
      Out += "; ";
    Out += S.Normalized;
  }
  return Out;
}

Classification classify(llvm::StringRef Text, Dialect D) {
  Classification Result;
  for (const Segment &Seg : segment(Text, D)) {
    if (!Result.Normalized.empty())
      Result.Normalized += "; ";
    Result.Normalized += Seg.Normalized;
    PgQueryParseResult Parsed = pg_query_parse(Seg.Normalized.c_str());
    if (Parsed.error) {
      Result.Error =
          Parsed.error->message ? Parsed.error->message : "syntax error";
      Result.ErrorOffset =
          Seg.Begin +
          (Parsed.error->cursorpos > 0 ? Parsed.error->cursorpos - 1 : 0);
      pg_query_free_parse_result(Parsed);
      Result.Statements.clear();
      return Result;
    }
    llvm::Expected<Value> Tree =
        llvm::json::parse(withShortArrays(Parsed.parse_tree));
    pg_query_free_parse_result(Parsed);
    if (!Tree) {
      Result.Error = llvm::toString(Tree.takeError());
      Result.Statements.clear();
      return Result;
    }
    const Object *Root = Tree->getAsObject();
    const Array *Stmts = Root ? Root->getArray("stmts") : nullptr;
    if (!Stmts)
      continue;
    for (const Value &Raw : *Stmts) {
      const Object *Wrapper = Raw.getAsObject();
      const Object *Stmt = Wrapper ? Wrapper->getObject("stmt") : nullptr;
      if (!Stmt)
        continue;
      Statement S;
      S.Begin = Seg.Begin;
      S.End = Seg.End;
      S.HandlesConflict = Seg.HandlesConflict;
      S.Mode = Seg.Mode;
      classifyTree(*Stmt, S);
      llvm::StringRef Own = Text.slice(Seg.Begin, Seg.End);
      if (S.StatementKind == Kind::Select || S.StatementKind == Kind::Update ||
          S.StatementKind == Kind::Delete) {
        unsigned WhereEnd = 0;
        S.WhereConjuncts = whereConjuncts(Own, D, WhereEnd, S.TailText);
        if (WhereEnd)
          S.WhereEnd = Seg.Begin + WhereEnd;
      }
      if (S.StatementKind == Kind::Update)
        S.SetText = setList(Own, D);
      // Advisory-lock offsets are in the normalized text; for PostgreSQL
      // it is the text itself.
      for (AdvisoryLock &L : S.AdvisoryLocks)
        L.Offset += Seg.Begin;
      Result.Statements.push_back(std::move(S));
    }
  }
  return Result;
}

llvm::StringRef kindName(Kind K) {
  switch (K) {
  case Kind::Select:
    return "select";
  case Kind::Insert:
    return "insert";
  case Kind::Update:
    return "update";
  case Kind::Delete:
    return "delete";
  case Kind::Begin:
    return "begin";
  case Kind::Commit:
    return "commit";
  case Kind::Rollback:
    return "rollback";
  case Kind::SetTransaction:
    return "set-transaction";
  case Kind::Savepoint:
    return "savepoint";
  case Kind::Other:
    return "other";
  }
  return "other";
}

llvm::StringRef isolationName(Isolation I) {
  switch (I) {
  case Isolation::Default:
    return "default";
  case Isolation::ReadUncommitted:
    return "read-uncommitted";
  case Isolation::ReadCommitted:
    return "read-committed";
  case Isolation::RepeatableRead:
    return "repeatable-read";
  case Isolation::Serializable:
    return "serializable";
  }
  return "default";
}

llvm::StringRef rowLockName(RowLock L) {
  switch (L) {
  case RowLock::None:
    return "none";
  case RowLock::KeyShare:
    return "for-key-share";
  case RowLock::Share:
    return "for-share";
  case RowLock::NoKeyUpdate:
    return "for-no-key-update";
  case RowLock::Update:
    return "for-update";
  }
  return "none";
}

} // namespace clang::tidy::toctou::sql
