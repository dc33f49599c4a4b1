import type { Body } from '../../api/types';

export type JoinDetails = Body<'/v1/groups/{groupId}/meetings/{meetingId}/join-details', 'put'>;

export interface JoinInput {
  url: string;
  meetingNumber: string;
  passcode: string;
  dialIn: string;
}

export const noJoinInput: JoinInput = { url: '', meetingNumber: '', passcode: '', dialIn: '' };

export function joinInputOf(details: JoinDetails | null): JoinInput {
  if (!details) return noJoinInput;
  return {
    url: details.url,
    meetingNumber: details.meetingNumber ?? '',
    passcode: details.passcode ?? '',
    dialIn: details.dialIn ?? '',
  };
}

/** The join details to send, or null when every field is empty (optional parts left out when empty). */
export function joinDetailsOf(input: JoinInput): JoinDetails | null {
  const t = (s: string) => s.trim();
  if (!t(input.url) && !t(input.meetingNumber) && !t(input.passcode) && !t(input.dialIn)) return null;
  return {
    url: t(input.url),
    ...(t(input.meetingNumber) ? { meetingNumber: t(input.meetingNumber) } : {}),
    ...(t(input.passcode) ? { passcode: t(input.passcode) } : {}),
    ...(t(input.dialIn) ? { dialIn: t(input.dialIn) } : {}),
  };
}

/** How to join the meeting room (R5): an https:// address, and optionally a number, a passcode and dial-in. */
export function JoinFields({
  value,
  onChange,
  disabled = false,
  required = false,
}: {
  value: JoinInput;
  onChange: (next: JoinInput) => void;
  disabled?: boolean;
  required?: boolean;
}) {
  const field = (key: keyof JoinInput) => ({
    value: value[key],
    disabled,
    onChange: (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value }),
  });
  return (
    <div className="row">
      <label>
        Join URL
        <input type="url" inputMode="url" placeholder="https://" required={required} {...field('url')} />
      </label>
      <label>
        Meeting number
        <input type="text" autoComplete="off" {...field('meetingNumber')} />
      </label>
      <label>
        Passcode
        <input type="text" autoComplete="off" {...field('passcode')} />
      </label>
      <label>
        Dial-in
        <input type="text" autoComplete="off" {...field('dialIn')} />
      </label>
    </div>
  );
}
