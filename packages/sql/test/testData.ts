import { createRng } from '@lassokit/core';
import { buildDesign, parseTable } from '@lassokit/data';

/** The design both engines' tests fit: numeric features, a text and a numeric categorical column, folds from a column. */
export const spec = { target: 'y', features: ['a', 'b', 'c', 'd', 'city', 'cyl'], categorical: ['city', 'cyl'], fold: { column: 'fold' } } as const;

/** 400 rows: four numeric features (means far from zero), a text and a numeric categorical column, a fold column. */
export function csvText(withMissing = false): string {
  const rand = createRng(3);
  const lines = ['y,a,b,c,d,city,cyl,fold'];
  for (let i = 0; i < 400; i++) {
    const a = 1e4 + rand() * 3;
    const b = rand() - 0.5;
    const c = 50 * (rand() - 0.5) + 0.3 * b;
    const d = rand();
    const city = ['paris', 'oslo', "l'aquila", 'rome'][i % 4];
    const cyl = [4, 6, 8][i % 3];
    const y = 2 * (a - 1e4) - 3 * b + 0.05 * c + (city === 'oslo' ? 1 : 0) - 0.2 * cyl + 0.5 * (rand() - 0.5);
    const miss = withMissing && i % 37 === 5;
    lines.push([y, miss ? '' : a, b, c, d, city, cyl, i % 5].join(','));
  }
  return `${lines.join('\n')}\n`;
}


/** The in-memory design and CV with the same folds. */
export function inMemory(text: string, missing: 'error' | 'drop' = 'error') {
  const table = parseTable(text, { source: 'source' });
  const design = buildDesign(table, { ...spec, missing });
  const foldOf = table.columns.indexOf('fold');
  const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
  const foldIds = design.lines.map((line) => Number(table.rows[rowOfLine.get(line) as number][foldOf]));
  return { design, foldIds };
}

