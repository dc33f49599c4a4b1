// Placeholder while the page is written.
export function RegisterPage({ groupId }: { groupId: string }) {
  return <h1>RegisterPage</h1>;
}
