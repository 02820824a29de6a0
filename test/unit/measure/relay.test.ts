// SignalRelay: forwards the first signal, escalates to SIGTERM then SIGKILL, and says whether a run was interrupted.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KILL_AFTER_MS, SignalRelay } from '../../../src/measure/run.js';
import type { SignalTarget } from '../../../src/measure/run.js';

/** A command that ignores every signal but SIGKILL, recording what it was sent. */
function stubborn(): SignalTarget & { sent: NodeJS.Signals[] } {
  const sent: NodeJS.Signals[] = [];
  let alive = true;
  return {
    sent,
    running: () => alive,
    size: () => 2,
    kill: (signal) => {
      sent.push(signal);
      if (signal === 'SIGKILL') alive = false;
    },
  };
}

describe('SignalRelay', () => {
  let relay: SignalRelay;
  let lines: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    relay = new SignalRelay(
      () => false,
      (line) => lines.push(line),
    );
  });
  afterEach(() => {
    relay.dispose();
    vi.useRealTimers();
  });

  it('forwards the first signal, sends SIGTERM at the second and SIGKILL after the grace time', () => {
    const target = stubborn();
    relay.attach(target);
    process.emit('SIGINT');
    expect(target.sent).toEqual(['SIGINT']);
    process.emit('SIGTERM');
    expect(target.sent).toEqual(['SIGINT', 'SIGTERM']);
    expect(lines).toEqual([
      'still running after SIGTERM: sent SIGTERM to its 2 processes; SIGKILL in 3 s or at the next Ctrl-C',
    ]);
    vi.advanceTimersByTime(KILL_AFTER_MS - 1);
    expect(target.sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(target.sent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
    expect(lines[1]).toBe('sent SIGKILL to its 2 processes');
    expect(relay.detach()).toBe(true);
    expect(relay.received).toBe('SIGINT');
  });

  it('sends SIGKILL at once on a third signal', () => {
    const target = stubborn();
    relay.attach(target);
    for (let i = 0; i < 3; i += 1) process.emit('SIGINT');
    expect(target.sent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
  });

  it('does not forward a typed Ctrl-C that already reached the command in the foreground group', () => {
    relay.dispose();
    relay = new SignalRelay(
      () => true,
      (line) => lines.push(line),
    );
    const target = stubborn();
    relay.attach(target);
    process.emit('SIGINT');
    expect(target.sent).toEqual([]);
    expect(relay.detach()).toBe(true);
  });

  it('never calls a run interrupted when the signal came after it had ended by itself', () => {
    const target = stubborn();
    target.kill('SIGKILL'); // it exited
    target.sent.length = 0;
    relay.attach(target);
    process.emit('SIGINT');
    expect(target.sent).toEqual([]);
    expect(relay.detach()).toBe(false);
    // The signal still stops further runs (repeats, compare).
    expect(relay.received).toBe('SIGINT');
  });
});
