//===--- BuildCommit.h - The commit this build was made from -------------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_TIDY_TOOL_BUILDCOMMIT_H
#define TOCTOU_TIDY_TOOL_BUILDCOMMIT_H

namespace toctou::driver {

/// git's short hash of the commit the tool was built from ("-modified" when
/// the tree differed from it), or "unknown"; for --version. In its own unit,
/// so that a new commit recompiles one small file.
const char *buildCommit();

} // namespace toctou::driver

#endif
