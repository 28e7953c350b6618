//===--- PathEvents.cpp - The filesystem events of one function -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/PathEvents.h"
#include "checker/SqlWrappers.h"
#include "fixits/Rewrites.h"
#include "checker/BodyScan.h"
#include "checker/SummaryStore.h"
#include "matchers/OpenFlags.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::toctou {

namespace {

/// True if \p Body walks up the directories of a path, examining each: a
/// loop that calls `dirname` and a `stat`. Given the buffer of a check,
/// such a helper makes sure that nobody else can write the directories that
/// hold the name (OpenSSH's `safe_path()`, the "secure path" idiom of
/// set-ID programs): then nobody else can swap the name either.
bool walksParentDirectories(const Stmt *Body) {
  struct Finder : RecursiveASTVisitor<Finder> {
    unsigned LoopDepth = 0;
    bool Dirname = false, Stat = false;
    bool TraverseForStmt(ForStmt *S) {
      ++LoopDepth;
      bool R = RecursiveASTVisitor::TraverseForStmt(S);
      --LoopDepth;
      return R;
    }
    bool TraverseWhileStmt(WhileStmt *S) {
      ++LoopDepth;
      bool R = RecursiveASTVisitor::TraverseWhileStmt(S);
      --LoopDepth;
      return R;
    }
    bool TraverseDoStmt(DoStmt *S) {
      ++LoopDepth;
      bool R = RecursiveASTVisitor::TraverseDoStmt(S);
      --LoopDepth;
      return R;
    }
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!LoopDepth || !Callee || !Callee->getIdentifier())
        return true;
      llvm::StringRef Name = Callee->getName();
      if (Name == "dirname")
        Dirname = true;
      else if (Name == "stat" || Name == "lstat" || Name == "stat64" ||
               Name == "lstat64" || Name == "fstatat" || Name == "fstatat64")
        Stat = true;
      return true;
    }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Dirname && F.Stat;
}


/// Every `return` of a body.
class ReturnCollector : public RecursiveASTVisitor<ReturnCollector> {
public:
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  bool VisitReturnStmt(ReturnStmt *R) {
    Returns.push_back(R);
    return true;
  }
  // Returns of lambdas and local classes are not the function's.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
};

/// The file types of `st_mode & S_IFMT`, by value, as the S_IS* macro
/// that tests for it.
llvm::StringRef typeMacroOf(uint64_t Value, const OpenFlagsReader &Flags) {
  static constexpr std::pair<llvm::StringLiteral, llvm::StringLiteral>
      Types[] = {{"S_IFLNK", "S_ISLNK"}, {"S_IFREG", "S_ISREG"},
                 {"S_IFDIR", "S_ISDIR"}, {"S_IFCHR", "S_ISCHR"},
                 {"S_IFBLK", "S_ISBLK"}, {"S_IFIFO", "S_ISFIFO"},
                 {"S_IFSOCK", "S_ISSOCK"}};
  // POSIX leaves the values to the system; Linux's are the traditional ones.
  static constexpr uint64_t Traditional[] = {0120000, 0100000, 0040000,
                                             0020000, 0060000, 0010000,
                                             0140000};
  for (size_t I = 0; I < std::size(Types); ++I)
    if (Flags.macroValue(Types[I].first).value_or(Traditional[I]) == Value)
      return Types[I].second;
  return "";
}

/// Reads what conditions look at in the buffer a check filled, field by
/// field, into CheckFacts.
class BufferReads : public RecursiveASTVisitor<BufferReads> {
public:
  BufferReads(const VarDecl *Buffer, const ASTContext &Ctx,
              const OpenFlagsReader &Flags, CheckFacts &Facts,
              llvm::SmallVectorImpl<std::string> &Names)
      : Buffer(Buffer), Ctx(Ctx), Flags(Flags), Facts(Facts), Names(Names) {}

  void read(const Expr *Condition) {
    TraverseStmt(const_cast<Expr *>(Condition));
  }

  // `(st.st_mode & MASK) == VALUE` and `st.st_mode & MASK`: the S_IS*
  // macros, S_IFMT switches, mode bits.
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_And) {
      const Expr *Mode = nullptr, *Mask = nullptr;
      if (isMode(B->getLHS())) {
        Mode = B->getLHS();
        Mask = B->getRHS();
      } else if (isMode(B->getRHS())) {
        Mode = B->getRHS();
        Mask = B->getLHS();
      }
      if (Mode) {
        Handled.insert(Mode->IgnoreParenImpCasts());
        noteMask(constant(Mask), B);
      }
      return true;
    }
    return true;
  }

  // The buffer handed to a helper in the condition (`safe_path(p, &st)`):
  // what the helper reads of it, when its body is here; a judgement of
  // unknown kind, taken as one of trust, when it is not.
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (!passesBuffer(Call->getArg(I)))
        continue;
      const SourceManager &SM = Ctx.getSourceManager();
      if (SM.isInSystemHeader(Callee->getLocation()) ||
          lookupPathCall(*CallSite::of(Call)))
        continue;
      const FunctionDecl *Def = nullptr;
      const Stmt *Body = Callee->getBody(Def);
      if (Body && Def && walksParentDirectories(Body)) {
        Facts.ParentsChecked = true;
        add("directories walked by " + Callee->getName().str() + "()");
      }
      if (Body && Def && I < Def->getNumParams() && Depth < 2) {
        BufferReads Inner(Def->getParamDecl(I)->getCanonicalDecl(), Ctx, Flags,
                          Facts, Names);
        Inner.Depth = Depth + 1;
        Inner.Whole = dyn_cast<Expr>(Body);
        Inner.Root = Body;
        Inner.TraverseStmt(const_cast<Stmt *>(Body));
        continue;
      }
      // A predicate over the buffer and a user or group: ownership.
      if (passesIds(Call)) {
        Facts.Trust = true;
      } else {
        Facts.Data = true;
      }
      add(Callee->getName().str() + "()");
    }
    return true;
  }

  // A local holding a field of the buffer, read on its own.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Handled.contains(Ref))
      return true;
    if (const MemberExpr *M =
            fieldCopied(dyn_cast<VarDecl>(Ref->getDecl()), Buffer))
      noteField(M, Ref);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *M) {
    if (!isOfBuffer(M) || Handled.contains(M))
      return true;
    noteField(M, M);
    return true;
  }

private:
  /// What reading the field \p M (through the expression \p At, the
  /// member itself or a local copy) tells.
  void noteField(const MemberExpr *M, const Expr *At) {
    llvm::StringRef Field = fieldOf(M);
    if (Field == "uid" || Field == "gid") {
      // Compared with a user the code trusts (itself, root, a passwd
      // entry, a user ID it holds): whose file it is. Compared with
      // anything else (another file's owner, a computed wanted owner):
      // data.
      if (comparedWithUser(At)) {
        Facts.Trust = true;
      } else {
        Facts.Data = true;
      }
      add(M->getMemberDecl()->getName());
    } else if (Field == "nlink") {
      Facts.Trust = true;
      add(M->getMemberDecl()->getName());
    } else if (Field == "ino" || Field == "dev") {
      Facts.Identity = true;
      add(M->getMemberDecl()->getName());
    } else if (Field == "mode") {
      // Tested some other way (a helper, a whole-mode comparison): its
      // data, unless the code names a type macro.
      if (conditionText(At).contains("S_IS") ||
          conditionText(At).contains("S_IF")) {
        Facts.FileType = true;
        add("st_mode");
      } else {
        Facts.Data = true;
        add(M->getMemberDecl()->getName());
      }
    } else {
      Facts.Data = true;
      add(M->getMemberDecl()->getName());
    }
  }

public:
  /// Filled with the enclosing condition, for the text of macros.
  const Expr *Whole = nullptr;
  /// What the parent map covers (Whole, or a helper's body).
  const Stmt *Root = nullptr;
  /// How many helpers deep this reader is.
  unsigned Depth = 0;

private:
  /// True if \p Call also passes a user or group ID or a passwd entry.
  static bool passesIds(const CallExpr *Call) {
    for (const Expr *Arg : Call->arguments()) {
      QualType T = Arg->IgnoreParenImpCasts()->getType();
      if (const auto *Pointer = T->getAs<PointerType>())
        T = Pointer->getPointeeType();
      std::string Name = T.getUnqualifiedType().getAsString();
      if (Name == "uid_t" || Name == "gid_t" || Name == "__uid_t" ||
          Name == "__gid_t" || Name == "struct passwd")
        return true;
    }
    return false;
  }

  /// True if \p Arg is the buffer or its address.
  bool passesBuffer(const Expr *Arg) const {
    Arg = Arg->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(Arg))
      if (U->getOpcode() == UO_AddrOf)
        Arg = U->getSubExpr()->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(Arg);
    return Ref && Ref->getDecl()->getCanonicalDecl() == Buffer;
  }
  /// True if \p M (an owner or group) is compared with a user the code
  /// trusts: `getuid()` and its kin, 0 (root), a passwd entry's `pw_uid`,
  /// a parameter of type uid_t or gid_t.
  bool comparedWithUser(const Expr *M) {
    const Stmt *Child = M;
    for (const Stmt *P = parentOf(Child); P; Child = P, P = parentOf(P)) {
      if (isa<ParenExpr, ImplicitCastExpr>(P))
        continue;
      const auto *Cmp = dyn_cast<BinaryOperator>(P);
      if (!Cmp || !Cmp->isEqualityOp())
        return false;
      const Expr *Other = (Cmp->getLHS()->IgnoreParenImpCasts() == M
                               ? Cmp->getRHS()
                               : Cmp->getLHS())
                              ->IgnoreParenImpCasts();
      if (const auto *Call = dyn_cast<CallExpr>(Other)) {
        const FunctionDecl *FD = Call->getDirectCallee();
        return FD && FD->getIdentifier() &&
               llvm::is_contained({llvm::StringRef("getuid"),
                                   llvm::StringRef("geteuid"),
                                   llvm::StringRef("getgid"),
                                   llvm::StringRef("getegid")},
                                  FD->getName());
      }
      if (std::optional<uint64_t> Value = constant(Other))
        return *Value == 0;
      if (const auto *OM = dyn_cast<MemberExpr>(Other))
        return OM->getMemberDecl()->getIdentifier() &&
               (OM->getMemberDecl()->getName() == "pw_uid" ||
                OM->getMemberDecl()->getName() == "pw_gid");
      // A user the caller names (a helper's `uid_t uid` parameter); a
      // local holds what the code computed it wants (a desired owner).
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Other)) {
        if (!isa<ParmVarDecl>(Ref->getDecl()))
          return false;
        std::string Type = Ref->getType().getUnqualifiedType().getAsString();
        return Type == "uid_t" || Type == "gid_t" || Type == "__uid_t" ||
               Type == "__gid_t";
      }
      return false;
    }
    return false;
  }
  bool isOfBuffer(const MemberExpr *M) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
    return Ref && Ref->getDecl()->getCanonicalDecl() == Buffer;
  }
  /// "mode" for st_mode and stx_mode, "uid" for st_uid...
  static llvm::StringRef fieldOf(const MemberExpr *M) {
    llvm::StringRef Name = M->getMemberDecl()->getName();
    if (!Name.consume_front("stx_"))
      Name.consume_front("st_");
    return Name;
  }
  bool isMode(const Expr *E) const {
    const MemberExpr *M = fieldRead(E);
    return M && fieldOf(M) == "mode";
  }
  /// The field of the buffer \p E reads: `st.st_mode`, or a local that
  /// copied it.
  const MemberExpr *fieldRead(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return isOfBuffer(M) ? M : nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return fieldCopied(dyn_cast<VarDecl>(Ref->getDecl()), Buffer);
    return nullptr;
  }
  std::optional<uint64_t> constant(const Expr *E) const {
    Expr::EvalResult R;
    if (!E || E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt().getZExtValue();
  }
  void noteMask(std::optional<uint64_t> Mask, const BinaryOperator *And) {
    const uint64_t TypeMask = Flags.macroValue("S_IFMT").value_or(0170000);
    if (!Mask) {
      Facts.Data = true;
      add("st_mode");
      return;
    }
    if (*Mask == TypeMask) {
      // Compared with a type: which one.
      llvm::StringRef Macro = "S_IFMT";
      if (const auto *Cmp = comparisonAround(And))
        if (std::optional<uint64_t> Value = constant(
                Cmp->getLHS()->IgnoreParenImpCasts() == And ? Cmp->getRHS()
                                                            : Cmp->getLHS()))
          if (llvm::StringRef Known = typeMacroOf(*Value, Flags); !Known.empty())
            Macro = Known;
      noteType(Macro);
      return;
    }
    if ((*Mask & TypeMask) != 0) {
      // st_mode & S_IFDIR, the old way of testing a type.
      llvm::StringRef Known = typeMacroOf(*Mask, Flags);
      noteType(Known.empty() ? llvm::StringRef("S_IFMT") : Known);
      return;
    }
    // Permission bits: group or other access, set-ID bits decide trust;
    // the owner's own or execute bits are data, and so are bits compared
    // with a wanted mode (`(st_mode & 07777) != mode`).
    const BinaryOperator *Cmp = comparisonAround(And);
    bool ComparedWithMode = false;
    if (Cmp) {
      const Expr *Other = Cmp->getLHS()->IgnoreParenImpCasts() == And
                              ? Cmp->getRHS()
                              : Cmp->getLHS();
      std::optional<uint64_t> Value = constant(Other);
      ComparedWithMode = !Value || *Value != 0;
    }
    if ((*Mask & 06066) && !ComparedWithMode) {
      Facts.ModeBits = true;
      add("mode bits");
    } else {
      Facts.Data = true;
      add("st_mode");
    }
  }
  void noteType(llvm::StringRef Macro) {
    if (Macro == "S_ISLNK")
      Facts.SymlinkTest = true;
    else
      Facts.FileType = true;
    add(Macro);
  }
  /// The `==`/`!=` whose operand is \p And (through parentheses).
  const BinaryOperator *comparisonAround(const BinaryOperator *And) {
    const Stmt *Child = And;
    for (const Stmt *P = parentOf(Child); P; Child = P, P = parentOf(P)) {
      if (isa<ParenExpr, ImplicitCastExpr>(P))
        continue;
      const auto *Cmp = dyn_cast<BinaryOperator>(P);
      if (Cmp && Cmp->isEqualityOp())
        return Cmp;
      return nullptr;
    }
    return nullptr;
  }
  const Stmt *parentOf(const Stmt *S) {
    if (!Parents)
      Parents = std::make_unique<ParentMap>(
          const_cast<Stmt *>(Root ? Root : static_cast<const Stmt *>(Whole)));
    return Parents->getParent(S);
  }
  llvm::StringRef conditionText(const Expr *E) {
    return writtenText(Whole ? Whole : E, Ctx);
  }
  void add(llvm::StringRef Name) {
    if (!llvm::is_contained(Names, Name))
      Names.push_back(Name.str());
  }

  const VarDecl *Buffer;
  const ASTContext &Ctx;
  const OpenFlagsReader &Flags;
  CheckFacts &Facts;
  llvm::SmallVectorImpl<std::string> &Names;
  llvm::SmallPtrSet<const Expr *, 4> Handled;
  std::unique_ptr<ParentMap> Parents;
};

} // namespace

bool isAtomicUse(const PathEvent &Use, const OpenFlagsReader &Flags,
                 ASTContext &Ctx, const ParentMap &Parents) {
  // A wrapper's use was judged inside the wrapper, unless its caller
  // passes the flags.
  if (Use.Wrapper && Use.Info->FlagsArg < 0)
    return Use.Wrapper->Atomic;
  switch (Use.Use) {
  case UseKind::Open:
    return Flags.hasFlag(Use.flagsArg(), "O_CREAT", Ctx) == FlagState::Set &&
           Flags.hasFlag(Use.flagsArg(), "O_EXCL", Ctx) == FlagState::Set;
  case UseKind::FOpen: {
    std::optional<StringRef> Mode = fopenModeLiteral(Use.flagsArg());
    return Mode && fopenModeIsExclusive(*Mode);
  }
  case UseKind::Stream: {
    // std::ios::noreplace (C++23).
    struct Finder : RecursiveASTVisitor<Finder> {
      bool Found = false;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const IdentifierInfo *II = Ref->getDecl()->getIdentifier())
          Found |= II->getName() == "noreplace" ||
                   II->getName() == "__noreplace";
        return true;
      }
    } F;
    if (const Expr *Mode = Use.flagsArg())
      F.TraverseStmt(const_cast<Expr *>(Mode));
    return F.Found;
  }
  case UseKind::Create:
  case UseKind::Remove:
    // mkdir() fails with EEXIST, unlink() with ENOENT: code that looks at
    // their result handles the race, and the check was only redundant.
    return !isResultDiscarded(Use.Site.E, Parents);
  case UseKind::Creat:
  case UseKind::Attributes:
  case UseKind::Chown:
  case UseKind::RenameTarget:
  case UseKind::Access:
    return false;
  }
  llvm_unreachable("unknown use kind");
}

CheckFacts checkFactsOf(const PathEvent &Check,
                        llvm::ArrayRef<const Expr *> Conditions,
                        bool ViaBuffer, const OpenFlagsReader &Flags,
                        const ASTContext &Ctx) {
  if (Check.Wrapper && Check.Wrapper->Row.ResultBufferArg >= 0) {
    // The helper filled the caller's buffer: what the caller reads of it,
    // as after the library call, and what the helper tested itself.
    PathEvent Plain = Check;
    Plain.Wrapper = nullptr;
    CheckFacts Facts = checkFactsOf(Plain, Conditions, ViaBuffer, Flags, Ctx);
    const CheckFacts &Own = Check.Wrapper->Facts;
    if (Own.FileType || Own.SymlinkTest || Own.Trust || Own.ModeBits ||
        Own.Data || Own.Identity || Own.Permission || Own.ParentsChecked ||
        Own.Resolved)
      Facts.merge(Own);
    return Facts;
  }
  if (Check.Wrapper) {
    CheckFacts Facts = Check.Wrapper->Facts;
    // The mode the helper returned, tested by a type macro here.
    // Tested only for the failure value (`mode < 0`): whether it exists.
    if (Check.Wrapper->ReturnsMode && !Conditions.empty()) {
      bool Type = false, Bits = false;
      for (const Expr *C : Conditions) {
        const llvm::StringRef Text = writtenText(C, Ctx);
        Type |= Text.contains("S_IS") || Text.contains("S_IF");
        Bits |= Text.contains('&');
      }
      if (Type) {
        Facts.FileType = true;
        Facts.Data = false;
        Facts.Existence = false;
        Facts.Examined = "property st_mode";
      } else if (!Bits) {
        Facts.Data = false;
        Facts.Existence = true;
        Facts.Examined = "existence";
      }
    }
    return Facts;
  }
  CheckFacts Facts;
  Facts.OfEntry = Check.Info->NoFollow;
  // fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW), statx(fd, name,
  // AT_SYMLINK_NOFOLLOW, ...): the entry itself.
  const llvm::StringRef Name = Check.Info->Name;
  const int AtFlags = Name.starts_with("fstatat") ? 3 : Name == "statx" ? 2 : -1;
  if (const Expr *At = Check.Site.arg(AtFlags))
    Facts.OfEntry |=
        Flags.hasFlag(At, "AT_SYMLINK_NOFOLLOW", Ctx) == FlagState::Set;
  switch (Check.Info->Check) {
  case CheckKind::AccessMode: {
    const Expr *Mode = Check.flagsArg();
    std::optional<uint64_t> Value = OpenFlagsReader::flagsValue(Mode, Ctx);
    if (Value && *Value == Flags.macroValue("F_OK").value_or(0)) {
      Facts.Existence = true;
      Facts.Examined = "existence";
      return Facts;
    }
    Facts.Permission = true;
    Facts.Examined =
        "permission " + (Mode ? spellingOf(Mode, Ctx) : std::string("?"));
    return Facts;
  }
  case CheckKind::Stat: {
    llvm::SmallVector<std::string, 2> Reads;
    if (ViaBuffer)
      if (const VarDecl *Buffer = resultBufferOf(Check))
        for (const Expr *C : Conditions) {
          BufferReads Reader(Buffer, Ctx, Flags, Facts, Reads);
          Reader.Whole = C;
          Reader.read(C);
        }
    if (Reads.empty()) {
      Facts.Existence = true;
      Facts.Examined = "existence";
      return Facts;
    }
    Facts.Examined = "property " + llvm::join(Reads, ", ");
    return Facts;
  }
  case CheckKind::Exists:
    Facts.Existence = true;
    Facts.Examined = "existence";
    return Facts;
  case CheckKind::Property:
    if (Check.Info->Name == "std::filesystem::file_size")
      Facts.Data = true;
    else
      Facts.FileType = true;
    Facts.Examined = "property " + Check.calleeName();
    return Facts;
  case CheckKind::SymlinkTest:
    Facts.SymlinkTest = true;
    Facts.OfEntry = true;
    Facts.Examined = "symbolic link test";
    return Facts;
  case CheckKind::Resolve:
    Facts.Resolved = true;
    Facts.Examined = "resolved path";
    return Facts;
  }
  llvm_unreachable("unknown check kind");
}

bool createsFile(const PathEvent &Event, const OpenFlagsReader &Flags,
                 const ASTContext &Ctx) {
  if (Event.Role != PathRole::Use)
    return false;
  if (Event.Wrapper && Event.Info->FlagsArg < 0)
    return Event.Wrapper->Creates;
  switch (Event.Use) {
  case UseKind::Open:
    return Flags.hasFlag(Event.flagsArg(), "O_CREAT", Ctx) == FlagState::Set;
  case UseKind::Creat:
    return true;
  case UseKind::FOpen: {
    std::optional<StringRef> Mode = fopenModeLiteral(Event.flagsArg());
    return Mode && fopenModeCreates(*Mode);
  }
  case UseKind::Create:
    // mkdir, and link's new name, not symlink: a symbolic link is no file
    // whose attributes one sets. (link's first path is its source.)
    return StringRef(Event.Info->Name).starts_with("mkdir") ||
           StringRef(Event.Info->Name).starts_with(
               "std::filesystem::create_director") ||
           Event.Info->Name == "link" || Event.Info->Name == "linkat";
  case UseKind::RenameTarget:
    // rename(tmp, dst) puts the code's file at dst: changed by that name
    // afterwards, it may be another process's by then.
    return true;
  default:
    return false;
  }
}

void addFactsOfBufferPassedTo(const PathEvent &Check, const Expr *Call,
                              const OpenFlagsReader &Flags,
                              const ASTContext &Ctx, CheckFacts &Facts) {
  const VarDecl *Buffer = resultBufferOf(Check);
  if (!Buffer || !isa<CallExpr>(Call))
    return;
  llvm::SmallVector<std::string, 2> Reads;
  CheckFacts Seen;
  BufferReads Reader(Buffer, Ctx, Flags, Seen, Reads);
  Reader.Whole = Call;
  Reader.VisitCallExpr(const_cast<CallExpr *>(cast<CallExpr>(Call)));
  if (Reads.empty())
    return;
  const bool OnlyExistence = Facts.Existence && Facts.Examined == "existence";
  Facts.merge(Seen);
  if (OnlyExistence) {
    Facts.Existence = false;
    Facts.Examined = "property " + llvm::join(Reads, ", ");
  } else {
    Facts.Examined += ", " + llvm::join(Reads, ", ");
  }
}

UseEffect effectOf(const PathEvent &Use, const OpenFlagsReader &Flags,
                   const ASTContext &Ctx) {
  if (Use.Wrapper && Use.Info->FlagsArg < 0)
    return Use.Wrapper->Effect;
  return useEffectOf(Use.Site, *Use.Info, Use.Use, Flags, Ctx);
}

namespace {
/// Calls that only read through a descriptor or stream, or look at it.
bool onlyReadsThrough(llvm::StringRef Callee) {
  static constexpr llvm::StringLiteral Names[] = {
      "close",     "fclose",     "read",       "pread",     "pread64",
      "readv",     "preadv",     "lseek",      "lseek64",   "fstat",
      "fstat64",   "fstatat",    "fstatat64",  "fsync",     "fdatasync",
      "ioctl",     "posix_fadvise", "flock",   "fcntl",     "fgets",
      "fread",     "fgetc",      "getc",       "fscanf",    "getline",
      "getdelim",  "feof",       "ferror",     "fileno",    "rewind",
      "fseek",     "fseeko",     "ftell",      "ftello",    "clearerr",
      "setvbuf",   "setbuf",     "fstatfs",    "fstatvfs",  "readahead",
      "__fxstat",  "__fxstat64", "__read_chk", "__pread_chk", "__fgets_chk",
      "__fread_chk", "__getdelim"};
  return llvm::is_contained(Names, Callee);
}
} // namespace

UseEffect effectIn(const PathEvent &Use, const FunctionFlow &Flow,
                   const OpenFlagsReader &Flags) {
  ASTContext &Ctx = Flow.context();
  const UseEffect Effect = effectOf(Use, Flags, Ctx);
  if ((Effect != UseEffect::Write && Effect != UseEffect::Create) ||
      Use.Wrapper ||
      (Use.Use != UseKind::Open && Use.Use != UseKind::FOpen))
    return Effect;
  // An open that truncates did its damage when it opened, whether or not
  // it creates and whatever is done with the descriptor.
  if (Effect == UseEffect::Create && Use.Use == UseKind::FOpen)
    return Effect; // "w" truncates, "a" appends: it is for writing
  if (Use.Use == UseKind::Open &&
      Flags.hasFlag(Use.flagsArg(), "O_TRUNC", Ctx) != FlagState::Clear)
    return Effect;
  const VarDecl *Opened = resultVariable(Use.Site.E, Flow.parents());
  if (!Opened) {
    // `close(open(...))`: made and closed at once.
    const Stmt *Parent = Flow.parents().getParentIgnoreParenImpCasts(
        const_cast<Expr *>(Use.Site.E));
    const auto *Call = dyn_cast_or_null<CallExpr>(Parent);
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (FD && FD->getIdentifier() && onlyReadsThrough(FD->getName()))
      return Effect == UseEffect::Write ? UseEffect::Read
                                        : UseEffect::MakeEntry;
    return Effect; // returned, passed on, stored: its user may write
  }
  if (!Opened->isLocalVarDecl())
    return Effect;
  Opened = Opened->getCanonicalDecl();
  bool Written = false;
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Opened;
    const ParentMap *Parents;
    const Expr *OpenCall;
    bool *Written;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (*Written || Ref->getDecl()->getCanonicalDecl() != Opened)
        return true;
      const Stmt *Child = Ref;
      const Stmt *Parent = Parents->getParent(Child);
      while (Parent && isa<ImplicitCastExpr, ParenExpr>(Parent)) {
        Child = Parent;
        Parent = Parents->getParent(Child);
      }
      if (!Parent) {
        *Written = true;
        return true;
      }
      if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
        const FunctionDecl *FD = Call->getDirectCallee();
        if (FD && FD->getIdentifier() && onlyReadsThrough(FD->getName()))
          return true;
        *Written = true;
        return true;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(Parent)) {
        // Compared (fd < 0, f == NULL), or assigned the open's result.
        if (B->isComparisonOp() || B->isLogicalOp())
          return true;
        if (B->getOpcode() == BO_Assign && B->getLHS() == Child)
          return true;
      }
      if (const auto *U = dyn_cast<UnaryOperator>(Parent))
        if (U->getOpcode() == UO_LNot)
          return true;
      if (isa<IfStmt, WhileStmt, ForStmt, DoStmt, ConditionalOperator>(Parent))
        return true;
      *Written = true; // stored, returned, passed: it may be written
      return true;
    }
  } F;
  F.Opened = Opened;
  F.Parents = &Flow.parents();
  F.OpenCall = Use.Site.E;
  F.Written = &Written;
  F.TraverseStmt(const_cast<Stmt *>(Flow.body()));
  if (Written)
    return Effect;
  return Effect == UseEffect::Write ? UseEffect::Read : UseEffect::MakeEntry;
}

bool followsLinks(const PathEvent &Use, const OpenFlagsReader &Flags,
                  const ASTContext &Ctx) {
  if (Use.Wrapper && Use.Info->FlagsArg < 0)
    return Use.Wrapper->FollowsLinks;
  return followsLinks(Use.Site, *Use.Info, Use.Use, Flags, Ctx);
}

const VarDecl *resultVariable(const Expr *Call, const ParentMap &Parents) {
  const Stmt *Child = Call;
  while (const Stmt *Parent = Parents.getParent(Child)) {
    if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(Parent)) {
      Child = Parent;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent))
      if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          return dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *DS = dyn_cast<DeclStmt>(Parent))
      if (DS->isSingleDecl())
        return dyn_cast<VarDecl>(DS->getSingleDecl());
    return nullptr;
  }
  return nullptr;
}

namespace {
/// The variable \p E names, through `&`, casts and `fileno(...)`.
const VarDecl *namedVariable(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "fileno" &&
        Call->getNumArgs() == 1)
      return namedVariable(Call->getArg(0));
    return nullptr;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->getCanonicalDecl();
  return nullptr;
}

/// What a body does after opening: which descriptors it fstat()s into
/// which buffers, which buffers' identity, type or trust fields it reads,
/// and whether it examines "." (after a chdir).
struct RevalidationFacts {
  llvm::SmallVector<std::pair<const VarDecl *, const VarDecl *>, 2> Fstats;
  llvm::SmallPtrSet<const VarDecl *, 4> Examined;
  bool ExaminesDot = false;

  static RevalidationFacts of(const Stmt *Body) {
    struct Finder : RecursiveASTVisitor<Finder> {
      RevalidationFacts *Facts;
      bool VisitCallExpr(CallExpr *Call) {
        const FunctionDecl *FD = Call->getDirectCallee();
        if (!FD || !FD->getIdentifier() || Call->getNumArgs() < 2)
          return true;
        llvm::StringRef Name = FD->getName();
        if (Name == "fstat" || Name == "fstat64") {
          const VarDecl *Fd = namedVariable(Call->getArg(0));
          const VarDecl *Buffer = namedVariable(Call->getArg(1));
          if (Fd && Buffer)
            Facts->Fstats.push_back({Fd, Buffer});
          return true;
        }
        if (Name == "stat" || Name == "lstat" || Name == "stat64" ||
            Name == "lstat64")
          if (const auto *Path = dyn_cast<StringLiteral>(
                  Call->getArg(0)->IgnoreParenImpCasts()))
            Facts->ExaminesDot |= Path->getString() == ".";
        return true;
      }
      bool VisitMemberExpr(MemberExpr *M) {
        const IdentifierInfo *II = M->getMemberDecl()->getIdentifier();
        if (!II)
          return true;
        llvm::StringRef Field = II->getName();
        if (!Field.consume_front("stx_"))
          Field.consume_front("st_");
        if (!llvm::is_contained({llvm::StringRef("mode"), llvm::StringRef("uid"),
                                 llvm::StringRef("gid"), llvm::StringRef("nlink"),
                                 llvm::StringRef("dev"), llvm::StringRef("ino")},
                                Field))
          return true;
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Facts->Examined.insert(Var->getCanonicalDecl());
        return true;
      }
    } F;
    RevalidationFacts Facts;
    F.Facts = &Facts;
    F.TraverseStmt(const_cast<Stmt *>(Body));
    return Facts;
  }
};
} // namespace

bool revalidatesOpened(const PathEvent &Use, const Stmt *Body,
                       const ParentMap &Parents) {
  if (Use.Wrapper)
    return Use.Wrapper->Revalidates;
  const RevalidationFacts Facts = RevalidationFacts::of(Body);
  if (Use.Use == UseKind::Access && Use.Info->Name == "chdir")
    return Facts.ExaminesDot;
  if (Use.Use != UseKind::Open && Use.Use != UseKind::FOpen)
    return false;
  const VarDecl *Opened = resultVariable(Use.Site.E, Parents);
  if (!Opened)
    return false;
  Opened = Opened->getCanonicalDecl();
  return llvm::any_of(Facts.Fstats, [&](const auto &Fstat) {
    return Fstat.first == Opened && Facts.Examined.contains(Fstat.second);
  });
}

ResultDomain domainOf(ResultKind Kind) {
  ResultDomain D;
  switch (Kind) {
  case ResultKind::ZeroOnSuccess:
    return ResultDomain::zeroOnSuccess();
  case ResultKind::NullOnFailure:
  case ResultKind::TrueOnSuccess:
    // A non-null pointer stands as 1: comparisons with NULL still work.
    D.Values.push_back({1, CheckOutcome::Succeeded});
    D.Values.push_back({0, CheckOutcome::Failed});
    return D;
  case ResultKind::CountOrMinusOne:
    D.Values.push_back({1, CheckOutcome::Succeeded});
    D.Values.push_back({-1, CheckOutcome::Failed});
    return D;
  case ResultKind::None:
    return D;
  }
  llvm_unreachable("unknown result kind");
}

std::string PathEvent::calleeName() const {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site.E))
    return Construct->getType()
        .getUnqualifiedType()
        .getAsString(Site.Callee->getASTContext().getPrintingPolicy());
  return Site.Callee->getNameAsString();
}

const VarDecl *resultBufferOf(const PathEvent &Check) {
  if (!Check.Info || Check.Info->ResultBufferArg < 0)
    return nullptr;
  const Expr *Arg = Check.Site.arg(Check.Info->ResultBufferArg);
  if (!Arg)
    return nullptr;
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Arg))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Arg = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->getCanonicalDecl();
  return nullptr;
}

bool refersToVariable(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      // A class constant (std::ios::out) is spelled out like a macro.
      if (!Var->isStaticDataMember())
        return true;
  return llvm::any_of(E->children(), refersToVariable);
}

std::string spellingOf(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // Where the argument is written: in the file, or as a macro argument, or
  // in a macro's body; else the whole macro call.
  CharSourceRange Range;
  // In a macro (`#define ngx_rename_file(o, n) rename((const char *) o,
  // (const char *) n)`), the casts the macro adds are not what the code
  // wrote: the name is the argument inside them.
  if (E->getBeginLoc().isMacroID())
    E = E->IgnoreParenCasts();
  SourceLocation Begin = SM.getSpellingLoc(E->getBeginLoc());
  SourceLocation End = SM.getSpellingLoc(E->getEndLoc());
  const bool MacroArgument = !E->getBeginLoc().isMacroID() ||
                             (SM.isMacroArgExpansion(E->getBeginLoc()) &&
                              SM.isMacroArgExpansion(E->getEndLoc()));
  if (MacroArgument && SM.getFileID(Begin) == SM.getFileID(End) &&
      !SM.isBeforeInTranslationUnit(End, Begin))
    Range = CharSourceRange::getTokenRange(Begin, End);
  else
    Range = CharSourceRange::getTokenRange(
        SM.getExpansionRange(E->getSourceRange()).getAsRange());
  std::string Text =
      Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).trim().str();
  // One line, and short.
  for (char &C : Text)
    if (C == '\n' || C == '\t')
      C = ' ';
  if (Text.size() > 40)
    Text = Text.substr(0, 37) + "...";
  return Text;
}

std::vector<PathEvent> collectPathEvents(const FunctionFlow &Flow,
                                         const OpenFlagsReader &Flags,
                                         WrapperSummaries &Wrappers) {
  std::vector<PathEvent> Events;
  ASTContext &Ctx = Flow.context();
  const std::optional<uint64_t> AtFdCwdBits = Flags.macroValue("AT_FDCWD");
  std::optional<int64_t> AtFdCwd;
  if (AtFdCwdBits)
    AtFdCwd = static_cast<int64_t>(*AtFdCwdBits);

  Flow.forEachStatement([&](const Stmt *S, FlowPoint Point) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E || !(isa<CallExpr>(E) || isa<CXXConstructExpr>(E)))
      return;
    std::optional<CallSite> Site = CallSite::of(E);
    if (!Site)
      return;
    const PathCallInfo *Info = lookupPathCall(*Site);
    const WrapperSummary *Wrapper = nullptr;
    if (!Info && isa<CallExpr>(E)) {
      Wrapper = Wrappers.summaryOf(Site->Callee);
      if (Wrapper)
        Info = &Wrapper->Row;
    }
    if (!Info)
      return;
    auto Add = [&](int DirFd, int PathIndex, UseKind Use) {
      const Expr *Path = Site->arg(PathIndex);
      if (!Path)
        return;
      std::optional<ResourceKey> Key =
          ResourceKey::fromAt(Site->arg(DirFd), Path, Ctx, AtFdCwd);
      if (!Key)
        return;
      PathEvent Event;
      Event.Site = *Site;
      Event.Info = Info;
      Event.Wrapper = Wrapper;
      Event.Role = Info->Role;
      Event.Use = Use;
      Event.PathArg = Path;
      Event.Point = Point;
      Event.Key = std::move(*Key);
      Event.Spelling = spellingOf(Path, Ctx);
      Events.push_back(std::move(Event));
    };
    Add(Info->DirFdArg, static_cast<int>(Info->PathArg), Info->Use);
    if (Info->SecondPathArg >= 0)
      Add(Info->SecondDirFdArg, Info->SecondPathArg, Info->SecondUse);
    // A temporary name also lives in the variable the result goes to.
    if (Info->Role == PathRole::TempName) {
      const Stmt *Child = E;
      const ParentMap &Parents = Flow.parents();
      while (const Stmt *Parent = Parents.getParent(Child)) {
        if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(Parent)) {
          Child = Parent;
          continue;
        }
        const Expr *Target = nullptr;
        if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
          if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child)
            Target = BO->getLHS();
        } else if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
          if (DS->isSingleDecl())
            if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl())) {
              PathEvent Event;
              Event.Site = *Site;
              Event.Info = Info;
              Event.Role = Info->Role;
              Event.PathArg = E;
              Event.Point = Point;
              Event.Key = ResourceKey::forVariable(Var);
              Event.Spelling = Var->getNameAsString();
              Events.push_back(std::move(Event));
            }
        }
        if (Target)
          if (std::optional<ResourceKey> Key = ResourceKey::fromPath(Target)) {
            PathEvent Event;
            Event.Site = *Site;
            Event.Info = Info;
            Event.Role = Info->Role;
            Event.PathArg = E;
            Event.Point = Point;
            Event.Key = std::move(*Key);
            Event.Spelling = spellingOf(Target, Ctx);
            Events.push_back(std::move(Event));
          }
        break;
      }
    }
  });
  return Events;
}

namespace {
/// Orders effects from the least consequential (Read) to the most (Create).
unsigned consequenceRank(UseEffect Effect) {
  static constexpr UseEffect Order[] = {
      UseEffect::Read,  UseEffect::Enter,      UseEffect::Execute,
      UseEffect::Move,  UseEffect::Remove,     UseEffect::Times,
      UseEffect::RemoveTree, UseEffect::Size,  UseEffect::Owner,
      UseEffect::Mode,  UseEffect::Write,      UseEffect::Replace,
      UseEffect::MakeEntry, UseEffect::Create};
  return static_cast<unsigned>(llvm::find(Order, Effect) - std::begin(Order));
}

/// The index of the parameter of \p Def that \p E names, if it is one.
std::optional<unsigned> parameterNamed(const Expr *E, const FunctionDecl &Def) {
  if (!E)
    return std::nullopt;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Parm = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Parm)
    return std::nullopt;
  for (unsigned I = 0; I < Def.getNumParams(); ++I)
    if (Def.getParamDecl(I)->getCanonicalDecl() == Parm->getCanonicalDecl())
      return I;
  return std::nullopt;
}
} // namespace

/// True if whether \p Use runs is decided by a branch whose condition
/// reads integer parameters of \p Def other than the path parameter
/// \p Param, and no other variable: the caller chooses (`if (fd != -1)
/// fchmod(fd, m); else chmod(name, m);`), and what every call does is what
/// is left.
bool decidedByCaller(const PathEvent &Use, unsigned Param,
                     const FunctionDecl &Def, const FunctionFlow &Flow) {
  for (const CFGBlock *Block : Flow.cfg()) {
    const Stmt *Condition = Block->getTerminatorCondition();
    if (!Condition)
      continue;
    struct Reads : RecursiveASTVisitor<Reads> {
      const FunctionDecl *Def;
      unsigned Param;
      bool Parameters = false, Other = false;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        if (!Var || Var->isFileVarDecl() || isa<EnumConstantDecl>(Ref->getDecl()))
          return true;
        // A scalar the caller passes (a descriptor, a flag); not what a
        // pointer argument points to (the caller's stat buffer of the same
        // file is data about it, not a choice).
        const auto *Parm = dyn_cast<ParmVarDecl>(Var);
        if (Parm && Parm->getDeclContext() == Def &&
            Parm->getFunctionScopeIndex() != Param &&
            Parm->getType()->isIntegralOrEnumerationType())
          Parameters = true;
        else
          Other = true;
        return true;
      }
    } R;
    R.Def = &Def;
    R.Param = Param;
    R.TraverseStmt(const_cast<Stmt *>(Condition));
    if (R.Parameters && !R.Other && Flow.decides(Block, Use.Point.Block))
      return true;
  }
  return false;
}

/// True if whether \p Use runs is decided by a branch whose condition
/// reads parameter \p Param (`switch (*mode)`, `if (mode[0] == 'w')`).
bool decidedByParameter(const PathEvent &Use, unsigned Param,
                        const FunctionFlow &Flow) {
  for (const CFGBlock *Block : Flow.cfg()) {
    const Stmt *Condition = Block->getTerminatorCondition();
    if (!Condition)
      continue;
    struct Reads : RecursiveASTVisitor<Reads> {
      unsigned Param;
      bool Found = false;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const auto *Parm = dyn_cast<ParmVarDecl>(Ref->getDecl()))
          Found |= Parm->getFunctionScopeIndex() == Param;
        return true;
      }
    } R;
    R.Param = Param;
    R.TraverseStmt(const_cast<Stmt *>(Condition));
    if (R.Found && Flow.decides(Block, Use.Point.Block))
      return true;
  }
  return false;
}

/// Notes in \p Summary the library call \p Event makes (or the one at the
/// bottom of the helper it calls) and where.
void describeInnermost(const PathEvent &Event, WrapperSummary &Summary,
                       const SourceManager &SM) {
  if (Event.Wrapper) {
    Summary.Innermost = Event.Wrapper->Innermost;
    Summary.Where = Event.Wrapper->Where;
    return;
  }
  Summary.Innermost = Event.calleeName();
  Summary.Where.clear();
  const PresumedLoc Loc =
      SM.getPresumedLoc(SM.getExpansionLoc(Event.Site.E->getBeginLoc()));
  if (Loc.isValid())
    Summary.Where = (llvm::sys::path::filename(Loc.getFilename()) + ":" +
                     llvm::Twine(Loc.getLine()))
                        .str();
}

void WrapperSummaries::summarizeUses(
    WrapperSummary &Summary, llvm::ArrayRef<PathEvent> Events, unsigned Param,
    llvm::function_ref<std::optional<unsigned>(const PathEvent &)> ParamOf,
    const FunctionDecl &Def, const FunctionFlow &Flow) {
  bool AllAtomic = true, Enters = false, Removes = false, Follows = false;
  bool AllRevalidate = true;
  std::optional<UseEffect> Most;
  const PathEvent *Only = nullptr;
  unsigned Uses = 0;
  // Uses that run whatever the caller passes besides the name, if there
  // are any: they are what every call does.
  llvm::SmallVector<const PathEvent *, 4> Always, Chosen;
  for (const PathEvent &E : Events) {
    if (E.Role != PathRole::Use || ParamOf(E) != Param)
      continue;
    ++Uses;
    Only = &E;
    Summary.Creates |= createsFile(E, Flags, Ctx);
    if (isAtomicUse(E, Flags, Ctx, Flow.parents()))
      continue;
    AllAtomic = false;
    (decidedByCaller(E, Param, Def, Flow) ? Chosen : Always).push_back(&E);
  }
  // A helper that acts by name only when its caller passes some value of
  // another argument (no descriptor) is not counted as acting by name: what
  // a call passes is not known here.
  if (Always.empty() && !Chosen.empty())
    AllAtomic = true;
  for (const PathEvent *Each : Always) {
    const PathEvent &E = *Each;
    const UseEffect Effect = effectIn(E, Flow, Flags);
    Enters |= Effect == UseEffect::Enter;
    Removes |= Effect == UseEffect::Remove || Effect == UseEffect::RemoveTree;
    Follows |= followsLinks(E, Flags, Ctx);
    AllRevalidate &= revalidatesOpened(E, Flow.body(), Flow.parents());
    if (!Most || consequenceRank(Effect) > consequenceRank(*Most))
      Most = Effect;
  }
  // Entering a directory and removing by name: a recursive removal.
  if (Enters && Removes &&
      (!Most || consequenceRank(*Most) < consequenceRank(UseEffect::RemoveTree)))
    Most = UseEffect::RemoveTree;
  Summary.Atomic = AllAtomic;
  Summary.Effect = Most.value_or(UseEffect::Read);
  Summary.FollowsLinks = Follows;
  Summary.Revalidates = !AllAtomic && AllRevalidate;
  // The library call at the bottom, for messages: the most consequential
  // of those every call makes.
  for (const PathEvent *Each : Always)
    if (effectIn(*Each, Flow, Flags) == Summary.Effect) {
      describeInnermost(*Each, Summary, Ctx.getSourceManager());
      break;
    }
  // The parameter that gives an open its flags: named alone, or with
  // bits that change neither what it does to the file nor whether it
  // creates (`flags | O_CLOEXEC | O_NOCTTY`).
  auto FlagsParameter = [&](const PathEvent &E) -> std::optional<unsigned> {
    const Expr *Arg = E.flagsArg();
    if (!Arg || E.Use != UseKind::Open)
      return parameterNamed(Arg, Def);
    const Expr *Named = nullptr;
    llvm::SmallVector<const Expr *, 4> Work{Arg};
    while (!Work.empty()) {
      const Expr *Part = Work.pop_back_val()->IgnoreParenImpCasts();
      const auto *Or = dyn_cast<BinaryOperator>(Part);
      if (Or && Or->getOpcode() == BO_Or) {
        Work.push_back(Or->getLHS());
        Work.push_back(Or->getRHS());
        continue;
      }
      if (parameterNamed(Part, Def)) {
        if (Named)
          return std::nullopt;
        Named = Part;
        continue;
      }
      for (llvm::StringRef Bit :
           {"O_CREAT", "O_TRUNC", "O_WRONLY", "O_RDWR", "O_APPEND", "O_EXCL",
            "O_NOFOLLOW", "O_DIRECTORY", "O_PATH", "O_TMPFILE"}) {
        // A flag the unit does not define cannot be among the bits.
        const std::optional<uint64_t> Mask = Flags.macroValue(Bit);
        if (Mask && *Mask && Flags.hasFlag(Part, Bit, Ctx) != FlagState::Clear)
          return std::nullopt;
      }
    }
    return Named ? parameterNamed(Named, Def) : std::nullopt;
  };
  // One open or fopen whose flags (or mode string) are the caller's: the
  // caller's argument decides what it does.
  if (Uses == 1 && Only &&
      (Only->Use == UseKind::Open || Only->Use == UseKind::FOpen))
    if (std::optional<unsigned> FlagsParam = FlagsParameter(*Only)) {
      Summary.Row.FlagsArg = static_cast<int>(*FlagsParam);
      Summary.PassesFlags = true;
      if (std::optional<unsigned> ModeParam =
              parameterNamed(Only->modeArg(), Def))
        Summary.Row.ModeArg = static_cast<int>(*ModeParam);
    }
  if (Summary.Row.FlagsArg >= 0 || Always.empty())
    return;
  // Several: every open (or fopen) takes its flags from the same parameter
  // (`git_fopen(path, mode)` calls `fopen(path, mode)` on two paths).
  std::optional<unsigned> Shared;
  UseKind Kind = UseKind::Open;
  bool AllShare = true;
  for (const PathEvent *Each : Always) {
    std::optional<unsigned> P = FlagsParameter(*Each);
    if ((Each->Use != UseKind::Open && Each->Use != UseKind::FOpen) || !P ||
        (Shared && (*Shared != *P || Kind != Each->Use))) {
      AllShare = false;
      break;
    }
    Shared = P;
    Kind = Each->Use;
  }
  if (AllShare && Shared) {
    Summary.Row.FlagsArg = static_cast<int>(*Shared);
    Summary.Row.Use = Kind;
    Summary.PassesFlags = true;
    return;
  }
  // A mode string of the caller's picks the flags (`cupsFileOpen(name,
  // mode)`: `switch (*mode) { case 'r': open(name, O_RDONLY) ...}`): what
  // a call does is what fopen would do with the string it passes.
  for (unsigned P = 0; P < Def.getNumParams(); ++P) {
    if (P == Param)
      continue;
    const auto *Pointer =
        Def.getParamDecl(P)->getType()->getAs<PointerType>();
    if (!Pointer || !Pointer->getPointeeType()->isAnyCharacterType())
      continue;
    const bool Picks = llvm::all_of(Always, [&](const PathEvent *Each) {
      return (Each->Use == UseKind::Open || Each->Use == UseKind::FOpen ||
              Each->Use == UseKind::Creat) &&
             decidedByParameter(*Each, P, Flow);
    });
    if (Picks) {
      Summary.Row.FlagsArg = static_cast<int>(P);
      Summary.Row.ModeArg = -1;
      Summary.Row.Use = UseKind::FOpen;
      return;
    }
  }
}

const BodyScan *WrapperSummaries::indexed(const FunctionDecl *FD) {
  const FunctionDecl *Definition = nullptr;
  if (!FD->hasBody(Definition) || !Definition)
    return nullptr;
  // What system headers define is not indexed (glibc's inline wrappers
  // around open() are the call, not a wrapper of it).
  if (Definition->getLocation().isValid() &&
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return nullptr;
  return &UnitScans::of(Ctx).scan(Definition);
}

bool WrapperSummaries::mayTouchPaths(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto It = Touches.find(FD);
  if (It != Touches.end())
    return It->second;
  // Whether a function with calls of the table is reachable from FD through
  // the unit's calls: a walk with a stack of its own (a chain of thousands
  // of wrappers costs no call depth), which remembers how it reached each
  // function so that everything on the way to a hit is known to touch too.
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> ReachedFrom;
  llvm::SmallVector<const FunctionDecl *, 16> ToVisit{FD};
  ReachedFrom[FD] = nullptr;
  const FunctionDecl *Hit = nullptr;
  while (!ToVisit.empty() && !Hit) {
    const FunctionDecl *Next = ToVisit.pop_back_val();
    const BodyScan *Scan = indexed(Next);
    if (!Scan) {
      // Defined in another unit: what its stored summary says.
      if (importedSummary(Next)) {
        Hit = Next;
        break;
      }
      continue;
    }
    if (Scan->PathCalls > 0) {
      Hit = Next;
      break;
    }
    for (const FunctionDecl *Callee : Scan->External)
      if (importedSummary(Callee)) {
        ReachedFrom.try_emplace(Callee, Next);
        Hit = Callee;
        break;
      }
    if (Hit)
      break;
    for (const FunctionDecl *Callee : Scan->Callees) {
      Callee = Callee->getCanonicalDecl();
      auto Known = Touches.find(Callee);
      if (Known != Touches.end()) {
        if (Known->second) {
          ReachedFrom.try_emplace(Callee, Next);
          Hit = Callee;
          break;
        }
        continue;
      }
      if (ReachedFrom.try_emplace(Callee, Next).second)
        ToVisit.push_back(Callee);
    }
  }
  if (!Hit) {
    // Nothing reachable from any of them calls the table.
    for (const auto &Entry : ReachedFrom)
      Touches[Entry.first] = false;
    return false;
  }
  for (const FunctionDecl *On = Hit; On; On = ReachedFrom.lookup(On))
    Touches[On] = true;
  return true;
}

bool WrapperSummaries::isCandidate(const FunctionDecl *FD) {
  const BodyScan *Scan = indexed(FD);
  if (!Scan)
    return false;
  unsigned Calls = Scan->PathCalls;
  for (const FunctionDecl *Callee : Scan->Callees) {
    if (Calls >= 2)
      break;
    if (mayTouchPaths(Callee))
      ++Calls;
  }
  for (const FunctionDecl *Callee : Scan->External) {
    if (Calls >= 2)
      break;
    if (importedSummary(Callee))
      ++Calls;
  }
  return Calls >= 2;
}

void WrapperSummaries::scanUnit() {
  if (UnitScanned)
    return;
  UnitScanned = true;
  // Every body of the unit's own code (not system headers), lambdas
  // included: the scans are shared with the other checks.
  UnitScans &Scans = UnitScans::of(Ctx);
  for (const FunctionDecl *FD : Scans.definitions()) {
    const BodyScan &Scan = Scans.scan(FD);
    HasTempNames |= Scan.TempNames;
    ChangesIds |= Scan.ChangesIds;
    Definitions.push_back(FD);
  }
  HasTempNames |= UnitScans::of(Ctx).anyTempNames();
}

bool WrapperSummaries::hasTempNames() {
  scanUnit();
  return HasTempNames;
}

bool WrapperSummaries::changesIds() {
  scanUnit();
  return ChangesIds;
}

const WrapperSummary *WrapperSummaries::summaryOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto It = Cache.find(FD);
  if (It != Cache.end())
    return It->second;
  // Cheap first: only functions that call something of the table (or a
  // function that does) can be wrappers; most are not worth a CFG.
  if (!mayTouchPaths(FD)) {
    Cache[FD] = nullptr;
    return nullptr;
  }
  if (InProgress.contains(FD))
    return nullptr; // recursion
  InProgress.insert(FD);
  summarizeCalleesFirst(FD);
  return finishSummary(FD);
}

const WrapperSummary *WrapperSummaries::finishSummary(const FunctionDecl *FD) {
  std::optional<WrapperSummary> S = summarize(FD);
  InProgress.erase(FD);
  const WrapperSummary *Result = nullptr;
  if (S) {
    Storage.push_back(std::move(*S));
    Result = &Storage.back();
  }
  Cache[FD] = Result;
  return Result;
}

void WrapperSummaries::summarizeCalleesFirst(const FunctionDecl *Root) {
  // Depth first with a stack of its own, summarizing each callee after its
  // own callees: when a summary is computed, the summaries it asks for are
  // done (or on the stack: recursion, which gets none, as it always did).
  // A chain of thousands of wrappers costs no call depth.
  struct Frame {
    const FunctionDecl *Function;
    unsigned NextCallee;
  };
  llvm::SmallVector<Frame, 16> Stack{{Root, 0}};
  while (!Stack.empty()) {
    const FunctionDecl *Function = Stack.back().Function;
    const BodyScan *Scan = indexed(Function);
    // The unit's own callees, then those defined in other units (whose
    // summaries are read, not computed: they have no callees here).
    if (Scan && Stack.back().NextCallee <
                    Scan->Callees.size() + Scan->External.size()) {
      const unsigned At = Stack.back().NextCallee++;
      const FunctionDecl *Callee =
          (At < Scan->Callees.size()
               ? Scan->Callees[At]
               : Scan->External[At - Scan->Callees.size()])
              ->getCanonicalDecl();
      if (Cache.count(Callee) || InProgress.contains(Callee) ||
          !mayTouchPaths(Callee))
        continue;
      InProgress.insert(Callee);
      Stack.push_back({Callee, 0});
      continue;
    }
    Stack.pop_back();
    if (Function != Root)
      finishSummary(Function);
  }
}

std::optional<WrapperSummary>
WrapperSummaries::summarize(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  const Stmt *Body = FD->getBody(Def);
  if (!Body && !FD->hasBody())
    return imported(FD);
  if (!Body || !Def || Def->isVariadic() || Def->getNumParams() == 0 ||
      Def->isDependentContext() || isa<CXXMethodDecl>(Def))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(Def->getLocation()))
    return std::nullopt;
  std::unique_ptr<FunctionFlow> Flow = FunctionFlow::build(Def, Body, Ctx);
  if (!Flow)
    return std::nullopt;
  std::vector<PathEvent> Events = collectPathEvents(*Flow, Flags, *this);
  if (Events.empty())
    return std::nullopt;

  // Parameters the body writes to do not name the caller's file any more.
  llvm::SmallVector<std::string, 8> Written;
  Flow->forEachStatement([&](const Stmt *S, FlowPoint) {
    if (!isa<DeclStmt>(S))
      collectWrittenStorage(S, Written);
  });
  auto ParamIndex = [&](const PathEvent &E) -> std::optional<unsigned> {
    for (unsigned I = 0; I < Def->getNumParams(); ++I) {
      ResourceKey Key = ResourceKey::forVariable(Def->getParamDecl(I));
      if (Key.signature() == E.Key.signature() &&
          !llvm::is_contained(Written, Key.signature()))
        return I;
    }
    return std::nullopt;
  };

  // The parameter the wrapper is about: one it uses (a use wins: a
  // wrapper that checks and then uses acts on the file), else one it checks.
  // Atomic uses count as uses: a wrapper that creates with mkdir and looks
  // at the result is no check of its parameter.
  const PathEvent *Chosen = nullptr;
  unsigned Param = 0;
  auto Rank = [](const PathEvent &E) { return E.isCheck() ? 0 : 1; };
  for (const PathEvent &E : Events) {
    if (E.Role == PathRole::TempName)
      continue;
    std::optional<unsigned> I = ParamIndex(E);
    if (!I)
      continue;
    if (!Chosen || Rank(E) > Rank(*Chosen) ||
        (Rank(E) == Rank(*Chosen) && !E.isCheck() && *I == Param &&
         isAtomicUse(*Chosen, Flags, Ctx, Flow->parents()) &&
         !isAtomicUse(E, Flags, Ctx, Flow->parents()))) {
      Chosen = &E;
      Param = *I;
    }
  }
  if (!Chosen)
    return std::nullopt;

  Names.push_back(Def->getNameAsString());
  WrapperSummary Summary;
  describeInnermost(*Chosen, Summary, SM);
  Summary.Row = *Chosen->Info;
  Summary.Row.Name = Names.back();
  Summary.Row.DirFdArg = -1;
  Summary.Row.PathArg = Param;
  Summary.Row.SecondPathArg = -1;
  Summary.Row.SecondDirFdArg = -1;
  Summary.Row.FlagsArg = -1;
  Summary.Row.ModeArg = -1;
  Summary.Row.ResultBufferArg = -1;
  Summary.Row.Use = Chosen->Use;
  Summary.Row.Result = ResultKind::None;
  if (!Chosen->isCheck()) {
    summarizeUses(Summary, Events, Param, ParamIndex, *Def, *Flow);
    return Summary;
  }
  // A check that fills a buffer its caller passes (`warn_stat(path, st)`
  // calling `stat(path, st)`): what the caller reads of the buffer is what
  // the check learned, as after the library call.
  if (const auto *Buffer =
          dyn_cast_or_null<ParmVarDecl>(resultBufferOf(*Chosen)))
    if (Buffer->getDeclContext() == Def &&
        Buffer->getType()->isPointerType())
      Summary.Row.ResultBufferArg =
          static_cast<int>(Buffer->getFunctionScopeIndex());

  // A check: what the wrapper returns says what the check found.
  ReturnCollector Returns;
  Returns.TraverseStmt(const_cast<Stmt *>(Body));
  llvm::SmallVector<const Expr *, 2> Returned;
  for (const ReturnStmt *R : Returns.Returns)
    if (R->getRetValue())
      Returned.push_back(R->getRetValue());
  Summary.Facts = checkFactsOf(*Chosen, Returned, /*ViaBuffer=*/true, Flags,
                               Ctx);
  // `return st.st_mode;` (and constants on the failure paths): the caller
  // gets the mode to test.
  if (const VarDecl *Buffer = resultBufferOf(*Chosen)) {
    bool Mode = false, Other = false;
    for (const Expr *R : Returned) {
      const auto *M = dyn_cast<MemberExpr>(R->IgnoreParenImpCasts());
      const auto *Base =
          M ? dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts())
            : nullptr;
      Expr::EvalResult Constant;
      if (M && Base && Base->getDecl() == Buffer &&
          M->getMemberDecl()->getIdentifier() &&
          M->getMemberDecl()->getName().ends_with("mode"))
        Mode = true;
      else if (R->isValueDependent() || !R->EvaluateAsInt(Constant, Ctx))
        Other = true;
    }
    Summary.ReturnsMode = Mode && !Other;
  }
  const ResultDomain Inner = Chosen->Wrapper ? Chosen->Wrapper->Domain
                                             : domainOf(Chosen->Info->Result);
  const auto *InnerCall = dyn_cast<CallExpr>(Chosen->Site.E);
  if (Inner.Values.empty() || !InnerCall)
    return Summary;
  const DecisionFinder Decisions(*Flow);
  const ResultCarrier Carrier{InnerCall, nullptr, Inner};
  if (Returns.Returns.size() == 1 && Returns.Returns[0]->getRetValue()) {
    // return access(p, F_OK) == 0;
    // return stat(p, &st) == 0 && S_ISREG(st.st_mode);
    const Expr *Ret = Returns.Returns[0]->getRetValue();
    const Expr *Bare = Ret->IgnoreParenImpCasts();
    const auto *BO = dyn_cast<BinaryOperator>(Bare);
    const bool IsTruthValue =
        Ret->getType()->isBooleanType() ||
        (BO && (BO->isLogicalOp() || BO->isComparisonOp())) ||
        (isa<UnaryOperator>(Bare) &&
         cast<UnaryOperator>(Bare)->getOpcode() == UO_LNot);
    if (IsTruthValue) {
      // One positive test of a type other than a link, joined to the
      // call's success with &&: `!stat(p, &st) && S_ISDIR(st.st_mode)`.
      const llvm::StringRef Text = writtenText(Ret, Ctx);
      const size_t Tests = Text.count("S_IS") + Text.count("S_IF");
      const size_t At = Text.find("S_IS") != llvm::StringRef::npos
                            ? Text.find("S_IS")
                            : Text.find("S_IF");
      if (Tests == 1 && !Text.contains("||") && !Text.contains("LNK") &&
          !Text.substr(0, At).rtrim(" \t(").ends_with("!") &&
          !Text.substr(At).contains("==") && !Text.substr(At).contains("!="))
        Summary.ReturnsTypeTest = Text.substr(At, 7).str();
    }
    for (const auto &[Value, Outcome] : Inner.Values) {
      std::optional<int64_t> Result = Decisions.evaluate(Ret, Carrier, Value);
      if (Result) {
        Summary.Domain.Values.push_back({*Result, Outcome});
        continue;
      }
      if (!IsTruthValue) {
        Summary.Domain.Values.clear();
        return Summary;
      }
      // Either truth value, with what the inner check reported.
      Summary.Domain.Values.push_back({0, Outcome});
      Summary.Domain.Values.push_back({1, Outcome});
    }
    return Summary;
  }
  // if (access(p, F_OK) == 0) return 1; return 0;
  const llvm::SmallVector<Decision, 4> Decided =
      Decisions.decisionsOf(InnerCall, Inner, resultBufferOf(*Chosen));
  ResultDomain Domain;
  for (const ReturnStmt *R : Returns.Returns) {
    const Expr *Value = R->getRetValue();
    Expr::EvalResult Constant;
    if (!Value || Value->isValueDependent() ||
        !Value->EvaluateAsInt(Constant, Ctx))
      return Summary;
    Dependence Dep = Decisions.dependenceOf(Decided, Flow->pointOf(R));
    if (!Dep.Depends || Dep.Outcome == CheckOutcome::Unknown)
      return Summary;
    Domain.Values.push_back(
        {Constant.Val.getInt().getSExtValue(), Dep.Outcome});
    for (const Expr *Condition : Dep.Conditions)
      if (!llvm::is_contained(Returned, Condition))
        Returned.push_back(Condition);
  }
  Summary.Domain = std::move(Domain);
  // What the check learned is what the branches choosing among the
  // constants look at (`if (S_ISREG(st.st_mode)) return IS_REGULAR;`).
  Summary.Facts =
      checkFactsOf(*Chosen, Returned, /*ViaBuffer=*/true, Flags, Ctx);
  return Summary;
}

void WrapperSummaries::importFrom(std::shared_ptr<const SummaryIndex> From) {
  Index = std::move(From);
}

const StoredSummary *
WrapperSummaries::importedSummary(const FunctionDecl *FD) {
  if (!Index || !FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto [It, Inserted] = ImportedByDecl.try_emplace(FD, nullptr);
  if (!Inserted)
    return It->second;
  // Only a function defined in another unit: a body here is the truth.
  if (FD->hasBody() || !FD->isExternallyVisible())
    return nullptr;
  const std::string Usr = usrOf(FD);
  const StoredSummary *Stored = Usr.empty() ? nullptr : Index->find(Usr);
  // Its path (and buffer) parameters must be ones this declaration has.
  if (Stored && (Stored->Summary.Row.PathArg >= FD->getNumParams() ||
                 Stored->Summary.Row.ResultBufferArg >=
                     static_cast<int>(FD->getNumParams())))
    Stored = nullptr;
  ImportedByDecl[FD] = Stored;
  return Stored;
}

std::optional<WrapperSummary>
WrapperSummaries::imported(const FunctionDecl *FD) {
  const StoredSummary *Stored = importedSummary(FD);
  if (!Stored)
    return std::nullopt;
  WrapperSummary Summary = Stored->Summary;
  Names.push_back(Stored->Name);
  Summary.Row.Name = Names.back();
  Summary.Imported = true;
  return Summary;
}

void WrapperSummaries::exportUnit(UnitSummaries &Out) {
  // Every definition of the unit's own code.
  scanUnit();
  for (const FunctionDecl *FD : Definitions) {
    if (FD->isDependentContext() || FD->isInvalidDecl())
      continue;
    const BodyScan &Scan = UnitScans::of(Ctx).scan(FD);
    if (!Scan.External.empty()) {
      Importer Who;
      // (Client calls count too: a query function of another unit makes
      // a read or a write with them.)
      Who.LocalCalls = Scan.PathCalls + Scan.Facts.ClientCalls;
      for (const FunctionDecl *Callee : Scan.Callees)
        if (mayTouchPaths(Callee) || SqlWrappers::of(Ctx).runsSql(Callee))
          ++Who.LocalCalls;
      // The callees it hands one of its parameters to.
      struct Handed : RecursiveASTVisitor<Handed> {
        const FunctionDecl *Def;
        const BodyScan *Scan;
        llvm::SmallVector<std::pair<const FunctionDecl *, unsigned>, 4> To;
        llvm::SmallDenseMap<const FunctionDecl *, unsigned, 4> Sites;
        static bool namesParameter(const Stmt *Root, const FunctionDecl *Def) {
          llvm::SmallVector<const Stmt *, 8> Work{Root};
          while (!Work.empty()) {
            const Stmt *S = Work.pop_back_val();
            if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
              if (const auto *Parm = dyn_cast<ParmVarDecl>(Ref->getDecl());
                  Parm && Parm->getDeclContext() == Def)
                return true;
            for (const Stmt *Child : S->children())
              if (Child)
                Work.push_back(Child);
          }
          return false;
        }
        bool VisitCallExpr(CallExpr *Call) {
          const FunctionDecl *Callee = Call->getDirectCallee();
          if (!Callee ||
              !llvm::is_contained(Scan->External, Callee->getCanonicalDecl()))
            return true;
          ++Sites[Callee->getCanonicalDecl()];
          // (No summary has its path past the 64th argument: a variadic
          // call with more, postfix's attr_print, passes nothing that
          // matters there, and the stored form refuses such positions.)
          for (unsigned I = 0; I < Call->getNumArgs() && I <= 64; ++I)
            if (namesParameter(Call->getArg(I), Def) &&
                !llvm::is_contained(To, std::pair(Callee->getCanonicalDecl(),
                                                  I)))
              To.emplace_back(Callee->getCanonicalDecl(), I);
          return true;
        }
        bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      } H;
      H.Def = FD;
      H.Scan = &Scan;
      H.TraverseStmt(FD->getBody());
      for (const FunctionDecl *Callee : Scan.External) {
        std::string Usr = usrOf(Callee);
        if (Usr.empty())
          continue;
        for (const auto &[To, Position] : H.To)
          if (To == Callee)
            Who.Passes.emplace_back(Usr, Position);
        // Once per call (at most twice: two calls are a pair).
        if (H.Sites.lookup(Callee) > 1)
          Who.Calls.push_back(Usr);
        Who.Calls.push_back(std::move(Usr));
      }
      if (!Who.Calls.empty())
        Out.Importers.push_back(std::move(Who));
    }
    if (!FD->isExternallyVisible())
      continue;
    const WrapperSummary *Summary = summaryOf(FD);
    if (!Summary)
      continue;
    std::string Usr = usrOf(FD);
    if (Usr.empty())
      continue;
    StoredSummary Stored;
    Stored.Name = FD->getNameAsString();
    Stored.Summary = *Summary;
    Stored.Summary.Row.Name = "";
    Out.Exports.emplace_back(std::move(Usr), std::move(Stored));
  }
}

} // namespace clang::tidy::toctou
