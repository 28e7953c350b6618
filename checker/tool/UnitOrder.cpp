//===--- UnitOrder.cpp - Helpers' files first, on a run without summaries --===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/UnitOrder.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>

using namespace llvm;

namespace toctou::driver {

namespace {

/// Words followed by '(' that are not calls or definitions.
bool isKeyword(StringRef Word) {
  static const StringSet<> Keywords = {
      "if",       "while",       "for",        "switch",      "return",
      "sizeof",   "alignof",     "_Alignof",   "decltype",    "typeof",
      "catch",    "defined",     "noexcept",   "throw",       "alignas",
      "_Alignas", "_Generic",    "static_assert", "_Static_assert",
      "do",       "else",        "case",       "asm",         "new",
      "delete",   "operator",    "requires",   "co_return",   "co_await"};
  return Keywords.contains(Word) || Word.starts_with("__");
}

/// Words after which a '{' opens a scope whose functions are still at the
/// top level (a namespace, extern "C").
bool opensTransparentScope(StringRef Word) {
  return Word == "namespace" || Word == "extern";
}

} // namespace

FileCalls scanFileCalls(StringRef Text) {
  FileCalls Out;
  clang::LangOptions Lang;
  Lang.CPlusPlus = Lang.CPlusPlus11 = Lang.LineComment = true;
  clang::Lexer Lex(clang::SourceLocation(), Lang, Text.begin(), Text.begin(),
                   Text.end());
  Lex.SetCommentRetentionState(false);

  // Braces open: true for a namespace's or extern "C"'s (transparent).
  SmallVector<bool, 16> Braces;
  unsigned Opaque = 0;       // braces open that are not transparent
  unsigned BodyDepth = 0;    // Opaque when the current body opened
  bool InBody = false;
  unsigned Parens = 0;       // at the top level
  std::string Candidate;     // `name (...)` seen at the top level
  bool CandidateClosed = false;
  bool TransparentNext = false;

  StringRef LastWord;        // the identifier just before, if any
  clang::tok::TokenKind Last = clang::tok::unknown, BeforeLast = Last;

  clang::Token Tok;
  bool Pending = false; // Tok is the first token after a directive
  while (true) {
    if (!Pending)
      Lex.LexFromRawLexer(Tok);
    Pending = false;
    if (Tok.is(clang::tok::eof))
      break;
    if (Tok.is(clang::tok::hash) && Tok.isAtStartOfLine()) {
      // A preprocessor line: up to the next line that is not continued.
      do
        Lex.LexFromRawLexer(Tok);
      while (Tok.isNot(clang::tok::eof) && !Tok.isAtStartOfLine());
      Pending = true;
      continue;
    }
    const clang::tok::TokenKind K = Tok.getKind();
    StringRef Word;
    if (K == clang::tok::raw_identifier)
      Word = Tok.getRawIdentifier();
    const bool TopLevel = !InBody && Opaque == 0;

    if (K == clang::tok::l_paren) {
      const bool Named =
          Last == clang::tok::raw_identifier && !isKeyword(LastWord);
      if (InBody) {
        // Not a member's (`f.open(`, `p->exists(`): methods and calls
        // through pointers are not summarized.
        if (Named && BeforeLast != clang::tok::period &&
            BeforeLast != clang::tok::arrow)
          Out.Defines.back().second.push_back(LastWord.str());
      } else if (TopLevel) {
        // `name (` starts a declaration, unless it is a constructor's
        // initializer (`: m(x), n(y)`).
        if (Parens == 0 && Named &&
            !(CandidateClosed && (BeforeLast == clang::tok::colon ||
                                  BeforeLast == clang::tok::comma))) {
          Candidate = LastWord.str();
          CandidateClosed = false;
          TransparentNext = false; // extern "C" int f(void) {
        }
        ++Parens;
      }
    } else if (K == clang::tok::r_paren) {
      if (TopLevel && Parens > 0 && --Parens == 0 && !Candidate.empty())
        CandidateClosed = true;
    } else if (K == clang::tok::l_brace) {
      const bool Transparent = TopLevel && TransparentNext;
      Braces.push_back(Transparent);
      if (!Transparent) {
        if (TopLevel && Parens == 0 && CandidateClosed) {
          Out.Defines.push_back({Candidate, {}});
          InBody = true;
          BodyDepth = Opaque;
        }
        ++Opaque;
      }
      Candidate.clear();
      CandidateClosed = false;
      TransparentNext = false;
    } else if (K == clang::tok::r_brace) {
      // Unbalanced text (braces under #if and #else) never goes negative.
      if (!Braces.empty() && !Braces.pop_back_val() && Opaque > 0)
        --Opaque;
      if (InBody && Opaque <= BodyDepth)
        InBody = false;
      Candidate.clear();
      CandidateClosed = false;
    } else if (TopLevel && Parens == 0 &&
               (K == clang::tok::semi || K == clang::tok::equal)) {
      Candidate.clear();
      CandidateClosed = false;
      TransparentNext = false;
    } else if (TopLevel && Parens == 0 && opensTransparentScope(Word)) {
      TransparentNext = true;
    } else if (TopLevel && Parens == 0 &&
               (Word == "struct" || Word == "union" || Word == "enum" ||
                Word == "class")) {
      // A type's body, or a function returning one: what follows decides.
      TransparentNext = false;
    }
    BeforeLast = Last;
    Last = K;
    LastWord = Word;
  }
  return Out;
}

std::vector<std::vector<size_t>>
analysisWaves(ArrayRef<FileCalls> Calls, ArrayRef<uint64_t> Sizes,
              function_ref<bool(StringRef)> Recognized, unsigned MaxWaves) {
  const size_t N = Calls.size();
  MaxWaves = std::max(1u, MaxWaves);

  // Which files define each name, and who calls it.
  StringMap<SmallVector<size_t, 1>> DefinedIn;
  StringMap<SmallVector<StringRef, 4>> Callers;
  for (size_t F = 0; F < N; ++F)
    for (const auto &[Name, Callees] : Calls[F].Defines) {
      SmallVector<size_t, 1> &Files = DefinedIn[Name];
      if (Files.empty() || Files.back() != F)
        Files.push_back(F);
      for (const std::string &Callee : Callees)
        Callers[Callee].push_back(Name);
    }

  // The functions that may get a summary: they call a recognized
  // function, or one that may.
  StringSet<> Matters;
  SmallVector<StringRef, 64> Work;
  for (size_t F = 0; F < N; ++F)
    for (const auto &[Name, Callees] : Calls[F].Defines)
      if (llvm::any_of(Callees, [&](const std::string &C) {
            return Recognized(C);
          }) &&
          Matters.insert(Name).second)
        Work.push_back(Name);
  while (!Work.empty()) {
    const StringRef Name = Work.pop_back_val();
    auto It = Callers.find(Name);
    if (It == Callers.end())
      continue;
    for (StringRef Caller : It->second)
      if (Matters.insert(Caller).second)
        Work.push_back(Caller);
  }

  // File F depends on file G when it calls such a function that G defines
  // and F does not.
  std::vector<std::vector<size_t>> Deps(N);
  for (size_t F = 0; F < N; ++F) {
    StringSet<> Own;
    for (const auto &Def : Calls[F].Defines)
      Own.insert(Def.first);
    DenseSet<size_t> Seen;
    for (const auto &Def : Calls[F].Defines)
      for (const std::string &Callee : Def.second) {
        if (Own.contains(Callee) || !Matters.contains(Callee))
          continue;
        auto It = DefinedIn.find(Callee);
        if (It == DefinedIn.end())
          continue;
        for (size_t G : It->second)
          if (G != F && Seen.insert(G).second)
            Deps[F].push_back(G);
      }
  }

  // Strongly connected components (Tarjan's, without recursion: a chain
  // of thousands of files costs no stack). A component is finished after
  // every component it depends on, so levels are set in that order.
  constexpr size_t None = ~size_t(0);
  std::vector<size_t> Index(N, None), Low(N, 0), Level(N, 0);
  std::vector<bool> OnStack(N, false);
  std::vector<size_t> Stack;
  size_t Next = 0;
  struct Frame {
    size_t Node;
    size_t Edge;
  };
  std::vector<Frame> Frames;
  for (size_t Root = 0; Root < N; ++Root) {
    if (Index[Root] != None)
      continue;
    Frames.push_back({Root, 0});
    Index[Root] = Low[Root] = Next++;
    Stack.push_back(Root);
    OnStack[Root] = true;
    while (!Frames.empty()) {
      Frame &Top = Frames.back();
      const size_t V = Top.Node;
      if (Top.Edge < Deps[V].size()) {
        const size_t W = Deps[V][Top.Edge++];
        if (Index[W] == None) {
          Index[W] = Low[W] = Next++;
          Stack.push_back(W);
          OnStack[W] = true;
          Frames.push_back({W, 0});
        } else if (OnStack[W]) {
          Low[V] = std::min(Low[V], Index[W]);
        }
        continue;
      }
      if (Low[V] == Index[V]) {
        // V roots a component: its members, then its level (one more
        // than the deepest component it depends on outside itself).
        std::vector<size_t> Members;
        size_t W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Members.push_back(W);
        } while (W != V);
        size_t L = 0;
        for (size_t M : Members)
          for (size_t D : Deps[M])
            if (!llvm::is_contained(Members, D))
              L = std::max(L, Level[D] + 1);
        for (size_t M : Members)
          Level[M] = L;
      }
      Frames.pop_back();
      if (!Frames.empty())
        Low[Frames.back().Node] = std::min(Low[Frames.back().Node], Low[V]);
    }
  }

  std::vector<std::vector<size_t>> Waves(MaxWaves);
  for (size_t F = 0; F < N; ++F)
    Waves[std::min<size_t>(Level[F], MaxWaves - 1)].push_back(F);
  llvm::erase_if(Waves, [](const std::vector<size_t> &W) { return W.empty(); });
  for (std::vector<size_t> &Wave : Waves)
    llvm::sort(Wave, [&](size_t A, size_t B) {
      const uint64_t SA = A < Sizes.size() ? Sizes[A] : 0;
      const uint64_t SB = B < Sizes.size() ? Sizes[B] : 0;
      return SA != SB ? SA > SB : A < B;
    });
  return Waves;
}

} // namespace toctou::driver
