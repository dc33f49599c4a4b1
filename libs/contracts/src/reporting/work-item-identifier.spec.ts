import { workItemIdentifierProblem } from './work-item-identifier.js';

describe('work item identifiers, as ITU writes them', () => {
  it.each([
    ['question', 'Q6/17', 'SG17'],
    ['question', 'Q16/20', 'SG20'],
    ['recommendation', 'X.1361', 'SG17'],
    ['recommendation', 'Y.4806', 'SG20'],
    ['recommendation', 'X.509.1', 'SG17'],
    ['draft', 'X.iotsec-4', 'SG17'],
    ['draft', 'Y.IoT-SC-trust', 'SG20'],
    ['draft', 'TR.iot-sec', 'SG17'],
  ] as const)('%s %s of %s is accepted', (kind, identifier, sg) => {
    expect(workItemIdentifierProblem(kind, identifier, sg)).toBeNull();
  });

  it.each([
    ['question', 'X.1361', 'SG17', 'not written as a question'],
    ['question', 'Q6/17', 'SG20', 'a Question of SG17, not of SG20'],
    ['question', 'Q6', 'SG17', 'not written as a question'],
    ['recommendation', 'X.iotsec-4', 'SG17', 'not written as a recommendation'],
    ['recommendation', 'Q6/17', 'SG17', 'not written as a recommendation'],
    ['recommendation', 'x.1361', 'SG17', 'not written as a recommendation'],
    ['draft', 'X.1361', 'SG17', 'not written as a draft'],
    ['draft', 'iotsec-4', 'SG17', 'not written as a draft'],
  ] as const)('%s %s of %s is refused', (kind, identifier, sg, reason) => {
    expect(workItemIdentifierProblem(kind, identifier, sg)).toContain(reason);
  });
});
