export interface ReadOptions {
  /** Called after each batch of lines with the number of rows read so far. */
  onProgress?: (rows: number) => void;
}
