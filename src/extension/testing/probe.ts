// What the extension-host tests and bench:editor watch: panel traffic, shown errors, notices, hover times and the
// host's data-file reads. Created only in test or development mode; production code calls it as `probe?.…`, so a
// user's editor runs none of it.
import type { ByteRead } from '../../node/specFiles';
import type { DataCheckEvent } from '../editor/loadProgress';
import type { Notice } from '../sessions/notices';
import { MessageLog, type LoggedMessage } from './messageLog';

/** The variable the test and bench runners set: they run the installed vsix, which VS Code runs in Production mode. */
export const TEST_API_ENV = 'BACKPROP_TEST_API';

/** Whether to watch the extension: in test or development mode, or when a runner set TEST_API_ENV to 1. */
export function wantsProbe(production: boolean, env: Record<string, string | undefined>): boolean {
  return !production || env[TEST_API_ENV] === '1';
}

/** One hover as our provider saw it. */
export interface HoverTiming {
  at: number;
  ms: number;
}

/** Hover times and reads kept: the newest this many (errors and notices are rare, and tests count them from 0). */
const KEPT = 1000;

export class Probe {
  readonly log = new MessageLog();
  /** Every error message a command or panel control showed (internal errors included), oldest first. */
  readonly errors: string[] = [];
  readonly notices: Notice[] = [];
  /** The newest hovers our provider answered: when it started (performance.now()) and how long it took, in ms. */
  readonly hovers: HoverTiming[] = [];
  /** Data-file reads on the extension host's thread (the worker's are not). */
  readonly dataReads: ByteRead[] = [];
  /** The newest background data checks' progress texts and ends, as their window progress showed them. */
  readonly dataChecks: DataCheckEvent[] = [];

  message(entry: LoggedMessage): void {
    this.log.add(entry);
  }

  error(message: string): void {
    this.errors.push(message);
  }

  notice(notice: Notice): void {
    this.notices.push(notice);
  }

  hover(timing: HoverTiming): void {
    keep(this.hovers, timing);
  }

  dataRead(read: ByteRead): void {
    keep(this.dataReads, read);
  }

  dataCheck(event: DataCheckEvent): void {
    keep(this.dataChecks, event);
  }
}

function keep<T>(list: T[], item: T): void {
  if (list.push(item) > KEPT + KEPT / 10) list.splice(0, list.length - KEPT);
}
