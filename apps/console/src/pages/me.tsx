// Placeholder while the page is written.
export function MePage() {
  return <h1>MePage</h1>;
}
