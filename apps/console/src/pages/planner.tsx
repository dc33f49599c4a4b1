// Placeholder while the page is written.
export function PlannerPage({ groupId }: { groupId: string }) {
  return <h1>PlannerPage</h1>;
}
