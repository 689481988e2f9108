import { fromModelJSON, type ModelJSON } from '@lassokit/core';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Schema migrations, applied in order once each; the index + 1 is the schema version. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE models (
     id TEXT PRIMARY KEY,
     name TEXT,
     created_at TEXT NOT NULL,
     builtin INTEGER NOT NULL DEFAULT 0,
     model_json TEXT NOT NULL CHECK (json_valid(model_json))
   );
   CREATE INDEX models_created_at ON models (created_at DESC, id);`,
];

export interface StoredModel {
  readonly id: string;
  readonly name: string | null;
  readonly createdAt: string;
  readonly builtin: boolean;
  readonly model: ModelJSON;
}

interface Row {
  id: string;
  name: string | null;
  created_at: string;
  builtin: number;
  model_json: string;
}

/**
 * Models in SQLite (better-sqlite3): WAL journal, versioned migrations, every model validated
 * with `fromModelJSON` when written and again when first read. Parsed models are kept in a small
 * read-through cache (predictions read the same model over and over); SQLite stays the source of
 * truth and deletes invalidate the cache.
 */
export class ModelStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, StoredModel>();
  private static readonly CACHE_SIZE = 256;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  /** The schema version after migrations. */
  version(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  insert(model: ModelJSON, opts: { id?: string; name?: string | null; builtin?: boolean } = {}): StoredModel {
    const valid = fromModelJSON(model);
    const row: Row = {
      id: opts.id ?? randomUUID(),
      name: opts.name ?? null,
      created_at: new Date().toISOString(),
      builtin: opts.builtin ? 1 : 0,
      model_json: JSON.stringify(valid),
    };
    this.db.prepare('INSERT INTO models (id, name, created_at, builtin, model_json) VALUES (@id, @name, @created_at, @builtin, @model_json)').run(row);
    return toStored(row);
  }

  get(id: string): StoredModel | null {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    if (!row) return null;
    const stored = toStored(row);
    if (this.cache.size >= ModelStore.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(id, stored);
    return stored;
  }

  list(limit: number, offset: number): { items: StoredModel[]; total: number } {
    const rows = this.db.prepare('SELECT * FROM models ORDER BY builtin DESC, created_at DESC, id LIMIT ? OFFSET ?').all(limit, offset) as Row[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM models').get() as { total: number };
    return { items: rows.map(toStored), total };
  }

  delete(id: string): boolean {
    this.cache.delete(id);
    return this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const current = this.version();
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }
}

function toStored(row: Row): StoredModel {
  return { id: row.id, name: row.name, createdAt: row.created_at, builtin: row.builtin === 1, model: fromModelJSON(row.model_json) };
}
