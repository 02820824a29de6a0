// Names of the performance measures the popup records (read by bench/ui.ts).

/** From the first snapshot in hand to the frame after its rows are laid out and painted. */
export const FIRST_RENDER_MEASURE = 'carbontray:first-render';
