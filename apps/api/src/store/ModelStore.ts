import { fromModelJSON, type ModelJSON } from '@lassokit/core';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringifyFinite, summaryColumns, type ModelRow } from './modelRow.js';

/**
 * Schema migrations, applied in order once each; the index + 1 is the schema version. A function
 * migration runs inside the same transaction as SQL ones.
 */
const MIGRATIONS: readonly (string | ((db: Database.Database) => void))[] = [
  `CREATE TABLE models (
     id TEXT PRIMARY KEY,
     name TEXT,
     created_at TEXT NOT NULL,
     builtin INTEGER NOT NULL DEFAULT 0,
     model_json TEXT NOT NULL CHECK (json_valid(model_json))
   );
   CREATE INDEX models_created_at ON models (created_at DESC, id);`,
  // Summary columns, so listing never parses model JSON; existing rows are filled in once here.
  (db) => {
    db.exec(`ALTER TABLE models ADD COLUMN kind TEXT NOT NULL DEFAULT '';
             ALTER TABLE models ADD COLUMN target TEXT;
             ALTER TABLE models ADD COLUMN alpha REAL;
             ALTER TABLE models ADD COLUMN n_features INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE models ADD COLUMN nonzero INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE models ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;`);
    const update = db.prepare('UPDATE models SET kind = @kind, target = @target, alpha = @alpha, n_features = @n_features, nonzero = @nonzero, bytes = @bytes WHERE id = @id');
    for (const { id, model_json } of db.prepare('SELECT id, model_json FROM models').all() as { id: string; model_json: string }[]) {
      update.run({ id, ...summaryColumns(fromModelJSON(model_json), model_json) });
    }
  },
];

export interface StoredModel {
  readonly id: string;
  readonly name: string | null;
  readonly createdAt: string;
  readonly builtin: boolean;
  readonly model: ModelJSON;
}

/** A list entry: read from the summary columns, never from the model JSON. */
export interface ModelSummary {
  readonly id: string;
  readonly name: string | null;
  readonly createdAt: string;
  readonly builtin: boolean;
  readonly kind: string;
  readonly target: string | null;
  readonly alpha: number | null;
  readonly nFeatures: number;
  readonly nonzero: number;
}

/** The outcome of a delete. */
export type DeleteOutcome = 'deleted' | 'not-found' | 'builtin';

/**
 * Models in SQLite (better-sqlite3): WAL journal, versioned migrations, every model validated
 * with `fromModelJSON` when first read. Listing reads summary columns only. Parsed models are kept
 * in a read-through cache bounded by their JSON bytes (predictions read the same model over and
 * over); SQLite stays the source of truth and deletes invalidate the cache. Built-in models are
 * read-only.
 */
export class ModelStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, { stored: StoredModel; bytes: number }>();
  private cachedBytes = 0;
  private static readonly CACHE_BYTES = 64 * 1024 * 1024;

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

  /** Validates, serializes and stores a model (the built-in models; fits arrive as rows from the workers). */
  insert(model: ModelJSON, opts: { id?: string; name?: string | null; builtin?: boolean } = {}): StoredModel {
    const valid = fromModelJSON(model);
    const json = stringifyFinite(valid);
    const row: ModelRow = {
      id: opts.id ?? randomUUID(),
      name: opts.name ?? null,
      created_at: new Date().toISOString(),
      builtin: opts.builtin ? 1 : 0,
      model_json: json,
      ...summaryColumns(valid, json),
    };
    this.insertRow(row);
    return toStored(row);
  }

  /** Drops a built-in model so it can be retrained (one written by an older version). */
  dropBuiltin(id: string): void {
    this.db.prepare('DELETE FROM models WHERE id = ? AND builtin = 1').run(id);
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      this.cache.delete(id);
      this.cachedBytes -= cached.bytes;
    }
  }

  /** Stores a row a fit worker prepared (validated and serialized there, off the event loop). */
  insertRow(row: ModelRow): void {
    this.db
      .prepare(
        `INSERT INTO models (id, name, created_at, builtin, model_json, kind, target, alpha, n_features, nonzero, bytes)
         VALUES (@id, @name, @created_at, @builtin, @model_json, @kind, @target, @alpha, @n_features, @nonzero, @bytes)`,
      )
      .run(row);
  }

  get(id: string): StoredModel | null {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached.stored;
    const row = this.db.prepare('SELECT id, name, created_at, builtin, model_json FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (!row) return null;
    const stored = toStored(row);
    const bytes = row.model_json.length;
    if (bytes <= ModelStore.CACHE_BYTES / 4) {
      while (this.cachedBytes + bytes > ModelStore.CACHE_BYTES) {
        const [oldest, entry] = this.cache.entries().next().value as [string, { bytes: number }];
        this.cache.delete(oldest);
        this.cachedBytes -= entry.bytes;
      }
      this.cache.set(id, { stored, bytes });
      this.cachedBytes += bytes;
    }
    return stored;
  }

  /** The stored JSON text and its version key (for a worker's own cache), without parsing it. */
  getText(id: string): { json: string; key: string } | null {
    const row = this.db.prepare('SELECT model_json, created_at FROM models WHERE id = ?').get(id) as { model_json: string; created_at: string } | undefined;
    return row ? { json: row.model_json, key: `${id}@${row.created_at}` } : null;
  }

  list(limit: number, offset: number): { items: ModelSummary[]; total: number } {
    const rows = this.db
      .prepare('SELECT id, name, created_at, builtin, kind, target, alpha, n_features, nonzero FROM models ORDER BY builtin DESC, created_at DESC, id LIMIT ? OFFSET ?')
      .all(limit, offset) as ModelRow[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM models').get() as { total: number };
    const items = rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, builtin: r.builtin === 1, kind: r.kind, target: r.target, alpha: r.alpha, nFeatures: r.n_features, nonzero: r.nonzero }));
    return { items, total };
  }

  /** Deletes a model unless it is built in. */
  delete(id: string): DeleteOutcome {
    const row = this.db.prepare('SELECT builtin FROM models WHERE id = ?').get(id) as { builtin: number } | undefined;
    if (row === undefined) return 'not-found';
    if (row.builtin === 1) return 'builtin';
    const entry = this.cache.get(id);
    if (entry !== undefined) {
      this.cache.delete(id);
      this.cachedBytes -= entry.bytes;
    }
    this.db.prepare('DELETE FROM models WHERE id = ? AND builtin = 0').run(id);
    return 'deleted';
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const current = this.version();
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        const migration = MIGRATIONS[v];
        if (typeof migration === 'string') this.db.exec(migration);
        else migration(this.db);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }
}

function toStored(row: Pick<ModelRow, 'id' | 'name' | 'created_at' | 'builtin' | 'model_json'>): StoredModel {
  return { id: row.id, name: row.name, createdAt: row.created_at, builtin: row.builtin === 1, model: fromModelJSON(row.model_json) };
}
