//===--- FunctionFlow.cpp - One function's CFG, ready for pairing ---------===//
//
// Part of toctou-tidy.
//
//===----------------------------------------------------------------------===//

#include "checker/FunctionFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <tuple>

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
    : Graph(std::move(TheGraph)), Body(Body), Ctx(Ctx),
      Parents(const_cast<Stmt *>(Body)) {
  for (const CFGBlock *Block : *Graph) {
    if (const Stmt *Terminator = Block->getTerminatorStmt())
      Terminators.try_emplace(Terminator, Block);
  }
  Live.resize(Graph->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Worklist{&Graph->getEntry()};
  Live.set(Graph->getEntry().getBlockID());
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (Next && !Live.test(Next->getBlockID())) {
        Live.set(Next->getBlockID());
        Worklist.push_back(Next);
      }
    }
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

/// True if \p Target can be reached from \p From (which counts as
/// reached) without taking an edge for which \p Skip(Block, Index) holds.
template <typename SkipEdgeFn>
static bool reachesSkipping(const CFG &Graph, const CFGBlock *From,
                            const CFGBlock *Target, SkipEdgeFn Skip) {
  llvm::BitVector Visited(Graph.getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Worklist{From};
  Visited.set(From->getBlockID());
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    if (Block == Target)
      return true;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      if (Skip(Block, Index++))
        continue;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (Next && !Visited.test(Next->getBlockID())) {
        Visited.set(Next->getBlockID());
        Worklist.push_back(Next);
      }
    }
  }
  return false;
}

bool FunctionFlow::blockReachesAvoiding(const CFGBlock *From,
                                        const CFGBlock *Target,
                                        const CFGBlock *Avoid,
                                        const CFGBlock *AlsoAvoid) const {
  return reachesSkipping(*Graph, From, Target,
                         [&](const CFGBlock *Block, unsigned) {
                           return Block == Avoid || Block == AlsoAvoid;
                         });
}

bool FunctionFlow::blockReachesAvoidingEdges(
    const CFGBlock *From, const CFGBlock *Target,
    llvm::ArrayRef<std::pair<unsigned, unsigned>> AvoidEdges) const {
  return reachesSkipping(*Graph, From, Target,
                         [&](const CFGBlock *Block, unsigned Index) {
                           return llvm::is_contained(
                               AvoidEdges,
                               std::make_pair(Block->getBlockID(), Index));
                         });
}

namespace {
/// The variable a branch condition reads as a truth value (`v`, `!v`,
/// `(v)`), and whether it is negated.
const VarDecl *flagOf(const Expr *Cond, bool &Negated) {
  Negated = false;
  const Expr *E = Cond ? Cond->IgnoreParenImpCasts() : nullptr;
  while (const auto *U = dyn_cast_or_null<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot)
      return nullptr;
    Negated = !Negated;
    E = U->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDeclOrParm() || Var->isStaticLocal() ||
      Var->getType()->isReferenceType() ||
      Var->getType().isVolatileQualified())
    return nullptr;
  return Var;
}

/// True if every mention of \p Var in \p Body reads its value.
bool onlyRead(const VarDecl *Var, const Stmt *Body, const ParentMap &Parents) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Var;
    const ParentMap &Parents;
    bool Written = false;
    Finder(const VarDecl *Var, const ParentMap &Parents)
        : Var(Var), Parents(Parents) {}
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() != Var)
        return true;
      const auto *Cast =
          dyn_cast_or_null<ImplicitCastExpr>(Parents.getParent(Ref));
      if (!Cast || Cast->getCastKind() != CK_LValueToRValue)
        Written = true;
      return !Written;
    }
  } F(Var, Parents);
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return !F.Written;
}
} // namespace

const llvm::SmallVector<FunctionFlow::FlagEdges, 2> &
FunctionFlow::constantFlags() const {
  if (ConstantFlags)
    return *ConstantFlags;
  // The branches on each flag: (block, successor when true, when false).
  llvm::SmallDenseMap<const VarDecl *,
                      llvm::SmallVector<std::tuple<unsigned, unsigned, unsigned>, 2>>
      Tests;
  for (const CFGBlock *Block : *Graph) {
    if (!Block || Block->succ_size() != 2)
      continue;
    bool Negated = false;
    const VarDecl *Var = flagOf(
        dyn_cast_or_null<Expr>(Block->getTerminatorCondition()), Negated);
    if (!Var || Block->succ_begin()->getReachableBlock() ==
                    std::next(Block->succ_begin())->getReachableBlock())
      continue;
    Tests[Var].push_back({Block->getBlockID(), Negated ? 1u : 0u,
                          Negated ? 0u : 1u});
  }
  ConstantFlags.emplace();
  for (auto &[Var, Branches] : Tests) {
    if (!onlyRead(Var, Body, Parents))
      continue;
    FlagEdges Edges;
    for (const auto &[Block, WhenTrue, WhenFalse] : Branches) {
      Edges.IfTrue.push_back({Block, WhenFalse});
      Edges.IfFalse.push_back({Block, WhenTrue});
    }
    ConstantFlags->push_back(std::move(Edges));
  }
  return *ConstantFlags;
}

bool FunctionFlow::onExclusiveBranches(FlowPoint First, FlowPoint Then) const {
  if (!First.isValid() || !Then.isValid() || First.Block == Then.Block)
    return false;
  for (const FlagEdges &Flag : constantFlags()) {
    const auto FeasibleWith =
        [&](llvm::ArrayRef<std::pair<unsigned, unsigned>> Avoid) {
          return blockReachesAvoidingEdges(&Graph->getEntry(), First.Block,
                                           Avoid) &&
                 blockReachesAvoidingEdges(First.Block, Then.Block, Avoid);
        };
    if (!FeasibleWith(Flag.IfTrue) && !FeasibleWith(Flag.IfFalse))
      return true;
  }
  return false;
}

bool FunctionFlow::decides(const CFGBlock *Branch, const CFGBlock *Target,
                           llvm::SmallVectorImpl<unsigned> *Leading,
                           const CFGBlock *Through) const {
  if (Through == Branch)
    Through = nullptr;
  bool SomeLeads = false, SomeAvoids = false;
  unsigned Index = 0;
  for (const CFGBlock::AdjacentBlock &Succ : Branch->succs()) {
    const unsigned ThisIndex = Index++;
    const CFGBlock *Next = Succ.getReachableBlock();
    if (!Next)
      continue;
    if (blockReachesAvoiding(Next, Target, Branch, Through)) {
      SomeLeads = true;
      if (Leading)
        Leading->push_back(ThisIndex);
    } else {
      SomeAvoids = true;
    }
  }
  return SomeLeads && SomeAvoids;
}

NearestMarks::NearestMarks(llvm::ArrayRef<std::pair<FlowPoint, int>> Marks,
                           unsigned MaxPerPath)
    : MaxPerPath(MaxPerPath) {
  for (const auto &[Point, Payload] : Marks)
    ByBlock[Point.Block].push_back({Point.Index, Payload});
  // By index; at one index, a stop (-1) sorts before candidates, so that
  // walking backwards meets the candidate first.
  for (auto &Entry : ByBlock)
    llvm::sort(Entry.second, [](const auto &A, const auto &B) {
      return A.first < B.first || (A.first == B.first && A.second > B.second);
    });
}

llvm::SmallVector<unsigned, 4>
NearestMarks::find(FlowPoint Point,
                   llvm::function_ref<bool(unsigned)> Accepts) const {
  llvm::SmallVector<unsigned, 4> Found;
  struct Item {
    const CFGBlock *Block;
    unsigned Bound;
    unsigned Depth;
  };
  llvm::SmallVector<Item, 32> Queue{{Point.Block, Point.Index, 0}};
  llvm::SmallPtrSet<const CFGBlock *, 32> Entered;
  for (size_t Next = 0; Next < Queue.size() && Next < Budget; ++Next) {
    Item It = Queue[Next];
    bool Stopped = false;
    auto Marks = ByBlock.find(It.Block);
    if (Marks != ByBlock.end()) {
      for (const auto &[Index, Payload] : llvm::reverse(Marks->second)) {
        if (Index >= It.Bound)
          continue;
        if (Payload < 0) {
          Stopped = true;
          break;
        }
        if (!Accepts(static_cast<unsigned>(Payload)))
          continue;
        if (!llvm::is_contained(Found, static_cast<unsigned>(Payload)))
          Found.push_back(static_cast<unsigned>(Payload));
        if (++It.Depth >= MaxPerPath) {
          Stopped = true;
          break;
        }
      }
    }
    if (Stopped)
      continue;
    for (const CFGBlock::AdjacentBlock &Pred : It.Block->preds())
      if (const CFGBlock *P = Pred.getReachableBlock())
        if (Entered.insert(P).second)
          Queue.push_back({P, P->size(), It.Depth});
  }
  return Found;
}

} // namespace clang::tidy::toctou
