//===--- ChangeFilter.cpp - Changed lines and accepted findings -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/ChangeFilter.h"
#include "checker/tool/BoundedInput.h"
#include "checker/tool/SafeWrite.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace llvm;

namespace toctou::driver {
namespace {

/// The real path of \p Path, or \p Path made absolute when it has none (a
/// deleted file).
std::string canonical(StringRef Path) {
  SmallString<256> Real;
  if (!sys::fs::real_path(Path, Real))
    return std::string(Real);
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// Runs git with \p Args in \p Dir; its standard output, or an error with
/// what it printed on standard error.
Expected<std::string> runGit(StringRef Dir, ArrayRef<StringRef> Args) {
  ErrorOr<std::string> Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError(inconvertibleErrorCode(),
                             "git is not on PATH (--diff-base needs it)");
  SmallString<128> Out, Err;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("toctou-git", "out", Out))
    return errorCodeToError(EC);
  if (std::error_code EC =
          sys::fs::createTemporaryFile("toctou-git", "err", Err))
    return errorCodeToError(EC);
  std::vector<StringRef> Argv{*Git, "-C", Dir, "-c", "core.quotePath=false"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Out),
                                          StringRef(Err)};
  std::string ErrMsg;
  const int Code = sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects,
                                       0, 0, &ErrMsg);
  auto Read = [](StringRef Path) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
    return B ? (*B)->getBuffer().str() : std::string();
  };
  std::string Stdout = Read(Out), Stderr = Read(Err);
  sys::fs::remove(Out);
  sys::fs::remove(Err);
  if (Code != 0) {
    std::string Why = StringRef(Stderr).trim().str();
    if (Why.empty())
      Why = ErrMsg.empty() ? "exit code " + std::to_string(Code) : ErrMsg;
    return createStringError(inconvertibleErrorCode(), "git %s: %s",
                             Args.front().str().c_str(), Why.c_str());
  }
  return Stdout;
}

/// A path as git prints it in a diff header: possibly quoted, C-style
/// (\t, \n, \", \\, \a, \b, \f, \r, \v, and three octal digits for
/// any other byte).
std::string unquote(StringRef Path) {
  if (!Path.starts_with("\"") || !Path.ends_with("\"") || Path.size() < 2)
    return Path.str();
  Path = Path.drop_front().drop_back();
  std::string Out;
  for (size_t I = 0; I < Path.size(); ++I) {
    if (Path[I] != '\\' || I + 1 == Path.size()) {
      Out += Path[I];
      continue;
    }
    const char C = Path[++I];
    if (C >= '0' && C <= '7' && I + 2 < Path.size() &&
        Path[I + 1] >= '0' && Path[I + 1] <= '7' && Path[I + 2] >= '0' &&
        Path[I + 2] <= '7') {
      Out += static_cast<char>(((C - '0') << 6) | ((Path[I + 1] - '0') << 3) |
                               (Path[I + 2] - '0'));
      I += 2;
      continue;
    }
    switch (C) {
    case 'a': Out += '\a'; break;
    case 'b': Out += '\b'; break;
    case 'f': Out += '\f'; break;
    case 'n': Out += '\n'; break;
    case 'r': Out += '\r'; break;
    case 't': Out += '\t'; break;
    case 'v': Out += '\v'; break;
    default: Out += C; break;
    }
  }
  return Out;
}

} // namespace

Expected<ChangedLines> ChangedLines::fromGit(StringRef Revision,
                                             StringRef WorkDir) {
  Expected<std::string> Top = runGit(WorkDir, {"rev-parse", "--show-toplevel"});
  if (!Top)
    return Top.takeError();
  const std::string TopLevel = canonical(StringRef(*Top).trim());
  // Resolve the revision first, for a clear message when it does not exist.
  const std::string Commit = (Revision + "^{commit}").str();
  if (Expected<std::string> Resolved =
          runGit(TopLevel, {"rev-parse", "--verify", "--quiet", Commit});
      !Resolved) {
    consumeError(Resolved.takeError());
    return createStringError(inconvertibleErrorCode(),
                             "--diff-base %s: no such revision in %s",
                             Revision.str().c_str(), TopLevel.c_str());
  }
  ChangedLines Changed;
  Changed.Revision = Revision.str();
  Changed.MainTop = TopLevel;
  if (Error E = Changed.readDiff(TopLevel, Revision))
    return std::move(E);
  Changed.Loaded.insert(TopLevel);
  return Changed;
}

Error ChangedLines::readDiff(StringRef TopLevel, StringRef Base) {
  Expected<std::string> Diff =
      runGit(TopLevel, {"diff", "-U0", "--no-color", "--no-ext-diff",
                        "--no-renames", Base, "--"});
  if (!Diff)
    return Diff.takeError();
  Expected<std::string> Untracked =
      runGit(TopLevel, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (!Untracked)
    return Untracked.takeError();
  addDiff(*Diff, TopLevel);
  SmallVector<StringRef, 8> Files;
  StringRef(*Untracked).split(Files, '\0', -1, /*KeepEmpty=*/false);
  for (StringRef File : Files) {
    SmallString<256> Path(TopLevel);
    sys::path::append(Path, File);
    addWholeFile(Path);
  }
  return Error::success();
}

const std::string &ChangedLines::topOf(const std::string &Dir) {
  auto [It, New] = Tops.try_emplace(Dir);
  if (New) {
    Expected<std::string> Top = runGit(Dir, {"rev-parse", "--show-toplevel"});
    if (Top)
      It->second = canonical(StringRef(*Top).trim());
    else
      consumeError(Top.takeError());
  }
  return It->second;
}

void ChangedLines::loadRepository(const std::string &Top) {
  if (!Loaded.insert(Top).second)
    return;
  // A submodule: against the commit the revision records for it.
  std::string Base;
  StringRef Rel(Top);
  if (Rel.consume_front(MainTop) && Rel.consume_front("/")) {
    if (Expected<std::string> Entry = runGit(
            MainTop, {"ls-tree", "-z", Revision, "--", Rel}))
      if (StringRef(*Entry).starts_with("160000 commit "))
        Base = StringRef(*Entry)
                   .drop_front(strlen("160000 commit "))
                   .take_until([](char C) { return C == '\t'; })
                   .str();
  }
  // Another repository that knows the revision.
  if (Base.empty())
    if (Expected<std::string> Resolved =
            runGit(Top, {"rev-parse", "--verify", "--quiet",
                         Revision + "^{commit}"}))
      Base = Revision;
  if (!Base.empty()) {
    if (Error E = readDiff(Top, Base))
      consumeError(std::move(E));
    else
      return;
  }
  AllChanged.insert(Top);
  Notes.push_back("--diff-base " + Revision + ": the repository " + Top +
                  " has no such revision and is no submodule recorded in " +
                  "it; all of its lines count as changed");
}

void ChangedLines::addDiff(StringRef Diff, StringRef TopLevel) {
  std::string Current;
  SmallVector<StringRef, 64> Lines;
  Diff.split(Lines, '\n');
  for (StringRef Line : Lines) {
    if (Line.consume_front("+++ ")) {
      Line = Line.rtrim("\r\t");
      if (Line == "/dev/null") {
        Current.clear();
        continue;
      }
      std::string Path = unquote(Line);
      StringRef Rel(Path);
      Rel.consume_front("b/");
      SmallString<256> Abs(TopLevel);
      sys::path::append(Abs, Rel);
      Current = canonical(Abs);
      continue;
    }
    if (Current.empty() || !Line.starts_with("@@ "))
      continue;
    // @@ -a[,b] +c[,d] @@
    size_t Plus = Line.find(" +");
    if (Plus == StringRef::npos)
      continue;
    StringRef New = Line.drop_front(Plus + 2);
    New = New.take_until([](char C) { return C == ' '; });
    auto [StartText, CountText] = New.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start) ||
        (!CountText.empty() && CountText.getAsInteger(10, Count)))
      continue;
    if (Count == 0)
      continue; // only deletions
    Ranges[Current].push_back({Start, Start + Count - 1});
  }
}

void ChangedLines::addWholeFile(StringRef Path) {
  Ranges[canonical(Path)].push_back({0, 0});
}

bool ChangedLines::contains(StringRef File, unsigned Line) {
  const std::string Path = canonical(File);
  // The file's own repository (a submodule, a nested repository).
  if (!MainTop.empty()) {
    const std::string &Top = topOf(sys::path::parent_path(Path).str());
    if (!Top.empty()) {
      loadRepository(Top);
      if (AllChanged.contains(Top))
        return true;
    }
  }
  auto It = Ranges.find(Path);
  if (It == Ranges.end())
    return false;
  return llvm::any_of(It->second, [&](const std::pair<unsigned, unsigned> &R) {
    return (R.first == 0 && R.second == 0) ||
           (R.first <= Line && Line <= R.second);
  });
}

bool touchesChanges(const Finding &F, ChangedLines &Changed) {
  if (Changed.contains(F.Where.File, F.Where.Line))
    return true;
  return llvm::any_of(F.Notes, [&](const FindingNote &N) {
    return Changed.contains(N.Where.File, N.Where.Line);
  });
}

unsigned keepChanged(std::vector<Finding> &Findings, ChangedLines &Changed) {
  const size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) {
    return !touchesChanges(F, Changed);
  });
  return static_cast<unsigned>(Before - Findings.size());
}

Expected<std::vector<BaselineEntry>> readBaseline(StringRef Path) {
  Expected<std::unique_ptr<MemoryBuffer>> Buffer =
      readBoundedFile(Path, MaxBaselineBytes);
  if (!Buffer)
    return createStringError(inconvertibleErrorCode(),
                             "cannot read baseline '%s': %s",
                             Path.str().c_str(),
                             toString(Buffer.takeError()).c_str());
  return parseBaseline((*Buffer)->getBuffer(), Path);
}

Expected<std::vector<BaselineEntry>> parseBaseline(StringRef Text,
                                                   StringRef Path) {
  auto Malformed = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             "malformed baseline '%s': %s", Path.str().c_str(),
                             Why.str().c_str());
  };
  // The JSON parser recurses once per level.
  if (bracketDepth(Text) > MaxInputNesting)
    return Malformed(formatv("nested more than {0} levels deep",
                             MaxInputNesting)
                         .str());
  Expected<json::Value> Doc = json::parse(Text);
  if (!Doc)
    return Malformed(toString(Doc.takeError()));
  const json::Object *Root = Doc->getAsObject();
  if (!Root || Root->getString("tool") != "toctou-tidy" ||
      Root->getInteger("version") != 1)
    return Malformed("not a toctou-tidy baseline (version 1)");
  const json::Array *Entries = Root->getArray("findings");
  if (!Entries)
    return Malformed("no 'findings' array");
  std::vector<BaselineEntry> Baseline;
  for (const json::Value &V : *Entries) {
    const json::Object *O = V.getAsObject();
    std::optional<StringRef> Fingerprint =
        O ? O->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Malformed("an entry has no 'fingerprint'");
    BaselineEntry E;
    E.Fingerprint = Fingerprint->str();
    E.Check = O->getString("check").value_or("").str();
    E.File = O->getString("file").value_or("").str();
    E.Line = static_cast<unsigned>(O->getInteger("line").value_or(0));
    E.Message = O->getString("message").value_or("").str();
    Baseline.push_back(std::move(E));
  }
  return Baseline;
}

Error writeBaseline(StringRef Path, const std::vector<Finding> &Findings,
                    StringRef SourceRoot) {
  json::Array Entries;
  for (const Finding &F : Findings)
    Entries.push_back(
        json::Object{{"fingerprint", F.Fingerprint},
                     {"check", F.Check},
                     {"file", displayPath(F.Where.File, SourceRoot)},
                     {"line", F.Where.Line},
                     {"message", F.Message}});
  json::Object Doc{{"tool", "toctou-tidy"},
                   {"version", 1},
                   {"findings", std::move(Entries)}};
  // Replaced whole: a full disk leaves the old baseline as it was.
  if (Error E = writeFileAtomically(Path, [&](raw_ostream &OS) {
        OS << formatv("{0:2}", json::Value(std::move(Doc))) << '\n';
      }))
    return createStringError(inconvertibleErrorCode(),
                             "cannot write baseline '%s': %s",
                             Path.str().c_str(),
                             toString(std::move(E)).c_str());
  return Error::success();
}

std::vector<BaselineEntry>
applyBaseline(std::vector<Finding> &Findings,
              const std::vector<BaselineEntry> &Baseline,
              const StringSet<> &Analyzed, unsigned &Removed,
              function_ref<bool(const Finding &)> ReportFirst) {
  std::map<std::string, std::vector<const BaselineEntry *>> Open;
  for (const BaselineEntry &E : Baseline)
    Open[E.Fingerprint].push_back(&E);
  // The copies of each finding, in file order.
  std::map<std::string, std::vector<size_t>> Copies;
  for (size_t I = 0; I < Findings.size(); ++I)
    Copies[Findings[I].Identity].push_back(I);
  std::vector<bool> Accepted(Findings.size(), false);
  for (auto &[Identity, Members] : Copies) {
    // How many copies the baseline accepts: one per entry whose
    // fingerprint a copy has (the copies have the fingerprints of ranks
    // 0..n-1, whatever their places).
    size_t Count = 0;
    for (size_t I : Members) {
      auto It = Open.find(Findings[I].Fingerprint);
      if (It != Open.end() && !It->second.empty()) {
        It->second.pop_back();
        ++Count;
      }
    }
    // Accept the copies the report wants least: off the changed lines
    // first, then the first in file order; the others are reported.
    std::vector<size_t> Order, Preferred;
    for (size_t I : Members)
      (ReportFirst(Findings[I]) ? Preferred : Order).push_back(I);
    Order.insert(Order.end(), Preferred.begin(), Preferred.end());
    for (size_t K = 0; K < Count; ++K)
      Accepted[Order[K]] = true;
  }
  const size_t Before = Findings.size();
  size_t Index = 0;
  llvm::erase_if(Findings,
                 [&](const Finding &) { return Accepted[Index++]; });
  Removed = static_cast<unsigned>(Before - Findings.size());
  std::vector<BaselineEntry> Stale;
  for (const BaselineEntry &E : Baseline) {
    auto &Left = Open[E.Fingerprint];
    if (llvm::is_contained(Left, &E) && Analyzed.contains(E.File))
      Stale.push_back(E);
  }
  return Stale;
}

} // namespace toctou::driver
