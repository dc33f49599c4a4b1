import { useId, useRef, useState } from 'react';
import './admin.css';

/** A read-only value (a key, an address) with a button that copies it to the clipboard. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  return (
    <div className="stack adm-copy">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input
          id={id}
          ref={input}
          type="text"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
        />
        <button type="button" className="secondary" onClick={() => void copy()} aria-describedby={`${id}-copied`}>
          Copy
        </button>
      </div>
      <p id={`${id}-copied`} role="status" className={copied === 'no' ? 'warn' : 'ok'}>
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'no' && 'The browser did not allow copying: the text is selected, copy it with Ctrl+C (⌘C).'}
      </p>
    </div>
  );
}
