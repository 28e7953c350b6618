//===--- ResultsIO.cpp - Diagnostics of one translation unit as JSON ------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/ResultsIO.h"
#include "llvm/ADT/StringExtras.h"
#include "checker/RaceClass.h"
#include "llvm/Support/JSON.h"

using namespace llvm;
using clang::tidy::ClangTidyError;
using clang::tooling::DiagnosticMessage;
using clang::tooling::FileByteRange;
using clang::tooling::Replacement;

namespace toctou::driver {
namespace {

/// 3: "read", the files the fix-its edit and their digests.
/// 4: a string that is not UTF-8 travels as {"bytes": HEX}.
/// 5: "inputs", every file the unit read; "exports" and "importers", its
///    function summaries (checker/SummaryStore.h).
constexpr int FormatVersion = 5;

/// \p S as a JSON string when it is UTF-8, else as its bytes in hex: a file
/// name (or a message quoting code) may be any bytes, and a JSON string
/// cannot hold them (llvm::json would put U+FFFD in their place, and the
/// file could no longer be found).
json::Value bytes(StringRef S) {
  if (json::isUTF8(S))
    return json::Value(S.str());
  return json::Object{{"bytes", toHex(S)}};
}

json::Value toJSON(const DiagnosticMessage &Message) {
  json::Array Fixes;
  for (const auto &Entry : Message.Fix)
    for (const Replacement &R : Entry.second)
      Fixes.push_back(json::Object{{"file", bytes(R.getFilePath())},
                                   {"offset", R.getOffset()},
                                   {"length", R.getLength()},
                                   {"text", bytes(R.getReplacementText())}});
  json::Array Ranges;
  for (const FileByteRange &Range : Message.Ranges)
    Ranges.push_back(json::Object{{"file", bytes(Range.FilePath)},
                                  {"offset", Range.FileOffset},
                                  {"length", Range.Length}});
  return json::Object{{"message", bytes(Message.Message)},
                      {"file", bytes(Message.FilePath)},
                      {"offset", Message.FileOffset},
                      {"fixes", std::move(Fixes)},
                      {"ranges", std::move(Ranges)}};
}

/// Reads fields of one JSON object, remembering the first thing missing.
class Reader {
public:
  explicit Reader(std::string &Problem) : Problem(Problem) {}

  const json::Object *object(const json::Value *V, StringRef What) {
    const json::Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      fail(What + " is not an object");
    return O;
  }
  std::string string(const json::Object &O, StringRef Key) {
    if (std::optional<StringRef> S = O.getString(Key))
      return S->str();
    if (const json::Object *B = O.getObject(Key))
      if (std::optional<StringRef> Hex = B->getString("bytes")) {
        std::string Bytes;
        if (tryGetFromHex(*Hex, Bytes))
          return Bytes;
      }
    fail("'" + Key + "' is not a string");
    return {};
  }
  unsigned number(const json::Object &O, StringRef Key) {
    if (std::optional<int64_t> N = O.getInteger(Key); N && *N >= 0)
      return static_cast<unsigned>(*N);
    fail("'" + Key + "' is not a count");
    return 0;
  }
  bool boolean(const json::Object &O, StringRef Key) {
    if (std::optional<bool> B = O.getBoolean(Key))
      return *B;
    fail("'" + Key + "' is not a boolean");
    return false;
  }
  const json::Array &array(const json::Object &O, StringRef Key) {
    static const json::Array Empty;
    if (const json::Array *A = O.getArray(Key))
      return *A;
    fail("'" + Key + "' is not an array");
    return Empty;
  }

  DiagnosticMessage message(const json::Value *V) {
    DiagnosticMessage M;
    const json::Object *O = object(V, "a message");
    if (!O)
      return M;
    M.Message = string(*O, "message");
    M.FilePath = string(*O, "file");
    M.FileOffset = number(*O, "offset");
    for (const json::Value &F : array(*O, "fixes")) {
      const json::Object *FO = object(&F, "a fix");
      if (!FO)
        return M;
      Replacement R(string(*FO, "file"), number(*FO, "offset"),
                    number(*FO, "length"), string(*FO, "text"));
      if (Error E = M.Fix[R.getFilePath()].add(R)) {
        fail("overlapping fixes: " + toString(std::move(E)));
        return M;
      }
    }
    for (const json::Value &R : array(*O, "ranges")) {
      const json::Object *RO = object(&R, "a range");
      if (!RO)
        return M;
      FileByteRange Range;
      Range.FilePath = string(*RO, "file");
      Range.FileOffset = number(*RO, "offset");
      Range.Length = number(*RO, "length");
      M.Ranges.push_back(std::move(Range));
    }
    return M;
  }

  bool failed() const { return !Problem.empty(); }

private:
  void fail(const Twine &Why) {
    if (Problem.empty())
      Problem = Why.str();
  }
  std::string &Problem;
};

} // namespace

std::string writeUnitResults(const UnitResults &Results) {
  json::Array Diagnostics;
  for (size_t I = 0; I < Results.Errors.size(); ++I) {
    const ClangTidyError &E = Results.Errors[I];
    json::Array Notes;
    for (const DiagnosticMessage &Note : E.Notes)
      Notes.push_back(toJSON(Note));
    json::Array Aliases;
    for (const std::string &Alias : E.EnabledDiagnosticAliases)
      Aliases.push_back(bytes(Alias));
    Diagnostics.push_back(json::Object{
        {"name", bytes(E.DiagnosticName)},
        {"level", static_cast<int>(E.DiagLevel)},
        {"warningAsError", E.IsWarningAsError},
        {"buildDirectory", bytes(E.BuildDirectory)},
        {"message", toJSON(E.Message)},
        {"notes", std::move(Notes)},
        {"aliases", std::move(Aliases)},
        {"race", I < Results.RaceClasses.size() ? Results.RaceClasses[I]
                                                : std::string()}});
  }
  const clang::tidy::ClangTidyStats &S = Results.Stats;
  auto Files = [](ArrayRef<ReadFile> From) {
    json::Array Files;
    for (const ReadFile &F : From)
      Files.push_back(json::Object{
          {"path", bytes(F.RealPath)},
          {"size", static_cast<int64_t>(F.Digest.Size)},
          {"hash", llvm::utohexstr(F.Digest.Hash)}});
    return Files;
  };
  json::Object Doc{
      {"version", FormatVersion},
      {"diagnostics", std::move(Diagnostics)},
      {"read", Files(Results.Read)},
      {"inputs", Files(Results.Inputs)},
      {"stats", json::Object{{"displayed", S.ErrorsDisplayed},
                             {"checkFilter", S.ErrorsIgnoredCheckFilter},
                             {"nolint", S.ErrorsIgnoredNOLINT},
                             {"nonUserCode", S.ErrorsIgnoredNonUserCode},
                             {"lineFilter", S.ErrorsIgnoredLineFilter}}}};
  clang::tidy::toctou::addToJSON(Results.Summaries, Doc);
  std::string Text;
  raw_string_ostream OS(Text);
  OS << json::Value(std::move(Doc));
  return Text;
}

Expected<UnitResults> readUnitResults(StringRef Text) {
  Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed)
    return Parsed.takeError();
  std::string Problem;
  Reader R(Problem);
  UnitResults Results;
  const json::Object *Doc = R.object(&*Parsed, "the document");
  if (Doc && Doc->getInteger("version") != FormatVersion)
    return createStringError(inconvertibleErrorCode(),
                             "unknown results format version");
  if (Doc) {
    for (const json::Value &D : R.array(*Doc, "diagnostics")) {
      const json::Object *O = R.object(&D, "a diagnostic");
      if (!O)
        break;
      const unsigned Level = R.number(*O, "level");
      if (Level != ClangTidyError::Remark && Level != ClangTidyError::Warning &&
          Level != ClangTidyError::Error)
        return createStringError(inconvertibleErrorCode(),
                                 "unknown diagnostic level %u", Level);
      ClangTidyError E(R.string(*O, "name"),
                       static_cast<ClangTidyError::Level>(Level),
                       R.string(*O, "buildDirectory"),
                       R.boolean(*O, "warningAsError"));
      E.Message = R.message(O->get("message"));
      for (const json::Value &N : R.array(*O, "notes"))
        E.Notes.push_back(R.message(&N));
      for (const json::Value &A : R.array(*O, "aliases"))
        if (std::optional<StringRef> S = A.getAsString())
          E.EnabledDiagnosticAliases.push_back(S->str());
      std::string Race = R.string(*O, "race");
      if (!Race.empty() && !clang::tidy::toctou::raceClassNamed(Race))
        return createStringError(inconvertibleErrorCode(),
                                 "unknown race class '%s'", Race.c_str());
      if (R.failed())
        break;
      Results.Errors.push_back(std::move(E));
      Results.RaceClasses.push_back(std::move(Race));
    }
    for (auto [Key, Into] : {std::pair<StringRef, std::vector<ReadFile> *>{
                                 "read", &Results.Read},
                             {"inputs", &Results.Inputs}}) {
      for (const json::Value &F : R.array(*Doc, Key)) {
        const json::Object *O = R.object(&F, "a file read");
        if (!O)
          break;
        ReadFile File;
        File.RealPath = R.string(*O, "path");
        File.Digest.Size = R.number(*O, "size");
        if (StringRef(R.string(*O, "hash")).getAsInteger(16, File.Digest.Hash))
          return createStringError(inconvertibleErrorCode(),
                                   "a file read has no valid 'hash'");
        Into->push_back(std::move(File));
      }
    }
    json::Path::Root Root("results");
    if (!clang::tidy::toctou::fromJSON(*Doc, Results.Summaries, Root))
      return createStringError(inconvertibleErrorCode(),
                               "the function summaries cannot be read (" +
                                   toString(Root.getError()) + ")");
    if (const json::Object *S = R.object(Doc->get("stats"), "'stats'")) {
      Results.Stats.ErrorsDisplayed = R.number(*S, "displayed");
      Results.Stats.ErrorsIgnoredCheckFilter = R.number(*S, "checkFilter");
      Results.Stats.ErrorsIgnoredNOLINT = R.number(*S, "nolint");
      Results.Stats.ErrorsIgnoredNonUserCode = R.number(*S, "nonUserCode");
      Results.Stats.ErrorsIgnoredLineFilter = R.number(*S, "lineFilter");
    }
  }
  if (R.failed())
    return createStringError(inconvertibleErrorCode(), Problem);
  return Results;
}

} // namespace toctou::driver
