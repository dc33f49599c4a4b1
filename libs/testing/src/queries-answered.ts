/**
 * How many times the service at `baseUrl` answered the query `message` on the light path, from
 * its own metrics (`jcg_jobs_processed_total` of its `<owner>-queries`, completed).
 */
export async function queriesAnsweredAt(baseUrl: string, message: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const queue = `${message.split('.')[0]}-queries`;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`jcg_jobs_processed_total{queue="${queue}",message="${message}",outcome="completed"`));
  return line ? Number(line.split(' ').pop()) : 0;
}
