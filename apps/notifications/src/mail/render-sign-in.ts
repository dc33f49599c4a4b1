import type { DeliveryRow, SignInPayload } from '../deliveries/delivery.js';
import { escape, type RenderedMessage } from './render.js';

/** The one-time sign-in link, to the participant who asked for it. */
export function renderSignIn(delivery: DeliveryRow<SignInPayload>): RenderedMessage {
  const { link, group, expiresAt } = delivery.payload.signIn;
  const lines = [
    `Someone (we hope you) asked to sign in to the correspondence groups console${group ? ` as a participant of ${group}` : ''}.`,
    '',
    `Sign in: ${link}`,
    '',
    `The link works once, until ${expiresAt.replace('.000Z', 'Z')} (15 minutes). If you did not ask for it, ignore this message: nothing happens without the link.`,
  ];
  return {
    to: delivery.recipient_email,
    subject: `Your sign-in link${group ? ` (${group})` : ''}`,
    text: lines.join('\n'),
    html: `<!doctype html><html><body>${lines
      .map((l) =>
        l.startsWith('Sign in: ') ? `<p><a href="${escape(link)}">Sign in</a></p>` : l ? `<p>${escape(l)}</p>` : '',
      )
      .join('')}</body></html>`,
    messageId: `<${delivery.id}@notifications.jcg>`,
  };
}
