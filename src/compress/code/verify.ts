/** Syntax-error accounting for the reparse check: an outline may not have more errors than its input. */
import type { Tree } from 'web-tree-sitter';

/** ERROR and MISSING nodes in the tree (0 without walking when the root reports no error). */
export function errorCount(tree: Tree): number {
  if (!tree.rootNode.hasError) return 0;
  let n = 0;
  const c = tree.walk();
  // Iterative pre-order walk: deep trees would overflow a recursive one.
  for (;;) {
    if (c.nodeType === 'ERROR' || c.nodeIsMissing) n++;
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) {
        c.delete();
        return n;
      }
    }
  }
}
