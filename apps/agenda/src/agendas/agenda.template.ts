import type { AgendaItem } from '@jcg/contracts';

/**
 * The standard agenda of a correspondence-group meeting. The meeting's own items go between
 * the adoption of the agenda and any other business.
 */
export function standardAgenda(): AgendaItem[] {
  const item = (title: string, minutes: number | null = null): AgendaItem => ({
    title,
    presenter: null,
    minutes,
    documents: [],
  });
  return [
    item('Opening of the meeting', 5),
    item('Adoption of the agenda', 5),
    item('Any other business', 10),
    item('Next meeting', 5),
    item('Closing', 5),
  ];
}
