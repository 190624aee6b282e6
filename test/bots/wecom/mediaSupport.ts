/**
 * The WeCom adapter for the attachment tests: the harness of support.ts, whose `send` pushes any
 * message (an image, a file, a mixed or a voice message) and resolves with the whole answer to it.
 * A mixed message of several images is one file event per image, so its answer is that of each
 * event, in order.
 */
import { type Harness, startHarness } from './support.ts';

export type MediaHarness = Harness;

export const startMediaHarness = (options: { env?: Record<string, string> } = {}): Promise<MediaHarness> => startHarness(options);
