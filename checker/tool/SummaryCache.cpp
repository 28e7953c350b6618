//===--- SummaryCache.cpp - Whole-program summaries, kept between runs ----===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/SummaryCache.h"
#include "checker/tool/BoundedInput.h"
#include "checker/tool/SafeWrite.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

using namespace llvm;
using clang::tidy::toctou::StoredSummary;
using clang::tidy::toctou::SummaryIndex;

namespace toctou::driver {

namespace {

constexpr int EntryFormat = 3;
constexpr int ResultsFormat = 1;

std::string hex(uint64_t V) { return utohexstr(V, /*LowerCase=*/true); }

json::Value toJSON(const ReadFile &F) {
  return json::Object{{"path", F.RealPath},
                      {"size", static_cast<int64_t>(F.Digest.Size)},
                      {"hash", hex(F.Digest.Hash)}};
}

/// The entry's file name in units/: by the unit's absolute path.
std::string entryName(StringRef File) {
  return hex(xxh3_64bits(File)) + ".json";
}

} // namespace

std::string commandDigest(ArrayRef<std::string> Arguments,
                          StringRef Directory) {
  std::string Joined = Directory.str();
  for (const std::string &Arg : Arguments) {
    Joined += '\0';
    Joined += Arg;
  }
  return hex(xxh3_64bits(Joined));
}

Expected<std::unique_ptr<SummaryCache>> SummaryCache::open(StringRef Dir,
                                                           std::string ToolId) {
  if (Dir.empty()) {
    SmallString<256> Template;
    sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Template);
    sys::path::append(Template, "toctou-tidy-summaries.XXXXXX");
    std::string Buffer = Template.str().str();
    if (!::mkdtemp(Buffer.data()))
      return createStringError(inconvertibleErrorCode(),
                               "cannot make a directory in %s: %s",
                               Template.c_str(), std::strerror(errno));
    return std::unique_ptr<SummaryCache>(
        new SummaryCache(Buffer, std::move(ToolId), /*Temporary=*/true));
  }
  for (StringRef Sub : {"units", "results"}) {
    SmallString<256> Units(Dir);
    sys::path::append(Units, Sub);
    if (std::error_code EC = sys::fs::create_directories(Units))
      return createStringError(EC, "cannot make %s: %s", Units.c_str(),
                               EC.message().c_str());
  }
  return std::unique_ptr<SummaryCache>(
      new SummaryCache(Dir.str(), std::move(ToolId), /*Temporary=*/false));
}

SummaryCache::~SummaryCache() {
  if (Temporary)
    (void)sys::fs::remove_directories(Dir, /*IgnoreErrors=*/true);
}

bool SummaryCache::unchanged(const UnitSummaryEntry &Entry) {
  for (const ReadFile &Input : Entry.Inputs) {
    auto [At, Inserted] = Digests.try_emplace(Input.RealPath);
    if (Inserted) {
      ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
          MemoryBuffer::getFile(Input.RealPath, /*IsText=*/false,
                                /*RequiresNullTerminator=*/false);
      if (Buffer)
        At->second = ContentDigest::of((*Buffer)->getBuffer());
    }
    if (!At->second || *At->second != Input.Digest)
      return false;
  }
  return true;
}

std::optional<json::Value> SummaryCache::readDocument(StringRef Path,
                                                      uint64_t MaxBytes,
                                                      int Format) {
  // This tool's own files, but a directory others can write to must not
  // crash it: bounded, not too deep, and of this format and tool.
  Expected<std::unique_ptr<MemoryBuffer>> Text =
      readBoundedFile(Path, MaxBytes);
  if (!Text) {
    consumeError(Text.takeError());
    return std::nullopt;
  }
  if (bracketDepth((*Text)->getBuffer()) > 16)
    return std::nullopt;
  Expected<json::Value> Parsed = json::parse((*Text)->getBuffer());
  if (!Parsed) {
    consumeError(Parsed.takeError());
    return std::nullopt;
  }
  const json::Object *O = Parsed->getAsObject();
  if (!O || O->getInteger("format") != Format ||
      O->getString("tool") != StringRef(ToolId))
    return std::nullopt;
  return std::move(*Parsed);
}

std::optional<UnitSummaryEntry> SummaryCache::readEntry(StringRef Path) {
  // Every field checked.
  std::optional<json::Value> Doc = readDocument(Path, 64 << 20, EntryFormat);
  if (!Doc)
    return std::nullopt;
  const json::Object *O = Doc->getAsObject();
  UnitSummaryEntry Entry;
  std::optional<StringRef> File = O->getString("file");
  std::optional<StringRef> Command = O->getString("command");
  const json::Array *Inputs = O->getArray("inputs");
  if (!File || !Command || !Inputs)
    return std::nullopt;
  Entry.File = File->str();
  Entry.Command = Command->str();
  for (const json::Value &V : *Inputs) {
    const json::Object *I = V.getAsObject();
    std::optional<StringRef> P = I ? I->getString("path") : std::nullopt;
    std::optional<int64_t> Size = I ? I->getInteger("size") : std::nullopt;
    std::optional<StringRef> Hash = I ? I->getString("hash") : std::nullopt;
    ReadFile Read;
    if (!P || !Size || *Size < 0 || !Hash ||
        Hash->getAsInteger(16, Read.Digest.Hash))
      return std::nullopt;
    Read.RealPath = P->str();
    Read.Digest.Size = static_cast<uint64_t>(*Size);
    Entry.Inputs.push_back(std::move(Read));
  }
  json::Path::Root Root("entry");
  if (!clang::tidy::toctou::fromJSON(*O, Entry.Summaries, Root)) {
    consumeError(Root.getError());
    return std::nullopt;
  }
  return Entry;
}

std::optional<UnitSummaryEntry> SummaryCache::lastKnown(StringRef File) {
  if (Temporary)
    return std::nullopt;
  SmallString<256> Path(Dir);
  sys::path::append(Path, "units", entryName(File));
  std::optional<UnitSummaryEntry> Entry = readEntry(Path);
  if (!Entry || Entry->File != File)
    return std::nullopt;
  return Entry;
}

std::vector<UnitSummaryEntry> SummaryCache::storedExcept(
    const std::set<std::string> &Except,
    function_ref<std::string(StringRef)> CommandOf) {
  std::vector<UnitSummaryEntry> Entries;
  if (Temporary)
    return Entries;
  SmallString<256> Units(Dir);
  sys::path::append(Units, "units");
  std::error_code EC;
  std::vector<std::string> Paths;
  for (sys::fs::directory_iterator It(Units, EC), End; It != End && !EC;
       It.increment(EC))
    if (StringRef(It->path()).ends_with(".json"))
      Paths.push_back(It->path());
  llvm::sort(Paths); // the same order every run
  for (const std::string &Path : Paths) {
    std::optional<UnitSummaryEntry> Entry = readEntry(Path);
    if (Entry && !Except.count(Entry->File) &&
        sys::fs::exists(Entry->File) &&
        CommandOf(Entry->File) == Entry->Command && unchanged(*Entry))
      Entries.push_back(std::move(*Entry));
  }
  return Entries;
}

Error SummaryCache::store(const UnitSummaryEntry &Entry) {
  if (Temporary)
    return Error::success();
  // A JSON string holds UTF-8 only: a unit whose paths are other bytes is
  // not kept (it is analyzed again next time).
  if (!json::isUTF8(Entry.File) ||
      llvm::any_of(Entry.Inputs,
                   [](const ReadFile &F) { return !json::isUTF8(F.RealPath); }))
    return Error::success();
  json::Array Inputs;
  for (const ReadFile &F : Entry.Inputs)
    Inputs.push_back(toJSON(F));
  json::Object Doc{{"format", EntryFormat},
                   {"tool", ToolId},
                   {"file", Entry.File},
                   {"command", Entry.Command},
                   {"inputs", std::move(Inputs)}};
  clang::tidy::toctou::addToJSON(Entry.Summaries, Doc);
  SmallString<256> Path(Dir);
  sys::path::append(Path, "units", entryName(Entry.File));
  std::string Text;
  raw_string_ostream(Text) << json::Value(std::move(Doc));
  return writeIfChanged(Path, Text);
}

std::optional<KeptResults> SummaryCache::keptResults(StringRef File) {
  if (Temporary)
    return std::nullopt;
  SmallString<256> Path(Dir);
  sys::path::append(Path, "results", entryName(File));
  // Checked field by field, as the entries are.
  std::optional<json::Value> Doc =
      readDocument(Path, 256 << 20, ResultsFormat);
  if (!Doc)
    return std::nullopt;
  const json::Object *O = Doc->getAsObject();
  std::optional<StringRef> Of = O->getString("file");
  std::optional<StringRef> Key = O->getString("key");
  std::optional<StringRef> Results = O->getString("results");
  std::optional<StringRef> Output = O->getString("output");
  const json::Object *Imports = O->getObject("imports");
  if (!Of || *Of != File || !Key || !Results || !Output || !Imports)
    return std::nullopt;
  KeptResults Kept;
  Kept.File = Of->str();
  Kept.Key = Key->str();
  Kept.Results = Results->str();
  Kept.Output = Output->str();
  for (const auto &[Usr, Digest] : *Imports) {
    std::optional<StringRef> D = Digest.getAsString();
    if (!D)
      return std::nullopt;
    Kept.Imports[Usr.str()] = D->str();
  }
  return Kept;
}

Error SummaryCache::keep(const KeptResults &Kept) {
  if (Temporary)
    return Error::success();
  if (!json::isUTF8(Kept.File) || !json::isUTF8(Kept.Results) ||
      !json::isUTF8(Kept.Output) ||
      llvm::any_of(Kept.Imports, [](const auto &Import) {
        return !json::isUTF8(Import.first);
      })) {
    forgetResults(Kept.File);
    return Error::success();
  }
  json::Object Imports;
  for (const auto &[Usr, Digest] : Kept.Imports)
    Imports[Usr] = Digest;
  json::Object Doc{{"format", ResultsFormat},
                   {"tool", ToolId},
                   {"file", Kept.File},
                   {"key", Kept.Key},
                   {"imports", std::move(Imports)},
                   {"results", Kept.Results},
                   {"output", Kept.Output}};
  SmallString<256> Path(Dir);
  sys::path::append(Path, "results", entryName(Kept.File));
  std::string Text;
  raw_string_ostream(Text) << json::Value(std::move(Doc));
  return writeIfChanged(Path, Text);
}

void SummaryCache::forgetResults(StringRef File) {
  if (Temporary)
    return;
  SmallString<256> Path(Dir);
  sys::path::append(Path, "results", entryName(File));
  (void)sys::fs::remove(Path);
}

Error SummaryCache::writeIfChanged(StringRef Path, StringRef Text) {
  // Over an unchanged program nothing is written (each write is made
  // durable, which costs).
  ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (Old && (*Old)->getBuffer() == Text)
    return Error::success();
  return writeFileAtomically(Path, [&](raw_ostream &OS) { OS << Text; });
}

Error SummaryCache::writeIndex(const SummaryIndex &Index) {
  SmallString<256> Path(Dir);
  sys::path::append(Path, clang::tidy::toctou::SummaryIndexFile);
  return writeIfChanged(Path, Index.toText());
}

SummaryIndex mergeSummaries(ArrayRef<const UnitSummaryEntry *> Entries) {
  SummaryIndex Index;
  for (const UnitSummaryEntry *Entry : Entries) {
    for (const auto &[Usr, Summary] : Entry->Summaries.Exports)
      Index.Functions.try_emplace(Usr, Summary);
    for (const auto &[Usr, Wrapper] : Entry->Summaries.SqlExports)
      Index.SqlFunctions.try_emplace(Usr, Wrapper);
  }
  for (auto &Entry : Index.Functions)
    Entry.second.Summary.Row.Name = Entry.second.Name;
  return Index;
}

std::string summaryDigest(const SummaryIndex &Index, StringRef Usr) {
  const StoredSummary *Path = Index.find(Usr);
  const clang::tidy::toctou::StoredSqlWrapper *Sql = Index.findSql(Usr);
  if (!Path && !Sql)
    return "";
  std::string Text;
  raw_string_ostream OS(Text);
  if (Path)
    OS << clang::tidy::toctou::toJSON(*Path);
  OS << '\0';
  if (Sql)
    OS << clang::tidy::toctou::toJSON(*Sql);
  return hex(xxh3_64bits(Text));
}

std::set<std::string> changedSummaries(const SummaryIndex &Before,
                                       const SummaryIndex &After) {
  std::set<std::string> Changed;
  auto Text = [](const StoredSummary &S) {
    std::string T;
    raw_string_ostream OS(T);
    OS << clang::tidy::toctou::toJSON(S);
    return T;
  };
  for (const auto &Entry : After.Functions) {
    const StoredSummary *Old = Before.find(Entry.getKey());
    if (!Old || Text(*Old) != Text(Entry.second))
      Changed.insert(Entry.getKey().str());
  }
  for (const auto &Entry : Before.Functions)
    if (!After.find(Entry.getKey()))
      Changed.insert(Entry.getKey().str());
  for (const auto &Entry : After.SqlFunctions) {
    const clang::tidy::toctou::StoredSqlWrapper *Old =
        Before.findSql(Entry.getKey());
    if (!Old || Old->Wrapper != Entry.second.Wrapper)
      Changed.insert(Entry.getKey().str());
  }
  for (const auto &Entry : Before.SqlFunctions)
    if (!After.findSql(Entry.getKey()))
      Changed.insert(Entry.getKey().str());
  return Changed;
}

} // namespace toctou::driver
