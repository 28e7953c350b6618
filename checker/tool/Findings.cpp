//===--- Findings.cpp - What a run found, independent of output format ----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/Findings.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include <algorithm>
#include <map>
#include <tuple>

using namespace llvm;
using clang::tidy::ClangTidyError;
using clang::tooling::DiagnosticMessage;

namespace toctou::driver {

const SourceCache::Entry *SourceCache::load(StringRef File) {
  auto [It, Inserted] = Files.try_emplace(File);
  if (Inserted) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
        // Read, not mapped: --fix or an editor may change the file while
        // the report is written, and a mapped page past a new end of file
        // is a SIGBUS.
        MemoryBuffer::getFile(File, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false,
                              /*IsVolatile=*/true);
    if (Buffer) {
      Entry E;
      E.Buffer = std::move(*Buffer);
      StringRef Text = E.Buffer->getBuffer();
      E.LineStarts.push_back(0);
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n')
          E.LineStarts.push_back(static_cast<unsigned>(I + 1));
      It->second = std::move(E);
    }
  }
  return It->second ? &*It->second : nullptr;
}

std::optional<StringRef> SourceCache::contents(StringRef File) {
  if (const Entry *E = load(File))
    return E->Buffer->getBuffer();
  return std::nullopt;
}

std::pair<unsigned, unsigned> SourceCache::position(StringRef File,
                                                    unsigned Offset) {
  const Entry *E = load(File);
  if (!E || Offset > E->Buffer->getBufferSize())
    return {0, 0};
  auto It = std::upper_bound(E->LineStarts.begin(), E->LineStarts.end(),
                             Offset);
  const unsigned Line = static_cast<unsigned>(It - E->LineStarts.begin());
  return {Line, Offset - E->LineStarts[Line - 1] + 1};
}

std::optional<unsigned> SourceCache::lineStart(StringRef File, unsigned Line) {
  const Entry *E = load(File);
  if (!E || Line == 0 || Line > E->LineStarts.size())
    return std::nullopt;
  return E->LineStarts[Line - 1];
}

StringRef SourceCache::line(StringRef File, unsigned Line) {
  const Entry *E = load(File);
  if (!E || Line == 0 || Line > E->LineStarts.size())
    return {};
  StringRef Text = E->Buffer->getBuffer();
  const unsigned Begin = E->LineStarts[Line - 1];
  const unsigned End = Line < E->LineStarts.size()
                           ? E->LineStarts[Line] - 1
                           : static_cast<unsigned>(Text.size());
  return Text.slice(Begin, End).rtrim('\r');
}

bool isCompilerError(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error && !E.IsWarningAsError &&
         StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
}

namespace {

std::vector<TextEdit> editsOf(const DiagnosticMessage &M) {
  std::vector<TextEdit> Edits;
  for (const auto &Entry : M.Fix)
    for (const clang::tooling::Replacement &R : Entry.second)
      Edits.push_back({R.getFilePath().str(), R.getOffset(), R.getLength(),
                       R.getReplacementText().str()});
  llvm::sort(Edits, [](const TextEdit &A, const TextEdit &B) {
    return std::tie(A.File, A.Offset, A.Length) <
           std::tie(B.File, B.Offset, B.Length);
  });
  return Edits;
}

/// The place of \p M. Its extent is the first range that starts at the
/// location, or else the identifier there (the called function, for the
/// toctou checks), or else one character.
Place placeOf(const DiagnosticMessage &M, SourceCache &Sources) {
  Place P;
  P.File = M.FilePath;
  P.Offset = M.FileOffset;
  if (M.FilePath.empty())
    return P;
  std::tie(P.Line, P.Column) = Sources.position(M.FilePath, M.FileOffset);
  if (P.Line == 0)
    return P;
  unsigned End = M.FileOffset + 1;
  bool FromRange = false;
  for (const clang::tooling::FileByteRange &R : M.Ranges)
    if (R.FilePath == M.FilePath && R.FileOffset == M.FileOffset &&
        R.Length > 0) {
      End = R.FileOffset + R.Length;
      FromRange = true;
      break;
    }
  if (!FromRange) {
    StringRef Text = *Sources.contents(M.FilePath);
    unsigned I = M.FileOffset;
    while (I < Text.size() && (isAlnum(Text[I]) || Text[I] == '_'))
      ++I;
    if (I > M.FileOffset)
      End = I;
    End = std::min<unsigned>(End, Text.size());
  }
  std::tie(P.EndLine, P.EndColumn) = Sources.position(M.FilePath, End);
  if (P.EndLine == 0 || End <= M.FileOffset) {
    P.EndLine = P.Line;
    P.EndColumn = P.Column + 1;
  }
  return P;
}

/// \p Message with the numbers that follow "line " replaced, so that a
/// message naming the line of its note stays the same when lines move.
std::string withoutLineNumbers(StringRef Message) {
  std::string Out;
  while (!Message.empty()) {
    size_t At = Message.find("line ");
    if (At == StringRef::npos) {
      Out += Message;
      break;
    }
    Out += Message.take_front(At + 5);
    Message = Message.drop_front(At + 5);
    if (!Message.empty() && isDigit(Message.front())) {
      Out += '#';
      Message = Message.drop_while(isDigit);
    }
  }
  return Out;
}

} // namespace

const std::vector<TextEdit> *Finding::anyFix() const {
  if (!Fix.empty())
    return &Fix;
  const std::vector<TextEdit> *Only = nullptr;
  for (const FindingNote &N : Notes) {
    if (N.Fix.empty())
      continue;
    if (Only)
      return nullptr;
    Only = &N.Fix;
  }
  return Only;
}

namespace {

std::string absoluteIn(StringRef Dir, StringRef Path) {
  if (Path.empty() || sys::path::is_absolute(Path))
    return Path.str();
  SmallString<256> Abs(Dir);
  sys::path::append(Abs, Path);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

void makeAbsoluteIn(StringRef Dir, DiagnosticMessage &M) {
  M.FilePath = absoluteIn(Dir, M.FilePath);
  for (clang::tooling::FileByteRange &R : M.Ranges)
    R.FilePath = absoluteIn(Dir, R.FilePath);
  llvm::StringMap<clang::tooling::Replacements> Fix;
  for (const auto &Entry : M.Fix)
    for (const clang::tooling::Replacement &R : Entry.second) {
      const std::string File = absoluteIn(Dir, R.getFilePath());
      llvm::consumeError(Fix[File].add(clang::tooling::Replacement(
          File, R.getOffset(), R.getLength(), R.getReplacementText())));
    }
  M.Fix = std::move(Fix);
}

} // namespace

void makePathsAbsolute(ClangTidyError &E) {
  SmallString<256> Dir(E.BuildDirectory);
  if (Dir.empty() || sys::fs::make_absolute(Dir))
    sys::fs::current_path(Dir);
  makeAbsoluteIn(Dir, E.Message);
  for (DiagnosticMessage &N : E.Notes)
    makeAbsoluteIn(Dir, N);
}

Finding toFinding(const ClangTidyError &E, SourceCache &Sources) {
  Finding F;
  F.Check = E.DiagnosticName;
  F.IsError = E.DiagLevel == ClangTidyError::Error || E.IsWarningAsError;
  F.Message = E.Message.Message;
  F.Where = placeOf(E.Message, Sources);
  F.Fix = editsOf(E.Message);
  for (const DiagnosticMessage &N : E.Notes)
    F.Notes.push_back({N.Message, placeOf(N, Sources), editsOf(N)});
  return F;
}

void sortFindings(std::vector<Finding> &Findings) {
  // Origin breaks ties: the order never depends on the sort algorithm.
  llvm::sort(Findings, [](const Finding &A, const Finding &B) {
    return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.Check,
                    A.Message, A.Origin) < std::tie(B.Where.File, B.Where.Line,
                                                    B.Where.Column, B.Check,
                                                    B.Message, B.Origin);
  });
}

namespace {

/// \p Path relative to \p Root ('/' separated) if it is inside it.
std::optional<std::string> relativeTo(StringRef Path, StringRef Root) {
  if (Root.empty() || !Path.starts_with(Root))
    return std::nullopt;
  StringRef Rest = Path.drop_front(Root.size());
  if (Rest.consume_front("/") || Root.ends_with("/"))
    return Rest.str();
  return std::nullopt;
}

} // namespace

std::string displayPath(StringRef File, StringRef SourceRoot) {
  SmallString<256> Path(File);
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  if (std::optional<std::string> Rel = relativeTo(Path, SourceRoot))
    return *Rel;
  // The root, or the file, may be reached through a symbolic link.
  SmallString<256> RealFile, RealRoot;
  if (!sys::fs::real_path(Path, RealFile) &&
      !sys::fs::real_path(SourceRoot, RealRoot))
    if (std::optional<std::string> Rel = relativeTo(RealFile, RealRoot))
      return *Rel;
  return std::string(Path);
}

void assignFingerprints(std::vector<Finding> &Findings, SourceCache &Sources,
                        StringRef SourceRoot) {
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    std::string Key;
    raw_string_ostream OS(Key);
    OS << F.Check << '\0' << displayPath(F.Where.File, SourceRoot) << '\0'
       << withoutLineNumbers(F.Message) << '\0'
       << Sources.line(F.Where.File, F.Where.Line).trim() << '\0';
    for (const FindingNote &N : F.Notes)
      OS << withoutLineNumbers(N.Message) << '\0'
         << Sources.line(N.Where.File, N.Where.Line).trim() << '\0';
    OS.flush();
    std::array<uint8_t, 20> Same = SHA1::hash(arrayRefFromStringRef(Key));
    F.Identity = toHex(ArrayRef<uint8_t>(Same).take_front(16),
                       /*LowerCase=*/true);
    OS << Seen[Key]++;
    std::array<uint8_t, 20> Hash = SHA1::hash(arrayRefFromStringRef(Key));
    F.Fingerprint = toHex(ArrayRef<uint8_t>(Hash).take_front(16),
                          /*LowerCase=*/true);
  }
}

} // namespace toctou::driver
