//===--- PathEvents.h - The filesystem events of one function ---*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The calls of one function that check, use or invent a path, each with
/// the file it names (ResourceKey) and its place in the CFG; and the
/// summaries that turn functions of the translation unit which check or use
/// one of their parameters into events at their call sites ("wrappers",
/// through any number of levels).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_PATHEVENTS_H
#define TOCTOU_CHECKER_PATHEVENTS_H

#include "checker/CheckDecisions.h"
#include "checker/FunctionFlow.h"
#include "checker/PathConsequence.h"
#include "matchers/PathCalls.h"
#include "matchers/ResourceKey.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <deque>
#include <memory>
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
class ParentMap;
class VarDecl;

namespace tidy::toctou {

class OpenFlagsReader;
class SummaryIndex;
struct BodyScan;
struct StoredSummary;
struct UnitSummaries;

/// The possible results of a call described by \p Kind.
ResultDomain domainOf(ResultKind Kind);

struct PathEvent;

/// What a function of the translation unit does with one of its parameters.
struct WrapperSummary {
  /// The row that describes the wrapper as if it were a library call. Its
  /// FlagsArg is the parameter the wrapper passes on as the flags or mode
  /// of an `open` or `fopen`, or -1.
  PathCallInfo Row;
  /// The library call at the bottom of the chain of wrappers ("chmod"),
  /// and where it is ("util.c:159"), for messages.
  std::string Innermost;
  std::string Where;
  /// Read from another unit's summaries (SummaryStore.h).
  bool Imported = false;
  /// Row.FlagsArg is handed to the open as it is (or with bits that change
  /// nothing the checks look at): a flag the caller adds (`O_EXCL`, "x")
  /// reaches the library call. Not when the caller's mode string only
  /// picks the flags.
  bool PassesFlags = false;
  /// The values the wrapper returns, and what each says about the check.
  ResultDomain Domain;
  /// A check: what it learns, as far as what the wrapper returns tells.
  CheckFacts Facts;
  /// A check that returns the mode it saw (`return st.st_mode;`): what the
  /// caller tests of it (`S_ISREG(mode)`) is what the check learned.
  bool ReturnsMode = false;
  /// A check that returns the truth of one type test of what it saw
  /// (`return stat(p, &st) == 0 && S_ISDIR(st.st_mode);`): the test's macro
  /// ("S_ISDIR"), or empty. Where the caller's test of it came out false,
  /// the name was absent or of another type, a test that only excluded one.
  std::string ReturnsTypeTest;
  /// A use: the most consequential thing it does to the file, when the
  /// flags are its own (Row.FlagsArg < 0).
  UseEffect Effect = UseEffect::Read;
  /// A use: it follows a symbolic link in the last component.
  bool FollowsLinks = true;
  /// A use: it opens the file and checks the descriptor (fstat) itself.
  bool Revalidates = false;
  /// A use: every use it makes of the parameter is atomic (`mkdir` whose
  /// result it looks at, `open` with `O_CREAT | O_EXCL`).
  bool Atomic = false;
  /// A use: it creates the file (atomically or not).
  bool Creates = false;
};

/// The summaries of the functions of one translation unit, computed when
/// first needed.
class WrapperSummaries {
public:
  WrapperSummaries(ASTContext &Ctx, const OpenFlagsReader &Flags)
      : Ctx(Ctx), Flags(Flags) {}

  /// The summary of \p FD, or null when it does not check or use a
  /// parameter (or has no body here).
  const WrapperSummary *summaryOf(const FunctionDecl *FD);

  /// True if \p FD makes at least two recognized calls (library calls, or
  /// calls to functions that make one): the functions worth a CFG.
  bool isCandidate(const FunctionDecl *FD);

  /// True if the translation unit makes a temporary name anywhere.
  bool hasTempNames();

  /// True if the translation unit changes user or group IDs anywhere
  /// (setuid, seteuid, setgroups...).
  bool changesIds();

  /// Reads the summaries of functions without a body here from \p Index
  /// (other units' functions, SummaryStore.h).
  void importFrom(std::shared_ptr<const SummaryIndex> Index);

  /// Adds to \p Out the summaries of the unit's functions that other units
  /// can call, and the functions it calls without a body.
  void exportUnit(UnitSummaries &Out);

private:
  /// The stored summary of \p FD when it has no body here.
  const StoredSummary *importedSummary(const FunctionDecl *FD);
  /// The summary of \p FD read from the index, filed like one of the
  /// unit's own.
  std::optional<WrapperSummary> imported(const FunctionDecl *FD);

  std::optional<WrapperSummary> summarize(const FunctionDecl *FD);
  /// Summarizes \p FD (in progress) and files the summary.
  const WrapperSummary *finishSummary(const FunctionDecl *FD);
  /// Summarizes the functions \p Root (in progress) calls, bottom-up.
  void summarizeCalleesFirst(const FunctionDecl *Root);
  /// Fills in what the uses of parameter \p Param among \p Events do.
  void summarizeUses(
      WrapperSummary &Summary, llvm::ArrayRef<PathEvent> Events,
      unsigned Param,
      llvm::function_ref<std::optional<unsigned>(const PathEvent &)> ParamOf,
      const FunctionDecl &Def, const FunctionFlow &Flow);
  /// True if \p FD's body calls something of the table, directly or
  /// through functions of the translation unit.
  bool mayTouchPaths(const FunctionDecl *FD);
  /// The scan of \p FD's body if it has one here, outside system headers.
  const BodyScan *indexed(const FunctionDecl *FD);

  /// Scans every body of the unit once, for hasTempNames and changesIds.
  void scanUnit();
  bool UnitScanned = false;
  /// The definitions scanUnit found, in the unit's order.
  std::vector<const FunctionDecl *> Definitions;
  bool HasTempNames = false;
  bool ChangesIds = false;

  ASTContext &Ctx;
  const OpenFlagsReader &Flags;
  std::shared_ptr<const SummaryIndex> Index;
  llvm::DenseMap<const FunctionDecl *, const StoredSummary *> ImportedByDecl;
  llvm::DenseMap<const FunctionDecl *, const WrapperSummary *> Cache;
  llvm::DenseMap<const FunctionDecl *, bool> Touches;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  std::deque<WrapperSummary> Storage;
  std::deque<std::string> Names;
};

/// A call on a path, at its place in the CFG.
struct PathEvent {
  CallSite Site;
  const PathCallInfo *Info = nullptr;
  /// Set when the call is to a wrapper.
  const WrapperSummary *Wrapper = nullptr;
  PathRole Role = PathRole::Use;
  /// For uses: how this path argument is used.
  UseKind Use = UseKind::Access;
  /// The path argument this event is about.
  const Expr *PathArg = nullptr;
  FlowPoint Point;
  ResourceKey Key;
  /// The path argument as written, for messages.
  std::string Spelling;

  bool isCheck() const { return Role == PathRole::Check; }
  const Expr *flagsArg() const { return Site.arg(Info->FlagsArg); }
  const Expr *modeArg() const { return Site.arg(Info->ModeArg); }
  /// The name of the called function, for messages.
  std::string calleeName() const;
};

/// Every event of the function whose CFG is \p Flow, in CFG order.
std::vector<PathEvent> collectPathEvents(const FunctionFlow &Flow,
                                         const OpenFlagsReader &Flags,
                                         WrapperSummaries &Wrappers);

/// The variable a check call fills with what it saw: `st` in
/// `stat(path, &st)`.
const VarDecl *resultBufferOf(const PathEvent &Check);

/// True if \p Event creates the file it names: `open(O_CREAT)`, `creat`,
/// `fopen "w"`/`"a"`, `mkdir`, or a wrapper that does.
bool createsFile(const PathEvent &Event, const OpenFlagsReader &Flags,
                 const ASTContext &Ctx);

/// The variable the value of \p Call is stored in (`int fd = open(...)`,
/// `f = fopen(...)`), or null.
const VarDecl *resultVariable(const Expr *Call, const ParentMap &Parents);

/// isResultDiscarded (whether the value of a call is used) is in
/// fixits/Rewrites.h, shared with the rewrites.

/// True if \p Use cannot be fooled by a change after a check: `open` with
/// `O_CREAT | O_EXCL`, `fopen` "x", a stream with `std::ios::noreplace`,
/// `mkdir` or `unlink` whose result the code looks at.
bool isAtomicUse(const PathEvent &Use, const OpenFlagsReader &Flags,
                 ASTContext &Ctx, const ParentMap &Parents);

/// What \p Check learned, as far as \p Conditions (those that decided on
/// its result) look at it; \p ViaBuffer says whether one of them read the
/// buffer the check filled. The outcome is left Unknown.
CheckFacts checkFactsOf(const PathEvent &Check,
                        llvm::ArrayRef<const Expr *> Conditions,
                        bool ViaBuffer, const OpenFlagsReader &Flags,
                        const ASTContext &Ctx);

/// Adds to \p Facts what \p Call does with the buffer \p Check filled, when
/// it is passed to it (`secure_unlink_statted(name, &st)` decides on the
/// type it finds there): the fields a helper's body reads of it.
void addFactsOfBufferPassedTo(const PathEvent &Check, const Expr *Call,
                              const OpenFlagsReader &Flags,
                              const ASTContext &Ctx, CheckFacts &Facts);

/// What the use \p Use does to the file (for a wrapper: its summary's
/// effect, or the effect of the flags its caller passes on).
UseEffect effectOf(const PathEvent &Use, const OpenFlagsReader &Flags,
                   const ASTContext &Ctx);

/// What \p Use does, as effectOf says, but read against the function
/// \p Flow it is in: an open for writing whose descriptor (or stream) is
/// never written, nor handed anywhere it could be, only reads (Write
/// becomes Read), or only makes the file (a Create that does not truncate
/// becomes MakeEntry).
UseEffect effectIn(const PathEvent &Use, const FunctionFlow &Flow,
                   const OpenFlagsReader &Flags);

/// True if the use \p Use follows a symbolic link in the last component.
bool followsLinks(const PathEvent &Use, const OpenFlagsReader &Flags,
                  const ASTContext &Ctx);

/// True if the function \p Body opens with \p Use and then checks what it
/// opened: the descriptor (or `fileno` of the stream) that \p Use returns
/// into a variable is given to `fstat`, whose buffer a condition reads; or
/// \p Use enters a directory and the code then examines ".". For a wrapper,
/// what its summary says.
bool revalidatesOpened(const PathEvent &Use, const Stmt *Body,
                       const ParentMap &Parents);

/// True if \p E names a variable anywhere (its value is then not spelled
/// out at the call, and fix-its leave it alone).
bool refersToVariable(const Stmt *E);

/// writtenText (the text a statement is written as) is in fixits/Rewrites.h.

/// The source text of \p E, shortened for a message.
std::string spellingOf(const Expr *E, const ASTContext &Ctx);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_PATHEVENTS_H
