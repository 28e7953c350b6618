//===--- PathCalls.h - Filesystem calls that check or use a path -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The table of calls that observe the state of a path (checks), act on a
/// path (uses), or make up a temporary file name, with the positions of
/// their arguments: the C library and POSIX functions, their `*at` and
/// `*64` variants, `std::filesystem`, and the file streams of <fstream>.
/// The table is data: recognizing another function means adding a row, not
/// an `if`. Functions of the translation unit that wrap one of these become
/// rows of their own at run time (see WrapperSummaries).
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_MATCHERS_PATHCALLS_H
#define TOCTOU_MATCHERS_PATHCALLS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class FunctionDecl;

namespace tidy::toctou {

/// Whether a call observes a path, acts on it, or invents one.
enum class PathRole { Check, Use, TempName };

/// What a check learns about the file.
enum class CheckKind {
  /// `stat` and its family: whether the path exists, or, when the code
  /// inspects the buffer it filled, the properties it reads there.
  Stat,
  /// `access` and its family: existence for `F_OK`, a permission otherwise.
  AccessMode,
  /// `std::filesystem::exists`.
  Exists,
  /// A property: `std::filesystem::is_regular_file`, `status`, `file_size`.
  Property,
  /// Whether the path is a symbolic link: `std::filesystem::is_symlink`,
  /// `symlink_status`.
  SymlinkTest,
  /// `realpath`, `readlink`: what the path resolves to.
  Resolve,
};

/// How a use acts on the file; decides what counts as atomic and which
/// alternative applies.
enum class UseKind {
  /// `open(path, flags[, mode])` and `openat`.
  Open,
  /// `fopen(path, mode)`, `freopen`.
  FOpen,
  /// `creat(path, mode)`.
  Creat,
  /// `std::ofstream`, `ifstream`, `fstream`: construction and `open()`.
  Stream,
  /// Changes attributes by name: `chmod`, `chown`, `truncate`, `utime`...
  Attributes,
  /// `chown`: like Attributes, and `lchown` is its no-follow twin.
  Chown,
  /// Removes the name: `unlink`, `remove`, `rmdir`, `std::filesystem::remove`.
  /// Fails harmlessly (ENOENT) when the file is gone.
  Remove,
  /// Creates the name and fails if it exists (EEXIST): `mkdir`, `symlink`,
  /// `std::filesystem::create_directory`.
  Create,
  /// `rename`'s destination: replaced if it exists.
  RenameTarget,
  /// Reads or enters what the path names: `opendir`, `chdir`, `exec*`,
  /// `rename`'s source, `link`'s source, `copy_file`.
  Access,
};

/// What a use does to the file it names, with its flags and mode read: the
/// half of a finding's consequence that the use decides (see
/// checker/PathConsequence.h for the other half).
enum class UseEffect {
  /// May create the file: `open` with `O_CREAT` (no `O_EXCL`), `creat`,
  /// `fopen` "w"/"a", `std::ofstream`.
  Create,
  /// Makes a directory or a link and ignores the result: `mkdir`,
  /// `symlink`, `create_directory` whose result is dropped.
  MakeEntry,
  /// Replaces whatever has the name: `rename`'s and `copy_file`'s
  /// destination.
  Replace,
  /// Writes to an existing file: `open` `O_WRONLY`/`O_RDWR`/`O_TRUNC`,
  /// `fopen` "r+", `std::fstream`.
  Write,
  /// Changes the mode: `chmod`, `fchmodat`, `std::filesystem::permissions`.
  Mode,
  /// Changes the owner: `chown`, `lchown`, `fchownat`.
  Owner,
  /// Changes the size: `truncate`, `std::filesystem::resize_file`.
  Size,
  /// Sets the times: `utime`, `utimes`, `utimensat`.
  Times,
  /// Removes the name: `unlink`, `remove`, `rmdir`.
  Remove,
  /// Removes a directory and what is in it, entering it by name.
  RemoveTree,
  /// Moves or links the entry: `rename`'s and `link`'s source.
  Move,
  /// Runs it: `exec*`.
  Execute,
  /// Enters it: `opendir`, `chdir`, `open` with `O_DIRECTORY`.
  Enter,
  /// Reads it: `open` read-only, `fopen` "r", `std::ifstream`, `copy_file`'s
  /// source.
  Read,
};

/// A short verb phrase for messages: "creates or truncates", "writes to",
/// "changes the mode of"...
llvm::StringRef describeEffect(UseEffect Effect);

/// True for the effects that change the file or what the name holds
/// (Create through Times).
bool changesFile(UseEffect Effect);

/// What a call returns, for reading the check's outcome from it.
enum class ResultKind {
  /// 0 on success, -1 on failure (POSIX).
  ZeroOnSuccess,
  /// A pointer, null on failure (`realpath`).
  NullOnFailure,
  /// A count, -1 on failure (`readlink`).
  CountOrMinusOne,
  /// `bool`, true when the file has the property (`std::filesystem`).
  TrueOnSuccess,
  /// Nothing to read (an object, or void).
  None,
};

/// One row of the table.
struct PathCallInfo {
  /// The function's name, qualified for C++ (`std::filesystem::exists`;
  /// `std::basic_ofstream` for the stream constructors,
  /// `std::basic_ofstream::open` for the member).
  llvm::StringRef Name;
  PathRole Role;
  /// The directory descriptor of an `*at` function, or -1.
  int DirFdArg;
  /// The path argument.
  unsigned PathArg;
  /// A second path the call acts on (`rename`'s destination), or -1, and
  /// its directory descriptor (`renameat`), or -1.
  int SecondPathArg;
  int SecondDirFdArg;
  /// `open`: the flags; `fopen`: the mode string; `access`: the mode;
  /// streams: the open mode. -1 when the call has none.
  int FlagsArg;
  /// The mode argument of a call that may create (`open`, `creat`,
  /// `mkdir`), or -1.
  int ModeArg;
  /// Check calls that fill a buffer with what they saw (`stat`): its index,
  /// or -1.
  int ResultBufferArg;
  CheckKind Check;
  UseKind Use;
  /// What `SecondPathArg` is used for (`rename`: its destination).
  UseKind SecondUse;
  ResultKind Result;
  /// `lchown`, `lstat`, `open` with `O_NOFOLLOW`...: a call that does not
  /// follow a symbolic link in the last component.
  bool NoFollow;
};

/// The whole table.
llvm::ArrayRef<PathCallInfo> pathCalls();

/// The names of every function in the table, for a quick matcher filter.
llvm::ArrayRef<llvm::StringRef> pathCallNames();

/// A call, a constructor call or a member call, seen uniformly.
struct CallSite {
  const Expr *E = nullptr;
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;

  static std::optional<CallSite> of(const Expr *E);
  const Expr *arg(int Index) const {
    return Index < 0 || static_cast<unsigned>(Index) >= Args.size()
               ? nullptr
               : Args[Index];
  }
};

class OpenFlagsReader;

/// What the use \p Site (described by \p Info, for its argument used as
/// \p Use) does, with its flags read. Flags or a mode the code computes at
/// run time count as writing.
UseEffect useEffectOf(const CallSite &Site, const PathCallInfo &Info,
                      UseKind Use, const OpenFlagsReader &Flags,
                      const ASTContext &Ctx);

/// True if the use follows a symbolic link in the last component of the
/// name (no `O_NOFOLLOW`, not `lchown`, not `AT_SYMLINK_NOFOLLOW`; calls
/// that act on the directory entry do not).
bool followsLinks(const CallSite &Site, const PathCallInfo &Info, UseKind Use,
                  const OpenFlagsReader &Flags, const ASTContext &Ctx);

/// The table row for \p Site, or null when it is not a recognized
/// filesystem call (a user function that happens to be named `open` in a
/// namespace is not) or has fewer arguments than the row needs.
const PathCallInfo *lookupPathCall(const CallSite &Site);

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_MATCHERS_PATHCALLS_H
