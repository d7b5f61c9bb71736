/**
 * What `pick` shows while the user picks: the picker URL, a QR code of it on a terminal (so a phone
 * can open it), and a spinner while Google is polled. Off a terminal: plain lines only.
 *
 * @module
 */
import { renderUnicodeCompact } from "uqr";
import type { Logger } from "./log.ts";
import { formatDuration } from "./progress.ts";
import { createTerminal, stderrTerminal } from "./terminal.ts";

/** What the session tells the person at the terminal. */
export interface PickerUi {
  /** Shows the URI to open (and a QR code on a terminal). */
  showPickerUri(uri: string, resumed: boolean): Promise<void>;
  /** A poll happened; `elapsedMs` since waiting began. */
  waiting(elapsedMs: number): void;
  /** Picking is done (or waiting stopped). */
  doneWaiting(): void;
  /** The person pressed Done: what follows is downloading (the web console's phase). */
  picked(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * The QR code of `text` in half-block characters, two modules per character. uqr draws light
 * modules as blocks; white blocks on black, set explicitly, keep the code the right way round on
 * light and dark terminal themes alike, quiet zone included.
 */
export function terminalQr(text: string): string {
  return renderUnicodeCompact(text, { border: 2 }).split("\n")
    .map((line) => `\x1b[97;40m${line}\x1b[0m\n`).join("");
}

/** Builds the prompt for a terminal (`isTty`) or a log; `write` replaces stderr (tests). */
export function createPickerPrompt(
  options: { log: Logger; isTty: boolean; qr: boolean; write?: (text: string) => void },
): PickerUi {
  const terminal = options.write
    ? createTerminal({ isTty: options.isTty, write: options.write })
    : stderrTerminal();
  const spinner = terminal.slot();
  let frame = 0;
  return {
    showPickerUri(uri, resumed) {
      options.log.info(
        resumed
          ? "continuing the picking session started earlier; if you have not pressed Done yet, open:"
          : "open this address, choose the photos and videos to back up, then press Done:",
      );
      options.log.info(`  ${uri}`);
      if (options.isTty && options.qr) terminal.print(terminalQr(uri));
      return Promise.resolve();
    },
    waiting(elapsedMs) {
      const mark = FRAMES[frame++ % FRAMES.length];
      spinner.set([`${mark} waiting for you to pick… ${formatDuration(elapsedMs)}`]);
    },
    doneWaiting() {
      spinner.clear();
    },
    picked() {
      // Off a terminal, said as a line, so that a reader of the log (the web console) sees
      // picking is over before the first file, however large, has arrived; a terminal sees the
      // progress bar take the spinner's place.
      if (!options.isTty) options.log.info("picked in Google Photos: downloading the chosen items");
    },
  };
}
