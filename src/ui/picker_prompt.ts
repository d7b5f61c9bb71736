/**
 * What `pick` shows while the user picks: the picker URL, a QR code of it on a terminal (so a phone
 * can open it), and a spinner while Google is polled. Off a terminal: plain lines only.
 *
 * @module
 */
import QRCode from "qrcode";
import type { PickerUi } from "../sources/picker.ts";
import type { Logger } from "./log.ts";
import { formatDuration } from "./progress.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Builds the prompt for a terminal (`isTty`) or a log. */
export function createPickerPrompt(
  options: { log: Logger; isTty: boolean; qr: boolean; write?: (text: string) => void },
): PickerUi {
  const encoder = new TextEncoder();
  const write = options.write ?? ((text: string) => Deno.stderr.writeSync(encoder.encode(text)));
  let frame = 0;
  let spinning = false;
  return {
    async showPickerUri(uri, resumed) {
      options.log.info(
        resumed
          ? "continuing the picking session started earlier; if you have not pressed Done yet, open:"
          : "open this address, choose the photos and videos to back up, then press Done:",
      );
      options.log.info(`  ${uri}`);
      if (options.isTty && options.qr) {
        write(await QRCode.toString(uri, { type: "terminal", small: true }));
      }
    },
    waiting(elapsedMs) {
      if (options.isTty) {
        spinning = true;
        write(
          `\r${FRAMES[frame++ % FRAMES.length]} waiting for you to pick… ${
            formatDuration(elapsedMs)
          }   `,
        );
      }
    },
    doneWaiting() {
      if (spinning) write("\r\x1b[2K");
      spinning = false;
    },
  };
}
