/** Circulars sent (通报): one record per kind and period key, with the snapshot of what it showed. */

export interface CircularsRepo {
  exists(kind: string, periodKey: string): Promise<boolean>;
  /** Records a circular; its id, or null (nothing written) when this kind and key are recorded already. */
  add(run: { kind: string; periodKey: string; sentAt: Date; snapshot: unknown }): Promise<number | null>;
  /** Every circular of one kind, without snapshots, oldest first. */
  list(kind: string): Promise<{ id: number; periodKey: string; sentAt: Date }[]>;
  /** A circular's snapshot (parsed JSON), or null if there is none with that id. */
  snapshot(id: number): Promise<unknown>;
}
