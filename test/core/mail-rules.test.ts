import { describe, expect, it } from 'vitest';
import { automaticMail, replyKeyOf, trimReply } from '../../core/mail/index.ts';
import { aligned, organizationalDomain, parseAuthenticationResults, senderTrust } from '../../core/mail/trust.ts';

describe("inbound mail's rules", () => {
  it('parses Authentication-Results with comments, versions and properties', () => {
    expect(parseAuthenticationResults('mx.desk.example 1; (checked) dkim=pass (good sig) header.d=acme.example header.s="s1"; dmarc=pass (p=reject) header.from=acme.example')).toEqual({
      authservId: 'mx.desk.example',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'acme.example', 'header.s': 's1' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'acme.example' } },
      ],
    });
    expect(parseAuthenticationResults('mx.desk.example; none')).toEqual({ authservId: 'mx.desk.example', results: [] });
  });

  it('trusts only the topmost Authentication-Results of the configured server, and only for the From domain', () => {
    const from = 'alice@acme.example';
    expect(senderTrust([`mx.desk.example; dmarc=pass header.from=acme.example`], undefined, from)).toEqual({ trusted: false, reason: 'no trusted Authentication-Results configured' });
    expect(senderTrust([`mx.desk.example; dmarc=pass header.from=acme.example`], 'mx.desk.example', from)).toEqual({ trusted: true, by: 'dmarc' });
    expect(senderTrust([`mx.desk.example; dmarc=pass header.from=evil.example`], 'mx.desk.example', from).trusted).toBe(false);
    expect(senderTrust([`mx.desk.example; dkim=pass header.d=mail.acme.example`], 'mx.desk.example', from)).toEqual({ trusted: true, by: 'dkim' });
    expect(senderTrust([`mx.desk.example; dkim=pass header.d=example`], 'mx.desk.example', from).trusted).toBe(false);
    expect(senderTrust([`mx.desk.example; dmarc=fail`, `mx.desk.example; dmarc=pass`], 'mx.desk.example', from).trusted).toBe(false);
    expect(senderTrust([`other.example; dmarc=pass`, `mx.desk.example; dmarc=pass`], 'mx.desk.example', from).trusted).toBe(true);
  });

  it('aligns on the organisational domain by the Public Suffix List', () => {
    expect(organizationalDomain('mail.acme.co.uk')).toBe('acme.co.uk');
    expect(aligned('acme.co.uk', 'support.acme.co.uk')).toBe(true);
    expect(aligned('evil.co.uk', 'acme.co.uk')).toBe(false);
    expect(aligned('co.uk', 'acme.co.uk')).toBe(false);
    // Suffixes a short hand-kept list misses: one owner of ltd.uk, kommun.se or pp.se names is not another.
    expect(aligned('evil.ltd.uk', 'acme.ltd.uk')).toBe(false);
    expect(aligned('mail.acme.ltd.uk', 'acme.ltd.uk')).toBe(true);
    expect(aligned('evil.pp.se', 'acme.pp.se')).toBe(false);
    expect(aligned('attacker.github.io', 'acme.github.io')).toBe(false);
    expect(organizationalDomain('localhost')).toBe('localhost');
  });

  it('tells automatic mail by Auto-Submitted, Precedence, a null envelope sender or a daemon sender', () => {
    const person = { from: 'a@b.example', returnPath: '<a@b.example>', autoSubmitted: undefined, precedence: undefined };
    expect(automaticMail(person)).toBeUndefined();
    expect(automaticMail({ ...person, autoSubmitted: 'no' })).toBeUndefined();
    expect(automaticMail({ ...person, autoSubmitted: 'auto-generated' })).toBe('Auto-Submitted: auto-generated');
    expect(automaticMail({ ...person, precedence: 'list' })).toBe('Precedence: list');
    expect(automaticMail({ ...person, returnPath: '<>' })).toBe('null envelope sender (a bounce)');
    expect(automaticMail({ ...person, from: 'postmaster@b.example' })).toBe('sender postmaster@b.example');
  });

  it('trims quoted history, attributions over one or two lines, forwarded blocks and signatures', () => {
    expect(trimReply('Yes, go ahead.\n\nOn Tue, 1 Dec 2026, Bo <bo@x.example> wrote:\n> Shall we?\n')).toBe('Yes, go ahead.');
    expect(trimReply('Yes.\n\nOn Tue, 1 Dec 2026 at 10:00, Support <support@desk.example>\nwrote:\n> Shall we?')).toBe('Yes.');
    expect(trimReply('Thanks!\n-- \nAlice\n+46 70 000 00 00')).toBe('Thanks!');
    expect(trimReply('See below\n\n-----Original Message-----\nFrom: x')).toBe('See below');
    expect(trimReply('> only a quote')).toBe('');
    expect(trimReply('Line one\r\nLine two\r\n')).toBe('Line one\nLine two');
  });

  it('reads a per-ticket reply address of the support address only', () => {
    expect(replyKeyOf(['x@y.example', 'Support+acme-42@desk.example'], 'support@desk.example')).toEqual({ key: 'ACME-42', address: 'support+acme-42@desk.example' });
    expect(replyKeyOf(['support+hello@desk.example'], 'support@desk.example')).toEqual({ key: null, address: 'support+hello@desk.example' });
    expect(replyKeyOf(['support+acme-42@other.example'], 'support@desk.example')).toBeUndefined();
    expect(replyKeyOf(['support+acme-42@desk.example'], undefined)).toBeUndefined();
  });
});
