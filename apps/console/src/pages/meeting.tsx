// Placeholder while the page is written.
export function MeetingPage({ groupId, meetingId }: { groupId: string; meetingId: string }) {
  return <h1>MeetingPage</h1>;
}
