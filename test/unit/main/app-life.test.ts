import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AppLife, type AppLike } from '../../../src/main/app-life.js';

/** Electron's `app` as far as quitting goes: `quit()` emits before-quit, and quits unless it was prevented. */
class FakeApp extends EventEmitter {
  quits = 0;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

function setup(stop: () => Promise<void> = async () => undefined) {
  const calls: string[] = [];
  const engine = {
    noteSuspend: () => calls.push('suspend'),
    noteResume: () => calls.push('resume'),
    stop: async () => {
      calls.push('stop');
      await stop();
    },
  };
  const life = new AppLife(engine, {
    showPopup: () => calls.push('show'),
    beforeStop: () => calls.push('beforeStop'),
    log: (m) => calls.push(`log ${m}`),
  });
  const app = new FakeApp();
  const power = new EventEmitter();
  life.attach(app as unknown as AppLike, power);
  return { calls, life, app, power };
}

describe('AppLife', () => {
  it('turns sleep and wake into engine gaps, and a second launch into the popup', () => {
    const { calls, app, power } = setup();
    power.emit('suspend');
    power.emit('resume');
    app.emit('second-instance');
    expect(calls).toEqual(['suspend', 'resume', 'show']);
  });

  it('holds quitting until the engine has flushed, then quits once', async () => {
    const { calls, life, app } = setup();
    app.quit();
    app.quit();
    expect(app.quits).toBe(0);
    await life.whenStopped();
    expect(app.quits).toBe(1);
    expect(calls).toEqual(['beforeStop', 'stop']);
  });

  it('still quits when flushing fails, and says why', async () => {
    const { calls, life, app } = setup(async () => {
      throw new Error('disk full');
    });
    app.quit();
    await life.whenStopped();
    expect(app.quits).toBe(1);
    expect(calls).toEqual([
      'beforeStop',
      'stop',
      'log CarbonTray: flushing history on quit failed: disk full',
    ]);
  });
});
