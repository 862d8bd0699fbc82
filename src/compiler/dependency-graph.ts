/** Dependency order and cycle detection over model names. Pure; deterministic for the same input. */
export interface GraphNode {
  readonly name: string;
  readonly deps: readonly string[];
}

export interface GraphResult {
  /** Every node after all of its dependencies; nodes in cycles are left out. */
  readonly order: readonly string[];
  /** Each cycle as the path that closes it, e.g. ["a", "b", "a"]. */
  readonly cycles: readonly (readonly string[])[];
}

export function sortByDependencies(nodes: readonly GraphNode[]): GraphResult {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const stack: string[] = [];

  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 'done') return true;
    if (s === 'cyclic') return false;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      cycles.push(cycle);
      for (const n of cycle) state.set(n, 'cyclic');
      return false;
    }
    const node = byName.get(name);
    if (!node) return true; // unknown refs are reported elsewhere
    state.set(name, 'visiting');
    stack.push(name);
    let ok = true;
    for (const dep of [...node.deps].sort()) ok = visit(dep) && ok;
    stack.pop();
    if (state.get(name) === 'cyclic' || !ok) {
      state.set(name, 'cyclic');
      return false;
    }
    state.set(name, 'done');
    order.push(name);
    return true;
  };
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) visit(n.name);
  return { order, cycles };
}
