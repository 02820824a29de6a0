// The main side of the preload's Api: validated IPC handlers over the engine, and per-window subscriptions.
import type { Api, HistoryQuery, Snapshot } from '../shared/api.js';
import { FieldError, FileFault } from '../shared/errors.js';
import { IPC_CHANNELS, type IpcRefusal, type IpcResult } from '../shared/routes.js';
import {
  validateArity,
  validateRowKey,
  validateSettingsPatch,
  validateSubscribe,
  validateUnsubscribe,
} from './ipc-validate.js';

/** The part of a `WebContents` the bridge uses. */
export interface IpcSender {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of an IPC event the bridge uses: who sent it, and from which document. */
export interface IpcEvent {
  sender: IpcSender;
  senderFrame: { url: string } | null;
}

/** The part of Electron's `ipcMain` the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

/** Most live subscriptions one window may hold (the popup needs two or three). */
export const MAX_SUBSCRIPTIONS_PER_WINDOW = 16;

interface Subscription {
  detail: boolean;
  /** The engine's unsubscribe, or `null` while the window is hidden. */
  unsubscribe: (() => void) | null;
}

/**
 * A refusal as data: a `FieldError`'s own `{ field, message }`; a `FileFault`'s message (path, cause, remedy) with
 * its path and no field, as HTTP answers it 503 `{ error, path }`; anything else under the field `request`.
 */
function refusal(error: unknown): IpcRefusal {
  if (error instanceof FieldError) return error.toJSON();
  if (error instanceof FileFault) return { field: null, message: error.message, path: error.path };
  return { field: 'request', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Serves the Api to trusted windows. Every message is validated before it reaches the engine, but for a history
 * query, which the engine checks itself (the one check HTTP shares); messages from any document but the app's own
 * are refused. Subscriptions belong to the window that made them and end with it; while a window is hidden they
 * are released, so the engine knows nobody is looking.
 */
export class IpcBridge {
  private readonly windows = new Map<number, { sender: IpcSender; subs: Map<number, Subscription> }>();
  /** Windows that are off screen (set by the popup before or after they subscribe). */
  private readonly hidden = new Set<number>();

  constructor(
    private readonly api: Api,
    private readonly isTrustedUrl: (url: string) => boolean,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** Installs the handlers on `ipc`. */
  register(ipc: IpcMainLike): void {
    const api = this.api;
    this.handle(ipc, IPC_CHANNELS.getSnapshot, (args) => (validateArity(args, 0), api.getSnapshot()));
    this.handle(ipc, IPC_CHANNELS.getSettings, (args) => (validateArity(args, 0), api.getSettings()));
    this.handle(ipc, IPC_CHANNELS.getHardware, (args) => (validateArity(args, 0), api.getHardware()));
    // Passed through unchecked: the engine refuses a bad query naming the field, as it does over HTTP.
    this.handle(
      ipc,
      IPC_CHANNELS.getHistory,
      (args) => (validateArity(args, 1), api.getHistory(args[0] as HistoryQuery)),
    );
    this.handle(
      ipc,
      IPC_CHANNELS.updateSettings,
      (args) => (validateArity(args, 1), api.updateSettings(validateSettingsPatch(args[0]))),
    );
    this.handle(
      ipc,
      IPC_CHANNELS.getProcesses,
      (args) => (validateArity(args, 1), api.getProcesses(validateRowKey(args[0]))),
    );
    ipc.on(IPC_CHANNELS.subscribe, (event, ...args) =>
      this.guard(event, 'subscribe', () => this.subscribe(event.sender, validateSubscribe(args[0]))),
    );
    ipc.on(IPC_CHANNELS.unsubscribe, (event, ...args) =>
      this.guard(event, 'unsubscribe', () =>
        this.unsubscribe(event.sender.id, validateUnsubscribe(args[0]).id),
      ),
    );
  }

  /** Removes the handlers from `ipc` and ends every subscription. */
  unregister(ipc: IpcMainLike): void {
    for (const channel of [
      IPC_CHANNELS.getSnapshot,
      IPC_CHANNELS.getSettings,
      IPC_CHANNELS.getHardware,
      IPC_CHANNELS.getHistory,
      IPC_CHANNELS.updateSettings,
      IPC_CHANNELS.getProcesses,
    ]) {
      ipc.removeHandler(channel);
    }
    ipc.removeAllListeners(IPC_CHANNELS.subscribe);
    ipc.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const id of [...this.windows.keys()]) this.forget(id);
  }

  /** Tells the bridge whether window `senderId` is on screen; hidden windows hold no engine subscription. */
  setLooking(senderId: number, looking: boolean): void {
    if (looking !== this.hidden.has(senderId)) return;
    if (looking) this.hidden.delete(senderId);
    else this.hidden.add(senderId);
    const window = this.windows.get(senderId);
    if (!window) return;
    for (const [id, sub] of window.subs) {
      if (looking) sub.unsubscribe = this.attach(window.sender, id, sub.detail);
      else this.detach(sub);
    }
  }

  private handle(ipc: IpcMainLike, channel: string, run: (args: unknown[]) => Promise<unknown>): void {
    ipc.handle(channel, async (event, ...args): Promise<IpcResult<unknown>> => {
      if (!this.trusted(event))
        return {
          ok: false,
          error: { field: 'sender', message: 'refused: the request did not come from the CarbonTray window' },
        };
      try {
        return { ok: true, value: await run(args) };
      } catch (error) {
        return { ok: false, error: refusal(error) };
      }
    });
  }

  private guard(event: IpcEvent, what: string, run: () => void): void {
    if (!this.trusted(event)) {
      this.log(`CarbonTray: refused ${what} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return;
    }
    try {
      run();
    } catch (error) {
      this.log(`CarbonTray: refused ${what}: ${refusal(error).message}`);
    }
  }

  private trusted(event: IpcEvent): boolean {
    return event.senderFrame !== null && this.isTrustedUrl(event.senderFrame.url);
  }

  private subscribe(sender: IpcSender, { id, detail }: { id: number; detail: boolean }): void {
    let window = this.windows.get(sender.id);
    if (!window) {
      window = { sender, subs: new Map() };
      this.windows.set(sender.id, window);
      const senderId = sender.id;
      sender.once('destroyed', () => this.forget(senderId));
    }
    if (window.subs.has(id)) throw new Error(`subscription ${id} already exists`);
    if (window.subs.size >= MAX_SUBSCRIPTIONS_PER_WINDOW)
      throw new Error(`a window may hold at most ${MAX_SUBSCRIPTIONS_PER_WINDOW} subscriptions`);
    window.subs.set(id, {
      detail,
      unsubscribe: this.hidden.has(sender.id) ? null : this.attach(sender, id, detail),
    });
  }

  private unsubscribe(senderId: number, id: number): void {
    const window = this.windows.get(senderId);
    const sub = window?.subs.get(id);
    if (!window || !sub) return;
    this.detach(sub);
    window.subs.delete(id);
  }

  private attach(sender: IpcSender, id: number, detail: boolean): () => void {
    return this.api.subscribe(
      (snapshot: Snapshot) => {
        if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.snapshot, id, snapshot);
      },
      { detail },
    );
  }

  private detach(sub: Subscription): void {
    sub.unsubscribe?.();
    sub.unsubscribe = null;
  }

  private forget(senderId: number): void {
    const window = this.windows.get(senderId);
    if (!window) return;
    for (const sub of window.subs.values()) this.detach(sub);
    this.windows.delete(senderId);
    this.hidden.delete(senderId);
  }
}
