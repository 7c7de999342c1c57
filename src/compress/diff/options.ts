/** Name and tuning knobs of the diff compressor; defaults live in the factory signature. */

export const NAME = 'diff';

export interface DiffOptions {
  /** Unchanged context lines kept on each side of a change (git's default is 3). */
  contextLines?: number;
  /** A lockfile or generated file whose diff changes more lines than this is summarised, not shown in full. */
  generatedFileChanges?: number;
  /** Any single file whose diff changes more lines than this is summarised (it is not reviewable line by line). */
  maxFileChanges?: number;
  /** Changed lines shown at the start of a summarised file. */
  summaryChangedLines?: number;
  /** Smallest saving, as a fraction of characters, worth returning. */
  minGain?: number;
}
