// Turns the host's messages into announcements: status changes, a step's loss, a check's verdict, progress now and
// then (the Announcer decides when each is spoken).
import type { PanelState, SessionStatus } from '../../src/protocol';
import type { Announcer } from './announcer';
import { formatNumber as fmt } from '../../src/shared/format';
import type { Change } from '../state/store';
import { checkAnnouncement, progressAnnouncement, statusAnnouncement } from './descriptions';

export class Narrator {
  private status?: SessionStatus;
  /** A single step whose loss is not spoken yet: the step view comes before the snapshot that holds the loss. */
  private pendingStep?: number;

  constructor(private readonly announcer: Pick<Announcer, 'status' | 'progress'>) {}

  /** Called for every message the panel applies, with the state after it and what it changed. */
  observe(state: PanelState, change: Change): void {
    const session = state.session;
    const status = statusAnnouncement(this.status, state);
    this.status = session.status;
    if (status) this.announcer.status(status);
    switch (change) {
      case 'check':
        if (session.gradCheck) this.announcer.status(checkAnnouncement(session.gradCheck));
        break;
      case 'progress':
        if (session.status === 'running' && session.progress)
          this.announcer.progress(progressAnnouncement(session.progress));
        break;
      case 'detail':
        this.pendingStep = session.stepDetail?.step;
        break;
      case 'all':
        // A new full state may be another session (a reset, a reload): a step of the old one is not waited for.
        if (!session.stepDetail) this.pendingStep = undefined;
        break;
      default:
        break;
    }
    const snapshot = session.snapshot;
    if (this.pendingStep !== undefined && snapshot?.step === this.pendingStep) {
      this.announcer.status(`Step ${snapshot.step}: loss ${fmt(snapshot.loss)}.`);
      this.pendingStep = undefined;
    }
  }
}
