//===--- SafeWrite.cpp - Writing files without ever losing one ------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/SafeWrite.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/xxhash.h"
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace llvm;

namespace toctou::driver {

namespace {

std::string PauseDir;

/// Why a file was not written (the callers name it).
Error failure(const Twine &Why) {
  return createStringError(inconvertibleErrorCode(), Why);
}

Error failure(const Twine &What, int Errno) {
  return failure(What + ": " + std::strerror(Errno));
}

/// Closes a descriptor when it goes out of scope.
class FileDescriptor {
public:
  explicit FileDescriptor(int FD = -1) : FD(FD) {}
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  ~FileDescriptor() { reset(); }
  void reset(int New = -1) {
    if (FD >= 0)
      ::close(FD);
    FD = New;
  }
  int get() const { return FD; }
  /// Closes it now, with the error close reports (a write the file system
  /// could only fail on close, NFS).
  int close() {
    const int Result = FD >= 0 ? ::close(FD) : 0;
    FD = -1;
    return Result;
  }

private:
  int FD;
};

/// A new file beside a target, removed again unless it is renamed over the
/// target.
class SiblingFile {
public:
  /// Creates it exclusively (O_CREAT|O_EXCL: a planted name fails the
  /// creation instead of being followed), mode 0600 until it is complete.
  static Expected<std::unique_ptr<SiblingFile>> create(StringRef Target) {
    SmallString<256> Model(sys::path::parent_path(Target));
    if (Model.empty())
      Model = ".";
    sys::path::append(Model, "." + sys::path::filename(Target).str() +
                                 ".toctou-tidy-%%%%%%%%");
    int FD = -1;
    SmallString<256> Path;
    if (std::error_code EC = sys::fs::createUniqueFile(
            Model, FD, Path, sys::fs::OF_None, sys::fs::owner_read |
                                                   sys::fs::owner_write))
      return failure("cannot create a file beside it: " + EC.message());
    // Ctrl-C while it is written: removed by LLVM's signal handler.
    sys::RemoveFileOnSignal(Path);
    return std::unique_ptr<SiblingFile>(new SiblingFile(FD, Path.str().str()));
  }
  ~SiblingFile() {
    if (!Renamed)
      ::unlink(Path.c_str());
    sys::DontRemoveFileOnSignal(Path);
  }
  int fd() const { return FD.get(); }

  /// Writes all of \p Text (a short write or EINTR is continued).
  Error write(StringRef Text) {
    while (!Text.empty()) {
      const ssize_t N = ::write(FD.get(), Text.data(), Text.size());
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        return failure("cannot write the new content",
                       N < 0 ? errno : ENOSPC);
      Text = Text.drop_front(static_cast<size_t>(N));
    }
    return Error::success();
  }

  /// Flushes it to disk, closes it and renames it over \p Target.
  Error commit(StringRef Target) {
    if (::fsync(FD.get()) != 0)
      return failure("cannot flush the new content to disk", errno);
    if (FD.close() != 0)
      return failure("cannot write the new content", errno);
    if (::rename(Path.c_str(), Target.str().c_str()) != 0)
      return failure("cannot replace it", errno);
    Renamed = true;
    // The rename itself is on disk once the directory is.
    SmallString<256> Dir(sys::path::parent_path(Target));
    if (Dir.empty())
      Dir = ".";
    FileDescriptor D(::open(Dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (D.get() >= 0)
      ::fsync(D.get());
    return Error::success();
  }

private:
  SiblingFile(int FD, std::string Path) : FD(FD), Path(std::move(Path)) {}
  FileDescriptor FD;
  std::string Path;
  bool Renamed = false;
};

/// Reads what \p FD holds from its start.
Expected<std::string> readAll(int FD) {
  std::string Text;
  char Chunk[65536];
  off_t At = 0;
  for (;;) {
    const ssize_t N = ::pread(FD, Chunk, sizeof Chunk, At);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0)
      return failure("cannot read it", errno);
    if (N == 0)
      return Text;
    Text.append(Chunk, static_cast<size_t>(N));
    At += N;
  }
}

/// The current content of \p Path read anew, or nothing when it cannot be.
std::optional<ContentDigest> digestNow(StringRef Path, const struct stat &Of) {
  FileDescriptor FD(::open(Path.str().c_str(),
                           O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat St;
  if (FD.get() < 0 || ::fstat(FD.get(), &St) != 0 || St.st_dev != Of.st_dev ||
      St.st_ino != Of.st_ino)
    return std::nullopt;
  Expected<std::string> Text = readAll(FD.get());
  if (!Text) {
    consumeError(Text.takeError());
    return std::nullopt;
  }
  return ContentDigest::of(*Text);
}

void pauseIfTesting() {
  if (PauseDir.empty())
    return;
  SmallString<256> Paused(PauseDir), Resume(PauseDir);
  sys::path::append(Paused, "paused");
  sys::path::append(Resume, "resume");
  FileDescriptor(::open(Paused.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  for (int I = 0; I < 600 && !sys::fs::exists(Resume); ++I)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

} // namespace

ContentDigest ContentDigest::of(StringRef Content) {
  return {Content.size(), xxh3_64bits(Content)};
}

std::string realPathOf(StringRef Path) {
  SmallString<256> Real;
  if (sys::fs::real_path(Path, Real, /*expand_tilde=*/false))
    return {};
  return Real.str().str();
}

void setPauseBeforeWrite(StringRef Dir) { PauseDir = Dir.str(); }

Error writeFileAtomically(StringRef Path,
                          function_ref<void(raw_ostream &)> Write) {
  // Through a symbolic link to the file it names, as opening it would.
  std::string Target = realPathOf(Path);
  if (Target.empty())
    Target = Path.str();
  struct stat St;
  const bool Exists = ::stat(Target.c_str(), &St) == 0;
  if (Exists && S_ISDIR(St.st_mode))
    return failure("it is a directory");
  if (Exists && !S_ISREG(St.st_mode)) {
    // A terminal, /dev/null, a pipe: nothing there to keep whole.
    FileDescriptor FD(::open(Target.c_str(), O_WRONLY | O_CLOEXEC));
    if (FD.get() < 0)
      return failure(std::strerror(errno));
    raw_fd_ostream OS(FD.get(), /*shouldClose=*/false);
    Write(OS);
    OS.flush();
    if (std::error_code EC = OS.error()) {
      OS.clear_error();
      return failure(EC.message());
    }
    return Error::success();
  }
  Expected<std::unique_ptr<SiblingFile>> New = SiblingFile::create(Target);
  if (!New)
    return New.takeError();
  {
    raw_fd_ostream OS((*New)->fd(), /*shouldClose=*/false);
    Write(OS);
    OS.flush();
    if (std::error_code EC = OS.error()) {
      OS.clear_error();
      return failure(EC.message());
    }
  }
  // The mode a new file gets (0666 less the umask), or the old file's.
  mode_t Mode = St.st_mode & 07777;
  if (!Exists) {
    const mode_t Mask = ::umask(0);
    ::umask(Mask);
    Mode = 0666 & ~Mask;
  }
  if (::fchmod((*New)->fd(), Mode) != 0)
    return failure("cannot set the mode of the new file", errno);
  return (*New)->commit(Target);
}

Expected<RewriteStatus>
rewriteSource(StringRef Path, const ContentDigest &Analyzed,
              function_ref<Expected<std::string>(StringRef Old)> Rewrite) {
  const std::string P = Path.str();
  FileDescriptor Locked;
  struct stat St;
  // Lock the file the name holds now; if it was replaced while this process
  // waited for the lock (another run renamed its rewrite over it), lock the
  // new one.
  for (int Attempt = 0;; ++Attempt) {
    // For writing, although it is never written through this descriptor:
    // a file the user may not write is not rewritten either.
    Locked.reset(::open(P.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
    if (Locked.get() < 0)
      return failure("cannot open it for writing", errno);
    int Waited = 0;
    while (::flock(Locked.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR)
        return failure("cannot lock it", errno);
      if (++Waited > 1200)
        return failure("another process holds a lock on it");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    struct stat Named;
    if (::fstat(Locked.get(), &St) != 0)
      return failure("cannot examine it", errno);
    if (::lstat(P.c_str(), &Named) == 0 && Named.st_dev == St.st_dev &&
        Named.st_ino == St.st_ino)
      break;
    if (Attempt == 10)
      return failure("it keeps being replaced");
  }
  if (!S_ISREG(St.st_mode))
    return failure("it is not a regular file");
  if (St.st_nlink > 1)
    return failure("it has " + Twine(St.st_nlink) +
                             " hard links; replacing it would leave the "
                             "others with the old content");
  Expected<std::string> Old = readAll(Locked.get());
  if (!Old)
    return Old.takeError();
  if (ContentDigest::of(*Old) != Analyzed)
    return RewriteStatus::Changed;
  Expected<std::string> Text = Rewrite(*Old);
  if (!Text)
    return Text.takeError();
  if (*Text == *Old)
    return RewriteStatus::Unchanged;
  pauseIfTesting();

  Expected<std::unique_ptr<SiblingFile>> New = SiblingFile::create(P);
  if (!New)
    return New.takeError();
  if (Error E = (*New)->write(*Text))
    return std::move(E);
  // Owner first: a change of owner clears the set-ID bits the mode restores.
  if ((St.st_uid != ::geteuid() || St.st_gid != ::getegid()) &&
      ::fchown((*New)->fd(), St.st_uid, St.st_gid) != 0)
    return failure("cannot give the new file the old one's owner and "
                         "group",
                   errno);
  if (::fchmod((*New)->fd(), St.st_mode & 07777) != 0)
    return failure("cannot give the new file the old one's mode", errno);
  // An editor may have saved the file meanwhile (editors do not take the
  // lock): the last look before the rename.
  if (digestNow(P, St) != std::optional<ContentDigest>(Analyzed))
    return RewriteStatus::Changed;
  if (Error E = (*New)->commit(P))
    return std::move(E);
  return RewriteStatus::Written;
}

} // namespace toctou::driver
