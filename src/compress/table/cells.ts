/** How a cell value is shown inside our summaries. */

// Cells are shown bare unless they could blur into the summary's own punctuation.
const PLAIN_CELL = /^[^\s,;×"]([^,;×"]{0,38}[^\s,;×"])?$/;

export function displayCell(cell: string): string {
  return PLAIN_CELL.test(cell) ? cell : JSON.stringify(cell);
}
