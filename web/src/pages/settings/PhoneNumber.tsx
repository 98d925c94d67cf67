/** The person's mobile number for SMS pages: set or clear it; the server's refusal shows by the field. */
import { useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { Done, useAction } from '../../lib/ui.tsx';

const SetPhoneDocument = graphql(`
  mutation SetPhone($input: SetPhoneInput!) {
    setPhone(input: $input) {
      personId
      phone
    }
  }
`);

export function PhoneNumber({ personId, phone, onSaved }: { personId: string; phone: string | null; onSaved: () => void }) {
  const save = useAction(SetPhoneDocument);
  const [value, setValue] = useState(phone ?? '');
  const [done, setDone] = useState<string>();
  useEffect(() => setValue(phone ?? ''), [phone]);

  async function run(next: string | null) {
    setDone(undefined);
    const data = await save.run({ input: { personId, phone: next } });
    if (data) {
      setValue(data.setPhone.phone ?? '');
      setDone(data.setPhone.phone ? `Mobile number saved as ${data.setPhone.phone}.` : 'Mobile number cleared.');
      onSaved();
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = value.trim();
    void run(next === '' ? null : next);
  }

  return (
    <section aria-labelledby="phone-h">
      <h2 id="phone-h">Mobile number</h2>
      <p className="hint">Where SMS pages go. International format, such as +46 70 123 45 67.</p>
      <form className="inline" onSubmit={submit} aria-busy={save.busy}>
        <div className="field">
          <label htmlFor="phone">Mobile number</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            value={value}
            aria-invalid={save.error ? true : undefined}
            aria-describedby={save.error ? 'phone-error' : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              save.clearError();
            }}
          />
        </div>
        <div className="buttons">
          <button type="submit" className="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save number'}
          </button>
          {phone && (
            <button type="button" disabled={save.busy} onClick={() => void run(null)}>
              Clear number
            </button>
          )}
        </div>
      </form>
      {save.error && (
        <p id="phone-error" className="error" role="alert">
          {save.error}
        </p>
      )}
      <Done>{done}</Done>
    </section>
  );
}
