//===--- FunctionFlow.h - One function's CFG, ready for pairing -*- C++ -*-===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The control-flow graph of one function, with what every TOCTOU check asks
/// of it: where a statement is evaluated (block and position, so that two
/// events in one block are ordered), which block a branch statement ends, and
/// whether one point reaches another without crossing a "kill" (a statement
/// after which the resource has another identity). Built once per function,
/// in the manner of bugprone-use-after-move.
///
//===----------------------------------------------------------------------===//

#ifndef TOCTOU_CHECKER_FUNCTIONFLOW_H
#define TOCTOU_CHECKER_FUNCTIONFLOW_H

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class Decl;
class Stmt;

namespace tidy::toctou {

/// A position in the CFG: the element at \c Index of \c Block.
struct FlowPoint {
  const CFGBlock *Block = nullptr;
  unsigned Index = 0;

  bool isValid() const { return Block != nullptr; }
};

/// A set of CFG points, such as the places where one resource is killed.
class FlowPointSet {
public:
  void insert(FlowPoint P);
  /// True if a point of the set lies in \p Block at an index in
  /// [\p Begin, \p End).
  bool anyIn(const CFGBlock *Block, unsigned Begin, unsigned End) const;
  /// True if a point of the set lies anywhere in \p Block.
  bool anyIn(const CFGBlock *Block) const;
  bool empty() const { return ByBlock.empty(); }

private:
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> ByBlock;
};

/// One function's CFG with a statement → point map and reachability queries.
class FunctionFlow {
public:
  /// Builds the CFG of \p Body, the body of \p D; null if Clang cannot.
  static std::unique_ptr<FunctionFlow> build(const Decl *D, const Stmt *Body,
                                             ASTContext &Ctx);

  const CFG &cfg() const { return *Graph; }
  /// The body the CFG was built from.
  const Stmt *body() const { return Body; }
  ASTContext &context() const { return Ctx; }
  /// Parents of the statements of the body (for walking out of a call).
  const ParentMap &parents() const { return Parents; }

  /// True if \p Block can run: some path from the entry reaches it. Code
  /// under a condition that is constant false (`if (0)`, a platform macro
  /// defined to 0) cannot.
  bool isLive(const CFGBlock *Block) const {
    return Block && Live.test(Block->getBlockID());
  }

  /// Where \p S is evaluated; invalid if \p S is not an element of the CFG.
  FlowPoint pointOf(const Stmt *S) const;

  /// The block that \p Terminator (an if, a loop, `?:`, `&&`, `||`, a switch)
  /// ends, or null.
  const CFGBlock *blockEndedBy(const Stmt *Terminator) const;

  /// True if some path goes from \p From to \p To (strictly after \p From;
  /// through a loop, \p To may come before \p From in the same block) without
  /// crossing a point of \p Kills.
  bool reaches(FlowPoint From, FlowPoint To, const FlowPointSet &Kills) const;

  /// True if \p Target can be reached from \p From without entering \p Avoid
  /// (\p From itself counts as reached, \p Avoid is checked after \p Target).
  bool blockReachesAvoiding(const CFGBlock *From, const CFGBlock *Target,
                            const CFGBlock *Avoid,
                            const CFGBlock *AlsoAvoid = nullptr) const;

  /// True if \p Target can be reached from \p From (which counts as
  /// reached) without taking any of \p AvoidEdges: pairs of a block ID and
  /// the index of one of its successors.
  bool blockReachesAvoidingEdges(
      const CFGBlock *From, const CFGBlock *Target,
      llvm::ArrayRef<std::pair<unsigned, unsigned>> AvoidEdges) const;

  /// True if every path from the entry through \p First to \p Then would
  /// have to find a variable the function never changes (a parameter or a
  /// local only read after its initialization) both true and false: the
  /// two sit on exclusive branches of one flag (`if (!copy) rename(a, b);
  /// ... if (copy) chmod(b, m);`).
  bool onExclusiveBranches(FlowPoint First, FlowPoint Then) const;

  /// True if the branch ending \p Branch decides whether \p Target runs:
  /// some successor reaches \p Target without passing \p Branch again and
  /// some successor does not. \p Leading, if given, receives the indices of
  /// the successors that lead to it (0 is the true side of a two-way
  /// branch). With \p Through (a check's block), a successor leads only if
  /// it reaches \p Target without passing \p Through again: a branch after
  /// the target that sends a loop round again decides whether the check
  /// runs again, not what the target does with this check's result.
  bool decides(const CFGBlock *Branch, const CFGBlock *Target,
               llvm::SmallVectorImpl<unsigned> *Leading = nullptr,
               const CFGBlock *Through = nullptr) const;

  /// Calls \p Visit(Stmt, Point) for every statement element, block by block
  /// in block-ID order, elements in evaluation order.
  template <typename Fn> void forEachStatement(Fn Visit) const {
    for (const CFGBlock *Block : *Graph) {
      unsigned Index = 0;
      for (const CFGElement &Element : *Block) {
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
          Visit(S->getStmt(), FlowPoint{Block, Index});
        ++Index;
      }
    }
  }

private:
  FunctionFlow(std::unique_ptr<CFG> Graph, const Stmt *Body, ASTContext &Ctx);

  std::unique_ptr<CFG> Graph;
  const Stmt *Body;
  ASTContext &Ctx;
  ParentMap Parents;
  llvm::DenseMap<const Stmt *, FlowPoint> Points;
  llvm::DenseMap<const Stmt *, const CFGBlock *> Terminators;
  /// Blocks reachable from the entry, by block ID.
  llvm::BitVector Live;
  /// For each flag the function never changes, the branch edges a path
  /// cannot take when it is true, and when it is false (onExclusiveBranches);
  /// found on first use.
  struct FlagEdges {
    llvm::SmallVector<std::pair<unsigned, unsigned>, 4> IfTrue, IfFalse;
  };
  mutable std::optional<llvm::SmallVector<FlagEdges, 2>> ConstantFlags;
  const llvm::SmallVector<FlagEdges, 2> &constantFlags() const;
};

/// Walks the CFG backwards from a point to the nearest marked points before
/// it: on each path, up to MaxPerPath of them, and never past a "stop" mark
/// (a rewrite of the resource). What the walk passes through is what
/// FunctionFlow::reaches would follow forwards, so every mark it returns
/// reaches the point. The walk is breadth first, nearest blocks first, and
/// enters at most Budget blocks: a mark further back than that is not paired
/// (which keeps an analysis linear in the size of the function).
class NearestMarks {
public:
  static constexpr unsigned Budget = 256;

  /// \p Marks: (point, payload) with a payload >= 0 for a candidate and -1
  /// for a stop.
  NearestMarks(llvm::ArrayRef<std::pair<FlowPoint, int>> Marks,
               unsigned MaxPerPath);

  /// The payloads of the candidates that \p Accepts, nearest before
  /// \p Point; each once.
  llvm::SmallVector<unsigned, 4>
  find(FlowPoint Point, llvm::function_ref<bool(unsigned)> Accepts) const;

private:
  unsigned MaxPerPath;
  llvm::DenseMap<const CFGBlock *,
                 llvm::SmallVector<std::pair<unsigned, int>, 2>>
      ByBlock;
};

} // namespace tidy::toctou
} // namespace clang

#endif // TOCTOU_CHECKER_FUNCTIONFLOW_H
