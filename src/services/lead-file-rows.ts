/**
 * What the CSV and XLSX readers share: a cell as plain data, and the collector that takes a
 * file's rows as they are read and says when to stop, so that no file, however long or wide,
 * is held whole in memory.
 */

/** A cell as plain data: formulas give their cached result, rich text its text, errors nothing. */
export type Cell = string | number | boolean | Date | null;

export interface ReadRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  /** Columns 1..the column cap; later cells are not kept. */
  cells: Cell[];
  /** The row had a value past the column cap. */
  ignoredCells: boolean;
}

/** Hands a reader's rows on as they are read; answering false stops the reading. */
export type RowSink = (row: ReadRow) => boolean;

export const isEmptyCell = (cell: Cell) => cell === null || (typeof cell === "string" && cell.trim() === "");

export interface CollectLimits {
  /** Data rows (non-empty rows under the header) a file may have. */
  maxRows: number;
  /** Rows read at all, empty ones included: past this the reading stops. */
  maxRowsRead: number;
}

/**
 * Keeps the header and up to `maxRows` data rows (only non-empty ones: a row number already
 * says where a row was), counts the non-empty rows past that without keeping them, so a file
 * that is too long is refused with its real size, and stops the reading after `maxRowsRead`
 * rows of any kind: a file of blank lines costs no more than that many.
 */
export class RowCollector {
  /** Non-empty rows in file order: the header first, then at most `maxRows` data rows. */
  readonly rows: Array<{ row: number; cells: Cell[] }> = [];
  /** Non-empty rows seen, the header included. */
  nonEmpty = 0;
  /** Rows seen, empty ones included. */
  read = 0;
  /** Rows that had a value past the column cap (which was ignored). */
  rowsWithIgnoredCells = 0;
  /** The reading stopped at `maxRowsRead` before the end of the file. */
  stoppedEarly = false;

  constructor(private readonly limits: CollectLimits) {}

  readonly add: RowSink = ({ row, cells, ignoredCells }) => {
    if (this.read >= this.limits.maxRowsRead) {
      this.stoppedEarly = true;
      return false;
    }
    this.read++;
    if (ignoredCells) this.rowsWithIgnoredCells++;
    if (!cells.some((cell) => !isEmptyCell(cell))) return true;
    this.nonEmpty++;
    if (this.nonEmpty <= this.limits.maxRows + 1) this.rows.push({ row, cells });
    return true;
  };

  /** Non-empty rows under the header (all of them, kept or not). */
  get dataRows(): number {
    return Math.max(0, this.nonEmpty - 1);
  }
}
