// Electron's ipcMain and a window's WebContents as plain objects, so tests send what the popup's preload would.
import type { IpcEvent, IpcMainLike, IpcSender } from '../../src/main/ipc.js';

type Listener = (event: IpcEvent, ...args: unknown[]) => unknown;

/** ipcMain as a pair of maps, so tests can send what a renderer would. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(event: IpcEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler(event, ...args));
  }
  send(event: IpcEvent, channel: string, ...args: unknown[]): void {
    this.listeners.get(channel)?.(event, ...args);
  }
}

/** A window's WebContents: records what main sends it; `destroy()` closes the window. */
export class FakeSender implements IpcSender {
  readonly sent: unknown[][] = [];
  destroyed = false;
  private onDestroyed: (() => void) | null = null;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.onDestroyed = listener;
  }
  destroy(): void {
    this.destroyed = true;
    this.onDestroyed?.();
  }
}

/** A message from the app's own document (`carbon-tray://app/`), which the bridge trusts. */
export const appEvent = (sender: IpcSender): IpcEvent => ({
  sender,
  senderFrame: { url: 'carbon-tray://app/index.html' },
});
