import { describe, expect, it } from 'vitest';
import { POPUP_MARGIN, popupPosition, taskbarEdge, type Rect } from '../../../src/main/popup-position.js';

// A 1920×1080 display with a 40 px taskbar on each edge in turn; the popup is 380×560 (POPUP_SIZE).
const display = { x: 0, y: 0, width: 1920, height: 1080 };
const size = { width: 380, height: 560 };
const cursor = { x: 0, y: 0 };
const m = POPUP_MARGIN;

/** Where the popup goes for this tray icon and work area, on the display above unless told another. */
const place = (tray: Rect, workArea: Rect, on: Rect = display) =>
  popupPosition({ tray, cursor, size, display: on, workArea });

describe('popupPosition', () => {
  it('bottom taskbar (Windows default): above the taskbar, centred on the icon', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1700, y: 1045, width: 24, height: 30 };
    // x = 1712 - 190 = 1522; y = 1040 - 560 - 8 = 472.
    expect(place(tray, workArea)).toEqual({ x: 1522, y: 472 });
  });

  it('top bar (macOS, GNOME): below the bar, centred on the icon', () => {
    const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
    const tray = { x: 1500, y: 0, width: 30, height: 25 };
    // x = 1515 - 190 = 1325; y = 25 + 8 = 33.
    expect(place(tray, workArea)).toEqual({ x: 1325, y: 25 + m });
  });

  it('left taskbar: right of it, centred vertically on the icon', () => {
    const workArea = { x: 48, y: 0, width: 1872, height: 1080 };
    const tray = { x: 8, y: 700, width: 32, height: 32 };
    // y = 716 - 280 = 436.
    expect(place(tray, workArea)).toEqual({ x: 48 + m, y: 436 });
  });

  it('right taskbar: left of it, centred vertically on the icon', () => {
    const workArea = { x: 0, y: 0, width: 1872, height: 1080 };
    const tray = { x: 1880, y: 300, width: 32, height: 32 };
    // x = 1872 - 380 - 8 = 1484; y = 316 - 280 = 36.
    expect(place(tray, workArea)).toEqual({ x: 1484, y: 36 });
  });

  it('keeps the popup inside the work area when the icon is near a corner', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1900, y: 1045, width: 20, height: 30 };
    expect(place(tray, workArea)).toEqual({ x: 1920 - 380 - m, y: 472 });
    const right = { x: 0, y: 0, width: 1872, height: 1080 };
    const low = { x: 1880, y: 1060, width: 32, height: 16 };
    expect(place(low, right)).toEqual({ x: 1484, y: 1080 - 560 - m });
  });

  it('uses the cursor when the tray reports empty bounds (Linux AppIndicator)', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    const empty = { x: 0, y: 0, width: 0, height: 0 };
    expect(popupPosition({ tray: empty, cursor: { x: 1800, y: 10 }, size, display, workArea })).toEqual({
      x: 1920 - 380 - m,
      y: 32 + m,
    });
  });

  it('works on a second display to the left with negative coordinates', () => {
    const left = { x: -1280, y: 0, width: 1280, height: 1024 };
    const workArea = { x: -1280, y: 0, width: 1280, height: 984 };
    const tray = { x: -400, y: 990, width: 24, height: 30 };
    // x = -388 - 190 = -578; y = 984 - 560 - 8 = 416.
    expect(place(tray, workArea, left)).toEqual({ x: -578, y: 416 });
  });
});

describe('taskbarEdge', () => {
  it('falls back to the display edge nearest the icon when the taskbar hides itself', () => {
    expect(taskbarEdge(display, display, { x: 1900, y: 540 })).toBe('right');
    expect(taskbarEdge(display, display, { x: 960, y: 1075 })).toBe('bottom');
    expect(taskbarEdge(display, display, { x: 5, y: 540 })).toBe('left');
    expect(taskbarEdge(display, display, { x: 960, y: 3 })).toBe('top');
  });
});
