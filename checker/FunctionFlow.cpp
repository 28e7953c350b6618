//===--- FunctionFlow.cpp - One function's CFG, ready for pairing ---------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/FunctionFlow.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/BitVector.h"
#include <algorithm>

namespace clang::tidy::toctou {

void FlowPointSet::insert(FlowPoint P) {
  llvm::SmallVector<unsigned, 2> &Indices = ByBlock[P.Block->getBlockID()];
  Indices.insert(llvm::upper_bound(Indices, P.Index), P.Index);
}

bool FlowPointSet::anyIn(const CFGBlock *Block, unsigned Begin,
                         unsigned End) const {
  auto It = ByBlock.find(Block->getBlockID());
  if (It == ByBlock.end())
    return false;
  auto First = llvm::lower_bound(It->second, Begin);
  return First != It->second.end() && *First < End;
}

bool FlowPointSet::anyIn(const CFGBlock *Block) const {
  return ByBlock.count(Block->getBlockID()) != 0;
}

std::unique_ptr<FunctionFlow>
FunctionFlow::build(const Decl *D, const Stmt *Body, ASTContext &Ctx) {
  if (!Body)
    return nullptr;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  // Every statement becomes an element, so that any event can be ordered.
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(D, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Graph)
    return nullptr;
  return std::unique_ptr<FunctionFlow>(
      new FunctionFlow(std::move(Graph), Body, Ctx));
}

FunctionFlow::FunctionFlow(std::unique_ptr<CFG> TheGraph, const Stmt *Body,
                           ASTContext &Ctx)
    : Graph(std::move(TheGraph)), Ctx(Ctx), Parents(const_cast<Stmt *>(Body)) {
  for (const CFGBlock *Block : *Graph) {
    if (const Stmt *Terminator = Block->getTerminatorStmt())
      Terminators.try_emplace(Terminator, Block);
  }
  forEachStatement([this](const Stmt *S, FlowPoint P) {
    // The first evaluation wins; a statement appears twice only in rare
    // synthesized forms (default arguments).
    Points.try_emplace(S, P);
  });
}

FlowPoint FunctionFlow::pointOf(const Stmt *S) const {
  auto It = Points.find(S);
  return It == Points.end() ? FlowPoint{} : It->second;
}

const CFGBlock *FunctionFlow::blockEndedBy(const Stmt *Terminator) const {
  auto It = Terminators.find(Terminator);
  return It == Terminators.end() ? nullptr : It->second;
}

bool FunctionFlow::reaches(FlowPoint From, FlowPoint To,
                           const FlowPointSet &Kills) const {
  const unsigned FromEnd = From.Block->size();
  // Straight down the block of From.
  if (To.Block == From.Block && To.Index > From.Index)
    return !Kills.anyIn(From.Block, From.Index + 1, To.Index);
  if (Kills.anyIn(From.Block, From.Index + 1, FromEnd))
    return false;

  llvm::BitVector Visited(Graph->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Worklist;
  auto Push = [&](const CFGBlock *Block) {
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (Next && !Visited.test(Next->getBlockID())) {
        Visited.set(Next->getBlockID());
        Worklist.push_back(Next);
      }
    }
  };
  Push(From.Block);
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    if (Block == To.Block)
      return !Kills.anyIn(Block, 0, To.Index);
    if (Kills.anyIn(Block))
      continue;
    Push(Block);
  }
  return false;
}

bool FunctionFlow::blockReachesAvoiding(const CFGBlock *From,
                                        const CFGBlock *Target,
                                        const CFGBlock *Avoid) const {
  llvm::BitVector Visited(Graph->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Worklist{From};
  Visited.set(From->getBlockID());
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    if (Block == Target)
      return true;
    if (Block == Avoid)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (Next && !Visited.test(Next->getBlockID())) {
        Visited.set(Next->getBlockID());
        Worklist.push_back(Next);
      }
    }
  }
  return false;
}

} // namespace clang::tidy::toctou
