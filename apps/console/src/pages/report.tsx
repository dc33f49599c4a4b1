// Placeholder while the page is written.
export function ReportPage({ groupId, obligationId }: { groupId: string; obligationId: string }) {
  return <h1>ReportPage</h1>;
}
