// Human output of the CLI: colour only for a terminal (NO_COLOR and FORCE_COLOR respected, as picocolors reads
// them), and tables whose columns line up whatever the colour codes in their cells.
import picocolors from 'picocolors';

export type Style = ReturnType<typeof picocolors.createColors>;

/** Colours for stdout: on when it is a terminal (or FORCE_COLOR), off for pipes, files and NO_COLOR. */
export function stdoutStyle(): Style {
  return picocolors.createColors(picocolors.isColorSupported && (process.stdout.isTTY === true || 'FORCE_COLOR' in process.env));
}

export const plain: Style = picocolors.createColors(false);

const ANSI = /\u001b\[[0-9;]*m/g;

function width(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Rows as aligned columns, two spaces apart; `right` lists the columns aligned right (numbers). */
export function table(rows: string[][], right: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1 && !right.includes(i)) return cell;
        const pad = ' '.repeat(widths[i]! - width(cell));
        return right.includes(i) ? pad + cell : cell + pad;
      })
      .join('  '),
  );
}
