// The popup's HTTP Api opens one event stream per detail mode, while it has subscribers, and closes each when the last leaves.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpApi } from '../../../renderer/api/http-api.js';
import type { Snapshot } from '../../../src/shared/api.js';

/** The browser's EventSource, reduced to what HttpApi uses; every instance is kept so the test can look at it. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  closed = false;
  private readonly listeners: ((event: MessageEvent<string>) => void)[] = [];
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    if (type === 'snapshot') this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(snapshot: Partial<Snapshot>): void {
    for (const listener of this.listeners)
      listener({ data: JSON.stringify(snapshot) } as MessageEvent<string>);
  }
}

beforeEach(() => {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('HttpApi.subscribe', () => {
  it('asks for detail with ?detail=1 only when the subscriber does', () => {
    const api = new HttpApi();
    api.subscribe(() => {});
    api.subscribe(() => {}, { detail: true });
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['/api/stream', '/api/stream?detail=1']);
  });

  it('shares one stream per mode and closes it when its last subscriber leaves', () => {
    const api = new HttpApi();
    const seen: number[] = [];
    const stopA = api.subscribe((s) => seen.push(s.at));
    const stopB = api.subscribe((s) => seen.push(-s.at));
    expect(FakeEventSource.opened).toHaveLength(1);
    const [plain] = FakeEventSource.opened as [FakeEventSource];
    plain.emit({ at: 1 });
    expect(seen).toEqual([1, -1]);
    stopA();
    stopA();
    expect(plain.closed).toBe(false);
    stopB();
    expect(plain.closed).toBe(true);
  });

  it('reopens a mode after it was closed, and a stale unsubscribe leaves the new stream alone', () => {
    const api = new HttpApi();
    const stop = api.subscribe(() => {}, { detail: true });
    stop();
    const stopAgain = api.subscribe(() => {}, { detail: true });
    stop();
    const [first, second] = FakeEventSource.opened as [FakeEventSource, FakeEventSource];
    expect([first.closed, second.closed]).toEqual([true, false]);
    stopAgain();
    expect(second.closed).toBe(true);
  });
});
