//===--- SummaryStore.cpp - Function summaries across units ---------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/SummaryStore.h"
#include "checker/tool/BoundedInput.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <mutex>

namespace clang::tidy::toctou {

namespace {

/// An enumerator from its stored number, if it is one of the first
/// \p Count.
template <typename Enum>
bool enumFrom(const llvm::json::Object &O, llvm::StringRef Key, Enum &Out,
              int Count) {
  std::optional<int64_t> N = O.getInteger(Key);
  if (!N || *N < 0 || *N >= Count)
    return false;
  Out = static_cast<Enum>(*N);
  return true;
}

template <typename Enum> int64_t number(Enum E) {
  return static_cast<int64_t>(E);
}

bool intFrom(const llvm::json::Object &O, llvm::StringRef Key, int &Out) {
  std::optional<int64_t> N = O.getInteger(Key);
  if (!N || *N < -1 || *N > 64)
    return false;
  Out = static_cast<int>(*N);
  return true;
}

bool boolFrom(const llvm::json::Object &O, llvm::StringRef Key, bool &Out) {
  std::optional<bool> B = O.getBoolean(Key);
  if (!B)
    return false;
  Out = *B;
  return true;
}

bool stringFrom(const llvm::json::Object &O, llvm::StringRef Key,
                std::string &Out) {
  std::optional<llvm::StringRef> S = O.getString(Key);
  if (!S)
    return false;
  Out = S->str();
  return true;
}

// The number of enumerators of each stored enumeration.
constexpr int PathRoles = 3, CheckKinds = 6, UseKinds = 10,
              UseEffects = 14, CheckOutcomes = 3, SqlApis = 4;

} // namespace

llvm::json::Value toJSON(const StoredSummary &S) {
  const WrapperSummary &W = S.Summary;
  const PathCallInfo &R = W.Row;
  const CheckFacts &F = W.Facts;
  llvm::json::Array Domain;
  for (const auto &[Value, Outcome] : W.Domain.Values)
    Domain.push_back(llvm::json::Array{Value, number(Outcome)});
  return llvm::json::Object{
      {"name", S.Name},
      {"role", number(R.Role)},
      {"path", static_cast<int64_t>(R.PathArg)},
      {"flags", R.FlagsArg},
      {"buffer", R.ResultBufferArg},
      {"mode", R.ModeArg},
      {"check", number(R.Check)},
      {"use", number(R.Use)},
      {"noFollow", R.NoFollow},
      {"domain", std::move(Domain)},
      {"facts",
       llvm::json::Object{{"existence", F.Existence},
                          {"outcome", number(F.Outcome)},
                          {"permission", F.Permission},
                          {"trust", F.Trust},
                          {"modeBits", F.ModeBits},
                          {"fileType", F.FileType},
                          {"symlinkTest", F.SymlinkTest},
                          {"ofEntry", F.OfEntry},
                          {"data", F.Data},
                          {"identity", F.Identity},
                          {"parentsChecked", F.ParentsChecked},
                          {"resolved", F.Resolved},
                          {"created", F.Created},
                          {"examined", F.Examined}}},
      {"effect", number(W.Effect)},
      {"followsLinks", W.FollowsLinks},
      {"revalidates", W.Revalidates},
      {"atomic", W.Atomic},
      {"creates", W.Creates},
      {"passesFlags", W.PassesFlags},
      {"returnsMode", W.ReturnsMode},
      {"returnsTypeTest", W.ReturnsTypeTest},
      {"innermost", W.Innermost},
      {"where", W.Where},
  };
}

bool fromJSON(const llvm::json::Value &V, StoredSummary &S,
              llvm::json::Path P) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O) {
    P.report("expected an object");
    return false;
  }
  WrapperSummary W;
  PathCallInfo &R = W.Row;
  R.Name = "";
  R.DirFdArg = -1;
  R.SecondPathArg = -1;
  R.SecondDirFdArg = -1;
  R.ResultBufferArg = -1;
  R.SecondUse = UseKind::Access;
  R.Result = ResultKind::None;
  int PathArg = 0;
  std::optional<llvm::StringRef> Name = O->getString("name");
  std::optional<llvm::StringRef> Innermost = O->getString("innermost");
  std::optional<llvm::StringRef> Where = O->getString("where");
  const llvm::json::Object *Facts = O->getObject("facts");
  const llvm::json::Array *Domain = O->getArray("domain");
  if (!Name || !Innermost || !Where || !Facts || !Domain ||
      !enumFrom(*O, "role", R.Role, PathRoles) ||
      !intFrom(*O, "path", PathArg) || PathArg < 0 ||
      !intFrom(*O, "flags", R.FlagsArg) || !intFrom(*O, "mode", R.ModeArg) ||
      !intFrom(*O, "buffer", R.ResultBufferArg) || R.ResultBufferArg < -1 ||
      !enumFrom(*O, "check", R.Check, CheckKinds) ||
      !enumFrom(*O, "use", R.Use, UseKinds) ||
      !boolFrom(*O, "noFollow", R.NoFollow) ||
      !enumFrom(*O, "effect", W.Effect, UseEffects) ||
      !boolFrom(*O, "followsLinks", W.FollowsLinks) ||
      !boolFrom(*O, "revalidates", W.Revalidates) ||
      !boolFrom(*O, "atomic", W.Atomic) ||
      !boolFrom(*O, "creates", W.Creates) ||
      !boolFrom(*O, "passesFlags", W.PassesFlags) ||
      !boolFrom(*O, "returnsMode", W.ReturnsMode) ||
      !stringFrom(*O, "returnsTypeTest", W.ReturnsTypeTest)) {
    P.report("not a function summary");
    return false;
  }
  R.PathArg = static_cast<unsigned>(PathArg);
  CheckFacts &F = W.Facts;
  std::optional<llvm::StringRef> Examined = Facts->getString("examined");
  if (!Examined || !boolFrom(*Facts, "existence", F.Existence) ||
      !enumFrom(*Facts, "outcome", F.Outcome, CheckOutcomes) ||
      !boolFrom(*Facts, "permission", F.Permission) ||
      !boolFrom(*Facts, "trust", F.Trust) ||
      !boolFrom(*Facts, "modeBits", F.ModeBits) ||
      !boolFrom(*Facts, "fileType", F.FileType) ||
      !boolFrom(*Facts, "symlinkTest", F.SymlinkTest) ||
      !boolFrom(*Facts, "ofEntry", F.OfEntry) ||
      !boolFrom(*Facts, "data", F.Data) ||
      !boolFrom(*Facts, "identity", F.Identity) ||
      !boolFrom(*Facts, "parentsChecked", F.ParentsChecked) ||
      !boolFrom(*Facts, "resolved", F.Resolved) ||
      !boolFrom(*Facts, "created", F.Created)) {
    P.field("facts").report("not the facts of a check");
    return false;
  }
  F.Examined = Examined->str();
  for (const llvm::json::Value &Pair : *Domain) {
    const llvm::json::Array *Two = Pair.getAsArray();
    std::optional<int64_t> Value = Two && Two->size() == 2
                                       ? (*Two)[0].getAsInteger()
                                       : std::nullopt;
    std::optional<int64_t> Outcome =
        Value ? (*Two)[1].getAsInteger() : std::nullopt;
    if (!Outcome || *Outcome < 0 || *Outcome >= CheckOutcomes) {
      P.field("domain").report("not a result domain");
      return false;
    }
    W.Domain.Values.push_back({*Value, static_cast<CheckOutcome>(*Outcome)});
  }
  W.Innermost = Innermost->str();
  W.Where = Where->str();
  W.Imported = true;
  S.Name = Name->str();
  S.Summary = std::move(W);
  return true;
}

llvm::json::Value toJSON(const StoredSqlWrapper &S) {
  const SqlWrapper &W = S.Wrapper;
  return llvm::json::Object{
      {"name", S.Name},           {"api", number(W.Api)},
      {"sql", W.SqlArg},          {"format", W.Format},
      {"fixedSql", W.FixedSql},   {"conn", W.ConnArg},
      {"connKey", W.Conn},        {"returnsResult", W.ReturnsResult},
      {"innermost", W.Innermost}, {"callsArg", W.CallsArg},
  };
}

bool fromJSON(const llvm::json::Value &V, StoredSqlWrapper &S,
              llvm::json::Path P) {
  const llvm::json::Object *O = V.getAsObject();
  SqlWrapper W;
  if (!O || !stringFrom(*O, "name", S.Name) ||
      !enumFrom(*O, "api", W.Api, SqlApis) || !intFrom(*O, "sql", W.SqlArg) ||
      !boolFrom(*O, "format", W.Format) ||
      !stringFrom(*O, "fixedSql", W.FixedSql) ||
      !intFrom(*O, "conn", W.ConnArg) || !stringFrom(*O, "connKey", W.Conn) ||
      !boolFrom(*O, "returnsResult", W.ReturnsResult) ||
      !stringFrom(*O, "innermost", W.Innermost) ||
      !intFrom(*O, "callsArg", W.CallsArg) ||
      (W.CallsArg < 0 && ((W.SqlArg < 0) == W.FixedSql.empty() ||
                          (W.ConnArg < 0) == W.Conn.empty()))) {
    P.report("not a query function");
    return false;
  }
  S.Wrapper = std::move(W);
  return true;
}

bool affectedBy(
    const Importer &Who, const std::set<std::string> &Changed,
    llvm::function_ref<llvm::SmallVector<unsigned, 2>(llvm::StringRef)>
        PathsOf,
    llvm::function_ref<bool(llvm::StringRef)> IsQueryFunction) {
  bool Touched = false;
  for (const std::string &Usr : Who.Calls) {
    if (!Changed.count(Usr))
      continue;
    Touched = true;
    const llvm::SmallVector<unsigned, 2> Paths = PathsOf(Usr);
    for (const auto &[Callee, Position] : Who.Passes)
      if (Callee == Usr && llvm::is_contained(Paths, Position))
        return true;
  }
  if (!Touched)
    return false;
  // Two calls of one path helper make no pair (it checks, or it uses);
  // two calls of one query function can (a read and a write).
  unsigned Recognized = Who.LocalCalls;
  llvm::SmallVector<llvm::StringRef, 4> Counted;
  for (const std::string &Usr : Who.Calls) {
    if (PathsOf(Usr).empty())
      continue;
    if (llvm::is_contained(Counted, Usr) && !IsQueryFunction(Usr))
      continue;
    Counted.push_back(Usr);
    ++Recognized;
  }
  return Recognized >= 2;
}

llvm::json::Value toJSON(const Importer &I) {
  llvm::json::Array Calls, Passes;
  // A JSON string holds UTF-8 only (USRs are, from UTF-8 sources).
  for (const std::string &Usr : I.Calls)
    if (llvm::json::isUTF8(Usr))
      Calls.push_back(Usr);
  for (const auto &[Usr, Position] : I.Passes)
    if (llvm::json::isUTF8(Usr))
      Passes.push_back(
          llvm::json::Array{Usr, static_cast<int64_t>(Position)});
  return llvm::json::Object{{"calls", std::move(Calls)},
                            {"passes", std::move(Passes)},
                            {"local", static_cast<int64_t>(I.LocalCalls)}};
}

bool fromJSON(const llvm::json::Value &V, Importer &I, llvm::json::Path P) {
  const llvm::json::Object *O = V.getAsObject();
  const llvm::json::Array *Calls = O ? O->getArray("calls") : nullptr;
  const llvm::json::Array *Passes = O ? O->getArray("passes") : nullptr;
  std::optional<int64_t> Local = O ? O->getInteger("local") : std::nullopt;
  if (!Calls || !Passes || !Local || *Local < 0) {
    P.report("not an importing function");
    return false;
  }
  I.LocalCalls = static_cast<unsigned>(std::min<int64_t>(*Local, 1000000));
  for (const llvm::json::Value &U : *Calls) {
    std::optional<llvm::StringRef> Usr = U.getAsString();
    if (!Usr) {
      P.report("not a USR");
      return false;
    }
    I.Calls.push_back(Usr->str());
  }
  for (const llvm::json::Value &U : *Passes) {
    const llvm::json::Array *Two = U.getAsArray();
    std::optional<llvm::StringRef> Usr =
        Two && Two->size() == 2 ? (*Two)[0].getAsString() : std::nullopt;
    std::optional<int64_t> Position =
        Usr ? (*Two)[1].getAsInteger() : std::nullopt;
    if (!Position || *Position < 0 || *Position > 64) {
      P.report("not a USR and an argument position");
      return false;
    }
    I.Passes.emplace_back(Usr->str(), static_cast<unsigned>(*Position));
  }
  return true;
}

void addToJSON(const UnitSummaries &U, llvm::json::Object &O) {
  llvm::json::Object Exports, SqlExports;
  for (const auto &[Usr, Summary] : U.Exports)
    if (llvm::json::isUTF8(Usr))
      Exports[Usr] = toJSON(Summary);
  for (const auto &[Usr, Wrapper] : U.SqlExports)
    if (llvm::json::isUTF8(Usr))
      SqlExports[Usr] = toJSON(Wrapper);
  llvm::json::Array Importers;
  for (const Importer &Who : U.Importers)
    Importers.push_back(toJSON(Who));
  O["exports"] = std::move(Exports);
  O["sqlExports"] = std::move(SqlExports);
  O["importers"] = std::move(Importers);
}

bool fromJSON(const llvm::json::Object &O, UnitSummaries &U,
              llvm::json::Path P) {
  const llvm::json::Object *Exports = O.getObject("exports");
  const llvm::json::Object *SqlExports = O.getObject("sqlExports");
  const llvm::json::Array *Importers = O.getArray("importers");
  if (!Exports || !SqlExports || !Importers) {
    P.report("no exports and importers");
    return false;
  }
  for (const auto &[Usr, Value] : *SqlExports) {
    StoredSqlWrapper Wrapper;
    if (!fromJSON(Value, Wrapper, P.field("sqlExports")))
      return false;
    U.SqlExports.emplace_back(Usr.str(), std::move(Wrapper));
  }
  for (const auto &[Usr, Value] : *Exports) {
    StoredSummary Summary;
    if (!fromJSON(Value, Summary, P.field("exports")))
      return false;
    U.Exports.emplace_back(Usr.str(), std::move(Summary));
  }
  for (const llvm::json::Value &V : *Importers) {
    Importer Who;
    if (!fromJSON(V, Who, P.field("importers")))
      return false;
    U.Importers.push_back(std::move(Who));
  }
  return true;
}

const StoredSummary *SummaryIndex::find(llvm::StringRef Usr) const {
  auto It = Functions.find(Usr);
  return It == Functions.end() ? nullptr : &It->second;
}

const StoredSqlWrapper *SummaryIndex::findSql(llvm::StringRef Usr) const {
  auto It = SqlFunctions.find(Usr);
  return It == SqlFunctions.end() ? nullptr : &It->second;
}

std::string SummaryIndex::toText() const {
  std::vector<llvm::StringRef> Usrs, SqlUsrs;
  for (const auto &Entry : Functions)
    Usrs.push_back(Entry.getKey());
  for (const auto &Entry : SqlFunctions)
    SqlUsrs.push_back(Entry.getKey());
  llvm::sort(Usrs);
  llvm::sort(SqlUsrs);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::json::OStream J(OS, 1);
  J.object([&] {
    J.attribute("format", SummaryFormat);
    J.attributeObject("functions", [&] {
      for (llvm::StringRef Usr : Usrs)
        J.attribute(Usr, toJSON(Functions.find(Usr)->second));
    });
    J.attributeObject("sqlFunctions", [&] {
      for (llvm::StringRef Usr : SqlUsrs)
        J.attribute(Usr, toJSON(SqlFunctions.find(Usr)->second));
    });
  });
  OS << "\n";
  return Text;
}

llvm::Expected<SummaryIndex> SummaryIndex::parse(llvm::StringRef Text) {
  // llvm::json's parser recurses once per level; an index is 4 deep.
  if (::toctou::driver::bracketDepth(Text) > 16)
    return llvm::createStringError("not a summary index (nested too deep)");
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
  if (!Parsed)
    return Parsed.takeError();
  const llvm::json::Object *Root = Parsed->getAsObject();
  if (!Root)
    return llvm::createStringError("not a summary index");
  if (Root->getInteger("format") != SummaryFormat)
    return llvm::createStringError(
        "summaries of another format (this build reads format %d): run "
        "toctou-tidy again to rewrite them",
        SummaryFormat);
  const llvm::json::Object *Functions = Root->getObject("functions");
  const llvm::json::Object *SqlFunctions = Root->getObject("sqlFunctions");
  if (!Functions || !SqlFunctions)
    return llvm::createStringError("not a summary index");
  SummaryIndex Index;
  for (const auto &[Usr, Value] : *Functions) {
    StoredSummary S;
    llvm::json::Path::Root PathRoot("summary");
    if (!fromJSON(Value, S, PathRoot))
      return llvm::createStringError("the summary of '%s' cannot be read",
                                     Usr.str().c_str());
    Index.Functions[Usr.str()] = std::move(S);
  }
  for (const auto &[Usr, Value] : *SqlFunctions) {
    StoredSqlWrapper S;
    llvm::json::Path::Root PathRoot("query function");
    if (!fromJSON(Value, S, PathRoot))
      return llvm::createStringError(
          "the query function summary of '%s' cannot be read",
          Usr.str().c_str());
    Index.SqlFunctions[Usr.str()] = std::move(S);
  }
  // Names point into the index's own strings.
  for (auto &Entry : Index.Functions)
    Entry.second.Summary.Row.Name = Entry.second.Name;
  return Index;
}

std::shared_ptr<const SummaryIndex> SummaryIndex::load(llvm::StringRef Dir,
                                                       std::string &Error) {
  struct Loaded {
    std::string Path;
    llvm::sys::TimePoint<> Modified;
    uint64_t Size = 0;
    std::shared_ptr<const SummaryIndex> Index;
  };
  static std::mutex Lock;
  static Loaded Last;
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, SummaryIndexFile);
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Path, Status) ||
      !llvm::sys::fs::exists(Status))
    return nullptr;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Last.Index && Last.Path == Path.str() &&
      Last.Modified == Status.getLastModificationTime() &&
      Last.Size == Status.getSize())
    return Last.Index;
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      ::toctou::driver::readBoundedFile(Path, 256 << 20);
  if (!Buffer) {
    Error = "cannot read " + Path.str().str() + ": " +
            llvm::toString(Buffer.takeError());
    return nullptr;
  }
  llvm::Expected<SummaryIndex> Index = parse((*Buffer)->getBuffer());
  if (!Index) {
    Error = Path.str().str() + ": " + llvm::toString(Index.takeError());
    return nullptr;
  }
  Last.Path = Path.str().str();
  Last.Modified = Status.getLastModificationTime();
  Last.Size = Status.getSize();
  Last.Index = std::make_shared<const SummaryIndex>(std::move(*Index));
  return Last.Index;
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Usr;
  if (index::generateUSRForDecl(D, Usr))
    return "";
  return Usr.str().str();
}

namespace {
std::string &defaultDir() {
  static std::string Dir;
  return Dir;
}
bool ExportEnabled = false;
} // namespace

void setDefaultSummaryDir(llvm::StringRef Dir) { defaultDir() = Dir.str(); }
const std::string &defaultSummaryDir() { return defaultDir(); }

void setSummaryExport(bool Enabled) { ExportEnabled = Enabled; }
bool summaryExportEnabled() { return ExportEnabled; }
UnitSummaries &exportedSummaries() {
  static UnitSummaries Unit;
  return Unit;
}

} // namespace clang::tidy::toctou
