// What /admin status shows about delivery: per feed/digest last and next run and recent errors, plus a
// per-guild ring of recent errors. Persisted so every process (and a restart) sees the same picture.
import type Keyv from 'keyv';

export type TargetKind = 'feed' | 'digest';

export interface DeliveryTarget {
  kind: TargetKind;
  id: string;
  guildId: string;
}

export interface DeliveryErrorEntry {
  at: string;
  kind: TargetKind;
  id: string;
  message: string;
}

export interface TargetStatus {
  lastRunAt?: string;
  /** Messages sent by the last run. */
  lastPosted?: number;
  nextRunAt?: string | null;
  errors: DeliveryErrorEntry[];
}

const PER_TARGET_ERRORS = 10;
const PER_GUILD_ERRORS = 25;

export class DeliveryStatusStore {
  readonly #kv: Keyv;

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  get(kind: TargetKind, id: string): Promise<TargetStatus | undefined> {
    return this.#kv.get<TargetStatus>(`${kind}:${id}`);
  }

  async guildErrors(guildId: string): Promise<DeliveryErrorEntry[]> {
    return (await this.#kv.get<DeliveryErrorEntry[]>(`errors:${guildId}`)) ?? [];
  }

  async recordRun(target: DeliveryTarget, at: Date, posted: number): Promise<void> {
    await this.#change(target, (status) => ({ ...status, lastRunAt: at.toISOString(), lastPosted: posted }));
  }

  async recordNextRun(target: DeliveryTarget, next: Date | null): Promise<void> {
    await this.#change(target, (status) => ({ ...status, nextRunAt: next?.toISOString() ?? null }));
  }

  async recordError(target: DeliveryTarget, at: Date, message: string): Promise<void> {
    const entry: DeliveryErrorEntry = { at: at.toISOString(), kind: target.kind, id: target.id, message };
    await this.#change(target, (status) => ({ ...status, errors: [entry, ...status.errors].slice(0, PER_TARGET_ERRORS) }));
    const ring = await this.guildErrors(target.guildId);
    await this.#kv.set(`errors:${target.guildId}`, [entry, ...ring].slice(0, PER_GUILD_ERRORS));
  }

  async forget(kind: TargetKind, id: string): Promise<void> {
    await this.#kv.delete(`${kind}:${id}`);
  }

  async #change(target: DeliveryTarget, change: (status: TargetStatus) => TargetStatus): Promise<void> {
    const key = `${target.kind}:${target.id}`;
    const current = (await this.#kv.get<TargetStatus>(key)) ?? { errors: [] };
    await this.#kv.set(key, change(current));
  }
}
