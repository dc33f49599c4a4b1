import { StringDecoder } from 'node:string_decoder';

/**
 * Turns the first bytes of a receiver's response into text for the delivery log without ever
 * splitting a character: an incomplete UTF-8 sequence at the cut is dropped, and the text's
 * UTF-8 form never exceeds `maxBytes` (invalid bytes become U+FFFD, which is longer).
 */
export function utf8Excerpt(bytes: Buffer, maxBytes: number): string {
  const limit = Math.max(0, maxBytes);
  // Without end(), the decoder keeps an incomplete trailing sequence to itself.
  const characters = Array.from(new StringDecoder('utf8').write(bytes.subarray(0, limit)));
  let size = Buffer.byteLength(characters.join(''));
  while (size > limit && characters.length > 0) size -= Buffer.byteLength(characters.pop() ?? '');
  return characters.join('');
}
