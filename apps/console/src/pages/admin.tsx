// Placeholder while the page is written.
export function AdminPage({ groupId }: { groupId: string }) {
  return <h1>AdminPage</h1>;
}
