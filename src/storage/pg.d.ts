// The slice of `pg` (installed with @keyv/postgres, which ships no types for it) that the store uses.
declare module 'pg' {
  interface QueryResult {
    rows: Record<string, unknown>[];
  }
  class Pool {
    constructor(config: { connectionString: string; max?: number; connectionTimeoutMillis?: number });
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    on(event: 'error', listener: (error: Error) => void): this;
    end(): Promise<void>;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
}
