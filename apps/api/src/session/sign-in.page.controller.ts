import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/**
 * The page a sign-in link opens. It signs in only when the person presses the button (a POST
 * from the page): a mail scanner that follows the link does not use it up.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - Correspondence groups</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:36rem;padding:0 1rem;color:#111}button{font:inherit;padding:.5rem 1.25rem}</style>
</head>
<body>
<main>
<h1>Sign in</h1>
<p id="status" role="status">Checking the link...</p>
<button id="go" type="button">Sign in on this browser</button>
</main>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);
const status = document.getElementById('status');
const go = document.getElementById('go');
if (!token) { status.textContent = 'This page needs the link from your sign-in e-mail.'; go.hidden = true; }
else status.textContent = 'Press the button to sign in on this browser. The link works once, for 15 minutes.';
go.addEventListener('click', async () => {
  go.disabled = true;
  const answer = await fetch('/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const body = await answer.json();
  if (answer.ok) {
    go.hidden = true;
    status.textContent = 'Signed in (until ' + body.session.expiresAt + '). The web console is planned; meanwhile this browser can use the API at /docs.';
  } else {
    go.disabled = false;
    status.textContent = body.detail || 'Signing in failed.';
  }
});
</script>
</body>
</html>
`;

@ApiExcludeController()
@Controller('sign-in')
export class SignInPageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', "frame-ancestors 'none'")
  page(): string {
    return PAGE;
  }
}
