//===--- Reporters.cpp - The output formats of toctou-tidy ----------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/Reporters.h"
#include "checker/tool/CheckCatalog.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MD5.h"
#include "llvm/Support/Unicode.h"
#include <fmt/color.h>
#include <fmt/format.h>
#include <ctime>
#include <map>
#include <set>

using namespace llvm;

namespace toctou::driver {
namespace {

//===-- text --------------------------------------------------------------===//

/// Paints \p Text like clang does, when colour is on.
class Painter {
public:
  explicit Painter(bool Color) : Color(Color) {}
  std::string operator()(fmt::text_style Style, StringRef Text) const {
    std::string_view View(Text.data(), Text.size());
    if (!Color)
      return std::string(View);
    return fmt::format("{}", fmt::styled(View, Style));
  }

private:
  bool Color;
};

const fmt::text_style Bold = fmt::emphasis::bold;
const fmt::text_style WarningStyle =
    fmt::fg(fmt::terminal_color::magenta) | fmt::emphasis::bold;
const fmt::text_style ErrorStyle =
    fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
const fmt::text_style NoteStyle =
    fmt::fg(fmt::terminal_color::black) | fmt::emphasis::bold;
const fmt::text_style CaretStyle =
    fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold;
const fmt::text_style RemovedStyle = fmt::fg(fmt::terminal_color::red);
const fmt::text_style AddedStyle = fmt::fg(fmt::terminal_color::green);

/// \p Line as a terminal shows it: tabs expanded to clang's tab stops of 8,
/// and the display column of each byte (a UTF-8 sequence takes the width of
/// its character, at the column of its first byte).
std::string expandTabs(StringRef Line, std::vector<unsigned> *Columns) {
  std::string Out;
  unsigned Column = 0;
  for (size_t I = 0; I < Line.size();) {
    const unsigned char C = Line[I];
    size_t Length = 1;
    if (C >= 0xC0)
      Length = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : 2;
    Length = std::min(Length, Line.size() - I);
    if (Columns)
      Columns->insert(Columns->end(), Length, Column);
    if (C == '\t') {
      const unsigned Spaces = 8 - Column % 8;
      Out.append(Spaces, ' ');
      Column += Spaces;
    } else {
      StringRef Char = Line.substr(I, Length);
      Out += Char;
      const int Width = sys::unicode::columnWidthUTF8(Char);
      Column += Width < 0 ? 1 : static_cast<unsigned>(Width);
    }
    I += Length;
  }
  if (Columns)
    Columns->push_back(Column);
  return Out;
}

void printDiagnosticLine(raw_ostream &OS, const Painter &Paint,
                         const Place &Where, StringRef Level,
                         StringRef Message, StringRef Check) {
  if (Where.Line)
    OS << Paint(Bold, formatv("{0}:{1}:{2}: ", Where.File, Where.Line,
                              Where.Column)
                          .str());
  const fmt::text_style Style = Level == "error"     ? ErrorStyle
                                : Level == "warning" ? WarningStyle
                                                     : NoteStyle;
  OS << Paint(Style, (Level + ":").str()) << ' '
     << Paint(Bold, Check.empty() ? Message.str()
                                  : (Message + " [" + Check + "]").str())
     << '\n';
}

void printSnippet(raw_ostream &OS, const Painter &Paint, SourceCache &Sources,
                  const Place &Where) {
  if (!Where.Line)
    return;
  StringRef Line = Sources.line(Where.File, Where.Line);
  std::vector<unsigned> Columns;
  const std::string Shown = expandTabs(Line, &Columns);
  const std::string Gutter = formatv("{0,5} | ", Where.Line).str();
  OS << Gutter << Shown << '\n';
  const unsigned Begin = Columns[std::min<size_t>(Where.Column - 1,
                                                  Columns.size() - 1)];
  unsigned End = Begin + 1;
  if (Where.EndLine == Where.Line && Where.EndColumn > Where.Column)
    End = Columns[std::min<size_t>(Where.EndColumn - 1, Columns.size() - 1)];
  std::string Marker = "^";
  if (End > Begin + 1)
    Marker.append(End - Begin - 1, '~');
  OS << std::string(Gutter.size() - 2, ' ') << "| " << std::string(Begin, ' ')
     << Paint(CaretStyle, Marker) << '\n';
}

/// The lines a fix-it touches, before and after.
void printFixDiff(raw_ostream &OS, const Painter &Paint, SourceCache &Sources,
                  StringRef MainFile, ArrayRef<TextEdit> Edits,
                  StringRef Heading) {
  OS << "  " << Paint(Bold, Heading) << '\n';
  // Group by file, in order.
  std::map<std::string, std::vector<TextEdit>> ByFile;
  for (const TextEdit &E : Edits)
    ByFile[E.File].push_back(E);
  for (auto &[File, FileEdits] : ByFile) {
    std::optional<StringRef> Text = Sources.contents(File);
    if (!Text)
      continue;
    if (File != MainFile)
      OS << "  in " << File << ":\n";
    const TextEdit &First = FileEdits.front();
    const TextEdit &Last = FileEdits.back();
    const unsigned FirstLine = Sources.position(File, First.Offset).first;
    const unsigned LastLine =
        Sources.position(File, Last.Offset + Last.Length).first;
    if (!FirstLine || !LastLine)
      continue;
    const unsigned Begin = *Sources.lineStart(File, FirstLine);
    const unsigned End = Begin + 0 +
                         static_cast<unsigned>(
                             (*Sources.lineStart(File, LastLine) - Begin) +
                             Sources.line(File, LastLine).size());
    std::string After;
    unsigned At = Begin;
    for (const TextEdit &E : FileEdits) {
      if (E.Offset < At || E.Offset + E.Length > Text->size())
        return; // overlapping or stale edits: show nothing rather than junk
      After += Text->slice(At, E.Offset);
      After += E.Text;
      At = E.Offset + E.Length;
    }
    After += Text->slice(At, std::max(At, End));
    SmallVector<StringRef, 4> Old, New;
    Text->slice(Begin, End).split(Old, '\n');
    StringRef(After).split(New, '\n');
    for (size_t I = 0; I < Old.size(); ++I)
      OS << Paint(RemovedStyle,
                  formatv("{0,5} - {1}", FirstLine + I,
                          expandTabs(Old[I].rtrim('\r'), nullptr))
                      .str())
         << '\n';
    for (size_t I = 0; I < New.size(); ++I)
      OS << Paint(AddedStyle,
                  formatv("{0,5} + {1}", FirstLine + I,
                          expandTabs(New[I].rtrim('\r'), nullptr))
                      .str())
         << '\n';
  }
}

//===-- shared by the machine formats -------------------------------------===//

/// Percent-encodes what may not appear in a URI path.
std::string uriEscape(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || StringRef("-._~/!$&'()*+,;=:@").contains(C))
      Out += static_cast<char>(C);
    else
      Out += formatv("%{0:X-2}", static_cast<unsigned>(C)).str();
  }
  return Out;
}

/// A 1-based column in UTF-16 code units (SARIF's default column kind) for
/// the byte column \p ByteColumn of \p Line.
unsigned utf16Column(StringRef Line, unsigned ByteColumn) {
  unsigned Units = 1;
  for (size_t I = 0; I + 1 < ByteColumn && I < Line.size(); ++I) {
    const unsigned char C = Line[I];
    if ((C & 0xC0) == 0x80)
      continue; // a continuation byte
    Units += C >= 0xF0 ? 2 : 1;
  }
  if (ByteColumn > Line.size() + 1)
    Units += ByteColumn - 1 - static_cast<unsigned>(Line.size());
  return Units;
}

bool isToctouCheck(StringRef Check) { return Check.starts_with("toctou-"); }

using clang::tidy::toctou::infoOf;
using clang::tidy::toctou::RaceClassInfo;

/// The level of \p F in the formats that have one: "error" for a warning
/// promoted to an error, else its race class's ("error", "warning",
/// "note"); "warning" for other modules' checks.
StringRef levelOf(const Finding &F) {
  if (F.IsError)
    return "error";
  if (F.Race)
    return infoOf(*F.Race).Level;
  return "warning";
}

/// GitHub code scanning's score of \p F's class, if it has one.
std::optional<double> securitySeverityOf(const Finding &F) {
  if (!F.Race)
    return std::nullopt;
  double Score = 0;
  if (infoOf(*F.Race).SecuritySeverity.getAsDouble(Score))
    return std::nullopt;
  return Score;
}

//===-- SARIF -------------------------------------------------------------===//

class SarifWriter {
public:
  SarifWriter(const RunReport &Report, SourceCache &Sources)
      : Report(Report), Sources(Sources) {}

  /// Writes the log. Each result is built as a tree of its own and
  /// streamed: a json::Object costs ~4 KB however few keys it holds
  /// (DenseMap's first 64 buckets), and a whole-log tree of 4,000 results
  /// took 1 GB. Keys go in sorted order, as json::Value prints an object's.
  void write(json::OStream &J);

private:
  json::Object artifactLocation(StringRef File) const {
    const std::string Shown = displayPath(File, Report.SourceRoot);
    if (Shown != File || !StringRef(Shown).starts_with("/"))
      return json::Object{{"uri", uriEscape(Shown)},
                          {"uriBaseId", "%SRCROOT%"}};
    return json::Object{{"uri", "file://" + uriEscape(Shown)}};
  }

  json::Object region(const Place &P) {
    StringRef Line = Sources.line(P.File, P.Line);
    json::Object R{{"startLine", P.Line},
                   {"startColumn", utf16Column(Line, P.Column)}};
    if (P.EndLine) {
      R["endLine"] = P.EndLine;
      R["endColumn"] =
          utf16Column(Sources.line(P.File, P.EndLine), P.EndColumn);
    }
    return R;
  }

  json::Object physicalLocation(const Place &P) {
    json::Object L{{"artifactLocation", artifactLocation(P.File)}};
    if (P.Line)
      L["region"] = region(P);
    return L;
  }

  json::Object location(const Place &P, StringRef Message) {
    json::Object L{{"physicalLocation", physicalLocation(P)}};
    if (!Message.empty())
      L["message"] = json::Object{{"text", Message}};
    return L;
  }

  json::Value fix(ArrayRef<TextEdit> Edits, StringRef Description) {
    std::map<std::string, json::Array> ByFile;
    for (const TextEdit &E : Edits) {
      auto [BeginLine, BeginColumn] = Sources.position(E.File, E.Offset);
      auto [EndLine, EndColumn] =
          Sources.position(E.File, E.Offset + E.Length);
      if (!BeginLine || !EndLine)
        continue;
      ByFile[E.File].push_back(json::Object{
          {"deletedRegion",
           json::Object{
               {"startLine", BeginLine},
               {"startColumn",
                utf16Column(Sources.line(E.File, BeginLine), BeginColumn)},
               {"endLine", EndLine},
               {"endColumn",
                utf16Column(Sources.line(E.File, EndLine), EndColumn)}}},
          {"insertedContent", json::Object{{"text", E.Text}}}});
    }
    json::Array Changes;
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back(
          json::Object{{"artifactLocation", artifactLocation(File)},
                       {"replacements", std::move(Replacements)}});
    // json::Value keeps a StringRef without copying it: own the text (the
    // callers pass temporaries).
    return json::Object{{"description", json::Object{{"text", Description.str()}}},
                        {"artifactChanges", std::move(Changes)}};
  }

  json::Value result(const Finding &F);
  json::Value rule(const CheckInfo &Info);

  const RunReport &Report;
  SourceCache &Sources;
  std::map<std::string, unsigned> RuleIndex;
};

json::Value SarifWriter::rule(const CheckInfo &Info) {
  json::Array Tags;
  if (isToctouCheck(Info.Name)) {
    Tags.push_back("security");
    Tags.push_back("toctou");
  }
  if (!Info.Family.empty())
    Tags.push_back(Info.Family);
  if (!Info.CWE.empty())
    Tags.push_back("external/cwe/" + StringRef(Info.CWE).lower());
  std::string Short = Info.Summary;
  if (!Short.empty())
    Short[0] = toUpper(Short[0]);
  std::string HelpText = Short + ".";
  if (!Info.HelpUri.empty())
    HelpText += " See " + Info.HelpUri;
  json::Object Help{{"text", HelpText}};
  if (!Info.DocMarkdown.empty())
    Help["markdown"] = Info.DocMarkdown;
  json::Object Properties{{"tags", std::move(Tags)}};
  StringRef Level = "warning";
  if (Info.DefaultRace) {
    // What most of the check's findings are; each result says its own.
    const RaceClassInfo &Race = infoOf(*Info.DefaultRace);
    Properties["security-severity"] = Race.SecuritySeverity;
    Properties["precision"] = Race.Precision;
    Level = Race.Level;
  }
  json::Object Rule{
      {"id", Info.Name},
      {"shortDescription", json::Object{{"text", Short}}},
      {"fullDescription",
       json::Object{{"text", Short + (Info.CWE.empty()
                                          ? std::string(".")
                                          : " (" + Info.CWE + ").")}}},
      {"help", std::move(Help)},
      {"defaultConfiguration", json::Object{{"level", Level}}},
      {"properties", std::move(Properties)}};
  if (!Info.DisplayName.empty())
    Rule["name"] = Info.DisplayName;
  if (!Info.HelpUri.empty())
    Rule["helpUri"] = Info.HelpUri;
  return Rule;
}

json::Value SarifWriter::result(const Finding &F) {
  json::Object R{{"ruleId", F.Check},
                 {"ruleIndex", RuleIndex.at(F.Check)},
                 {"level", levelOf(F)},
                 {"message", json::Object{{"text", F.Message}}},
                 {"locations", json::Array{location(F.Where, "")}},
                 {"partialFingerprints",
                  json::Object{{"toctouFingerprint/v1", F.Fingerprint}}}};
  if (F.Race) {
    const RaceClassInfo &Race = infoOf(*F.Race);
    R["properties"] = json::Object{{"race-class", Race.Id},
                                   {"security-severity", Race.SecuritySeverity},
                                   {"precision", Race.Precision}};
  }
  if (!F.Notes.empty()) {
    json::Array Related;
    json::Array Flow;
    unsigned Id = 1;
    for (const FindingNote &N : F.Notes) {
      json::Object L = location(N.Where, N.Message);
      L["id"] = Id++;
      Related.push_back(std::move(L));
      Flow.push_back(
          json::Object{{"location", location(N.Where, N.Message)}});
    }
    Flow.push_back(json::Object{{"location", location(F.Where, F.Message)}});
    R["relatedLocations"] = std::move(Related);
    R["codeFlows"] = json::Array{json::Object{
        {"threadFlows",
         json::Array{json::Object{{"locations", std::move(Flow)}}}}}};
  }
  json::Array Fixes;
  if (!F.Fix.empty())
    Fixes.push_back(fix(F.Fix, "Apply the atomic alternative (toctou-tidy "
                               "--fix applies it)"));
  for (const FindingNote &N : F.Notes)
    if (!N.Fix.empty())
      Fixes.push_back(fix(N.Fix, N.Message + " (needs review; toctou-tidy "
                                             "--fix-notes applies it)"));
  if (!Fixes.empty())
    R["fixes"] = std::move(Fixes);
  return R;
}

void SarifWriter::write(json::OStream &J) {
  // One rule per toctou check, then any other check that reported.
  std::vector<CheckInfo> Rules(toctouChecks().begin(), toctouChecks().end());
  for (const CheckInfo &Info : Rules)
    RuleIndex.emplace(Info.Name, RuleIndex.size());
  for (const Finding &F : Report.Findings)
    if (RuleIndex.emplace(F.Check, RuleIndex.size()).second)
      Rules.push_back(describeCheck(F.Check));
  json::Array RuleObjects;
  for (const CheckInfo &Info : Rules)
    RuleObjects.push_back(rule(Info));

  json::Array Notifications;
  for (const UnitFailure &U : Report.Failures) {
    json::Object N{
        {"level", "error"},
        {"descriptor", json::Object{{"id", "toctou-tidy-not-analyzed"}}},
        {"message",
         json::Object{{"text", displayPath(U.File, Report.SourceRoot) +
                                   " could not be analyzed: " + U.Reason}}},
        {"locations",
         json::Array{json::Object{
             {"physicalLocation",
              json::Object{{"artifactLocation", artifactLocation(U.File)}}}}}}};
    Notifications.push_back(std::move(N));
    for (const Finding &E : U.Errors)
      if (E.Where.Line)
        Notifications.push_back(json::Object{
            {"level", "error"},
            {"descriptor", json::Object{{"id", E.Check}}},
            {"message", json::Object{{"text", E.Message}}},
            {"locations", json::Array{location(E.Where, "")}}});
  }

  std::string Root = Report.SourceRoot;
  if (!StringRef(Root).ends_with("/"))
    Root += '/';
  json::Object Driver{{"name", "toctou-tidy"},
                      {"version", TOCTOU_VERSION},
                      {"semanticVersion", TOCTOU_VERSION},
                      {"informationUri", homepageUri()},
                      {"rules", std::move(RuleObjects)}};
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attribute("columnKind", "utf16CodeUnits");
        J.attribute(
            "invocations",
            json::Array{json::Object{
                {"executionSuccessful", Report.Failures.empty()},
                {"toolExecutionNotifications", std::move(Notifications)}}});
        J.attribute("originalUriBaseIds",
                    json::Object{{"%SRCROOT%",
                                  json::Object{{"uri",
                                                "file://" + uriEscape(Root)}}}});
        J.attributeArray("results", [&] {
          for (const Finding &F : Report.Findings)
            J.value(result(F));
        });
        J.attribute("tool", json::Object{{"driver", std::move(Driver)}});
      });
    });
    J.attribute("version", "2.1.0");
  });
}

//===-- GitHub ------------------------------------------------------------===//

std::string githubData(StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

std::string githubProperty(StringRef S) {
  std::string Out;
  for (char C : githubData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

/// Lower ranks are shown first when there are more findings than GitHub
/// displays: errors, then toctou findings with a fix-it, then the other
/// toctou findings, then the rest; the more severe first within a rank.
std::pair<int, double> importance(const Finding &F) {
  const double Severity = -securitySeverityOf(F).value_or(0);
  if (F.IsError)
    return {0, Severity};
  if (isToctouCheck(F.Check))
    return {F.anyFix() ? 1 : 2, Severity};
  return {3, Severity};
}

std::string markdownCell(StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '|')
      Out += "\\|";
    else if (C == '\n')
      Out += "<br>";
    else
      Out += C;
  }
  return Out;
}

//===-- reviewdog ---------------------------------------------------------===//

json::Object rdPosition(unsigned Line, unsigned Column) {
  return json::Object{{"line", Line}, {"column", Column}};
}

json::Object rdLocation(const Place &P, StringRef Root) {
  json::Object L{{"path", displayPath(P.File, Root)}};
  if (P.Line) {
    json::Object Range{{"start", rdPosition(P.Line, P.Column)}};
    if (P.EndLine)
      Range["end"] = rdPosition(P.EndLine, P.EndColumn);
    L["range"] = std::move(Range);
  }
  return L;
}

json::Object rdDiagnostic(const Finding &F, StringRef Root,
                          SourceCache &Sources) {
  const CheckInfo Info = describeCheck(F.Check);
  json::Object Code{{"value", F.Check}};
  if (!Info.HelpUri.empty())
    Code["url"] = Info.HelpUri;
  json::Object D{{"message", F.Message},
                 {"location", rdLocation(F.Where, Root)},
                 {"severity", levelOf(F) == "error"     ? "ERROR"
                              : levelOf(F) == "warning" ? "WARNING"
                                                        : "INFO"},
                 {"source", json::Object{{"name", "toctou-tidy"}}},
                 {"code", std::move(Code)}};
  // Reviewdog applies suggestions to the diagnostic's own file, in one
  // click: only the warning's own fix-it, never one on a note (those need a
  // human's judgement; --fix-notes is the deliberate way to apply them).
  json::Array Suggestions;
  if (!F.Fix.empty())
    for (const TextEdit &E : F.Fix) {
      if (E.File != F.Where.File)
        continue;
      auto [BL, BC] = Sources.position(E.File, E.Offset);
      auto [EL, EC] = Sources.position(E.File, E.Offset + E.Length);
      if (!BL || !EL)
        continue;
      Suggestions.push_back(json::Object{
          {"range", json::Object{{"start", rdPosition(BL, BC)},
                                 {"end", rdPosition(EL, EC)}}},
          {"text", E.Text}});
    }
  if (!Suggestions.empty())
    D["suggestions"] = std::move(Suggestions);
  json::Array Related;
  for (const FindingNote &N : F.Notes)
    Related.push_back(json::Object{{"message", N.Message},
                                   {"location", rdLocation(N.Where, Root)}});
  if (!Related.empty())
    D["related_locations"] = std::move(Related);
  return D;
}

} // namespace

void writeText(raw_ostream &OS, const RunReport &Report, SourceCache &Sources,
               bool Color) {
  const Painter Paint(Color);
  for (const Finding &F : Report.Findings) {
    std::string Check = F.Check;
    if (F.IsError)
      Check += ",-warnings-as-errors";
    printDiagnosticLine(OS, Paint, F.Where, F.IsError ? "error" : "warning",
                        F.Message, Check);
    printSnippet(OS, Paint, Sources, F.Where);
    for (const FindingNote &N : F.Notes) {
      printDiagnosticLine(OS, Paint, N.Where, "note", N.Message, "");
      printSnippet(OS, Paint, Sources, N.Where);
      if (!N.Fix.empty() && F.Fix.empty())
        printFixDiff(OS, Paint, Sources, N.Where.File, N.Fix,
                     F.FixApplied && F.anyFix() == &N.Fix
                         ? "fix-it on the note, applied:"
                         : "fix-it on the note (needs review; --fix-notes "
                           "applies it):");
    }
    if (!F.Fix.empty())
      printFixDiff(OS, Paint, Sources, F.Where.File, F.Fix,
                   F.FixApplied ? "fix-it applied:"
                       : "fix-it (--fix applies it):");
  }
}

void writeFailures(raw_ostream &OS, const RunReport &Report,
                   SourceCache &Sources, bool Color) {
  constexpr size_t ErrorsShown = 3;
  const Painter Paint(Color);
  for (const UnitFailure &U : Report.Failures) {
    OS << Paint(Bold, "toctou-tidy: ") << Paint(ErrorStyle, "error:") << ' '
       << Paint(Bold, U.File + " could not be analyzed: " + U.Reason) << '\n';
    for (size_t I = 0; I < U.Errors.size() && I < ErrorsShown; ++I) {
      const Finding &E = U.Errors[I];
      printDiagnosticLine(OS, Paint, E.Where, "error", E.Message, E.Check);
      printSnippet(OS, Paint, Sources, E.Where);
    }
    if (U.Errors.size() > ErrorsShown)
      OS << "  (and " << U.Errors.size() - ErrorsShown << " more errors)\n";
    // What a crashed analysis printed: the bug report request, the stack.
    constexpr size_t OutputLines = 12;
    SmallVector<StringRef, 32> Lines;
    StringRef(U.Output).rtrim().split(Lines, '\n');
    if (U.Output.empty())
      continue;
    for (size_t I = 0; I < Lines.size() && I < OutputLines; ++I)
      OS << "  " << Lines[I] << '\n';
    if (Lines.size() > OutputLines)
      OS << "  (" << Lines.size() - OutputLines << " more lines)\n";
  }
}

void writeSarif(raw_ostream &OS, const RunReport &Report,
                SourceCache &Sources) {
  SarifWriter Writer(Report, Sources);
  json::OStream J(OS, /*IndentSize=*/2);
  Writer.write(J);
  OS << '\n';
}

void writeGithub(raw_ostream &OS, const RunReport &Report, unsigned Limit) {
  unsigned ErrorsShown = 0, WarningsShown = 0, NoticesShown = 0, Hidden = 0;
  for (const UnitFailure &U : Report.Failures) {
    if (ErrorsShown++ >= Limit) {
      ++Hidden;
      continue;
    }
    std::string Message = "could not be analyzed: " + U.Reason;
    for (const Finding &E : U.Errors)
      Message += formatv("\n{0}:{1}:{2}: {3}",
                         displayPath(E.Where.File, Report.SourceRoot),
                         E.Where.Line, E.Where.Column, E.Message)
                     .str();
    OS << "::error file=" << githubProperty(displayPath(U.File,
                                                        Report.SourceRoot))
       << ",title=toctou-tidy::" << githubData(Message) << '\n';
  }
  std::vector<const Finding *> Ordered;
  for (const Finding &F : Report.Findings)
    Ordered.push_back(&F);
  llvm::sort(Ordered, [](const Finding *A, const Finding *B) {
    const std::pair<int, double> IA = importance(*A), IB = importance(*B);
    return IA != IB ? IA < IB : A < B; // then in report order
  });
  for (const Finding *F : Ordered) {
    const StringRef Level = levelOf(*F);
    unsigned &Shown = Level == "error"     ? ErrorsShown
                      : Level == "warning" ? WarningsShown
                                           : NoticesShown;
    if (Shown++ >= Limit) {
      ++Hidden;
      continue;
    }
    std::string Message = F->Message;
    for (const FindingNote &N : F->Notes)
      Message += formatv("\n{0}:{1}: note: {2}",
                         displayPath(N.Where.File, Report.SourceRoot),
                         N.Where.Line, N.Message)
                     .str();
    OS << (Level == "error"     ? "::error "
           : Level == "warning" ? "::warning "
                                : "::notice ")
       << "file=" << githubProperty(displayPath(F->Where.File,
                                                Report.SourceRoot));
    if (F->Where.Line) {
      OS << ",line=" << F->Where.Line << ",col=" << F->Where.Column;
      if (F->Where.EndLine)
        OS << ",endLine=" << F->Where.EndLine
           << ",endColumn=" << F->Where.EndColumn;
    }
    OS << ",title=" << githubProperty(F->Check) << "::" << githubData(Message)
       << '\n';
  }
  if (Hidden)
    OS << "::notice title=toctou-tidy::" << Hidden << " more finding"
       << (Hidden == 1 ? " is" : "s are")
       << " not shown as annotations (GitHub shows " << Limit << " errors, "
       << Limit << " warnings and " << Limit
       << " notices per step); see the job summary or the SARIF report\n";
}

void writeMarkdownSummary(raw_ostream &OS, const RunReport &Report) {
  std::set<std::string> Files;
  for (const Finding &F : Report.Findings)
    Files.insert(F.Where.File);
  const size_t N = Report.Findings.size();
  OS << "### toctou-tidy: ";
  if (N == 0)
    OS << "no findings";
  else
    OS << N << " finding" << (N == 1 ? "" : "s") << " in " << Files.size()
       << " file" << (Files.size() == 1 ? "" : "s");
  OS << " (" << Report.Files.size() << " translation unit"
     << (Report.Files.size() == 1 ? "" : "s") << " analyzed)\n\n";
  if (N) {
    OS << "| File | Line | Check | Message | Fix-it |\n"
       << "|---|---:|---|---|---|\n";
    for (const Finding &F : Report.Findings)
      OS << "| `" << markdownCell(displayPath(F.Where.File, Report.SourceRoot))
         << "` | " << F.Where.Line << " | `" << F.Check << "` | "
         << markdownCell(F.Message) << " | "
         << (!F.Fix.empty() ? "yes" : F.anyFix() ? "on a note" : "") << " |\n";
    OS << '\n';
  }
  if (!Report.Failures.empty()) {
    OS << "**Not analyzed:**\n\n";
    for (const UnitFailure &U : Report.Failures)
      OS << "- `" << markdownCell(displayPath(U.File, Report.SourceRoot))
         << "`: " << markdownCell(U.Reason) << '\n';
    OS << '\n';
  }
  if (Report.OutsideDiff || Report.Baselined)
    OS << "Not shown: " << Report.OutsideDiff
       << " outside the changed lines, " << Report.Baselined
       << " accepted in the baseline.\n\n";
}

void writeRdjson(raw_ostream &OS, const RunReport &Report,
                 SourceCache &Sources, bool OnePerLine) {
  if (OnePerLine) {
    for (const Finding &F : Report.Findings)
      OS << json::Value(rdDiagnostic(F, Report.SourceRoot, Sources)) << '\n';
    return;
  }
  // Streamed, one diagnostic's tree at a time (see SarifWriter::write);
  // keys in sorted order.
  json::OStream J(OS, /*IndentSize=*/2);
  J.object([&] {
    J.attributeArray("diagnostics", [&] {
      for (const Finding &F : Report.Findings)
        J.value(rdDiagnostic(F, Report.SourceRoot, Sources));
    });
    J.attribute("severity", "WARNING");
    J.attribute("source", json::Object{{"name", "toctou-tidy"},
                                       {"url", homepageUri()}});
  });
  OS << '\n';
}

/// GitLab Code Quality's severity: from the class's security score
/// (GitHub's bands: 7 and up high, 4 and up medium), "info" for notes.
static StringRef codeClimateSeverity(const Finding &F) {
  if (F.IsError)
    return "critical";
  if (levelOf(F) == "note")
    return "info";
  const std::optional<double> Score = securitySeverityOf(F);
  if (!Score)
    return "major";
  if (*Score >= 7.0)
    return "critical";
  if (*Score >= 4.0)
    return "major";
  return "minor";
}

void writeCodeClimate(raw_ostream &OS, const RunReport &Report) {
  // Streamed, one issue's tree at a time (see SarifWriter::write).
  json::OStream J(OS, /*IndentSize=*/2);
  J.arrayBegin();
  for (const Finding &F : Report.Findings) {
    const CheckInfo Info = describeCheck(F.Check);
    json::Object Issue{
        {"type", "issue"},
        {"check_name", F.Check},
        {"description", F.Message},
        {"categories",
         json::Array{isToctouCheck(F.Check) ? "Security" : "Bug Risk"}},
        {"severity", codeClimateSeverity(F)},
        {"fingerprint", F.Fingerprint},
        {"location",
         json::Object{
             {"path", displayPath(F.Where.File, Report.SourceRoot)},
             {"lines", json::Object{{"begin", F.Where.Line},
                                    {"end", F.Where.EndLine ? F.Where.EndLine
                                                            : F.Where.Line}}}}}};
    // The check's summary and where its page is: the whole page with every
    // issue made the report twenty times its size (240 MB for 20,000
    // findings).
    std::string Body = Info.Summary;
    if (!Body.empty()) {
      Body[0] = llvm::toUpper(Body[0]);
      if (!StringRef(Body).ends_with("."))
        Body += ".";
    }
    if (!Info.HelpUri.empty())
      Body += (Body.empty() ? "" : " ") + ("See " + Info.HelpUri);
    if (!Body.empty())
      Issue["content"] = json::Object{{"body", Body}};
    J.value(std::move(Issue));
  }
  J.arrayEnd();
  OS << '\n';
}

//===-- GitLab SAST ---------------------------------------------------------===//

/// GitLab's severity names, from the class's security score in GitHub's
/// bands (9 critical, 7 high, 4 medium); "Unknown" for other modules' checks.
static StringRef gitlabSeverity(const Finding &F) {
  const std::optional<double> Score = securitySeverityOf(F);
  if (!Score)
    return F.IsError ? "High" : "Unknown";
  if (*Score >= 9.0)
    return "Critical";
  if (*Score >= 7.0)
    return "High";
  if (*Score >= 4.0)
    return "Medium";
  if (*Score > 0.0)
    return "Low";
  return "Info";
}

/// The report's time format: UTC, to the second, no zone suffix.
static std::string gitlabTime(int64_t Seconds) {
  const std::time_t T = static_cast<std::time_t>(Seconds);
  std::tm Parts{};
  gmtime_r(&T, &Parts);
  char Buffer[32];
  std::strftime(Buffer, sizeof(Buffer), "%Y-%m-%dT%H:%M:%S", &Parts);
  return Buffer;
}

/// A vulnerability id in UUID form, from the finding's fingerprint (unique
/// among the findings, stable across runs: GitLab tracks a vulnerability
/// by it).
static std::string gitlabId(const Finding &F) {
  const llvm::MD5::MD5Result Digest = llvm::MD5::hash(
      llvm::arrayRefFromStringRef(F.Check + "\n" + F.Fingerprint));
  const std::string Hex = llvm::toHex(Digest, /*LowerCase=*/true);
  return Hex.substr(0, 8) + "-" + Hex.substr(8, 4) + "-" + Hex.substr(12, 4) +
         "-" + Hex.substr(16, 4) + "-" + Hex.substr(20, 12);
}

void writeGitlabSast(raw_ostream &OS, const RunReport &Report) {
  const json::Object Vendor{{"name", "toctou-tidy"}};
  const json::Object Tool{{"id", "toctou-tidy"},
                          {"name", "toctou-tidy"},
                          {"url", homepageUri()},
                          {"version", TOCTOU_VERSION},
                          {"vendor", json::Object(Vendor)}};
  // Streamed, one vulnerability's tree at a time (see SarifWriter::write);
  // keys in sorted order.
  json::OStream J(OS, /*IndentSize=*/2);
  // A file that could not be analyzed is a warning of the scan, which
  // still succeeded for the others.
  json::Array Messages;
  for (const UnitFailure &U : Report.Failures)
    Messages.push_back(json::Object{
        {"level", "warn"},
        {"value", displayPath(U.File, Report.SourceRoot) +
                      " was not analyzed: " + U.Reason}});
  json::Object Scan{{"analyzer", json::Object(Tool)},
                    {"scanner", json::Object(Tool)},
                    {"type", "sast"},
                    {"start_time", gitlabTime(Report.StartedAt)},
                    {"end_time", gitlabTime(Report.FinishedAt)},
                    {"status", "success"}};
  if (!Messages.empty())
    Scan["messages"] = std::move(Messages);
  J.object([&] {
    J.attribute("scan", std::move(Scan));
    J.attribute("version", "15.0.7");
    J.attributeArray("vulnerabilities", [&] {
      for (const Finding &F : Report.Findings) {
        const CheckInfo Info = describeCheck(F.Check);
        json::Array Identifiers{json::Object{
            {"type", "toctou_tidy_check"},
            {"name", F.Check},
            {"value", F.Check},
            {"url", Info.HelpUri}}};
        if (!Info.CWE.empty()) {
          const StringRef Number = StringRef(Info.CWE).drop_front(4);
          Identifiers.push_back(json::Object{
              {"type", "cwe"},
              {"name", Info.CWE},
              {"value", Number},
              {"url", "https://cwe.mitre.org/data/definitions/" +
                          Number.str() + ".html"}});
        }
        if (Info.HelpUri.empty())
          Identifiers.front().getAsObject()->erase("url");
        // The title is the finding's message (at most 255 bytes, cut
        // between characters); the description adds the notes, which say
        // where the check was made and what to do instead, and the check.
        std::string Name = F.Message;
        if (Name.size() > 255) {
          size_t Cut = 252;
          while (Cut && (static_cast<unsigned char>(Name[Cut]) & 0xC0) == 0x80)
            --Cut;
          Name = Name.substr(0, Cut) + "...";
        }
        std::string Description = F.Message;
        for (const FindingNote &N : F.Notes)
          Description += "\n\n" +
                         displayPath(N.Where.File, Report.SourceRoot) + ":" +
                         std::to_string(N.Where.Line) + ": " + N.Message;
        if (!Info.Summary.empty())
          Description += "\n\n" + F.Check + ": " + Info.Summary + ".";
        json::Object Vulnerability{
            {"id", gitlabId(F)},
            {"category", "sast"},
            {"name", Name},
            {"description", Description},
            {"severity", gitlabSeverity(F)},
            {"location",
             json::Object{{"file", displayPath(F.Where.File, Report.SourceRoot)},
                          {"start_line", F.Where.Line},
                          {"end_line", F.Where.EndLine ? F.Where.EndLine
                                                       : F.Where.Line}}},
            {"identifiers", std::move(Identifiers)}};
        if (!F.Fix.empty())
          Vulnerability["solution"] =
              "Apply the fix-it: toctou-tidy --fix, or the suggestion of the "
              "text report.";
        if (!Info.HelpUri.empty())
          Vulnerability["links"] =
              json::Array{json::Object{{"name", F.Check}, {"url", Info.HelpUri}}};
        J.value(std::move(Vulnerability));
      }
    });
  });
  OS << '\n';
}

} // namespace toctou::driver

