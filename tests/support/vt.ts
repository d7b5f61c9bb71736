/**
 * A tiny VT100 screen for tests: replays the bytes a program wrote to a pseudo-terminal and gives
 * the screen (with its scrollback) as a real terminal would show it at the end. It knows only the
 * sequences gphotos-nas (and `deno run`'s own loading indicator: `ESC[0G ESC[2K ESC[J`) may send
 * and throws on any other, so a new escape code cannot slip past the tests unmodelled.
 *
 * @module
 */

/** One row of the screen; `wrapped` when the text went on to the next row by auto-wrap. */
interface Row {
  cells: string[];
  wrapped: boolean;
}

/** A screen of `columns` × `rows` with unlimited scrollback. */
export class VtScreen {
  readonly #columns: number;
  readonly #rows: number;
  /** Scrollback and screen; the screen is the last `rows` rows. */
  readonly #lines: Row[] = [];
  #row = 0;
  #col = 0;
  /** A character was written in the last column: the next one wraps first (xterm's rule). */
  #pendingWrap = false;

  constructor(columns: number, rows: number) {
    this.#columns = columns;
    this.#rows = rows;
    for (let i = 0; i < rows; i++) this.#lines.push(this.#blank());
  }

  #blank(): Row {
    return { cells: Array(this.#columns).fill(" "), wrapped: false };
  }

  /** The index in `#lines` of the cursor's row. */
  get #at(): number {
    return this.#lines.length - this.#rows + this.#row;
  }

  #lineFeed(): void {
    if (this.#row < this.#rows - 1) this.#row++;
    else this.#lines.push(this.#blank());
  }

  /** Feeds text (already decoded from UTF-8). */
  write(text: string): void {
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === "\x1b") {
        const rest = chars.slice(i, i + 32).join("");
        // deno-lint-ignore no-control-regex -- escape codes are what it parses
        const match = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(rest);
        if (!match) throw new Error(`unknown escape ${JSON.stringify(rest.slice(0, 8))}`);
        this.#csi(match[1], match[2]);
        i += [...match[0]].length - 1;
      } else if (c === "\r") {
        this.#col = 0;
        this.#pendingWrap = false;
      } else if (c === "\n") {
        this.#lineFeed();
        this.#pendingWrap = false;
      } else if (c === "\x07") {
        continue;
      } else if (c < " ") {
        throw new Error(`unexpected control character ${JSON.stringify(c)}`);
      } else {
        if (this.#pendingWrap) {
          this.#lines[this.#at].wrapped = true;
          this.#lineFeed();
          this.#col = 0;
          this.#pendingWrap = false;
        }
        this.#lines[this.#at].cells[this.#col] = c;
        if (this.#col === this.#columns - 1) this.#pendingWrap = true;
        else this.#col++;
      }
    }
  }

  #csi(params: string, final: string): void {
    const n = Number(params || "1");
    const line = this.#lines[this.#at];
    if (final === "m" || params.startsWith("?")) return; // colours, cursor visibility
    this.#pendingWrap = false;
    if (final === "A") this.#row = Math.max(0, this.#row - n);
    else if (final === "G") this.#col = Math.min(Math.max(n, 1), this.#columns) - 1;
    else if (final === "J" && (params === "" || params === "0")) {
      line.cells.fill(" ", this.#col);
      line.wrapped = false;
      for (let i = this.#at + 1; i < this.#lines.length; i++) this.#lines[i] = this.#blank();
    } else if (final === "K" && (params === "" || params === "0")) {
      line.cells.fill(" ", this.#col);
      line.wrapped = false;
    } else if (final === "K" && params === "2") {
      line.cells.fill(" ");
      line.wrapped = false;
    } else throw new Error(`unknown sequence ESC[${params}${final}`);
  }

  /** Every logical line (wrapped rows joined), scrollback first, trailing spaces and blank tail cut. */
  lines(): string[] {
    const out: string[] = [];
    let current = "";
    for (const row of this.#lines) {
      current += row.cells.join("");
      if (row.wrapped) continue;
      out.push(current.trimEnd());
      current = "";
    }
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  }
}
