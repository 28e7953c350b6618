//===--- BuildCommit.cpp - The commit this build was made from -----------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/tool/BuildCommit.h"
#include "Commit.inc" // written at build time by integrations/packaging/git-commit.cmake

const char *toctou::driver::buildCommit() { return TOCTOU_COMMIT; }
