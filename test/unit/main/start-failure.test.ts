// What the tray app's error dialog says when it cannot start: another engine's lock, or anything else.
import { describe, expect, it } from 'vitest';
import { EngineLockedError } from '../../../src/engine/index.js';
import { startFailure } from '../../../src/main/start-failure.js';

describe('startFailure', () => {
  it("tells the user that serve already records into the folder, with the lock's line and the ways out", () => {
    const owner = {
      pid: 1234,
      startedAt: Date.now(),
      shell: 'serve',
      host: '',
      bootId: null,
      procStart: null,
    };
    const failure = startFailure(
      new EngineLockedError('/home/u/.local/share/carbon-tray', '/x/engine.lock', owner),
    );
    expect(failure.title).toBe('CarbonTray is already recording on this computer');
    expect(failure.message).toMatch(
      /^Another CarbonTray engine \(serve, pid 1234, since .+\) already records into \/home\/u\/\.local\/share\/carbon-tray; stop it, or give --data-dir for a separate history\. CarbonTray will quit; the other one keeps recording\.$/,
    );
  });

  it('says "could not start" with the message of any other error', () => {
    expect(startFailure(new Error('no process sampler'))).toEqual({
      title: 'CarbonTray could not start',
      message: 'no process sampler',
    });
    expect(startFailure('odd')).toEqual({ title: 'CarbonTray could not start', message: 'odd' });
  });
});
