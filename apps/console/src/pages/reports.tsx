// Placeholder while the page is written.
export function ReportsPage({ groupId }: { groupId: string }) {
  return <h1>ReportsPage</h1>;
}
