// Where the popup goes: next to the tray icon, inside the work area of the display it is on (pure).

/** A screen rectangle in DIPs (the shape of Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The screen edge the taskbar or menu bar sits on. */
export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right';

/** Gap between the popup and the taskbar, in DIPs. */
export const POPUP_MARGIN = 8;

/**
 * The edge the taskbar is on: the side where the work area is inset from the display. With no inset (an
 * auto-hiding taskbar) it is the display edge nearest the anchor (tray icon or cursor).
 */
export function taskbarEdge(display: Rect, workArea: Rect, anchor: { x: number; y: number }): TaskbarEdge {
  const insets: [TaskbarEdge, number][] = [
    ['top', workArea.y - display.y],
    ['bottom', display.y + display.height - (workArea.y + workArea.height)],
    ['left', workArea.x - display.x],
    ['right', display.x + display.width - (workArea.x + workArea.width)],
  ];
  const inset = insets.reduce((best, cur) => (cur[1] > best[1] ? cur : best));
  if (inset[1] > 0) return inset[0];
  const distances: [TaskbarEdge, number][] = [
    ['top', anchor.y - display.y],
    ['bottom', display.y + display.height - anchor.y],
    ['left', anchor.x - display.x],
    ['right', display.x + display.width - anchor.x],
  ];
  return distances.reduce((best, cur) => (cur[1] < best[1] ? cur : best))[0];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * The popup's top-left corner. `tray` is the tray icon's bounds; Linux often reports an empty rectangle, so
 * then the anchor is `cursor` (where the user clicked). The popup is centred on the anchor along the taskbar,
 * placed against the taskbar's edge of the work area, and kept entirely inside the work area.
 */
export function popupPosition(args: {
  tray: Rect;
  cursor: { x: number; y: number };
  size: { width: number; height: number };
  display: Rect;
  workArea: Rect;
}): { x: number; y: number } {
  const { tray, cursor, size, display, workArea } = args;
  const hasTray = tray.width > 0 && tray.height > 0;
  const anchor = hasTray ? { x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 } : cursor;
  const edge = taskbarEdge(display, workArea, anchor);
  const right = workArea.x + workArea.width;
  const bottom = workArea.y + workArea.height;
  let x: number;
  let y: number;
  switch (edge) {
    case 'top':
      x = anchor.x - size.width / 2;
      y = workArea.y + POPUP_MARGIN;
      break;
    case 'bottom':
      x = anchor.x - size.width / 2;
      y = bottom - size.height - POPUP_MARGIN;
      break;
    case 'left':
      x = workArea.x + POPUP_MARGIN;
      y = anchor.y - size.height / 2;
      break;
    case 'right':
      x = right - size.width - POPUP_MARGIN;
      y = anchor.y - size.height / 2;
      break;
  }
  return {
    x: Math.round(clamp(x, workArea.x + POPUP_MARGIN, right - size.width - POPUP_MARGIN)),
    y: Math.round(clamp(y, workArea.y + POPUP_MARGIN, bottom - size.height - POPUP_MARGIN)),
  };
}
