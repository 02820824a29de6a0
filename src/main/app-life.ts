// App life: second launches show the popup, sleep and wake become engine gaps, quitting flushes history first.
import type { EngineFacade } from '../shared/engine-facade.js';

/** The part of Electron's `app` this uses. */
export interface AppLike {
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** The part of Electron's `powerMonitor` this uses. */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
}

/**
 * Wires the app's life events to the engine. Quitting is held back once so `engine.stop()` can flush the
 * history to disk; a failing flush is reported and the app still quits.
 */
export class AppLife {
  private stopping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly engine: Pick<EngineFacade, 'noteSuspend' | 'noteResume' | 'stop'>,
    private readonly hooks: { showPopup(): void; beforeStop(): void; log(message: string): void },
  ) {}

  attach(app: AppLike, powerMonitor: PowerMonitorLike): void {
    app.on('second-instance', () => this.hooks.showPopup());
    powerMonitor.on('suspend', () => this.engine.noteSuspend());
    powerMonitor.on('resume', () => this.engine.noteResume());
    app.on('before-quit', (event) => {
      if (this.stopped) return;
      event.preventDefault();
      this.stopping ??= this.stop().then(() => app.quit());
    });
  }

  /** Resolves once the engine has stopped (or failed to), after which quitting proceeds. */
  whenStopped(): Promise<void> {
    return this.stopping ?? Promise.resolve();
  }

  private async stop(): Promise<void> {
    this.hooks.beforeStop();
    try {
      await this.engine.stop();
    } catch (error) {
      this.hooks.log(
        `CarbonTray: flushing history on quit failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.stopped = true;
  }
}
