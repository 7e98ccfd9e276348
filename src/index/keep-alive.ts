// Objects held for the process's life so that their classes' maps live too. At a full collection V8 frees a
// map once no object has it (the map is reachable only through its constructor's weak transitions), and
// throws away every optimized function that read fields through it (--trace-deopt: "weak objects"). The
// search's per-query classes had no instance between queries, so each full collection left the next queries
// running cold code: 2–13 ms where ~1 ms was usual at 100k articles.
const kept: object[] = [];

export function keepAlive<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}
