//===--- PathCalls.cpp - Filesystem calls that check or use a path --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "matchers/PathCalls.h"
#include "matchers/OpenFlags.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include <vector>

namespace clang::tidy::toctou {

namespace {
constexpr PathRole Check = PathRole::Check;
constexpr PathRole Use = PathRole::Use;
constexpr PathRole Temp = PathRole::TempName;
using CK = CheckKind;
using UK = UseKind;
using RK = ResultKind;

/// A row with the fields that matter for a check.
constexpr PathCallInfo check(llvm::StringRef Name, int DirFd, unsigned Path,
                             int Flags, int Buffer, CheckKind Kind,
                             ResultKind Result, bool NoFollow = false) {
  return {Name, Check,   DirFd,  Path,     -1,     -1,       Flags,
          -1,   Buffer,  Kind,   UK::Open, UK::Open, Result, NoFollow};
}

/// A row with the fields that matter for a use.
constexpr PathCallInfo use(llvm::StringRef Name, int DirFd, unsigned Path,
                           int Flags, int Mode, UseKind Kind,
                           ResultKind Result = RK::None, int Second = -1,
                           int SecondDirFd = -1,
                           UseKind SecondKind = UK::Access,
                           bool NoFollow = false) {
  return {Name, Use,     DirFd,    Path, Second,     SecondDirFd, Flags,
          Mode, -1,      CK::Stat, Kind, SecondKind, Result,      NoFollow};
}

constexpr PathCallInfo temp(llvm::StringRef Name, unsigned Path) {
  return {Name, Temp,     -1,       Path,     -1,       -1,      -1,
          -1,   -1,       CK::Stat, UK::Open, UK::Open, RK::None, false};
}

const PathCallInfo Table[] = {
    // Checks.
    check("access", -1, 0, 1, -1, CK::AccessMode, RK::ZeroOnSuccess),
    check("euidaccess", -1, 0, 1, -1, CK::AccessMode, RK::ZeroOnSuccess),
    check("eaccess", -1, 0, 1, -1, CK::AccessMode, RK::ZeroOnSuccess),
    check("faccessat", 0, 1, 2, -1, CK::AccessMode, RK::ZeroOnSuccess),
    check("stat", -1, 0, -1, 1, CK::Stat, RK::ZeroOnSuccess),
    check("stat64", -1, 0, -1, 1, CK::Stat, RK::ZeroOnSuccess),
    check("lstat", -1, 0, -1, 1, CK::Stat, RK::ZeroOnSuccess, true),
    check("lstat64", -1, 0, -1, 1, CK::Stat, RK::ZeroOnSuccess, true),
    check("fstatat", 0, 1, -1, 2, CK::Stat, RK::ZeroOnSuccess),
    check("fstatat64", 0, 1, -1, 2, CK::Stat, RK::ZeroOnSuccess),
    check("statx", 0, 1, -1, 4, CK::Stat, RK::ZeroOnSuccess),
    check("realpath", -1, 0, -1, -1, CK::Resolve, RK::NullOnFailure),
    check("readlink", -1, 0, -1, -1, CK::Resolve, RK::CountOrMinusOne),
    check("readlinkat", 0, 1, -1, -1, CK::Resolve, RK::CountOrMinusOne),
    check("std::filesystem::exists", -1, 0, -1, -1, CK::Exists,
          RK::TrueOnSuccess),
    check("std::filesystem::status", -1, 0, -1, -1, CK::Property, RK::None),
    check("std::filesystem::symlink_status", -1, 0, -1, -1, CK::SymlinkTest,
          RK::None, true),
    check("std::filesystem::is_regular_file", -1, 0, -1, -1, CK::Property,
          RK::TrueOnSuccess),
    check("std::filesystem::is_directory", -1, 0, -1, -1, CK::Property,
          RK::TrueOnSuccess),
    check("std::filesystem::is_symlink", -1, 0, -1, -1, CK::SymlinkTest,
          RK::TrueOnSuccess, true),
    check("std::filesystem::file_size", -1, 0, -1, -1, CK::Property,
          RK::None),

    // Uses.
    use("open", -1, 0, 1, 2, UK::Open),
    use("open64", -1, 0, 1, 2, UK::Open),
    use("openat", 0, 1, 2, 3, UK::Open),
    use("openat64", 0, 1, 2, 3, UK::Open),
    use("creat", -1, 0, -1, 1, UK::Creat),
    use("creat64", -1, 0, -1, 1, UK::Creat),
    use("fopen", -1, 0, 1, -1, UK::FOpen),
    use("fopen64", -1, 0, 1, -1, UK::FOpen),
    use("freopen", -1, 0, 1, -1, UK::FOpen),
    use("freopen64", -1, 0, 1, -1, UK::FOpen),
    use("chmod", -1, 0, -1, 1, UK::Attributes),
    use("fchmodat", 0, 1, -1, 2, UK::Attributes),
    use("chown", -1, 0, -1, -1, UK::Chown),
    use("lchown", -1, 0, -1, -1, UK::Chown, RK::None, -1, -1, UK::Access,
        true),
    use("fchownat", 0, 1, -1, -1, UK::Chown),
    use("truncate", -1, 0, -1, -1, UK::Attributes),
    use("truncate64", -1, 0, -1, -1, UK::Attributes),
    use("utime", -1, 0, -1, -1, UK::Attributes),
    use("utimes", -1, 0, -1, -1, UK::Attributes),
    use("utimensat", 0, 1, -1, -1, UK::Attributes),
    use("unlink", -1, 0, -1, -1, UK::Remove, RK::ZeroOnSuccess),
    use("unlinkat", 0, 1, -1, -1, UK::Remove, RK::ZeroOnSuccess),
    use("remove", -1, 0, -1, -1, UK::Remove, RK::ZeroOnSuccess),
    use("rmdir", -1, 0, -1, -1, UK::Remove, RK::ZeroOnSuccess),
    use("mkdir", -1, 0, -1, 1, UK::Create, RK::ZeroOnSuccess),
    use("mkdirat", 0, 1, -1, 2, UK::Create, RK::ZeroOnSuccess),
    use("symlink", -1, 1, -1, -1, UK::Create, RK::ZeroOnSuccess),
    use("symlinkat", 1, 2, -1, -1, UK::Create, RK::ZeroOnSuccess),
    // link's destination is created exclusively (EEXIST when something is
    // there): a creation, like mkdir's, whose name may be changed later.
    use("link", -1, 0, -1, -1, UK::Access, RK::ZeroOnSuccess, 1, -1,
        UK::Create),
    use("linkat", 0, 1, -1, -1, UK::Access, RK::ZeroOnSuccess, 3, 2,
        UK::Create),
    use("rename", -1, 0, -1, -1, UK::Access, RK::ZeroOnSuccess, 1, -1,
        UK::RenameTarget),
    use("renameat", 0, 1, -1, -1, UK::Access, RK::ZeroOnSuccess, 3, 2,
        UK::RenameTarget),
    use("opendir", -1, 0, -1, -1, UK::Access),
    use("chdir", -1, 0, -1, -1, UK::Access),
    use("execl", -1, 0, -1, -1, UK::Access),
    use("execlp", -1, 0, -1, -1, UK::Access),
    use("execle", -1, 0, -1, -1, UK::Access),
    use("execv", -1, 0, -1, -1, UK::Access),
    use("execvp", -1, 0, -1, -1, UK::Access),
    use("execve", -1, 0, -1, -1, UK::Access),
    use("execvpe", -1, 0, -1, -1, UK::Access),
    use("std::filesystem::remove", -1, 0, -1, -1, UK::Remove,
        RK::TrueOnSuccess),
    use("std::filesystem::remove_all", -1, 0, -1, -1, UK::Remove),
    use("std::filesystem::rename", -1, 0, -1, -1, UK::Access, RK::None, 1,
        -1, UK::RenameTarget),
    use("std::filesystem::create_directory", -1, 0, -1, -1, UK::Create,
        RK::TrueOnSuccess),
    use("std::filesystem::create_directories", -1, 0, -1, -1, UK::Create,
        RK::TrueOnSuccess),
    use("std::filesystem::permissions", -1, 0, -1, -1, UK::Attributes),
    use("std::filesystem::copy_file", -1, 0, -1, -1, UK::Access,
        RK::TrueOnSuccess, 1, -1, UK::RenameTarget),
    use("std::filesystem::resize_file", -1, 0, -1, -1, UK::Attributes),
    use("std::basic_ofstream", -1, 0, 1, -1, UK::Stream),
    use("std::basic_ifstream", -1, 0, 1, -1, UK::Stream),
    use("std::basic_fstream", -1, 0, 1, -1, UK::Stream),
    use("std::basic_ofstream::open", -1, 0, 1, -1, UK::Stream),
    use("std::basic_ifstream::open", -1, 0, 1, -1, UK::Stream),
    use("std::basic_fstream::open", -1, 0, 1, -1, UK::Stream),

    // Temporary names.
    temp("mktemp", 0),
    temp("tmpnam", 0),
    temp("tmpnam_r", 0),
    temp("tempnam", 0),
};

const llvm::StringMap<const PathCallInfo *> &tableByName() {
  static const llvm::StringMap<const PathCallInfo *> ByName = [] {
    llvm::StringMap<const PathCallInfo *> Map;
    for (const PathCallInfo &Row : Table)
      Map[Row.Name] = &Row;
    return Map;
  }();
  return ByName;
}

/// How surely a declaration is the C library's function of its name.
enum class LibraryDecl {
  /// C linkage (every function in C), a member of namespace std
  /// (`std::fopen` in <cstdio>), or a builtin.
  Yes,
  /// A function of the global namespace with C++ linkage, not a member and
  /// not static (`int open(const char *, int, ...);` in a C++ file without
  /// `extern "C"`): the library's function when its parameters are the
  /// library's (pathParametersMatch).
  IfParametersMatch,
  No,
};

LibraryDecl libraryDeclKind(const FunctionDecl *FD) {
  const FunctionDecl *Canonical = FD->getCanonicalDecl();
  if (Canonical->isExternC() || Canonical->isInStdNamespace() ||
      Canonical->getBuiltinID() != 0)
    return LibraryDecl::Yes;
  // `app::open`, a member `open`, an `open` of an unnamed namespace or a
  // static one are the program's own.
  if (isa<CXXMethodDecl>(Canonical) ||
      !Canonical->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
      Canonical->getStorageClass() == SC_Static ||
      Canonical->getDescribedFunctionTemplate() ||
      Canonical->isTemplateInstantiation())
    return LibraryDecl::No;
  return LibraryDecl::IfParametersMatch;
}

/// True if the pointee of \p T is a character type (`const char *`).
bool isCharPointer(QualType T) {
  const auto *Pointer = T->getAs<PointerType>();
  return Pointer && Pointer->getPointeeType()->isAnyCharacterType();
}

/// True if \p FD declares the parameters \p Row reads as the C library
/// does: enough of them (or `...`), each path a character pointer, each
/// directory descriptor an integer, each result buffer a pointer.
bool pathParametersMatch(const FunctionDecl *FD, const PathCallInfo &Row) {
  auto Param = [&](int Index) -> std::optional<QualType> {
    if (Index < 0 || static_cast<unsigned>(Index) >= FD->getNumParams())
      return std::nullopt;
    return FD->getParamDecl(static_cast<unsigned>(Index))->getType();
  };
  auto IsPath = [&](int Index) {
    std::optional<QualType> T = Param(Index);
    return T && isCharPointer(*T);
  };
  auto IsInteger = [&](int Index) {
    std::optional<QualType> T = Param(Index);
    return T && (*T)->isIntegerType();
  };
  if (!IsPath(static_cast<int>(Row.PathArg)))
    return false;
  if (Row.SecondPathArg >= 0 && !IsPath(Row.SecondPathArg))
    return false;
  for (int DirFd : {Row.DirFdArg, Row.SecondDirFdArg})
    if (DirFd >= 0 && !IsInteger(DirFd))
      return false;
  if (Row.ResultBufferArg >= 0) {
    std::optional<QualType> T = Param(Row.ResultBufferArg);
    if (!T || !(*T)->isPointerType())
      return false;
  }
  // The flags of open(2) come through `...` in no declaration but an int;
  // fopen's mode is a string.
  if (Row.FlagsArg >= 0 && static_cast<unsigned>(Row.FlagsArg) <
                               FD->getNumParams()) {
    QualType T = *Param(Row.FlagsArg);
    if (Row.Use == UseKind::FOpen ? !isCharPointer(T) : !T->isIntegerType())
      return false;
  }
  return true;
}

/// The enclosing namespaces of \p DC, innermost first, without inline ones
/// (libstdc++'s `__cxx11`).
std::vector<llvm::StringRef> namespacesOf(const DeclContext *DC) {
  std::vector<llvm::StringRef> Names;
  for (; DC; DC = DC->getParent()) {
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS) {
      if (isa<TranslationUnitDecl>(DC))
        break;
      continue;
    }
    if (!NS->isInline())
      Names.push_back(NS->getName());
  }
  return Names;
}

bool inNamespaces(const Decl *D, llvm::ArrayRef<llvm::StringRef> Innermost) {
  std::vector<llvm::StringRef> Names = namespacesOf(D->getDeclContext());
  return Names == std::vector<llvm::StringRef>(Innermost.begin(),
                                               Innermost.end());
}

/// The <fstream> class a constructor or member belongs to, or "".
llvm::StringRef streamClassOf(const CXXMethodDecl *Method) {
  const CXXRecordDecl *Class = Method->getParent();
  if (!Class || !Class->getIdentifier() || !inNamespaces(Class, {"std"}))
    return "";
  llvm::StringRef Name = Class->getName();
  if (Name == "basic_ofstream" || Name == "basic_ifstream" ||
      Name == "basic_fstream")
    return Name;
  return "";
}

/// The qualified name under which \p Site's callee appears in the table.
std::string tableName(const CallSite &Site) {
  const FunctionDecl *FD = Site.Callee;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    llvm::StringRef Class = streamClassOf(Ctor);
    // Not the copy or move constructor: the first parameter is a name.
    if (Class.empty() || Ctor->getNumParams() == 0 ||
        Ctor->isCopyOrMoveConstructor())
      return "";
    return ("std::" + Class).str();
  }
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD)) {
    llvm::StringRef Class = streamClassOf(Method);
    if (Class.empty() || !Method->getIdentifier() || Method->getName() != "open")
      return "";
    return ("std::" + Class + "::open").str();
  }
  if (!FD->getIdentifier())
    return "";
  if (inNamespaces(FD, {"filesystem", "std"})) {
    // Only the overloads that take a path (not a file_status).
    if (FD->getNumParams() == 0)
      return "";
    QualType First = FD->getParamDecl(0)->getType().getNonReferenceType();
    const auto *Record = First->getAsCXXRecordDecl();
    if (!Record || Record->getName() != "path")
      return "";
    return ("std::filesystem::" + FD->getName()).str();
  }
  if (libraryDeclKind(FD) != LibraryDecl::No)
    return FD->getName().str();
  return "";
}

unsigned argumentsNeeded(const PathCallInfo &Row) {
  int Max = static_cast<int>(Row.PathArg);
  for (int Index : {Row.DirFdArg, Row.SecondPathArg, Row.SecondDirFdArg,
                    Row.ResultBufferArg})
    Max = std::max(Max, Index);
  // Flags and modes are optional in some overloads (open, streams).
  if (Row.Role == PathRole::Check)
    Max = std::max(Max, Row.FlagsArg);
  return static_cast<unsigned>(Max) + 1;
}
} // namespace

llvm::ArrayRef<PathCallInfo> pathCalls() { return Table; }

llvm::ArrayRef<llvm::StringRef> pathCallNames() {
  static const std::vector<llvm::StringRef> Names = [] {
    std::vector<llvm::StringRef> Out;
    for (const PathCallInfo &Row : Table) {
      llvm::StringRef Name = Row.Name;
      // The matcher's hasAnyName takes qualified names as they are written;
      // constructors and members are named by their class or method.
      if (Name.consume_back("::open"))
        Out.push_back("open");
      else
        Out.push_back(Row.Name);
    }
    return Out;
  }();
  return Names;
}

std::optional<CallSite> CallSite::of(const Expr *E) {
  CallSite Site;
  Site.E = E;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Site.Callee = Call->getDirectCallee();
    Site.Args = llvm::ArrayRef<const Expr *>(Call->getArgs(),
                                             Call->getNumArgs());
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    Site.Callee = Construct->getConstructor();
    Site.Args = llvm::ArrayRef<const Expr *>(Construct->getArgs(),
                                             Construct->getNumArgs());
  }
  if (!Site.Callee)
    return std::nullopt;
  return Site;
}

/// The last component of every name in the table: a callee whose own name
/// is not among them is not in the table, whatever its namespace.
const llvm::StringSet<> &lastComponents() {
  static const llvm::StringSet<> Names = [] {
    llvm::StringSet<> Set;
    for (const PathCallInfo &Row : Table) {
      llvm::StringRef Name = Row.Name;
      if (Name.consume_back("::open")) {
        Set.insert("open");
        Set.insert(Name.rsplit("::").second);
        continue;
      }
      Set.insert(Name.rsplit("::").second.empty() ? Name
                                                  : Name.rsplit("::").second);
    }
    return Set;
  }();
  return Names;
}

const PathCallInfo *lookupPathCall(const CallSite &Site) {
  if (!Site.Callee)
    return nullptr;
  // Cheap first: most calls are to functions with other names.
  llvm::StringRef Own;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Site.Callee)) {
    if (!Ctor->getParent()->getIdentifier())
      return nullptr;
    Own = Ctor->getParent()->getName();
  } else if (const IdentifierInfo *II = Site.Callee->getIdentifier()) {
    Own = II->getName();
  } else {
    return nullptr;
  }
  if (!lastComponents().contains(Own))
    return nullptr;
  const std::string Name = tableName(Site);
  if (Name.empty())
    return nullptr;
  auto It = tableByName().find(Name);
  if (It == tableByName().end())
    return nullptr;
  if (Site.Args.size() < argumentsNeeded(*It->second))
    return nullptr;
  // A global function of C++ linkage is the library's only when its
  // parameters are (CodeQL's test declares `int open(const char *, int)`
  // itself; a program's `int open(Config &)` is its own).
  if (!isa<CXXMethodDecl>(Site.Callee) &&
      !inNamespaces(Site.Callee, {"filesystem", "std"}) &&
      libraryDeclKind(Site.Callee) == LibraryDecl::IfParametersMatch &&
      !pathParametersMatch(Site.Callee, *It->second))
    return nullptr;
  return It->second;
}

namespace {
/// The names a `std::ios` open mode argument mentions (`in`, `out`, `app`,
/// `trunc`, `noreplace`...).
llvm::StringSet<> streamModeNames(const Expr *Mode) {
  struct Finder : RecursiveASTVisitor<Finder> {
    llvm::StringSet<> Names;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (const IdentifierInfo *II = Ref->getDecl()->getIdentifier())
        Names.insert(II->getName().ltrim('_'));
      return true;
    }
  } F;
  if (Mode && !isa<CXXDefaultArgExpr>(Mode))
    F.TraverseStmt(const_cast<Expr *>(Mode));
  return std::move(F.Names);
}

/// The flags argument of the `*at` calls that take AT_SYMLINK_NOFOLLOW.
int atFlagsArg(llvm::StringRef Name) {
  return llvm::StringSwitch<int>(Name)
      .Case("fchownat", 4)
      .Case("fchmodat", 3)
      .Case("utimensat", 3)
      .Default(-1);
}
} // namespace

llvm::StringRef describeEffect(UseEffect Effect) {
  switch (Effect) {
  case UseEffect::Create:
    return "creates or truncates";
  case UseEffect::MakeEntry:
    return "creates";
  case UseEffect::Replace:
    return "replaces";
  case UseEffect::Write:
    return "writes to";
  case UseEffect::Mode:
    return "changes the mode of";
  case UseEffect::Owner:
    return "changes the owner of";
  case UseEffect::Size:
    return "changes the size of";
  case UseEffect::Times:
    return "sets the times of";
  case UseEffect::Remove:
    return "removes";
  case UseEffect::RemoveTree:
    return "removes the contents of";
  case UseEffect::Move:
    return "moves";
  case UseEffect::Execute:
    return "runs";
  case UseEffect::Enter:
    return "enters";
  case UseEffect::Read:
    return "reads";
  }
  llvm_unreachable("unknown use effect");
}

bool changesFile(UseEffect Effect) {
  switch (Effect) {
  case UseEffect::Create:
  case UseEffect::MakeEntry:
  case UseEffect::Replace:
  case UseEffect::Write:
  case UseEffect::Mode:
  case UseEffect::Owner:
  case UseEffect::Size:
  case UseEffect::Times:
    return true;
  default:
    return false;
  }
}

UseEffect useEffectOf(const CallSite &Site, const PathCallInfo &Info,
                      UseKind Use, const OpenFlagsReader &Flags,
                      const ASTContext &Ctx) {
  const llvm::StringRef Name = Info.Name;
  const Expr *FlagsArg = Site.arg(Info.FlagsArg);
  switch (Use) {
  case UseKind::Open: {
    auto Has = [&](llvm::StringRef Flag) {
      return Flags.hasFlag(FlagsArg, Flag, Ctx);
    };
    if (!FlagsArg || Has("O_CREAT") == FlagState::Unknown)
      return UseEffect::Write; // computed at run time
    if (Has("O_CREAT") == FlagState::Set)
      return UseEffect::Create;
    for (llvm::StringRef Flag : {"O_TRUNC", "O_WRONLY", "O_RDWR", "O_APPEND"})
      if (Has(Flag) == FlagState::Set)
        return UseEffect::Write;
    if (Has("O_DIRECTORY") == FlagState::Set)
      return UseEffect::Enter;
    return UseEffect::Read;
  }
  case UseKind::FOpen: {
    std::optional<llvm::StringRef> Mode = fopenModeLiteral(FlagsArg);
    if (!Mode)
      return UseEffect::Write;
    if (fopenModeCreates(*Mode))
      return UseEffect::Create;
    return fopenModeWrites(*Mode) ? UseEffect::Write : UseEffect::Read;
  }
  case UseKind::Creat:
    return UseEffect::Create;
  case UseKind::Stream: {
    const bool Output = Name.starts_with("std::basic_ofstream");
    const bool Input = Name.starts_with("std::basic_ifstream");
    const Expr *Mode = FlagsArg;
    if (!Mode || isa<CXXDefaultArgExpr>(Mode))
      return Output ? UseEffect::Create
                    : Input ? UseEffect::Read : UseEffect::Write;
    llvm::StringSet<> Names = streamModeNames(Mode);
    const bool Out = Output || Names.contains("out");
    if (Names.contains("app") || Names.contains("trunc") ||
        (Out && !Names.contains("in")))
      return UseEffect::Create;
    return Out ? UseEffect::Write : UseEffect::Read;
  }
  case UseKind::Attributes:
    return llvm::StringSwitch<UseEffect>(Name)
        .StartsWith("truncate", UseEffect::Size)
        .Case("std::filesystem::resize_file", UseEffect::Size)
        .StartsWith("utime", UseEffect::Times)
        .Default(UseEffect::Mode);
  case UseKind::Chown:
    return UseEffect::Owner;
  case UseKind::Remove:
    return Name == "std::filesystem::remove_all" ? UseEffect::RemoveTree
                                                 : UseEffect::Remove;
  case UseKind::Create:
    return UseEffect::MakeEntry;
  case UseKind::RenameTarget:
    return UseEffect::Replace;
  case UseKind::Access:
    if (Name.starts_with("exec"))
      return UseEffect::Execute;
    if (Name == "opendir" || Name == "chdir")
      return UseEffect::Enter;
    if (Name == "std::filesystem::copy_file")
      return UseEffect::Read;
    return UseEffect::Move;
  }
  llvm_unreachable("unknown use kind");
}

bool followsLinks(const CallSite &Site, const PathCallInfo &Info, UseKind Use,
                  const OpenFlagsReader &Flags, const ASTContext &Ctx) {
  if (Info.NoFollow)
    return false;
  switch (Use) {
  case UseKind::Open:
    return Flags.hasFlag(Site.arg(Info.FlagsArg), "O_NOFOLLOW", Ctx) !=
           FlagState::Set;
  case UseKind::Remove:
  case UseKind::Create:
  case UseKind::RenameTarget:
    return false;
  case UseKind::Access:
    return Info.Name.starts_with("exec") || Info.Name == "opendir" ||
           Info.Name == "chdir" || Info.Name == "std::filesystem::copy_file";
  case UseKind::Attributes:
  case UseKind::Chown: {
    const int At = atFlagsArg(Info.Name);
    return At < 0 || Flags.hasFlag(Site.arg(At), "AT_SYMLINK_NOFOLLOW",
                                   Ctx) != FlagState::Set;
  }
  default:
    return true;
  }
}

} // namespace tidy::toctou
