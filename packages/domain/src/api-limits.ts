/**
 * Calls one HTTP request may carry. The server refuses a larger batch (400), so the browser client
 * splits its batches at the same number: both read it from here.
 */
export const MAX_CALLS_PER_REQUEST = 32;
