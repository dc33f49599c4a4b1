/** A MIME part as the tree a mail client sees: its content type, parameters and children. */
export interface MimeNode {
  type: string;
  params: Record<string, string>;
  disposition: string | null;
  encoding: string;
  children: MimeNode[];
  body: string;
}

function unfold(headers: string): string {
  return headers.replace(/\r?\n[ \t]+/g, ' ');
}

function header(headers: string, name: string): string | null {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfold(headers));
  return match ? match[1].trim() : null;
}

function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const [k, ...v] = p.split('=');
    if (k && v.length) params[k.trim().toLowerCase()] = v.join('=').trim().replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Parses a raw RFC 5322 message into its MIME tree (enough for tests: no nested encodings). */
export function parseMime(raw: string): MimeNode {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const { type, params } = parseContentType(header(headers, 'Content-Type'));
  const disposition = header(headers, 'Content-Disposition');
  const node: MimeNode = {
    type,
    params,
    disposition: disposition ? disposition.split(';')[0].trim().toLowerCase() : null,
    encoding: (header(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase(),
    children: [],
    body,
  };
  if (type.startsWith('multipart/') && params.boundary) {
    const parts = body.split(`--${params.boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      node.children.push(parseMime(part.replace(/^\r?\n/, '')));
    }
  }
  return node;
}

/** "multipart/mixed(multipart/alternative(text/plain, text/html, text/calendar), application/ics)" */
export function describeTree(node: MimeNode): string {
  return node.children.length ? `${node.type}(${node.children.map(describeTree).join(', ')})` : node.type;
}

/** The decoded text of a leaf part (base64, quoted-printable or as is). */
export function textOf(node: MimeNode): string {
  if (node.encoding === 'base64') return Buffer.from(node.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (node.encoding === 'quoted-printable') {
    return Buffer.from(
      node.body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return node.body;
}

export function findPart(node: MimeNode, type: string): MimeNode | undefined {
  if (node.type === type && node.children.length === 0) return node;
  for (const child of node.children) {
    const found = findPart(child, type);
    if (found) return found;
  }
  return undefined;
}
