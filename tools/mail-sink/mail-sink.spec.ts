import { createTransport } from 'nodemailer';
import { MailSink } from './mail-sink';

describe('the local mail sink', () => {
  const sink = new MailSink();
  let ports: { smtpPort: number; httpPort: number };

  beforeAll(async () => {
    ports = await sink.start({ smtp: 0, http: 0 });
  });
  afterAll(() => sink.stop());

  it('shows a message as a person reads it: decoded, with its long link whole and clickable', async () => {
    const link = `http://localhost:3000/sign-in#token=${'A1b2_C3d4-'.repeat(4)}xyz`;
    const transport = createTransport({ host: '127.0.0.1', port: ports.smtpPort, secure: false });
    await transport.sendMail({
      from: 'noreply@example.org',
      to: 'ana@example.org',
      subject: 'Your sign-in link <3',
      // Long enough for quoted-printable to fold the link over two lines in the raw message.
      text: `Hello Ana,\n\nSign in: ${link}\n\n${'x'.repeat(90)}=`,
    });
    const index = await (await fetch(`http://127.0.0.1:${ports.httpPort}/`)).text();
    expect(index).toContain('href="/messages/1.html"');
    expect(index).toContain('Your sign-in link &#60;3');

    const page = await fetch(`http://127.0.0.1:${ports.httpPort}/messages/1.html`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    expect(html).toContain('To: ana@example.org');
    expect((await fetch(`http://127.0.0.1:${ports.httpPort}/messages/9.html`)).status).toBe(404);
  });
});
