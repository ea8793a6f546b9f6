// Someone who presses Enter at the key prompt has no key at hand. IonQ shows a key once, when it is made
// on the keys page, so the way forward is that page: opened in the browser (as gh and the Stripe CLI do),
// or, where no browser can show up (an SSH session, Linux without a display), printed on its own line.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { KEYS_PAGE } from '../key/verification';
import { say } from './text';

/** Whether a browser started here would appear in front of the person running the tool. */
function browserCanShow(sys: Pick<System, 'platform' | 'env' | 'isWSL'>): boolean {
  const env = sys.env;
  if (env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY) return false;
  if (sys.platform === 'linux' && !sys.isWSL()) return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  return true;
}

/** Leads to the keys page, then returns (the caller asks for the key again). */
export async function offerKeysPage(sys: System, io: Interaction): Promise<void> {
  const page = `\n  ${KEYS_PAGE}\n\n`;
  say(io, `No key was pasted. Create one on the API Keys page of IonQ Quantum Cloud and copy it right away (it is shown only once):\n`);
  if (!browserCanShow(sys)) {
    io.info(page);
    return;
  }
  if (await io.asker().confirm('Open the IonQ keys page in your browser?', true)) {
    try {
      const { default: open } = await import('open');
      await open(KEYS_PAGE);
      say(io, 'Opened in your browser:\n');
      io.info(page);
      return;
    } catch {
      say(io, 'The browser could not be started; open this page yourself:\n');
    }
  }
  io.info(page);
}
