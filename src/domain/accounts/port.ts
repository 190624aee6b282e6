/** Chat accounts bound to people, and the single-use invites that bind them. */

/** A chat account: who the person is on a platform and the chat to write to them in. */
export type Identity = { platform: string; platformUserId: string; chatId: string };

/** A chat account of a person, as a message to them is addressed. */
export type Address = { personId: number; platform: string; chatId: string };

export interface IdentitiesRepo {
  forPerson(personId: number): Promise<Identity[]>;
  /** The chat accounts of these people, to address a batch of messages (one read for many people). */
  forPeople(personIds: number[]): Promise<Address[]>;
  bind(personId: number, identity: Identity): Promise<void>;
  /** Which of these platform users are bound to a person (one read for a batch of updates). */
  boundUsers(platform: string, platformUserIds: string[]): Promise<Set<string>>;
}

export type InviteRecord = { id: number; personId: number; expiresAt: Date; usedAt: Date | null };

export interface InvitesRepo {
  create(personId: number, codeHash: string, expiresAt: Date): Promise<void>;
  byHash(codeHash: string): Promise<InviteRecord | null>;
  /** Marks the invite used only if it is still unused; returns false if someone used it first. */
  markUsed(id: number, at: Date): Promise<boolean>;
  /** Expires a person's unused invites (a new one replaces them). */
  revokeUnused(personId: number, at: Date): Promise<void>;
  /** Until when the person's latest unused invite still works at `at`; null when none does. */
  validUntil(personId: number, at: Date): Promise<Date | null>;
}
