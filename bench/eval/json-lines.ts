// The eval sets' file format: one JSON value per line. A line that is not JSON, or not the shape `check` wants,
// stops the eval naming the file and line.

/** Each non-blank line of `text` parsed and checked; `check` throws a message, the error says where. */
export function parseJsonLines<T>(text: string, path: string, check: (value: unknown) => T, fail: (message: string) => Error = (m) => new Error(m)): T[] {
  const rows: T[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${path}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw fail(`${where}: not JSON (${(error as Error).message})`);
    }
    try {
      rows.push(check(value));
    } catch (error) {
      throw fail(`${where}: ${(error as Error).message}`);
    }
  });
  return rows;
}
