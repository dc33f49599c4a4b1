import { useId, useState } from 'react';

const PATTERN = /^(SG\d{1,2}|TSAG)$/;

/** Parses "SG17, sg20 TSAG" into ["SG17", "SG20", "TSAG"]; what is not a study group is kept for the API to judge. */
function parse(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

/**
 * The study groups an organization participates in: a checkbox for each body this group knows (its
 * study groups and parent), and a text field for any other.
 */
export function StudyGroupsField({
  known,
  value,
  onChange,
}: {
  known: string[];
  value: string[];
  onChange: (studyGroups: string[]) => void;
}) {
  const id = useId();
  const [otherText, setOtherText] = useState(() => value.filter((sg) => !known.includes(sg)).join(', '));
  const checked = value.filter((sg) => known.includes(sg));
  const combine = (nextChecked: string[], nextOther: string) =>
    onChange([...new Set([...known.filter((sg) => nextChecked.includes(sg)), ...parse(nextOther)])]);
  const invalid = parse(otherText).filter((sg) => !PATTERN.test(sg));
  return (
    <fieldset className="adm-choices">
      <legend>Study groups it participates in</legend>
      {known.map((sg) => (
        <label key={sg} className="inline">
          <input
            type="checkbox"
            checked={checked.includes(sg)}
            onChange={(e) => combine(e.target.checked ? [...checked, sg] : checked.filter((s) => s !== sg), otherText)}
          />{' '}
          {sg}
        </label>
      ))}
      <label htmlFor={id} className="adm-wide">
        Other study groups (separated by commas, e.g. SG13, SG16)
      </label>
      <input
        id={id}
        type="text"
        value={otherText}
        aria-invalid={invalid.length > 0}
        aria-describedby={invalid.length > 0 ? `${id}-invalid` : undefined}
        onChange={(e) => {
          setOtherText(e.target.value);
          combine(checked, e.target.value);
        }}
      />
      {invalid.length > 0 && (
        <p id={`${id}-invalid`} className="warn">
          Not a study group: {invalid.join(', ')} (write them like SG17 or TSAG).
        </p>
      )}
    </fieldset>
  );
}
