//===--- BoundedInput.cpp - Reading files a pull request can carry --------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/BoundedInput.h"
#include "llvm/Support/FileSystem.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace toctou::driver {

Expected<std::unique_ptr<MemoryBuffer>> readBoundedFile(StringRef Path,
                                                        uint64_t MaxBytes) {
  // The checks are made on the open descriptor: what is read is what was
  // examined. O_NONBLOCK: opening a FIFO would wait for a writer.
  const int File =
      ::open(Path.str().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (File < 0)
    return createStringError(std::error_code(errno, std::generic_category()),
                             std::strerror(errno));
  struct stat Status;
  auto Fail = [&](const Twine &Why) -> Error {
    ::close(File);
    return createStringError(inconvertibleErrorCode(), Why);
  };
  if (::fstat(File, &Status) != 0)
    return Fail(std::strerror(errno));
  if (!S_ISREG(Status.st_mode))
    return Fail("not a regular file");
  if (static_cast<uint64_t>(Status.st_size) > MaxBytes)
    // No formatv: the plugin uses this too, inside a clang-tidy that does
    // not export its anchors.
    return Fail(std::to_string(static_cast<uint64_t>(Status.st_size)) +
                " bytes, more than the " + std::to_string(MaxBytes) +
                " accepted");
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getOpenFile(
      File, Path, static_cast<uint64_t>(Status.st_size),
      /*RequiresNullTerminator=*/true, /*IsVolatile=*/true);
  ::close(File);
  if (!Buffer)
    return createStringError(Buffer.getError(), Buffer.getError().message());
  return std::move(*Buffer);
}

unsigned bracketDepth(StringRef Text) {
  unsigned Depth = 0, Deepest = 0;
  char Quote = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    const char C = Text[I];
    if (Quote) {
      if (C == '\\' && Quote == '"')
        ++I;
      else if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '"' || C == '\'')
      Quote = C;
    else if (C == '[' || C == '{')
      Deepest = std::max(Deepest, ++Depth);
    else if ((C == ']' || C == '}') && Depth > 0)
      --Depth;
  }
  return Deepest;
}

} // namespace toctou::driver
